@testable import SpinHost
import WasmDecoder
import WasmInterpreter

/// An instance of a guest module linked against `WASIPreview1`, with its
/// context attached: tests call the shim's exports (each one WASI function)
/// and read and write its memory.
final class WASIGuest {
    let context: WASIContext
    let store: Store
    let instance: Instance
    let memory: LinearMemory

    /// Where `place` puts test data: far from the low addresses tests use for results.
    private var scratch = 32 * 1024

    init(_ context: WASIContext, module: GuestModule = GuestModules.shim) throws {
        let engine = Engine()
        var linker = Linker()
        WASIPreview1.define(in: &linker)
        store = Store(engine: engine)
        store[WASIContext.key] = context
        self.context = context
        instance = try linker.instantiate(try engine.compile(module.bytes), in: store)
        guard let memory = instance.memory(named: "memory") else { throw GuestError.noMemory }
        self.memory = memory
    }

    enum GuestError: Error {
        case noMemory
        case unexpectedResult([Value])
    }

    /// Calls the WASI function `name` through the shim and returns its errno.
    @discardableResult
    func call(_ name: String, _ arguments: Value...) throws -> WASIErrno {
        let results = try instance.invoke(name, arguments)
        guard case .i32(let raw)? = results.first, let errno = WASIErrno(rawValue: UInt16(truncatingIfNeeded: raw)) else {
            throw GuestError.unexpectedResult(results)
        }
        return errno
    }

    /// Copies `bytes` to a fresh scratch address and returns it with the length.
    func place(_ bytes: [UInt8]) throws -> (address: Value, length: Value) {
        let address = scratch
        try memory.write(bytes, at: address)
        scratch += (bytes.count + 15) & ~7
        return (.i32(UInt32(address)), .i32(UInt32(bytes.count)))
    }

    func place(_ text: String) throws -> (address: Value, length: Value) {
        try place(Array(text.utf8))
    }

    /// Copies an iovec array describing `buffers` (address, length) into memory.
    func placeVectors(_ buffers: [(Int, Int)]) throws -> (address: Value, count: Value) {
        var bytes: [UInt8] = []
        for (address, length) in buffers {
            bytes += littleEndian(UInt32(address)) + littleEndian(UInt32(length))
        }
        let (address, _) = try place(bytes)
        return (address, .i32(UInt32(buffers.count)))
    }

    func u32(at address: Int) throws -> UInt32 { try memory.load(UInt32.self, at: address) }
    func u64(at address: Int) throws -> UInt64 { try memory.load(UInt64.self, at: address) }
    func bytes(at address: Int, count: Int) throws -> [UInt8] { try memory.read(at: address, count: count) }
    func string(at address: Int, count: Int) throws -> String {
        String(decoding: try memory.read(at: address, count: count), as: UTF8.self)
    }

    /// Opens `path` below the directory `fd` and returns the new descriptor or the errno.
    func open(
        _ path: String, in fd: UInt32 = 3, follow: Bool = false, openFlags: UInt32 = 0,
        rights: UInt64 = WASIGuest.readWriteRights, descriptorFlags: UInt32 = 0
    ) throws -> Result<UInt32, WASIErrno> {
        let (address, length) = try place(path)
        let errno = try call(
            "path_open", .i32(fd), .i32(follow ? 1 : 0), address, length, .i32(openFlags),
            .i64(rights), .i64(rights), .i32(descriptorFlags), .i32(0))
        return errno == .success ? .success(try u32(at: 0)) : .failure(errno)
    }

    /// Writes `text` to `fd` with one iovec; returns the count or the errno.
    func write(_ text: String, to fd: UInt32) throws -> Result<Int, WASIErrno> {
        let (buffer, length) = try place(text)
        guard case .i32(let start) = buffer, case .i32(let count) = length else { return .failure(.inval) }
        let (vectors, vectorCount) = try placeVectors([(Int(start), Int(count))])
        let errno = try call("fd_write", .i32(fd), vectors, vectorCount, .i32(0))
        return errno == .success ? .success(Int(try u32(at: 0))) : .failure(errno)
    }

    /// Reads up to `count` bytes from `fd`; returns them or the errno.
    func read(_ fd: UInt32, count: Int) throws -> Result<[UInt8], WASIErrno> {
        let (buffer, _) = try place([UInt8](repeating: 0, count: count))
        guard case .i32(let start) = buffer else { return .failure(.inval) }
        let (vectors, vectorCount) = try placeVectors([(Int(start), count)])
        let errno = try call("fd_read", .i32(fd), vectors, vectorCount, .i32(0))
        guard errno == .success else { return .failure(errno) }
        return .success(try bytes(at: Int(start), count: Int(try u32(at: 0))))
    }

    /// fd_read, fd_write, fd_seek, fd_tell, fd_filestat_*, fd_readdir and the path rights.
    static let readWriteRights: UInt64 = (1 << 30) - 1
    static let readOnlyRights: UInt64 = 1 << 1 | 1 << 2 | 1 << 5 | 1 << 14 | 1 << 21
    /// fd_write (bit 6) alone: an open that only writes.
    static let writeOnlyRights: UInt64 = 1 << 6
}

func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}
