import WasmInterpreter

/// The calling instance's memory as WASI functions see it: the interpreter's
/// `GuestMemory` checks every access, and a bad guest pointer becomes
/// `errno::fault`, never a trap or a crash.
struct WASIMemory {
    let guest: GuestMemory

    init(_ memory: LinearMemory?) {
        guest = GuestMemory(memory)
    }

    func contains(_ address: Int, count: Int) -> Bool { guest.contains(address, count: count) }

    func check(_ address: Int, count: Int) throws(WASIErrno) {
        try faulting { () throws(GuestMemoryFault) in try guest.check(address, count: count) }
    }

    func load<T: FixedWidthInteger>(_ type: T.Type, at address: Int) throws(WASIErrno) -> T {
        try faulting { () throws(GuestMemoryFault) in try guest.load(type, at: address) }
    }

    func store<T: FixedWidthInteger>(_ value: T, at address: Int) throws(WASIErrno) {
        try faulting { () throws(GuestMemoryFault) in try guest.store(value, at: address) }
    }

    func read(at address: Int, count: Int) throws(WASIErrno) -> [UInt8] {
        try faulting { () throws(GuestMemoryFault) in try guest.read(at: address, count: count) }
    }

    func fill(_ value: UInt8, count: Int, at address: Int) throws(WASIErrno) {
        try faulting { () throws(GuestMemoryFault) in try guest.fill(value, count: count, at: address) }
    }

    func write(_ bytes: some Collection<UInt8>, at address: Int) throws(WASIErrno) {
        try faulting { () throws(GuestMemoryFault) in try guest.write(bytes, at: address) }
    }

    func withBytes<R>(at address: Int, count: Int, _ body: (UnsafeMutableRawBufferPointer) -> R) throws(WASIErrno) -> R {
        try faulting { () throws(GuestMemoryFault) in try guest.withBytes(at: address, count: count, body) }
    }

    func withAllBytes<R>(_ body: (UnsafeMutableRawBufferPointer) -> R) throws(WASIErrno) -> R {
        try faulting { () throws(GuestMemoryFault) in try guest.withAllBytes(body) }
    }

    private func faulting<R>(_ access: () throws(GuestMemoryFault) -> R) throws(WASIErrno) -> R {
        do {
            return try access()
        } catch {
            throw .fault
        }
    }
}
