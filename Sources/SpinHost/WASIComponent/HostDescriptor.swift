#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A host file descriptor shared by the resources that use it (a
/// `descriptor` and the streams made from it), closed when the last one
/// goes, as wasmtime shares its `Arc<File>`.
final class HostDescriptor {
    let rawValue: Int32
    private let owns: Bool
    /// The guest's count of open host descriptors, which this one is part of.
    private let budget: DescriptorBudget?

    /// Takes ownership of `descriptor`: it is closed in `deinit`, and
    /// leaves `budget` then.
    init(owning descriptor: Int32, budget: DescriptorBudget? = nil) {
        rawValue = descriptor
        owns = true
        self.budget = budget
        budget?.open += 1
    }

    /// One of the host process's standard descriptors, never closed.
    init(standard descriptor: Int32) {
        rawValue = descriptor
        owns = false
        budget = nil
    }

    deinit {
        if owns { HostFileSystem.close(rawValue) }
        budget?.open -= 1
    }

    /// Up to `count` bytes at `offset` (`pread`); empty at end of file.
    func read(count: Int, at offset: UInt64) throws(WASIErrno) -> [UInt8] {
        guard let position = off_t(exactly: offset) else { throw .inval }
        var buffer = [UInt8](repeating: 0, count: count)
        let read = try HostFileSystem.retrying { pread(rawValue, &buffer, count, position) }
        buffer.removeLast(count - read)
        return buffer
    }

    /// Up to `count` bytes from the current position (`read`).
    func read(count: Int) throws(WASIErrno) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let read = try HostFileSystem.retrying { systemRead(rawValue, &buffer, count) }
        buffer.removeLast(count - read)
        return buffer
    }

    /// One `pwrite` of `bytes` at `offset`; returns how many were written.
    func write(_ bytes: [UInt8], at offset: UInt64) throws(WASIErrno) -> Int {
        guard let position = off_t(exactly: offset) else { throw .fbig }
        return try HostFileSystem.retrying { pwrite(rawValue, bytes, bytes.count, position) }
    }

    /// All of `bytes` at `offset`, as many `pwrite`s as it takes.
    func writeAll(_ bytes: [UInt8], at offset: UInt64) throws(WASIErrno) {
        var written = 0
        while written < bytes.count {
            let remaining = written == 0 ? bytes : Array(bytes[written...])
            written += try write(remaining, at: offset + UInt64(written))
        }
    }

    /// All of `bytes` at the current position (`write`), for a stream such as
    /// the host's standard output.
    func writeAll(_ bytes: [UInt8]) throws(WASIErrno) {
        var written = 0
        while written < bytes.count {
            let remaining = written == 0 ? bytes : Array(bytes[written...])
            written += try HostFileSystem.retrying { systemWrite(rawValue, remaining, remaining.count) }
        }
    }

    /// All of `bytes` at the end of the file, whatever the descriptor's
    /// position: `O_APPEND` is set for the writes and restored after, as
    /// wasmtime does where `pwritev2(RWF_APPEND)` is missing.
    func append(_ bytes: [UInt8]) throws(WASIErrno) {
        let flags = try HostFileSystem.retrying { fcntl(rawValue, F_GETFL) }
        try HostFileSystem.retrying { fcntl(rawValue, F_SETFL, flags | O_APPEND) }
        defer { _ = fcntl(rawValue, F_SETFL, flags) }
        try writeAll(bytes)
    }
}

/// How many host descriptors one guest holds open. Host descriptors are
/// shared by every request in the process, so a guest gets at most as many
/// as preview 1 gives it (`FileDescriptorTable.capacity`); past that,
/// opening fails as the host's `EMFILE` would.
final class DescriptorBudget {
    static let capacity = FileDescriptorTable.capacity
    var open = 0

    var isExhausted: Bool { open >= Self.capacity }
}

/// `read(2)` and `write(2)`, which Swift cannot call by their bare names
/// inside a type that has `read` and `write` methods.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, buffer, count)
    #else
    Darwin.write(descriptor, buffer, count)
    #endif
}
