#!/usr/bin/env python3
"""A Python command component (componentize-py, world wasi:cli/command@0.2.0) run by
`spin wasm run` and by `wasmtime run`: each case runs both on their own fresh copy
of a data directory and passes when standard output, exit status and the files
left behind are identical byte for byte, and wasmtime's run shows what the case
expects (so two identical failures never pass). Each check prints ok/FAIL; the
last line is "N passed, N failed".

    Tests/Integration/component_run_test.py [path-to-spin]   (default .build/release/spin)
    COMPONENT_RUN_TIMEOUT=SECONDS   (each run's limit, default 120)

The component is built once per content of app.py, build.sh and the pinned tool
list, under .build-integration/python-command/ (about 36 MB, 10 s to build).
"""
import dataclasses
import hashlib
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build/release/spin"))
APP = os.path.join(REPO, "Tests/Integration/Apps/python-command")
WORK = os.path.join(REPO, ".build-integration/python-command")
TIMEOUT = float(os.environ.get("COMPONENT_RUN_TIMEOUT", "120"))
INPUT = "first input line\nsecond line, ünïcödé\n".encode()
results = {"passed": 0, "failed": 0}
WASMTIME = COMPONENT = None  # set by main()


def check(name, condition, detail=""):
    if condition:
        results["passed"] += 1
        print(f"ok   {name}")
    else:
        results["failed"] += 1
        print(f"FAIL {name} {detail}")
    sys.stdout.flush()


def pinned_tools():
    """WASMTIME, COMPONENTIZE_PY and SPIN_SDK_WIT from scripts/pinned-tools.sh (installing what is missing)."""
    names = ("WASMTIME", "COMPONENTIZE_PY", "SPIN_SDK_WIT")
    if all(os.environ.get(name) for name in names):
        return {name: os.environ[name] for name in names}
    script = 'source scripts/pinned-tools.sh && ensure_pinned_tools >&2 && ' + \
             " && ".join(f'echo "${name}"' for name in names)
    result = subprocess.run(["bash", "-c", script], cwd=REPO, capture_output=True, text=True, timeout=900)
    if result.returncode != 0:
        raise RuntimeError(f"could not install the pinned tools: {result.stderr.strip()[-500:]}")
    return dict(zip(names, result.stdout.splitlines()))


