import NIOCore
import NIOHTTP1

/// Answers a request the decoder cannot parse, then ends the connection:
/// 431 when its head is over the decoder's limits (RFC 6585 §5; the decoder
/// reports `HTTPParserError.headerOverflow` past 80 KiB of fields), 400
/// otherwise. Takes the place of NIO's `HTTPServerProtocolErrorHandler`,
/// which answers 400 to everything and leaves the connection open.
final class RequestParseErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    // All state is touched on the channel's event loop only.
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responseInProgress = false
    private var failed = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            // Bytes after the parse error: already answered, being discarded.
            if failed, error is ByteToMessageDecoderError { return }
            context.fireErrorCaught(error)
            return
        }
        guard !failed else { return }
        failed = true
        guard !responseInProgress else {
            // Half a response is out; no status can follow it.
            context.close(promise: nil)
            return
        }
        let (status, text): (HTTPResponseStatus, String) = parseError == .headerOverflow
            ? (.requestHeaderFieldsTooLarge, "Request Header Fields Too Large\n")
            : (.badRequest, "Bad Request\n")
        let headers = HTTPHeaders([
            ("content-type", "text/plain"), ("content-length", String(text.utf8.count)), ("connection", "close"),
        ])
        context.write(Self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                      promise: nil)
        context.write(Self.wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))),
                      promise: nil)
        context.writeAndFlush(Self.wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.closeLingering()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch Self.unwrapOutboundIn(data) {
        case .head(let head) where head.status.code >= 200 || head.status == .switchingProtocols:
            responseInProgress = true
        case .end:
            responseInProgress = false
        case .head, .body:
            break
        }
        context.write(data, promise: promise)
    }
}
