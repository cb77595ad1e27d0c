import ComponentModel
import WasmInterpreter

/// Spin 1's `outbound-pg` and `outbound-mysql` (Spin 1.5's
/// `wit/ephemeral/outbound-{pg,mysql}.wit`): this host has no Postgres or
/// MySQL client (as for their Spin 2 and 3 forms), so each call answers its
/// interface's `other-error("… is not available in this host")`, made as
/// `UnavailableInterface` makes every such value.
enum Spin1UnavailableInterfaces {
    static let dataType = ComponentValueType.enum([
        "boolean", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
        "floating32", "floating64", "str", "binary", "other",
    ])
    static let scalarCases: [ComponentValueType.Case] = [
        .init("boolean", .bool), .init("int8", .s8), .init("int16", .s16), .init("int32", .s32), .init("int64", .s64),
        .init("uint8", .u8), .init("uint16", .u16), .init("uint32", .u32), .init("uint64", .u64),
        .init("floating32", .f32), .init("floating64", .f64), .init("str", .string), .init("binary", .list(.u8)),
        .init("db-null", nil),
    ]
    static let dbValue = ComponentValueType.variant(scalarCases + [.init("unsupported", nil)])
    static let parameterValue = ComponentValueType.variant(scalarCases)
    static let rowSet = ComponentValueType.record([
        .init("columns", .list(.record([.init("name", .string), .init("data-type", dataType)]))),
        .init("rows", .list(.list(dbValue))),
    ])
    static let databaseError = ComponentValueType.variant([
        .init("success", nil), .init("connection-failed", .string), .init("bad-parameter", .string),
        .init("query-failed", .string), .init("value-conversion-failed", .string), .init("other-error", .string),
    ])

    static func define(in linker: inout Linker) {
        let parameters: [ComponentValueType] = [.string, .string, .list(parameterValue)]
        for (module, executeResult) in [("outbound-pg", ComponentValueType.u64), ("outbound-mysql", nil)] {
            let message = "\(module) is not available in this host"
            let failure = ComponentValue.error(UnavailableInterface.errorPayload(databaseError, message: message,
                                                                                 preferring: ["other-error"]))
            linker.define(module, "query", Spin1HostFunction.make(parameters, .result(ok: rowSet, error: databaseError)) { _, _ throws(Trap) in
                failure
            })
            linker.define(module, "execute", Spin1HostFunction.make(parameters, .result(ok: executeResult, error: databaseError)) {
                _, _ throws(Trap) in failure
            })
        }
    }
}
