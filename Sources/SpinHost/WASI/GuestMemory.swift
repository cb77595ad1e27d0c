import WasmInterpreter

/// The calling instance's linear memory as WASI functions see it: every
/// access is bounds-checked and a bad guest pointer is `errno::fault`, never
/// a trap or a crash. A module without memory faults on any access.
struct GuestMemory {
    let memory: LinearMemory?

    init(_ memory: LinearMemory?) {
        self.memory = memory
    }

    /// Whether `count` bytes at `address` lie inside the memory. An empty
    /// range touches no byte, so any address will do (a guest passing an
    /// empty buffer often passes a dangling pointer with it).
    func contains(_ address: Int, count: Int) -> Bool {
        guard let memory else { return false }
        if count == 0 { return true }
        return address >= 0 && count > 0 && address <= memory.byteCount && count <= memory.byteCount - address
    }

    func check(_ address: Int, count: Int) throws(WASIErrno) {
        guard contains(address, count: count) else { throw .fault }
    }

    func load<T: FixedWidthInteger>(_ type: T.Type, at address: Int) throws(WASIErrno) -> T {
        guard let memory else { throw .fault }
        do {
            return try memory.load(type, at: address)
        } catch {
            throw .fault
        }
    }

    func store<T: FixedWidthInteger>(_ value: T, at address: Int) throws(WASIErrno) {
        guard let memory else { throw .fault }
        do {
            try memory.store(value, at: address)
        } catch {
            throw .fault
        }
    }

    /// A copy of `count` bytes at `address`.
    func read(at address: Int, count: Int) throws(WASIErrno) -> [UInt8] {
        guard let memory else { throw .fault }
        if count == 0 { return [] }
        do {
            return try memory.read(at: address, count: count)
        } catch {
            throw .fault
        }
    }

    /// Sets `count` bytes at `address` to `value`.
    func fill(_ value: UInt8, count: Int, at address: Int) throws(WASIErrno) {
        guard let memory else { throw .fault }
        do {
            try memory.fill(value, count: count, at: address)
        } catch {
            throw .fault
        }
    }

    /// `bytes` at `address`, with one copy.
    func write(_ bytes: [UInt8], at address: Int) throws(WASIErrno) {
        guard let memory else { throw .fault }
        if bytes.isEmpty { return }
        do {
            try memory.write(bytes, at: address)
        } catch {
            throw .fault
        }
    }

    func write(_ bytes: some Collection<UInt8>, at address: Int) throws(WASIErrno) {
        guard let memory else { throw .fault }
        if bytes.isEmpty { return }
        do {
            try memory.write(bytes, at: address)
        } catch {
            throw .fault
        }
    }

    /// Runs `body` on the `count` bytes at `address`, in place.
    func withBytes<R>(at address: Int, count: Int, _ body: (UnsafeMutableRawBufferPointer) -> R) throws(WASIErrno) -> R {
        guard let memory, contains(address, count: count) else { throw .fault }
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
    func withAllBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) throws(WASIErrno) -> R {
        guard let memory else { throw .fault }
        return memory.withUnsafeMutableBytes(body)
    }
}
