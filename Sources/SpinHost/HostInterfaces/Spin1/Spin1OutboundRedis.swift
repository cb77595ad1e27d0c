import ComponentModel
import WasmInterpreter

/// Spin 1's `outbound-redis` (`wit/ephemeral/outbound-redis.wit` of Spin
/// 1.5): each call names the server's address, which must be allowed by
/// `allowed_outbound_hosts`; every failure is the error enum's `error` case
/// (Spin 1's `redis-types.error` is only `success` or `error`).
enum Spin1OutboundRedis {
    static let moduleName = "outbound-redis"
    static let error = ComponentValueType.enum(["success", "error"])
    static let payload = ComponentValueType.list(.u8)

    struct Failure: Error {}

    static func define(in linker: inout Linker) {
        func define(_ name: String, _ parameters: [ComponentValueType], _ ok: ComponentValueType?,
                    _ body: @escaping @Sendable (RedisConnectionPool, [ComponentValue]) throws(Failure) -> ComponentValue?) {
            linker.define(moduleName, name, Spin1HostFunction.make([.string] + parameters, .result(ok: ok, error: error)) {
                caller, arguments throws(Trap) in
                guard let access = caller.store[RedisAccess.key] else { throw Trap(.host("Redis is not set up for this instance")) }
                guard case .string(let address) = arguments[0], let pool = access.pool(for: address) else {
                    return .error(.enum(1))
                }
                do throws(Failure) {
                    return .ok(try body(pool, arguments))
                } catch {
                    return .error(.enum(1))
                }
            })
        }
        define("publish", [.string, payload], nil) { pool, arguments throws(Failure) in
            _ = try run(pool, [Array(try text(arguments[1]).utf8), try bytes(arguments[2])], "PUBLISH")
            return nil
        }
        define("get", [.string], payload) { pool, arguments throws(Failure) in
            switch try run(pool, [try text(arguments[1])], "GET") {
            case .bulk(let value): return .bytes(value)
            case .nil_: return .bytes([])  // Spin 1 answered an absent key with an empty payload
            default: throw Failure()
            }
        }
        define("set", [.string, payload], nil) { pool, arguments throws(Failure) in
            _ = try run(pool, [Array(try text(arguments[1]).utf8), try bytes(arguments[2])], "SET")
            return nil
        }
        define("incr", [.string], .s64) { pool, arguments throws(Failure) in
            .s64(try integer(run(pool, [try text(arguments[1])], "INCR")))
        }
        define("del", [.list(.string)], .s64) { pool, arguments throws(Failure) in
            .s64(try integer(run(pool, try texts(arguments[1]), "DEL")))
        }
        define("sadd", [.string, .list(.string)], .s64) { pool, arguments throws(Failure) in
            .s64(try integer(run(pool, [try text(arguments[1])] + (try texts(arguments[2])), "SADD")))
        }
        define("smembers", [.string], .list(.string)) { pool, arguments throws(Failure) in
            guard case .array(let members) = try run(pool, [try text(arguments[1])], "SMEMBERS") else { throw Failure() }
            return .list(members.compactMap { if case .bulk(let value) = $0 { .string(String(decoding: value, as: UTF8.self)) } else { nil } })
        }
        define("srem", [.string, .list(.string)], .s64) { pool, arguments throws(Failure) in
            .s64(try integer(run(pool, [try text(arguments[1])] + (try texts(arguments[2])), "SREM")))
        }
        let parameter = ComponentValueType.variant([.init("int64", .s64), .init("binary", payload)])
        let result = ComponentValueType.variant([
            .init("nil", nil), .init("status", .string), .init("int64", .s64), .init("binary", payload),
        ])
        define("execute", [.string, .list(parameter)], .list(result)) { pool, arguments throws(Failure) in
            guard case .list(let values) = arguments[2] else { throw Failure() }
            var words: [[UInt8]] = []
            for value in values {
                switch value {
                case .variant(0, .s64(let number)?): words.append(Array(String(number).utf8))
                case .variant(1, let data?): words.append(data.bytesValue ?? [])
                default: throw Failure()
                }
            }
            return .list(RedisCapability.flatten(try run(pool, words, try text(arguments[1]))))
        }
    }

    private static func run(_ pool: RedisConnectionPool, _ arguments: [[UInt8]], _ command: String) throws(Failure) -> RedisReply {
        do throws(RedisFailure) {
            return try RedisCapability.run(pool, [Array(command.utf8)] + arguments)
        } catch {
            throw Failure()
        }
    }

    private static func run(_ pool: RedisConnectionPool, _ words: [String], _ command: String) throws(Failure) -> RedisReply {
        try run(pool, words.map { Array($0.utf8) }, command)
    }

    private static func integer(_ reply: RedisReply) throws(Failure) -> Int64 {
        guard case .integer(let number) = reply else { throw Failure() }
        return number
    }

    private static func text(_ value: ComponentValue) throws(Failure) -> String {
        guard case .string(let text) = value else { throw Failure() }
        return text
    }

    private static func texts(_ value: ComponentValue) throws(Failure) -> [String] {
        guard case .list(let values) = value else { throw Failure() }
        return values.compactMap(\.stringValue)
    }

    private static func bytes(_ value: ComponentValue) throws(Failure) -> [UInt8] {
        guard let data = value.bytesValue else { throw Failure() }
        return data
    }
}
