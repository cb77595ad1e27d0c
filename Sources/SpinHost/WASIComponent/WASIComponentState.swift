#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WasmInterpreter

/// What WASI 0.2 keeps per store beside the `WASIContext` it serves: the
/// preopened directories as `descriptor`s, and the fixed seed of
/// `wasi:random/insecure-seed`.
final class WASIComponentState {
    static let key = HostStateKey<WASIComponentState>()

    let context: WASIContext
    /// The host descriptors `open-at` holds open for this store.
    let descriptorBudget = DescriptorBudget()
    /// wasmtime draws it once per context; it stays the same for every call.
    private(set) lazy var insecureSeed: (UInt64, UInt64) = (context.randomNumberGenerator.next(),
                                                            context.randomNumberGenerator.next())
    /// The context's preopens, in order, each with its own host descriptor
    /// (a duplicate, so that preview 1 closing its copy changes nothing here).
    private(set) lazy var preopens: [Preopen] = openPreopens()

    /// A preopened directory: every `get-directories` call hands out a new
    /// `descriptor` on the same host directory, as wasmtime does.
    struct Preopen {
        let descriptor: HostDescriptor
        let isReadOnly: Bool
        let guestPath: String
    }

    init(context: WASIContext) {
        self.context = context
    }

    private func openPreopens() -> [Preopen] {
        var result: [Preopen] = []
        for entry in context.descriptors.openEntries {
            guard let path = entry.preopenPath, entry.kind == .directory else { continue }
            guard let copy = try? HostFileSystem.retrying({ fcntl(entry.hostDescriptor, F_DUPFD_CLOEXEC, 0) }) else {
                continue
            }
            result.append(Preopen(descriptor: HostDescriptor(owning: copy), isReadOnly: entry.isReadOnly,
                                  guestPath: String(decoding: path, as: UTF8.self)))
        }
        return result
    }
}
