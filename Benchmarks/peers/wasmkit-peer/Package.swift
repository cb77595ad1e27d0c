// swift-tools-version:6.0
// The WasmKit peer for Benchmarks/run.sh: a separate package so that WasmKit
// never becomes a dependency of spin-swift. See ../../README.md. (The folder is not named
// "wasmkit": a root package named like its dependency cannot resolve it.)
import PackageDescription

let package = Package(
    name: "wasmkit-peer",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wasmkit-instantiate", targets: ["wasmkit-instantiate"]),
    ],
    dependencies: [
        // Also provides `wasmkit-cli`, WasmKit's own `wasmkit run` (built
        // with `swift build --product wasmkit-cli`).
        .package(url: "https://github.com/swiftwasm/WasmKit", exact: "0.4.2"),
    ],
    targets: [
        .executableTarget(
            name: "wasmkit-instantiate",
            dependencies: [
                .product(name: "WasmKit", package: "WasmKit"),
                .product(name: "WasmKitWASI", package: "WasmKit"),
            ]
        ),
    ]
)
