import Synchronization

/// Function-entry buffers of finished stores, kept for the
/// next ones. A large module's entries (a componentize-py component has
/// about 18,000 functions: 1.3 MB per copy) taken fresh from `malloc` come as
/// new pages every time, and faulting them in cost half of instantiating
/// the component (RATIONALE.md, "Per-instance memory: copy-on-write images").
final class FunctionEntryPool: Sendable {
    /// Smaller buffers are left to `malloc`, which reuses them well.
    static let minimumPooledCapacity = 1024
    /// At most this many bytes wait in the pool.
    static let maximumIdleBytes = 64 << 20

    private struct Buffer: @unchecked Sendable {
        let pointer: UnsafeMutablePointer<FunctionEntry>
    }
    private struct Idle {
        var buffers: [Int: [Buffer]] = [:]
        var bytes = 0
    }
    private let idle = Mutex(Idle())

    /// An uninitialized buffer of exactly `capacity` entries.
    func take(capacity: Int) -> UnsafeMutablePointer<FunctionEntry> {
        if capacity >= Self.minimumPooledCapacity, let buffer = idle.withLock({ idle -> Buffer? in
            guard let buffer = idle.buffers[capacity]?.popLast() else { return nil }
            idle.bytes -= capacity * MemoryLayout<FunctionEntry>.stride
            return buffer
        }) {
            return buffer.pointer
        }
        return .allocate(capacity: capacity)
    }

    /// Takes back a buffer from `take(capacity:)`; its entries are plain
    /// values, so nothing needs deinitializing.
    func recycle(_ pointer: UnsafeMutablePointer<FunctionEntry>, capacity: Int) {
        let bytes = capacity * MemoryLayout<FunctionEntry>.stride
        let kept = capacity >= Self.minimumPooledCapacity && idle.withLock { idle in
            guard idle.bytes + bytes <= Self.maximumIdleBytes else { return false }
            idle.buffers[capacity, default: []].append(Buffer(pointer: pointer))
            idle.bytes += bytes
            return true
        }
        if !kept { pointer.deallocate() }
    }
}
