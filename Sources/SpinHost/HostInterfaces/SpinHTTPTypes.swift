import ComponentModel

/// `http-types` as Spin 1 (`wit/ephemeral/http-types.wit` of Spin 1.5) and
/// Spin 2 (`fermyon:spin/http-types@2.0.0`) declare it: the records of
/// Spin 1's `handle-http-request` and `wasi-outbound-http`, and of Spin 2's
/// `inbound-http` and `fermyon:spin/http` `send-request`.
enum SpinHTTPTypes {
    /// The `method` enum's cases as HTTP methods, in WIT order.
    static let methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
    static let pairs = ComponentValueType.list(.tuple([.string, .string]))
    static let body = ComponentValueType.list(.u8)
    static let request = ComponentValueType.record([
        .init("method", .enum(methods.map { $0.lowercased() })),
        .init("uri", .string),
        .init("headers", pairs),
        .init("params", pairs),
        .init("body", .option(body)),
    ])
    static let response = ComponentValueType.record([
        .init("status", .u16),
        .init("headers", .option(pairs)),
        .init("body", .option(body)),
    ])
    static let httpError = ComponentValueType.enum([
        "success", "destination-not-allowed", "invalid-url", "request-error", "runtime-error", "too-many-requests",
    ])
}
