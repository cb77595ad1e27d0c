import Foundation

/// Connections to one Redis server, shared by every request: a command
/// takes an idle connection (or opens one), and gives it back unless it
/// broke. When Redis restarts, the idle connections are dead; a command
/// that fails on a reused connection is retried once on a fresh one, so
/// callers recover without a restart of `spin up`.
final class RedisConnectionPool: @unchecked Sendable {
    let address: RedisAddress
    /// Seconds to connect, and to wait for each reply.
    let timeout: Double
    /// SAFETY: guarded by `lock`.
    private var idle: [RedisConnection] = []
    private let lock = NSLock()

    static let maximumIdle = 8

    init(address: RedisAddress, timeout: Double = 5) {
        self.address = address
        self.timeout = timeout
    }

    /// Runs `arguments` as one command. The calling guest lends its
    /// scheduler place while it waits (`GuestScheduler.blocking`).
    func command(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        try GuestScheduler.blocking { () throws(RedisError) -> RedisReply in
            if let reused = lock.withLock({ idle.popLast() }) {
                do throws(RedisError) {
                    let reply = try reused.command(arguments)
                    giveBack(reused)
                    return reply
                } catch {
                    // A server that timed out would time out again; one that closed the
                    // connection (restarted) gets another try on a fresh connection.
                    if error.isTimeout { throw error }
                }
            }
            let connection = try RedisConnection(address, timeout: timeout)
            let reply = try connection.command(arguments)
            giveBack(connection)
            return reply
        }
    }

    /// `command` with string arguments.
    func command(_ arguments: String...) throws(RedisError) -> RedisReply {
        try command(arguments.map { Array($0.utf8) })
    }

    /// A connection of its own, for work that spans commands (WATCH ... EXEC).
    func dedicatedConnection() throws(RedisError) -> RedisConnection {
        try RedisConnection(address, timeout: timeout)
    }

    private func giveBack(_ connection: RedisConnection) {
        guard !connection.isBroken else { return }
        lock.withLock {
            if idle.count < Self.maximumIdle { idle.append(connection) }
        }
    }
}
