#!/usr/bin/env bash
# Builds a scratch package that depends on this one the way an embedder does
# (a version of a git repository, not a local path) and runs a module through
# WasmInterpreter. SwiftPM refuses `unsafeFlags` in a product that comes from
# a version-based dependency, so this fails if an engine target grows one.
# Ends with "N passed, N failed".
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# A copy of the committed main, tagged as a release the embedder can ask for.
git clone -q --no-local "$repo" "$scratch/spin-swift"
git -C "$scratch/spin-swift" -c user.name=check -c user.email=check@localhost tag 1.0.0

mkdir -p "$scratch/embedder/Sources/embedder"
cat > "$scratch/embedder/Package.swift" <<MANIFEST
// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "embedder",
    dependencies: [.package(url: "file://$scratch/spin-swift", from: "1.0.0")],
    targets: [
        .executableTarget(name: "embedder", dependencies: [
            .product(name: "WasmInterpreter", package: "spin-swift"),
            .product(name: "WasmDecoder", package: "spin-swift"),
            .product(name: "ComponentModel", package: "spin-swift"),
        ]),
    ]
)
MANIFEST
cat > "$scratch/embedder/Sources/embedder/main.swift" <<'SOURCE'
import WasmInterpreter

// (module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))
let bytes: [UInt8] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,
    0x03, 0x02, 0x01, 0x00, 0x07, 0x07, 0x01, 0x03, 0x61, 0x64, 0x64, 0x00, 0x00, 0x0a, 0x09, 0x01, 0x07,
    0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,
]
let engine = Engine()
let instance = try Linker().instantiate(try engine.compile(bytes), in: Store(engine: engine))
let add = try instance.typedFunction("add", (Int32, Int32).self, returning: Int32.self)
print("40 + 2 = \(try add(40, 2))")
SOURCE

if output="$(cd "$scratch/embedder" && swift build -c release 2>&1 && .build/release/embedder 2>&1)" \
    && grep -q "^40 + 2 = 42$" <<<"$output"; then
    echo "ok   a package depending on spin-swift 1.0.0 builds and runs WasmInterpreter"
    echo "1 passed, 0 failed"
else
    echo "$output" | tail -30
    echo "FAIL a package depending on spin-swift 1.0.0 builds and runs WasmInterpreter"
    echo "0 passed, 1 failed"
    exit 1
fi
