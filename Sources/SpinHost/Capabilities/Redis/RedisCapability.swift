import Foundation
public import ComponentModel
import WasmInterpreter

/// Outbound Redis: `fermyon:spin/redis@2.0.0` through libhiredis, to
/// `redis://` addresses the component's `allowed_outbound_hosts` allow.
/// Connections are pooled per address for the whole application, and each
/// command has a timeout, so a Redis that stalls or dies answers the guest
/// with an error instead of holding it. Spin 3's `spin:redis/redis@3.0.0`
/// (what the Spin 4 SDKs import) is the same interface made `async`; its
/// functions answer when the command has (a task does not wait for Redis
/// while another runs, as in the 2.0.0 form).
///
/// See <https://spinframework.dev/v3/redis-outbound>.
public struct RedisCapability: Capability {
    static let interfaces = ["fermyon:spin/redis@2.0.0", "spin:redis/redis@3.0.0"]

    let variables: ApplicationVariables
    let pools: RedisPools

    public init(app: CapabilityContext) throws(SpinError) {
        variables = app.variables
        pools = RedisPools()
    }

    public func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup? {
        let access = RedisAccess(policy: try OutboundHostPolicy.of(component, variables), pools: pools)
        return InstanceSetup { store in store[RedisAccess.key] = access }
    }

    /// `error`: invalid-address, too-many-connections, type-error, other(string).
    static let errorType = ComponentValueType.variant([
        .init("invalid-address", nil), .init("too-many-connections", nil), .init("type-error", nil), .init("other", .string),
    ])

    public static func define(in linker: inout ComponentLinker) {
        for interface in interfaces { define(interface, isAsync: interface.hasPrefix("spin:"), in: &linker) }
    }

    static func define(_ interface: String, isAsync: Bool, in linker: inout ComponentLinker) {
        let connection = linker.defineResource(interface, "connection")
        let payload = ComponentValueType.list(.u8)
        func result(_ ok: ComponentValueType?) -> ComponentValueType { .result(ok: ok, error: errorType) }
        func method(_ name: String, _ parameters: [(String, ComponentValueType)], _ ok: ComponentValueType?,
                    _ body: @escaping @Sendable (RedisConnectionPool, HostArguments) throws(RedisFailure) -> ComponentValue?) {
            linker.define(interface, "[method]connection.\(name)", WASIComponentTypes.method(connection, parameters, result(ok)).async(isAsync)) {
                call, arguments throws(Trap) in
                let target: OpenRedisConnection = try arguments.resource(call, 0, "connection")
                do throws(RedisFailure) {
                    return .ok(try body(target.pool, arguments))
                } catch {
                    return .error(error.value)
                }
            }
        }

        linker.define(interface, "[static]connection.open", WASIComponentTypes.function(
            [("address", .string)], result(.own(connection))).async(isAsync)) { call, arguments throws(Trap) in
            guard let access = call.store[RedisAccess.key] else { throw Trap(.host("Redis is not set up for this instance")) }
            guard let pool = access.pool(for: try arguments.string(0)) else { return .error(RedisFailure.invalidAddress.value) }
            return .ok(call.own(OpenRedisConnection(pool: pool)))
        }
        method("publish", [("channel", .string), ("payload", payload)], nil) { pool, arguments throws(RedisFailure) in
            _ = try run(pool, ["PUBLISH", try text(arguments, 1)], try data(arguments, 2))
            return nil
        }
        method("get", [("key", .string)], .option(payload)) { pool, arguments throws(RedisFailure) in
            switch try run(pool, ["GET", try text(arguments, 1)]) {
            case .bulk(let bytes): return .option(.bytes(bytes))
            case .nil_: return .option(nil)
            case let other: throw .other("unexpected reply to GET: \(other)")
            }
        }
        method("set", [("key", .string), ("value", payload)], nil) { pool, arguments throws(RedisFailure) in
            _ = try run(pool, ["SET", try text(arguments, 1)], try data(arguments, 2))
            return nil
        }
        method("incr", [("key", .string)], .s64) { pool, arguments throws(RedisFailure) in
            .s64(try integer(run(pool, ["INCR", try text(arguments, 1)])))
        }
        method("del", [("keys", .list(.string))], .u32) { pool, arguments throws(RedisFailure) in
            .u32(UInt32(clamping: try integer(run(pool, ["DEL"] + (try texts(arguments, 1))))))
        }
        method("sadd", [("key", .string), ("values", .list(.string))], .u32) { pool, arguments throws(RedisFailure) in
            .u32(UInt32(clamping: try integer(run(pool, ["SADD", try text(arguments, 1)] + (try texts(arguments, 2))))))
        }
        method("smembers", [("key", .string)], .list(.string)) { pool, arguments throws(RedisFailure) in
            guard case .array(let members) = try run(pool, ["SMEMBERS", try text(arguments, 1)]) else {
                throw .other("unexpected reply to SMEMBERS")
            }
            return .list(members.compactMap { if case .bulk(let bytes) = $0 { .string(String(decoding: bytes, as: UTF8.self)) } else { nil } })
        }
        method("srem", [("key", .string), ("values", .list(.string))], .u32) { pool, arguments throws(RedisFailure) in
            .u32(UInt32(clamping: try integer(run(pool, ["SREM", try text(arguments, 1)] + (try texts(arguments, 2))))))
        }
        let parameter = ComponentValueType.variant([.init("int64", .s64), .init("binary", payload)])
        let resultValue = ComponentValueType.variant([
            .init("nil", nil), .init("status", .string), .init("int64", .s64), .init("binary", payload),
        ])
        method("execute", [("command", .string), ("arguments", .list(parameter))], .list(resultValue)) {
            pool, arguments throws(RedisFailure) in
            guard case .list(let values)? = try? arguments.value(2) else { throw .other("execute: arguments") }
            var command = [Array(try text(arguments, 1).utf8)]
            for value in values {
                switch value {
                case .variant(0, .s64(let number)?): command.append(Array(String(number).utf8))
                case .variant(1, let bytes?): command.append(bytes.bytesValue ?? [])
                default: throw .other("execute: an argument is not a redis-parameter")
                }
            }
            return .list(flatten(try run(pool, command)))
        }
    }

