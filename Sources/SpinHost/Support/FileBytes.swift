#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors reading files the user named, worded for the command line.
public struct FileReadError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Reads a whole file into one array with a single copy from the kernel:
/// module binaries can be tens of megabytes.
public func readFileBytes(_ path: String) throws(FileReadError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
        throw FileReadError(path: path, reason: String(cString: strerror(errno)))
    }
    guard (status.st_mode & S_IFMT) == S_IFREG else { throw FileReadError(path: path, reason: "not a regular file") }
    let size = Int(status.st_size)
    var failure: FileReadError?
    let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
        var done = 0
        while done < size {
            let got = read(descriptor, buffer.baseAddress! + done, size - done)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 {
                failure = FileReadError(path: path, reason: got < 0 ? String(cString: strerror(errno)) : "file shrank while reading")
                break
            }
            done += got
        }
        count = done
    }
    if let failure { throw failure }
    return bytes
}
