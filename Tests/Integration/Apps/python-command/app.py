"""A wasi:cli/command@0.2.0 component in Python (componentize-py 0.17.2) for the
integration test that compares `spin wasm run` with `wasmtime run`.

    python-command.wasm [ARG...] [--files DIR] [--exit N]

Prints its arguments, its environment (sorted), the length and SHA-256 of
standard input and some computed values; with --files it lists DIR, reads
DIR/input.txt, writes DIR/output.txt and files below DIR/out, renames and
removes a scratch file and walks DIR; with --exit it calls sys.exit(N), which
wasi:cli/exit@0.2.0 can only report as status 1. Everything it prints is
deterministic: no clocks, no randomness, no set or hash ordering.
"""
import hashlib
import json
import os
import sys

from wit_world import exports


def primes(count):
    found = []
    candidate = 2
    while len(found) < count:
        if all(candidate % prime for prime in found if prime * prime <= candidate):
            found.append(candidate)
        candidate += 1
    return found


def compute():
    first = primes(30)
    print(f"primes: {' '.join(map(str, first))}")
    print(f"sum of primes: {sum(first)}")
    factorial = 1
    for factor in range(2, 41):
        factorial *= factor
    print(f"40!: {factorial}")
    print(f"2**100 % 97: {pow(2, 100, 97)}")
    words = "the quick brown fox jumps over the lazy dog the end".split()
    counts = {}
    for word in words:
        counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    print(f"word counts: {ranked}")
    document = {"primes": first[:5], "ranked": ranked[:3], "nested": {"pi": 3.14159, "ok": True, "none": None}}
    text = json.dumps(document, sort_keys=True)
    print(f"json: {text}")
    print(f"json round trip: {json.loads(text) == json.loads(json.dumps(json.loads(text)))}")
    print(f"float: {sum(1 / n for n in range(1, 1001)):.12f}")
    return document


def file_io(directory, document):
    print(f"listing {directory}: {sorted(os.listdir(directory))}")
    with open(os.path.join(directory, "input.txt"), "rb") as file:
        data = file.read()
    first_line = data.split(b"\n", 1)[0].decode()
    print(f"input.txt: {len(data)} bytes, first line {first_line!r}")
    with open(os.path.join(directory, "output.txt"), "w") as file:
        file.write(f"upper: {data.decode().upper()}")
        file.write(f"sha256: {hashlib.sha256(data).hexdigest()}\n")
    os.makedirs(os.path.join(directory, "out", "deeper"), exist_ok=True)
    with open(os.path.join(directory, "out", "summary.json"), "w") as file:
        json.dump(document, file, sort_keys=True, indent=1)
    with open(os.path.join(directory, "out", "deeper", "bytes.bin"), "wb") as file:
        file.write(bytes(range(256)) * 4)
    with open(os.path.join(directory, "output.txt"), "a") as file:
        file.write("appended\n")
    print(f"output.txt size: {os.stat(os.path.join(directory, 'output.txt')).st_size}")
    print(f"listing {directory}/out: {sorted(os.listdir(os.path.join(directory, 'out')))}")
    print(f"missing file: {os.path.exists(os.path.join(directory, 'missing.txt'))}")
    scratch = os.path.join(directory, "scratch.txt")
    with open(scratch, "w") as file:
        file.write("temporary\n")
    os.rename(scratch, os.path.join(directory, "renamed.txt"))
    print(f"renamed: {os.path.exists(scratch)} {os.path.exists(os.path.join(directory, 'renamed.txt'))}")
    os.remove(os.path.join(directory, "renamed.txt"))
    os.mkdir(os.path.join(directory, "empty"))
    os.rmdir(os.path.join(directory, "empty"))
    print(f"removed: {sorted(os.listdir(directory))}")
    for root, _, files in sorted(os.walk(directory)):
        for name in sorted(files):
            path = os.path.join(root, name)
            print(f"walk {os.path.relpath(path, directory)} {os.stat(path).st_size}")


class Run(exports.Run):
    def run(self) -> None:
        arguments = sys.argv[1:]
        exit_code = 0
        directory = None
        if "--exit" in arguments:
            exit_code = int(arguments[arguments.index("--exit") + 1])
        if "--files" in arguments:
            directory = arguments[arguments.index("--files") + 1]
        print(f"argc: {len(sys.argv)}")
        for index, argument in enumerate(sys.argv):
            print(f"argv[{index}]: {argument!r}")
        for name, value in sorted(os.environ.items()):
            print(f"env {name}={value!r}")
        data = sys.stdin.buffer.read()
        print(f"stdin: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
        document = compute()
        if directory is not None:
            file_io(directory, document)
        sys.stdout.flush()
        if exit_code != 0:
            sys.exit(exit_code)