    /// Spin's flattening of a reply into `list<redis-result>`: nested arrays
    /// become one list, a scalar a list of one.
    static func flatten(_ reply: RedisReply) -> [ComponentValue] {
        switch reply {
        case .nil_: [.variant(case: 0, payload: nil)]
        case .status(let text): [.variant(case: 1, payload: .string(text))]
        case .integer(let number): [.variant(case: 2, payload: .s64(number))]
        case .bulk(let bytes): [.variant(case: 3, payload: .bytes(bytes))]
        case .array(let elements), .other(let elements): elements.flatMap(flatten)
        case .error: []
        }
    }

    static func run(_ pool: RedisConnectionPool, _ words: [String], _ last: [UInt8]? = nil) throws(RedisFailure) -> RedisReply {
        try run(pool, words.map { Array($0.utf8) } + (last.map { [$0] } ?? []))
    }

    static func run(_ pool: RedisConnectionPool, _ command: [[UInt8]]) throws(RedisFailure) -> RedisReply {
        let reply: RedisReply
        do {
            reply = try pool.command(command)
        } catch {
            throw .other(error.message)
        }
        if case .error(let message) = reply {
            throw message.hasPrefix("WRONGTYPE") ? .typeError : .other(message)
        }
        return reply
    }

    static func integer(_ reply: RedisReply) throws(RedisFailure) -> Int64 {
        guard case .integer(let number) = reply else { throw .other("expected an integer reply, got \(reply)") }
        return number
    }

    static func text(_ arguments: HostArguments, _ index: Int) throws(RedisFailure) -> String {
        do { return try arguments.string(index) } catch { throw .other("\(error)") }
    }

    static func texts(_ arguments: HostArguments, _ index: Int) throws(RedisFailure) -> [String] {
        guard case .list(let values)? = try? arguments.value(index) else { throw .other("\(arguments.function): argument \(index)") }
        return values.compactMap(\.stringValue)
    }

    static func data(_ arguments: HostArguments, _ index: Int) throws(RedisFailure) -> [UInt8] {
        do { return try arguments.bytes(index) } catch { throw .other("\(error)") }
    }
}

/// The interface's errors, before they become its `error` value.
enum RedisFailure: Error {
    case invalidAddress
    case typeError
    case other(String)

    var value: ComponentValue {
        switch self {
        case .invalidAddress: .variant(case: 0, payload: nil)
        case .typeError: .variant(case: 2, payload: nil)
        case .other(let message): .variant(case: 3, payload: .string(message))
        }
    }
}

/// One component's outbound Redis policy and the application's pools.
final class RedisAccess: Sendable {
    static let key = HostStateKey<RedisAccess>()

    let policy: OutboundHostPolicy
    let pools: RedisPools

    init(policy: OutboundHostPolicy, pools: RedisPools) {
        self.policy = policy
        self.pools = pools
    }

    /// The pool for `address` if it parses and the policy allows it.
    func pool(for address: String) -> RedisConnectionPool? {
        guard let parsed = try? RedisAddress(address),
              policy.allows(scheme: "redis", host: parsed.hostText, port: parsed.port) else { return nil }
        return pools.pool(for: parsed)
    }
}

/// Connection pools by address, shared by every component of the application.
final class RedisPools: @unchecked Sendable {
    /// SAFETY: guarded by `lock`.
    private var pools: [RedisAddress: RedisConnectionPool] = [:]
    private let lock = NSLock()

    func pool(for address: RedisAddress) -> RedisConnectionPool {
        lock.withLock {
            if let existing = pools[address] { return existing }
            let created = RedisConnectionPool(address: address)
            pools[address] = created
            return created
        }
    }
}

/// A guest's `connection`: the pool of its address.
final class OpenRedisConnection {
    let pool: RedisConnectionPool

    init(pool: RedisConnectionPool) {
        self.pool = pool
    }
}
