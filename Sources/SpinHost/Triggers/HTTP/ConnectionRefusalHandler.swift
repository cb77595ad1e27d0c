import NIOCore

/// The whole pipeline of a connection beyond `maximumConnections`: a 503
/// with `connection: close` (RFC 9110 §15.6.4) written at once, whatever the
/// client sends, then the connection ends. Clearer than a reset or a silent
/// close, and costs no HTTP parsing. See RATIONALE.md#why-these-connection-limits
final class ConnectionRefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let response: String = {
        let text = "Too many connections\n"
        return "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain\r\n"
            + "content-length: \(text.utf8.count)\r\nretry-after: 1\r\nconnection: close\r\n\r\n" + text
    }()

    func channelActive(context: ChannelHandlerContext) {
        let response = context.channel.allocator.buffer(string: Self.response)
        context.writeAndFlush(Self.wrapOutboundOut(response)).assumeIsolated().whenComplete { _ in
            context.closeLingering(after: 1)
        }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // The request is not read: whatever it is, the answer is the same.
    }
}
