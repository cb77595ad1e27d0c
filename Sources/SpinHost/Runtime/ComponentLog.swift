import Foundation

/// A component's log file under the state directory's `logs/`, appended to
/// by concurrent requests.
public final class ComponentLog: @unchecked Sendable {
    // @unchecked: the file handle is only used under `lock`.
    private let lock = NSLock()
    private let handle: FileHandle?
    public let path: String

    public init(path: String) {
        self.path = path
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    deinit {
        try? handle?.close()
    }

    public func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        try? handle?.write(contentsOf: Data(bytes))
    }
}
