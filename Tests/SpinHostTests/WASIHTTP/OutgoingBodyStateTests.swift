@testable import SpinHost
import Testing

/// How a guest's response reaches the client: held while the guest keeps
/// writing so a small response goes out whole with its length, streamed
/// once it grows or the guest waits, checked against a `content-length`
/// the guest gave.
struct OutgoingBodyStateTests {
    static func state(_ headers: [(String, String)] = [("content-type", "text/plain")]) -> OutgoingBodyState {
        let state = OutgoingBodyState(headers: HTTPFields(trusted: headers, isImmutable: false), wakeup: GuestWakeup())
        state.bodyTaken = true
        return state
    }

    @Test func aSmallBodyGoesOutWholeWithItsLength() throws {
        let state = Self.state()
        let sink = CollectedResponse()
        state.status = 201
        state.attach(sink)
        try state.write(Array("hello ".utf8))
        try state.write(Array("world".utf8))
        #expect(!sink.headSent, "held while the guest writes")
        #expect(state.finish(trailers: nil) == nil)
        #expect(sink.response.status == 201 && sink.response.body == Array("hello world".utf8))
        #expect(sink.announcedLength == 11)
    }

    @Test func aBodyWrittenBeforeTheOutparamIsSentWhenItIsSet() throws {
        let state = Self.state()
        try state.write([1, 2, 3])
        #expect(state.finish(trailers: nil) == nil)
        let sink = CollectedResponse()
        state.attach(sink)
        #expect(sink.response.body == [1, 2, 3] && sink.announcedLength == 3)
    }

    @Test func aResponseWithoutABodyIsCompleteWhenSet() {
        let state = OutgoingBodyState(headers: HTTPFields(), wakeup: GuestWakeup())
        let sink = CollectedResponse()
        state.status = 204
        state.attach(sink)
        #expect(sink.response.status == 204 && sink.announcedLength == 0 && state.isFinished)
    }

    @Test func aLargeBodyStreamsWithoutALength() throws {
        let state = Self.state()
        let sink = CollectedResponse()
        state.attach(sink)
        let chunk = [UInt8](repeating: 1, count: 4096)
        for _ in 0..<(OutgoingBodyState.holdLimit / 4096) { try state.write(chunk) }
        #expect(sink.headSent && sink.announcedLength == nil, "the head went out once the hold limit was reached")
        try state.write(chunk)
        #expect(state.finish(trailers: nil) == nil)
        #expect(sink.response.body.count == OutgoingBodyState.holdLimit + 4096)
    }

    @Test func aGuestThatWaitsSendsWhatItWrote() throws {
        let state = Self.state()
        let sink = CollectedResponse()
        state.attach(sink)
        try state.write([42])
        state.release()
        #expect(sink.headSent && sink.announcedLength == nil)
        #expect(state.finish(trailers: HTTPFields(trusted: [("x-done", "yes")], isImmutable: false)) == nil)
        #expect(sink.response.body == [42] && sink.sentTrailers.map(\.name) == ["x-done"])
    }

    @Test func trailersForceChunkedEncoding() throws {
        let state = Self.state()
        let sink = CollectedResponse()
        state.attach(sink)
        try state.write([1])
        #expect(state.finish(trailers: HTTPFields(trusted: [("x-t", "1")], isImmutable: false)) == nil)
        #expect(sink.announcedLength == nil && sink.sentTrailers.count == 1)
    }

    @Test func theGuestsContentLengthIsKeptAndEnforced() throws {
        let state = Self.state([("content-length", "3")])
        let sink = CollectedResponse()
        state.attach(sink)
        try state.write([1, 2])
        #expect(throws: OutgoingBodyState.WriteFailure.self) { try state.write([3, 4]) }
        #expect(state.finish(trailers: nil) != nil, "2 of 3 bytes: HTTP-response-body-size")
        #expect(!state.isFinished)

        let exact = Self.state([("content-length", "2")])
        let exactSink = CollectedResponse()
        exact.attach(exactSink)
        try exact.write([1, 2])
        #expect(exact.finish(trailers: nil) == nil && exactSink.announcedLength == 2)
    }
}
