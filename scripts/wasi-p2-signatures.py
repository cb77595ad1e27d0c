#!/usr/bin/env python3
"""Regenerates Tests/SpinHostTests/WASIComponent/WITSignatures.swift: every
resource and function of the WASI 0.2.0 CLI world (io, clocks, random, cli,
filesystem, sockets) and of wasi:http/types as one line of text with every
type spelled out, read from the WIT files that spin-sdk 3.4.1 ships.
WASIComponentSignatureTests renders the host definitions of
`WASIComponent.define` and `WASIHTTP.define` the same way and compares, so
a field, case or flag out of WIT order fails a test.

    scripts/wasi-p2-signatures.py            # rewrite the Swift file
    scripts/wasi-p2-signatures.py --check    # exit 1 when it is stale (scripts/test.sh)

Needs `wasm-tools` (scripts/pinned-tools.sh, or $WASM_TOOLS) and installs
spin-sdk 3.4.1 with pip when it is missing.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUTPUT = os.path.join(ROOT, "Tests", "SpinHostTests", "WASIComponent", "WITSignatures.swift")
PACKAGES = ["io", "clocks", "random", "cli", "filesystem", "sockets", "http"]


SPIN_SDK = "spin-sdk==3.4.1"


def wit_json():
    try:
        import spin_sdk  # the WIT files come from the pinned SDK
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", SPIN_SDK],
                       check=True)
        import spin_sdk
    deps = os.path.join(os.path.dirname(spin_sdk.__file__), "wit", "deps")
    wasm_tools = os.environ.get("WASM_TOOLS") or shutil.which("wasm-tools")
    with tempfile.TemporaryDirectory() as directory:
        os.makedirs(os.path.join(directory, "deps"))
        for package in PACKAGES:
            shutil.copytree(os.path.join(deps, package), os.path.join(directory, "deps", package))
        with open(os.path.join(directory, "world.wit"), "w") as file:
            file.write("package local:signatures;\n"
                       "world host { include wasi:cli/imports@0.2.0; import wasi:http/types@0.2.0; }\n")
        text = subprocess.run([wasm_tools, "component", "wit", directory, "--json"],
                              check=True, capture_output=True, text=True).stdout
    return json.loads(text)


def render_lines(resolve):
    types = resolve["types"]
    interfaces = resolve["interfaces"]
    packages = resolve["packages"]

    def qualified(interface_id):
        interface = interfaces[interface_id]
        package = packages[interface["package"]]["name"]
        namespace_and_name, version = package.split("@")
        return f"{namespace_and_name}/{interface['name']}@{version}"

    def resource_name(type_id):
        while isinstance(types[type_id]["kind"], dict) and "type" in types[type_id]["kind"]:
            type_id = types[type_id]["kind"]["type"]
        definition = types[type_id]
        assert definition["kind"] == "resource", definition
        return f"{qualified(definition['owner']['interface'])}#{definition['name']}"

    def render(reference):
        if reference is None:
            return "_"
        if isinstance(reference, str):
            return reference
        kind = types[reference]["kind"]
        if isinstance(kind, str):
            raise ValueError(f"unexpected bare kind {kind}")
        (tag, value), = kind.items()
        if tag == "type":
            return render(value)
        if tag == "handle":
            (handle, target), = value.items()
            return f"{handle}<{resource_name(target)}>"
        if tag == "list":
            return f"list<{render(value)}>"
        if tag == "option":
            return f"option<{render(value)}>"
        if tag == "result":
            return f"result<{render(value.get('ok'))}, {render(value.get('err'))}>"
        if tag == "tuple":
            return "tuple<" + ", ".join(render(item) for item in value["types"]) + ">"
        if tag == "record":
            return "record{" + ", ".join(f"{field['name']}: {render(field['type'])}" for field in value["fields"]) + "}"
        if tag == "variant":
            cases = (case["name"] + (f"({render(case['type'])})" if case.get("type") is not None else "")
                     for case in value["cases"])
            return "variant{" + ", ".join(cases) + "}"
        if tag == "enum":
            return "enum{" + ", ".join(case["name"] for case in value["cases"]) + "}"
        if tag == "flags":
            return "flags{" + ", ".join(flag["name"] for flag in value["flags"]) + "}"
        raise ValueError(f"unexpected kind {tag}")

    lines = []
    for interface_id, interface in enumerate(interfaces):
        name = qualified(interface_id)
        if name.startswith(("wasi:cli/run@", "wasi:http/incoming-handler@", "wasi:http/outgoing-handler@")):
            # Exported by the guest, or (outgoing-handler) not defined by
            # WASIHTTP: it answers through UnavailableInterface.
            continue
        for type_name, type_id in interface["types"].items():
            if types[type_id]["kind"] == "resource":
                lines.append(f"{name} resource {type_name}")
        for function_name, function in interface["functions"].items():
            parameters = ", ".join(f"{parameter['name']}: {render(parameter['type'])}"
                                   for parameter in function["params"])
            result = f" -> {render(function['result'])}" if function.get("result") is not None else ""
            lines.append(f"{name} {function_name}: func({parameters}){result}")
    return sorted(lines)


def swift_source(lines):
    body = "".join(f"    {json.dumps(line)},\n" for line in lines)
    return ("// GENERATED by scripts/wasi-p2-signatures.py. DO NOT EDIT.\n"
            "// Every resource and function of the WASI 0.2.0 CLI world and wasi:http/types,\n"
            "// types spelled out,\n"
            "// from the WIT files of spin-sdk 3.4.1.\n\n"
            "let witSignatures: [String] = [\n" + body + "]\n")


def main():
    source = swift_source(render_lines(wit_json()))
    if "--check" in sys.argv[1:]:
        # The summary line scripts/test.sh counts.
        with open(OUTPUT) as file:
            if file.read() != source:
                print(f"{OUTPUT} is stale: run scripts/wasi-p2-signatures.py")
                print("0 passed, 1 failed")
                sys.exit(1)
        print("1 passed, 0 failed")
        return
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w") as file:
        file.write(source)


if __name__ == "__main__":
    main()
