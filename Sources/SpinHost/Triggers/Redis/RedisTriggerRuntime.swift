import Foundation
import Synchronization
import ComponentModel

/// The Redis trigger of one application: one subscriber thread per
/// server address, subscribed to every channel a `[[trigger.redis]]` names
/// there. Messages of one connection are handled one after another, in
/// the order Redis delivers them, each by a fresh instance of every
/// component on its channel. When the connection drops (Redis restarted,
/// the network failed) the subscriber reconnects and subscribes again,
/// backing off up to two seconds between attempts; `spin up` keeps serving
/// meanwhile. (Spin's trigger exits instead; see RATIONALE.md#why-the-redis-trigger-reconnects.)
final class RedisTriggerRuntime: Sendable {
    struct Subscription: Sendable {
        let address: RedisAddress
        /// Components by channel.
        let channels: [String: [any RedisMessageHandler]]
    }

    let subscriptions: [Subscription]
    let deadline: Double
    let report: @Sendable (String) -> Void
    private let watchdog = DeadlineWatchdog()
    private let stopping = Atomic(false)

    init(subscriptions: [Subscription], deadline: Double, report: @escaping @Sendable (String) -> Void) {
        self.subscriptions = subscriptions
        self.deadline = deadline
        self.report = report
    }

    /// The `Active Channels` lines Spin prints.
    var channelListing: [String] {
        subscriptions.flatMap { subscription in
            subscription.channels.keys.sorted().map { channel in
                "  \(subscription.address)/\(channel): [\(subscription.channels[channel]!.map(\.id).joined(separator: ","))]"
            }
        }
    }

    func start() {
        for subscription in subscriptions {
            let thread = Thread { [self] in listen(subscription) }
            thread.name = "redis-trigger"
            thread.start()
        }
    }

    func stop() {
        stopping.store(true, ordering: .relaxed)
    }

    private func listen(_ subscription: Subscription) {
        var backoff = 0.1
        var connectedBefore = false
        while !stopping.load(ordering: .relaxed) {
            do throws(RedisError) {
                let connection = try RedisConnection(subscription.address, timeout: 5)
                try connection.send([Array("SUBSCRIBE".utf8)] + subscription.channels.keys.sorted().map { Array($0.utf8) })
                for _ in subscription.channels { _ = try connection.readReply() }  // one confirmation per channel
                connection.waitForever()
                if connectedBefore { report("Redis trigger: subscribed again to \(subscription.address)") }
                connectedBefore = true
                backoff = 0.1
                while !stopping.load(ordering: .relaxed) {
                    guard case .array(let parts) = try connection.readReply(), parts.count == 3,
                          case .bulk(let kind) = parts[0], kind == Array("message".utf8),
                          case .bulk(let channelBytes) = parts[1], case .bulk(let payload) = parts[2] else { continue }
                    let channel = String(decoding: channelBytes, as: UTF8.self)
                    for component in subscription.channels[channel] ?? [] {
                        if let failure = component.handle(payload, watchdog: watchdog, deadline: deadline) {
                            report("Redis trigger: component \"\(component.id)\" failed on a message of \(channel): \(failure)")
                        }
                    }
                }
            } catch {
                if stopping.load(ordering: .relaxed) { return }
                report("Redis trigger: \(error.message); reconnecting in \(backoff) s")
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(backoff * 2, 2)
            }
        }
    }
}
