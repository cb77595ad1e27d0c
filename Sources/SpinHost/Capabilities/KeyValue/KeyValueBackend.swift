/// Where one key-value store keeps its data: the embedded SQLite file
/// (`SQLiteKeyValueStore`) or a Redis server (`RedisKeyValueStore`). The
/// capability checks access and speaks the WIT interfaces; a backend only
/// stores. Every method may block the calling guest's thread (never a NIO
/// event loop) until the backend answers or its timeout passes.
public protocol KeyValueBackend: Sendable {
    func get(_ key: String) throws(KeyValueBackendError) -> [UInt8]?
    func set(_ key: String, _ value: [UInt8]) throws(KeyValueBackendError)
    /// Deleting a key that does not exist is not an error.
    func delete(_ key: String) throws(KeyValueBackendError)
    func exists(_ key: String) throws(KeyValueBackendError) -> Bool
    /// Every key of the store, in no particular order.
    func keys() throws(KeyValueBackendError) -> [String]
    /// Adds `delta` to the number stored at `key` (0 when absent), atomically
    /// with respect to every other client of the store; returns the sum.
    func increment(_ key: String, by delta: Int64) throws(KeyValueBackendError) -> Int64
    /// Stores `new` at `key` if the value there is still `expected` (nil:
    /// no value), atomically; false (and nothing written) otherwise.
    func compareAndSwap(_ key: String, expected: [UInt8]?, new: [UInt8]) throws(KeyValueBackendError) -> Bool
    func getMany(_ keys: [String]) throws(KeyValueBackendError) -> [(String, [UInt8]?)]
    func setMany(_ entries: [(String, [UInt8])]) throws(KeyValueBackendError)
    func deleteMany(_ keys: [String]) throws(KeyValueBackendError)
}

extension KeyValueBackend {
    public func getMany(_ keys: [String]) throws(KeyValueBackendError) -> [(String, [UInt8]?)] {
        var result: [(String, [UInt8]?)] = []
        for key in keys { result.append((key, try get(key))) }
        return result
    }

    public func setMany(_ entries: [(String, [UInt8])]) throws(KeyValueBackendError) {
        for (key, value) in entries { try set(key, value) }
    }

    public func deleteMany(_ keys: [String]) throws(KeyValueBackendError) {
        for key in keys { try delete(key) }
    }
}

/// A backend that could not do what was asked (I/O, a lost connection, a
/// value that is not a number): the interfaces' `other(string)`.
public struct KeyValueBackendError: Error, CustomStringConvertible, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
