import CHiredis
import Foundation

/// One connection to a Redis server through libhiredis's blocking API,
/// used by one thread at a time. Every command has a timeout, so a Redis
/// that stalls gives the caller an error instead of holding its thread;
/// after any I/O error the connection is unusable (`isBroken`) and is not
/// reused.
final class RedisConnection {
    /// SAFETY: non-nil from `init` until `deinit` frees it.
    private let context: UnsafeMutablePointer<redisContext>

    /// Opens a connection to `address`, authenticating and selecting its database.
    init(_ address: RedisAddress, timeout: Double) throws(RedisError) {
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1_000_000))
        guard let context = redisConnectWithTimeout(address.host, Int32(address.port), limit) else {
            throw RedisError("cannot connect to \(address): out of memory")
        }
        guard context.pointee.err == 0 else {
            let message = String(cString: chiredis_error_text(context))
            redisFree(context)
            throw RedisError("cannot connect to \(address): \(message)")
        }
        self.context = context
        redisSetTimeout(context, limit)
        redisEnableKeepAlive(context)
        limit = timeval()
        if let password = address.password {
            let arguments = address.user.map { ["AUTH", $0, password] } ?? ["AUTH", password]
            if case .error(let message) = try command(arguments.map { Array($0.utf8) }) {
                throw RedisError("cannot authenticate to \(address): \(message)")
            }
        }
        if address.database != 0, case .error(let message) = try command([Array("SELECT".utf8), Array(String(address.database).utf8)]) {
            throw RedisError("cannot select database \(address.database) of \(address): \(message)")
        }
    }

    deinit {
        redisFree(context)
    }

    /// Reads wait without a timeout from now on (a subscriber waits for
    /// messages as long as it takes; TCP keep-alive finds a dead peer).
    func waitForever() {
        redisSetTimeout(context, timeval())
    }

    /// True once an I/O error (timeout, lost connection) left the connection unusable.
    var isBroken: Bool { context.pointee.err != 0 }

    /// Sends one command and reads its reply. A Redis error reply is a
    /// value (`.error`); only a failure to talk to the server throws.
    func command(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        try send(arguments)
        return try readReply()
    }

    /// Sends one command without reading its reply (for SUBSCRIBE).
    func send(_ arguments: [[UInt8]]) throws(RedisError) {
        let status = withArguments(arguments) { count, pointers, lengths in
            redisAppendCommandArgv(context, count, pointers, lengths)
        }
        guard status == REDIS_OK else { throw failure() }
    }

    /// The next reply (or pushed message) from the server.
    func readReply() throws(RedisError) -> RedisReply {
        var raw: UnsafeMutableRawPointer?
        guard redisGetReply(context, &raw) == REDIS_OK, let raw else { throw failure() }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self))
    }

    private func failure() -> RedisError {
        guard context.pointee.err != 0 else { return RedisError("no reply from Redis") }
        let text = String(cString: chiredis_error_text(context))
        // hiredis reports a read or write timeout as an I/O error with EAGAIN's text.
        return RedisError("Redis: \(text == "Resource temporarily unavailable" ? "no reply within the timeout" : text)",
                          isTimeout: context.pointee.err == REDIS_ERR_IO && text == "Resource temporarily unavailable")
    }

    private func withArguments<Result>(
        _ arguments: [[UInt8]], _ body: (Int32, UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        let buffers = arguments.map { bytes -> UnsafeMutablePointer<CChar> in
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: max(bytes.count, 1))
            bytes.withUnsafeBytes { raw in
                if let base = raw.baseAddress { UnsafeMutableRawPointer(buffer).copyMemory(from: base, byteCount: raw.count) }
            }
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        var pointers = buffers.map { Optional(UnsafePointer($0)) }
        let lengths = arguments.map(\.count)
        return pointers.withUnsafeMutableBufferPointer { pointerBuffer in
            lengths.withUnsafeBufferPointer { lengthBuffer in
                body(Int32(arguments.count), pointerBuffer.baseAddress!, lengthBuffer.baseAddress!)
            }
        }
    }
}

/// A reply of the Redis protocol (RESP2: the protocol Debian's hiredis speaks).
indirect enum RedisReply: Equatable, Sendable {
    case nil_
    case status(String)
    case error(String)
    case integer(Int64)
    case bulk([UInt8])
    case array([RedisReply])
    /// A reply type this hiredis does not know.
    case other([RedisReply])

    init(_ reply: UnsafePointer<redisReply>) {
        let value = reply.pointee
        func text() -> [UInt8] {
            guard let string = value.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: string, count: Int(value.len)))
        }
        func elements() -> [RedisReply] {
            (0..<Int(value.elements)).compactMap { index in value.element[index].map { RedisReply(UnsafePointer($0)) } }
        }
        switch value.type {
        case REDIS_REPLY_NIL: self = .nil_
        case REDIS_REPLY_STATUS: self = .status(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_ERROR: self = .error(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: self = .integer(Int64(value.integer))
        case REDIS_REPLY_STRING: self = .bulk(text())
        case REDIS_REPLY_ARRAY: self = .array(elements())
        default: self = .other(elements())
        }
    }
}

/// A failure to talk to Redis (connect, I/O, timeout, protocol).
struct RedisError: Error, CustomStringConvertible, Sendable {
    let message: String
    /// The server did not answer in time (as opposed to refusing or closing).
    let isTimeout: Bool

    init(_ message: String, isTimeout: Bool = false) {
        self.message = message
        self.isTimeout = isTimeout
    }

    var description: String { message }
}

/// `redis://[user[:password]@]host[:port][/database]`, as Spin's Redis URLs.
struct RedisAddress: Hashable, Sendable, CustomStringConvertible {
    let host: String
    let port: Int
    let user: String?
    let password: String?
    let database: Int

    init(_ url: String) throws(RedisError) {
        guard let components = URLComponents(string: url), components.scheme == "redis",
              let host = components.host, !host.isEmpty else {
            throw RedisError("\(quoted(url)) is not a Redis address (redis://host[:port][/database])")
        }
        self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
        port = components.port ?? 6379
        user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        password = components.password
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard path.isEmpty || Int(path) != nil else { throw RedisError("\(quoted(url)): the path must be a database number") }
        database = Int(path) ?? 0
    }

    /// The host as written in a URL (IPv6 in brackets), for policy checks.
    var hostText: String { host.contains(":") ? "[\(host)]" : host }

    /// Without the password: addresses appear in messages.
    var description: String { "redis://\(host):\(port)" + (database == 0 ? "" : "/\(database)") }
}
