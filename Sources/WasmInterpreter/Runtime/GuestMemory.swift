/// A guest's linear memory as host code sees it: guest pointers and lengths
/// checked against the memory's size, so that a bad pointer is a
/// `GuestMemoryFault` the host turns into its interface's error (WASI's
/// `errno::fault`, a canonical ABI trap), never a crash. A module without
/// memory faults on any access. WASI and the canonical ABI share this one
/// implementation of the checks.
public struct GuestMemory {
    public let memory: LinearMemory?

    public init(_ memory: LinearMemory?) {
        self.memory = memory
    }

    /// Whether `count` bytes at `address` lie inside the memory. An empty
    /// range touches no byte, so any address will do (a guest passing an
    /// empty buffer often passes a dangling pointer with it).
    public func contains(_ address: Int, count: Int) -> Bool {
        guard let memory else { return false }
        if count == 0 { return true }
        return address >= 0 && count > 0 && address <= memory.byteCount && count <= memory.byteCount - address
    }

    public func check(_ address: Int, count: Int) throws(GuestMemoryFault) {
        guard contains(address, count: count) else { throw GuestMemoryFault(address: address, count: count) }
    }

    public func load<T: FixedWidthInteger>(_ type: T.Type, at address: Int) throws(GuestMemoryFault) -> T {
        guard let memory, let value = try? memory.load(type, at: address) else {
            throw GuestMemoryFault(address: address, count: MemoryLayout<T>.size)
        }
        return value
    }

    public func store<T: FixedWidthInteger>(_ value: T, at address: Int) throws(GuestMemoryFault) {
        guard let memory, (try? memory.store(value, at: address)) != nil else {
            throw GuestMemoryFault(address: address, count: MemoryLayout<T>.size)
        }
    }

    /// A copy of `count` bytes at `address`.
    public func read(at address: Int, count: Int) throws(GuestMemoryFault) -> [UInt8] {
        try check(address, count: count)
        if count == 0 { return [] }
        guard let bytes = try? memory?.read(at: address, count: count) else {
            throw GuestMemoryFault(address: address, count: count)
        }
        return bytes
    }

    /// The UTF-8 string of `count` bytes at `address`; nil when the bytes
    /// are not valid UTF-8 (the caller decides whether that is an error).
    public func string(at address: Int, count: Int) throws(GuestMemoryFault) -> String? {
        try withBytes(at: address, count: count) { bytes in
            String(validating: UnsafeRawBufferPointer(bytes), as: UTF8.self)
        }
    }

    /// Sets `count` bytes at `address` to `value`.
    public func fill(_ value: UInt8, count: Int, at address: Int) throws(GuestMemoryFault) {
        guard let memory, (try? memory.fill(value, count: count, at: address)) != nil else {
            throw GuestMemoryFault(address: address, count: count)
        }
    }

    /// `bytes` at `address`, with one copy.
    public func write(_ bytes: some Collection<UInt8>, at address: Int) throws(GuestMemoryFault) {
        try check(address, count: bytes.count)
        if bytes.isEmpty { return }
        guard (try? memory?.write(bytes, at: address)) != nil else {
            throw GuestMemoryFault(address: address, count: bytes.count)
        }
    }

    /// Runs `body` on the `count` bytes at `address`, in place.
    public func withBytes<R>(at address: Int, count: Int,
                             _ body: (UnsafeMutableRawBufferPointer) -> R) throws(GuestMemoryFault) -> R {
        guard let memory, contains(address, count: count) else { throw GuestMemoryFault(address: address, count: count) }
        if count == 0 { return body(UnsafeMutableRawBufferPointer(start: nil, count: 0)) }
        return memory.withUnsafeMutableBytes { all in
            // SAFETY: the range was checked against the memory's size just
            // above, and nothing can grow (reallocate) the memory while a host
            // function runs, so the rebased buffer stays valid for `body`.
            body(UnsafeMutableRawBufferPointer(rebasing: all[address..<(address + count)]))
        }
    }

    /// Runs `body` on the whole memory; callers check their own ranges with
    /// `contains` first.
    public func withAllBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) throws(GuestMemoryFault) -> R {
        guard let memory else { throw GuestMemoryFault(address: 0, count: 0) }
        return memory.withUnsafeMutableBytes(body)
    }
}

/// A guest pointer and length outside the guest's memory.
public struct GuestMemoryFault: Error, Sendable, CustomStringConvertible {
    public let address: Int
    public let count: Int

    public var description: String { "\(count) bytes at guest address \(address) lie outside the memory" }
}
