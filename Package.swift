// swift-tools-version:6.0
// The package's shape (ARCHITECTURE.md, "Modules"): modules depend one way,
// spin -> SpinHost -> ComponentModel -> WasmInterpreter -> WasmDecoder,
// and the three engine modules use the Swift standard library alone.
import PackageDescription

/// Settings every target shares: strict upcoming features keep imports and
/// existentials explicit.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// Engine targets take the same settings and no `unsafeFlags` when they are
/// a dependency: SwiftPM refuses a product built with them from a
/// version-based dependency, and WasmDecoder, WasmInterpreter and
/// ComponentModel are libraries for other packages. Dropping `-enforce-exclusivity=unchecked` cost nothing
/// measurable (RATIONALE.md#why-no-unsafe-flags-in-the-engine).
let engineSettings: [SwiftSetting] = strictSettings

/// Where SwiftPM keeps the packages it fetches: a package loaded from there
/// is someone's dependency, not the package being built.
let builtAsDependency = ["/.build/", "/org.swift.swiftpm/"].contains { Context.packageDirectory.contains($0) }

/// The interpreter loop, when this is the package being built: LLVM copies
/// the dispatch (load the next opcode, jump through the table) into every
/// handler, so each op ends in its own indirect jump that the CPU predicts
/// per op, instead of all ops sharing one. Its default limits (16
/// predecessors and successors) leave a 280-way switch alone. CoreMark +34%
/// (RATIONALE.md#one-indirect-jump-per-handler). These are `unsafeFlags`, so
/// as a dependency the engine builds without them.
let interpreterSettings: [SwiftSetting] = engineSettings + (builtAsDependency ? [] : [
    .unsafeFlags(["-Xllvm", "-tail-dup-pred-size=1000", "-Xllvm", "-tail-dup-succ-size=1000"]),
])

/// The `spin` binary carries the Swift runtime and Foundation inside it on
/// Linux: a process then starts in ~9 ms instead of ~13 ms of loading and
/// relocating shared libraries (RATIONALE.md#a-statically-linked-spin). The
/// flag goes to the compiler too, so that the target's objects name the
/// static libraries Foundation needs. `unsafeFlags`, so only when this is the
/// package being built.
let spinSwiftSettings: [SwiftSetting] = strictSettings + (builtAsDependency ? [] : [
    .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux])),
])
let spinLinkerSettings: [LinkerSetting] = builtAsDependency ? [] : [
    .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux])),
]

let package = Package(
    name: "spin-swift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "spin", targets: ["spin"]),
        .executable(name: "spec-test-runner", targets: ["SpecTestRunner"]),
        .executable(name: "bench-instantiate", targets: ["bench-instantiate"]),
        .executable(name: "bench-component", targets: ["bench-component"]),
        .library(name: "WasmDecoder", targets: ["WasmDecoder"]),
        .library(name: "WasmInterpreter", targets: ["WasmInterpreter"]),
        .library(name: "ComponentModel", targets: ["ComponentModel"]),
        // WASI preview 1 and the Spin host, for embedders who want them (brings SwiftNIO and TOMLKit).
        .library(name: "SpinHost", targets: ["SpinHost"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(name: "WasmDecoder", swiftSettings: engineSettings),
        .target(name: "WasmInterpreter", dependencies: ["WasmDecoder"], swiftSettings: interpreterSettings),
        .target(name: "ComponentModel", dependencies: ["WasmInterpreter", "WasmDecoder"], swiftSettings: engineSettings),
        // libsqlite3 (Debian: libsqlite3-dev) for the key-value and SQLite capabilities.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // libhiredis (Debian: libhiredis-dev) for Redis: key-value stores, outbound Redis, the Redis trigger.
        .systemLibrary(name: "CHiredis", providers: [.apt(["libhiredis-dev"])]),
        .target(
            name: "SpinHost",
            dependencies: [
                "ComponentModel", "WasmInterpreter", "WasmDecoder", "CSQLite", "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                // Outbound HTTP (wasi:http/outgoing-handler): HTTP/1.1 and 2, TLS with the system's roots.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "spin",
            dependencies: [
                "SpinHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: spinSwiftSettings,
            linkerSettings: spinLinkerSettings
        ),
        .executableTarget(
            name: "SpecTestRunner",
            dependencies: ["WasmDecoder", "WasmInterpreter"],
            path: "spec-tests/SpecTestRunner",
            swiftSettings: strictSettings
        ),
        // Benchmarks/run.sh's start-up section: N instantiations in one process.
        .executableTarget(
            name: "bench-component",
            dependencies: ["SpinHost", "ComponentModel", "WasmInterpreter"],
            path: "Benchmarks/ComponentBench",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "bench-instantiate",
            dependencies: ["SpinHost", "WasmInterpreter"],
            path: "Benchmarks/InstantiateBench",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "WasmDecoderTests", dependencies: ["WasmDecoder", "WATSupport"], exclude: ["Fixtures"],
                    swiftSettings: strictSettings),
        // Test support shared by the test targets: the pip tools, and text assembled by wasm-tools.
        .target(name: "WATSupport", path: "Tests/WATSupport", swiftSettings: strictSettings),
        .testTarget(name: "WasmInterpreterTests", dependencies: ["WasmInterpreter", "WasmDecoder", "WATSupport"],
                    swiftSettings: strictSettings),
        .testTarget(name: "ComponentModelTests", dependencies: ["ComponentModel", "WATSupport"], swiftSettings: strictSettings),
        .testTarget(name: "SpinHostTests", dependencies: ["SpinHost", "ComponentModel", "WasmInterpreter", "WasmDecoder", "WATSupport"],
                    swiftSettings: strictSettings),
    ]
)