def build_component(tools):
    """The component's path, rebuilt only when app.py, build.sh or the pinned tools change."""
    digest = hashlib.sha256()
    for path in (os.path.join(APP, "app.py"), os.path.join(APP, "build.sh"),
                 os.path.join(REPO, "scripts/pinned-tools.sh")):
        with open(path, "rb") as file:
            digest.update(file.read())
    key = digest.hexdigest()[:16]
    output = os.path.join(WORK, "component", key)
    component = os.path.join(output, "python-command.wasm")
    if os.path.exists(component):
        return component
    shutil.rmtree(os.path.join(WORK, "component"), ignore_errors=True)  # one 36 MB build kept, not one per edit
    environment = dict(os.environ, **tools)
    try:
        result = subprocess.run([os.path.join(APP, "build.sh"), output], env=environment,
                                capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise RuntimeError("build.sh still running after 600 s")
    if result.returncode != 0 or not os.path.exists(component):
        shutil.rmtree(output, ignore_errors=True)
        raise RuntimeError(f"build.sh failed ({result.returncode}): {result.stderr.strip()[-1500:]}")
    return component


def seed_data(directory):
    os.makedirs(os.path.join(directory, "nested"))
    with open(os.path.join(directory, "input.txt"), "wb") as file:
        file.write(INPUT)
    with open(os.path.join(directory, "nested", "deep.txt"), "wb") as file:
        file.write(b"deep file content\n")


def file_tree(directory):
    """Every path below `directory` with its kind and, for a file, its SHA-256: a byte-for-byte comparison."""
    tree = []
    for root, directories, files in os.walk(directory):
        directories.sort()
        for name in directories:
            tree.append(os.path.relpath(os.path.join(root, name), directory) + "/")
        for name in sorted(files):
            path = os.path.join(root, name)
            with open(path, "rb") as file:
                tree.append(f"{os.path.relpath(path, directory)} {hashlib.sha256(file.read()).hexdigest()[:16]}")
    return sorted(tree)


@dataclasses.dataclass
class Outcome:
    stdout: bytes
    stderr: bytes
    status: int | None  # None when killed at the timeout
    timed_out: bool = False
    files: list = dataclasses.field(default_factory=list)

    def summary(self):
        if self.timed_out:
            return f"still running after {TIMEOUT:g} s (killed)"
        return f"exit {self.status}"


def run_engine(engine, command, case, stdin, env, args, with_dir):
    """One run in a fresh directory of its own; `command` is the engine's argv up to the module."""
    base = os.path.join(WORK, "cases", f"{case}-{engine}")
    shutil.rmtree(base, ignore_errors=True)
    data = os.path.join(base, "data")
    seed_data(data)
    argv = list(command)
    for name, value in env:
        argv += ["--env", f"{name}={value}"]
    if with_dir:
        argv += ["--dir", f"{data}::/data"]
    argv += [COMPONENT, *args]
    try:
        result = subprocess.run(argv, cwd=base, input=stdin, capture_output=True, timeout=TIMEOUT)
        outcome = Outcome(result.stdout, result.stderr, result.returncode)
    except subprocess.TimeoutExpired as error:  # subprocess.run has killed it
        outcome = Outcome(error.stdout or b"", error.stderr or b"", None, timed_out=True)
    outcome.files = file_tree(data)
    for suffix, content in (("out", outcome.stdout), ("err", outcome.stderr)):
        with open(f"{base}.{suffix}", "wb") as file:
            file.write(content)
    return outcome


def first_difference(reference, ours):
    reference_lines, our_lines = reference.splitlines(), ours.splitlines()
    for index, (expected, actual) in enumerate(zip(reference_lines, our_lines)):
        if expected != actual:
            return f"line {index + 1}: wasmtime {expected[:160]!r}, ours {actual[:160]!r}"
    shorter = min(len(reference_lines), len(our_lines))
    extra = reference_lines[shorter:] or our_lines[shorter:]
    if not extra:
        return "the same lines with other line ends or final newline"
    return (f"line {shorter + 1}: wasmtime printed {len(reference_lines)} lines, ours {len(our_lines)}; "
            f"first extra {extra[0][:160]!r}")


def stderr_tail(outcome):
    lines = outcome.stderr.decode(errors="replace").strip().splitlines()
    return " | ".join(lines[-4:]) if lines else "(no stderr)"


def run_case(name, args=(), env=(), stdin=b"", with_dir=False, status=0, expect=(), files=()):
    """Both engines, same module path, arguments, environment, stdin and files. `status`, `expect`
    (lines of stdout) and `files` (paths that must exist afterwards) are what wasmtime must show."""
    case = name.split(":")[0].replace(" ", "-")
    reference = run_engine("wasmtime", [WASMTIME, "run"], case, stdin, env, args, with_dir)
    problems = []
    if reference.timed_out or reference.status != status:
        problems.append(f"{reference.summary()}, expected exit {status}")
    lines = reference.stdout.decode(errors="replace").splitlines()
    problems += [f"no line {line!r}" for line in expect if line not in lines]
    problems += [f"no file {path}" for path in files if path not in {entry.split(" ")[0] for entry in reference.files}]
    if problems:
        check(f"{name} (wasmtime's reference run)", False,
              f"{'; '.join(problems)}; stderr: {stderr_tail(reference)}")
        return
    ours = run_engine("ours", [SPIN, "wasm", "run"], case, stdin, env, args, with_dir)
    differences = []
    if ours.timed_out or ours.status != reference.status:
        differences.append(f"ours {ours.summary()}, wasmtime {reference.summary()}")
    if ours.stdout != reference.stdout:
        differences.append("stdout differs at " + first_difference(reference.stdout, ours.stdout))
    if ours.files != reference.files:
        missing = sorted(set(reference.files) - set(ours.files))
        extra = sorted(set(ours.files) - set(reference.files))
        differences.append(f"files differ: only wasmtime's {missing[:4]}, only ours {extra[:4]}")
    where = os.path.join(WORK, "cases", case)
    check(name, not differences,
          f"{'; '.join(differences)}; our stderr: {stderr_tail(ours)} (runs in {where}-ours.*, {where}-wasmtime.*)")


def main():
    global COMPONENT, WASMTIME
    try:
        tools = pinned_tools()
        WASMTIME = tools["WASMTIME"]
        COMPONENT = build_component(tools)
    except Exception as error:  # cannot build: a failure, never a skip
        check("build python-command.wasm with componentize-py", False, str(error))
        print(f"{results['passed']} passed, {results['failed']} failed")
        return 1
    if not os.access(SPIN, os.X_OK):
        check("spin binary", False, f"{SPIN} is not an executable; build first or pass its path")
        print(f"{results['passed']} passed, {results['failed']} failed")
        return 1
    os.makedirs(os.path.join(WORK, "cases"), exist_ok=True)

    # Both CLIs pass the module's file name, not its path, as argv[0].
    run_case("arguments", args=["alpha", "two words", "", "ünï"],
             expect=["argc: 5", "argv[0]: 'python-command.wasm'", "argv[2]: 'two words'", "argv[3]: ''",
                     "argv[4]: 'ünï'", "primes: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71 73 79 83 89 "
                     "97 101 103 107 109 113", "40!: 815915283247897734345611269596115894272000000000"])
    run_case("environment", env=[("GREETING", "hello"), ("EMPTY", ""), ("SPACED", "a b=c"), ("ACCENT", "é")],
             expect=["env ACCENT='é'", "env EMPTY=''", "env GREETING='hello'", "env SPACED='a b=c'"])
    # Not UTF-8 and larger than one stream read, so the guest loops on input-stream.read.
    stdin = bytes(range(256)) * 1024 + b"\xff tail"
    run_case("stdin", stdin=stdin,
             expect=[f"stdin: {len(stdin)} bytes, sha256 {hashlib.sha256(stdin).hexdigest()}"])
    # wasi:cli/exit@0.2.0 has only exit(result<_, _>): sys.exit(3) reaches the host as an error, status 1.
    run_case("exit on request: sys.exit(3)", args=["--exit", "3"], status=1, expect=["json round trip: True"])
    run_case("files in a preopened directory", args=["--files", "/data"], with_dir=True,
             expect=["listing /data: ['input.txt', 'nested']", "renamed: False True",
                     "walk out/deeper/bytes.bin 1024", "walk nested/deep.txt 18"],
             files=["output.txt", "out/summary.json", "out/deeper/bytes.bin", "nested/deep.txt"])
    # An uncaught Python exception makes componentize-py's runtime abort: a trap, status 134 in both CLIs.
    run_case("uncaught Python exception traps", args=["--files", "/missing"], with_dir=True, status=134,
             expect=["float: 7.485470860550"])
    run_case("everything at once", args=["x", "--files", "/data", "--exit", "5"], env=[("MODE", "all")],
             stdin=b"line one\nline two\n", with_dir=True, status=1,
             expect=["env MODE='all'", f"input.txt: {len(INPUT)} bytes, first line 'first input line'"],
             files=["output.txt"])

    print(f"{results['passed']} passed, {results['failed']} failed")
    return 0 if results["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
