// swift-tools-version:6.0
// The package's shape is fixed by DEVELOPERS.md: modules depend one way,
// spin -> SpinHost -> ComponentModel -> WasmInterpreter -> WasmDecoder,
// and the three engine modules use the Swift standard library alone.
import PackageDescription

/// Settings every target shares: strict upcoming features keep imports and
/// existentials explicit (see ../shared/STYLE.md).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Engine targets additionally drop exclusivity checks in release builds:
/// their hot loops work on unsafe buffers that the checks cannot see into.
let engineSettings: [SwiftSetting] = strictSettings + [
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "spin-swift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spin", targets: ["spin"]),
        .executable(name: "spec-test-runner", targets: ["SpecTestRunner"]),
        .executable(name: "bench-instantiate", targets: ["bench-instantiate"]),
        .library(name: "WasmDecoder", targets: ["WasmDecoder"]),
        .library(name: "WasmInterpreter", targets: ["WasmInterpreter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(name: "WasmDecoder", swiftSettings: engineSettings),
        .target(name: "WasmInterpreter", dependencies: ["WasmDecoder"], swiftSettings: engineSettings),
        .target(name: "ComponentModel", dependencies: ["WasmInterpreter"], swiftSettings: engineSettings),
        .target(
            name: "SpinHost",
            dependencies: [
                "ComponentModel", "WasmInterpreter", "WasmDecoder",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "spin",
            dependencies: [
                "SpinHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SpecTestRunner",
            dependencies: ["WasmDecoder", "WasmInterpreter"],
            path: "spec-tests/SpecTestRunner",
            swiftSettings: strictSettings
        ),
        // Benchmarks/run.sh's start-up section: N instantiations in one process.
        .executableTarget(
            name: "bench-instantiate",
            dependencies: ["SpinHost", "WasmInterpreter"],
            path: "Benchmarks/InstantiateBench",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "WasmDecoderTests", dependencies: ["WasmDecoder"], exclude: ["Fixtures"],
                    swiftSettings: strictSettings),
        .testTarget(name: "WasmInterpreterTests", dependencies: ["WasmInterpreter", "WasmDecoder"], swiftSettings: strictSettings),
        .testTarget(name: "SpinHostTests", dependencies: ["SpinHost", "WasmInterpreter", "WasmDecoder"], swiftSettings: strictSettings),
    ]
)
