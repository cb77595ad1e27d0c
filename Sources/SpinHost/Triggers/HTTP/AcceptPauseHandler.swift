import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pauses accepting for a while when `accept` fails for want of descriptors
/// or memory, instead of retrying at once.
///
/// NIO's own `AcceptBackoffHandler` only delays the next `read()` request,
/// but after a failed first `accept` the server channel still has a read
/// pending and stays registered for readability: the connection left queued
/// wakes the event loop again at once, and a core spins (measured: ~4,300
/// failed `accept4` calls a second). Turning `autoRead` off unregisters the
/// socket from the poller; turning it back on after the pause retries once.
/// See RATIONALE.md#why-these-connection-limits
final class AcceptPauseHandler: ChannelInboundHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    let pause: TimeAmount
    private var resumption: Scheduled<Void>?

    init(pause: TimeAmount = .milliseconds(250)) {
        self.pause = pause
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? IOError, Self.isResourceShortage(error.errnoCode) else {
            context.fireErrorCaught(error)
            return
        }
        guard resumption == nil, let options = context.channel.syncOptions else { return }
        try? options.setOption(.autoRead, value: false)
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        resumption = context.eventLoop.scheduleTask(in: pause) {
            let (handler, context) = loopBound.value
            handler.resumption = nil
            try? context.channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        resumption?.cancel()
        resumption = nil
        context.fireChannelInactive()
    }

    /// The `accept` failures that pass once connections close.
    static func isResourceShortage(_ code: Int32) -> Bool {
        code == EMFILE || code == ENFILE || code == ENOBUFS || code == ENOMEM
    }
}
