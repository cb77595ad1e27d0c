@testable import ComponentModel
@testable import SpinHost
import Testing
import WasmInterpreter

/// Interfaces this host does not implement yet answer with their own error
/// values, built from the function's type (the shapes below are those of
/// the Spin and WASI interfaces the Python SDK imports).
struct UnavailableInterfaceTests {
    static let message = "fermyon:spin/key-value@2.0.0 is not available in this host"

    static func call(_ result: ComponentValueType?) throws -> ComponentValue? {
        let type = ComponentFunctionType(parameters: [], result: result)
        let body = try #require(UnavailableInterface.serve("fermyon:spin/key-value@2.0.0", "open", type))
        return try body(HostCall(store: Store(engine: Engine())), [])
    }

    @Test func keyValueErrorIsOtherWithTheMessage() throws {
        // fermyon:spin/key-value error: store-table-full, no-such-store, access-denied, other(string)
        let error = ComponentValueType.variant([.init("store-table-full", nil), .init("no-such-store", nil),
                                                .init("access-denied", nil), .init("other", .string)])
        #expect(try Self.call(.result(ok: .u32, error: error)) == .error(.variant(case: 3, payload: .string(Self.message))))
    }

    @Test func sqliteErrorUsesIo() throws {
        // spin:sqlite error: no-such-database, access-denied, invalid-connection, database-full, io(string)
        let error = ComponentValueType.variant([.init("no-such-database", nil), .init("access-denied", nil),
                                                .init("invalid-connection", nil), .init("database-full", nil),
                                                .init("io", .string)])
        #expect(try Self.call(.result(ok: nil, error: error)) == .error(.variant(case: 4, payload: .string(Self.message))))
    }

    @Test func llmErrorUsesRuntimeError() throws {
        let error = ComponentValueType.variant([.init("model-not-supported", nil), .init("runtime-error", .string),
                                                .init("invalid-input", .string)])
        #expect(try Self.call(.result(ok: .string, error: error)) == .error(.variant(case: 1, payload: .string(Self.message))))
    }

    @Test func outgoingHandlerUsesInternalError() throws {
        let error = WASIHTTPTypes.errorCode
        #expect(try Self.call(.result(ok: .u32, error: error))
            == .error(.variant(case: 38, payload: .option(.string(Self.message)))))
    }

    @Test func anyStringCaseBeatsCasesWithoutPayload() throws {
        let error = ComponentValueType.variant([.init("invalid-address", nil), .init("connection-failed", .string)])
        #expect(try Self.call(.result(ok: nil, error: error)) == .error(.variant(case: 1, payload: .string(Self.message))))
        let other = ComponentValueType.variant([.init("a", nil), .init("b", .option(.string))])
        #expect(try Self.call(.result(ok: nil, error: other)) == .error(.variant(case: 1, payload: .option(.string(Self.message)))))
    }

    /// wasi:sockets answers access-denied: the @0.3 error-code (rc and final)
    /// though its variant has an `other(option<string>)`, and an enum-shaped
    /// error-code of any sockets name the host leaves undefined.
    @Test func socketsAreDenied() throws {
        let variant = ComponentValueType.variant([.init("access-denied", nil), .init("not-supported", nil),
                                                  .init("other", .option(.string))])
        let type = ComponentFunctionType(parameters: [], result: .result(ok: .u32, error: variant))
        let body = try #require(UnavailableInterface.serve("wasi:sockets/types@0.3.0", "[static]tcp-socket.create", type))
        #expect(try body(HostCall(store: Store(engine: Engine())), []) == .error(.variant(case: 0, payload: nil)))
        let enumType = ComponentFunctionType(parameters: [], result: .result(ok: .u32, error: .enum(["unknown", "access-denied"])))
        let enumBody = try #require(UnavailableInterface.serve("wasi:sockets/tcp-create-socket@0.2.6", "create-tcp-socket", enumType))
        #expect(try enumBody(HostCall(store: Store(engine: Engine())), []) == .error(.enum(1)))
    }

    @Test func enumsAndBareErrors() throws {
        #expect(try Self.call(.result(ok: nil, error: .enum(["a", "not-supported"]))) == .error(.enum(1)))
        #expect(try Self.call(.result(ok: nil, error: .enum(["a", "b"]))) == .error(.enum(0)))
        #expect(try Self.call(.result(ok: .u8, error: nil)) == .error(nil))
        #expect(try Self.call(.result(ok: nil, error: .string)) == .error(.string(Self.message)))
    }

    @Test func aFunctionWithoutAnErrorTrapsWhenCalled() throws {
        for result: ComponentValueType? in [nil, .u32, .result(ok: nil, error: .record([.init("x", .u8)]))] {
            #expect {
                try Self.call(result)
            } throws: { error in
                (error as? Trap)?.message == "fermyon:spin/key-value@2.0.0#open: \(Self.message)"
            }
        }
    }
}
