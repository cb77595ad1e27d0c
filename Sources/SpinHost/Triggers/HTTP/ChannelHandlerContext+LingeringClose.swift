import NIOCore

extension ChannelHandlerContext {
    /// Ends a connection after a final answer the client may still be
    /// talking over (a refusal, a parse error). A plain close with unread
    /// bytes in the socket sends a reset, and the client's kernel may then
    /// drop our answer before the client reads it; so this shuts our side,
    /// keeps reading (the handlers discard it) until the client closes, and
    /// closes anyway after `seconds`.
    func closeLingering(after seconds: Int64 = 2) {
        let channel = self.channel
        let halfClosed = eventLoop.makePromise(of: Void.self)
        close(mode: .output, promise: halfClosed)
        halfClosed.futureResult.whenFailure { _ in channel.close(promise: nil) }
        eventLoop.assumeIsolated().scheduleTask(in: .seconds(seconds)) { channel.close(promise: nil) }
    }
}
