import ComponentModel
import Glibc
import WasmInterpreter

/// `wasi:random/random`, `insecure` and `insecure-seed`
/// ([wasi-random 0.2.0](https://github.com/WebAssembly/wasi-random/tree/v0.2.0/wit)),
/// from the context's `randomNumberGenerator` (the system's secure
/// generator unless an embedder sets another, e.g. a seeded one in tests).
extension WASIComponent {
    /// wasmtime's limit on one request for random bytes (`DEFAULT_MAX_SIZE`):
    /// more traps, so a guest cannot make the host allocate without bound.
    static let maximumRandomBytes: UInt64 = 64 << 20

    static func defineRandom(in linker: inout ComponentLinker, _ types: WASIComponentTypes) {
        let interfaces = [
            (WASIInterface.random, "get-random-bytes", "get-random-u64"),
            (WASIInterface.insecure, "get-insecure-random-bytes", "get-insecure-random-u64"),
        ]
        for (interface, bytesName, integerName) in interfaces {
            linker.define(interface, bytesName, WASIComponentTypes.function([("len", .u64)], .list(.u8))) {
                call, arguments throws(Trap) in
                let count = try arguments.u64(0)
                guard count <= maximumRandomBytes else {
                    throw Trap(.host("requested len \(count) exceeds limit \(maximumRandomBytes)"))
                }
                return .bytes(randomBytes(Int(count), try context(call)))
            }
            linker.define(interface, integerName, WASIComponentTypes.function([], .u64)) { call, _ throws(Trap) in
                .u64(try context(call).randomNumberGenerator.next())
            }
        }
        linker.define(WASIInterface.insecureSeed, "insecure-seed",
                      WASIComponentTypes.function([], .tuple([.u64, .u64]))) { call, _ throws(Trap) in
            let seed = try state(call).insecureSeed
            return .tuple([.u64(seed.0), .u64(seed.1)])
        }
    }

    static func randomBytes(_ count: Int, _ context: WASIContext) -> [UInt8] {
        // The system generator's bytes in one call, not one call per eight
        // bytes (2% of serving the Python app).
        if context.randomNumberGenerator is SystemRandomNumberGenerator { return systemRandomBytes(count) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            let word = context.randomNumberGenerator.next()
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count {
                bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift)))
            }
        }
        return bytes
    }

    /// `count` bytes from glibc's secure generator (seeded by the kernel's
    /// getrandom, as the system generator is).
    static func systemRandomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        return bytes
    }
}
