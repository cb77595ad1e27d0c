import ComponentModel
import Foundation
import WasmInterpreter

/// The answer to an outbound request, as it arrives from the HTTP
/// client's event loop: nothing yet, a response head (its body then
/// streams into `body`), or an `error-code`. The guest polls it through
/// `future-incoming-response` and is woken when it changes.
final class OutboundResponseFuture: ReadinessSource, @unchecked Sendable {
    // @unchecked: `state` and `taken` are guarded by `lock`.

    enum State {
        case pending
        case response(status: UInt16, headers: [(name: String, value: String)], body: RequestBody)
        case failed(ComponentValue)
    }

    private let lock = NSLock()
    private var state = State.pending
    private var taken = false
    let wakeup: GuestWakeup
    /// Stops the request (set once it is under way; a chained one has none).
    var stop: (@Sendable () -> Void)?

    init(wakeup: GuestWakeup) {
        self.wakeup = wakeup
    }

    /// The client's side: the first outcome wins.
    func resolve(_ outcome: State) {
        let changed = lock.withLock {
            guard case .pending = state else { return false }
            state = outcome
            return true
        }
        if changed { wakeup.signal() }
    }

    var isReady: Bool {
        lock.withLock { if case .pending = state { false } else { true } }
    }

    /// `get`: nil while pending; then the outcome once, `.alreadyTaken` after.
    enum Outcome {
        case response(status: UInt16, headers: [(name: String, value: String)], body: RequestBody)
        case failed(ComponentValue)
        case alreadyTaken
    }

    func take() -> Outcome? {
        lock.withLock {
            switch state {
            case .pending: return nil
            case _ where taken: return .alreadyTaken
            case .response(let status, let headers, let body):
                taken = true
                return .response(status: status, headers: headers, body: body)
            case .failed(let code):
                taken = true
                return .failed(code)
            }
        }
    }

    /// Waits until the outcome is known or `interruption` is set.
    func wait(interruption: Interruption?) throws(Trap) {
        while true {
            let seen = wakeup.current
            if isReady { return }
            if interruption?.isSet == true { throw Trap(.interrupted) }
            wakeup.wait(after: seen, nanoseconds: 100_000_000)
        }
    }
}
