@testable import ComponentModel
@testable import SpinHost
import Testing
import WasmInterpreter

/// `wasi:cli`, `wasi:clocks`, `wasi:random` and `wasi:sockets`.
struct WASIComponentCLITests {
    @Test func environmentAndArgumentsAreTheContexts() throws {
        let host = ComponentHost(try WASIContext(arguments: ["app.wasm", "x y", "ü"],
                                                 environment: [("B", "2"), ("A", "1=one")]))
        let environment = "wasi:cli/environment@0.2.0"
        #expect(try host.call(environment, "get-arguments") == .list([.string("app.wasm"), .string("x y"), .string("ü")]))
        #expect(try host.call(environment, "get-environment") == .list([
            .tuple([.string("B"), .string("2")]), .tuple([.string("A"), .string("1=one")]),
        ]))
        #expect(try host.call(environment, "initial-cwd") == .option(nil))
    }

    @Test(arguments: [(ComponentValue.ok(nil), Int32(0)), (.error(nil), 1)])
    func exitEndsTheRunWithItsCode(status: ComponentValue, code: Int32) throws {
        let host = ComponentHost(try WASIContext())
        let trap = try host.trap("wasi:cli/exit@0.2.0", "exit", status)
        #expect(trap?.reason == .exit(code: code))
        #expect(host.context.exitCode == code)
    }

    @Test func noTerminalForCapturedStreams() throws {
        let host = ComponentHost(try WASIContext(stdin: .bytes([]), stdout: .capture, stderr: .discard))
        #expect(try host.call("wasi:cli/terminal-stdin@0.2.0", "get-terminal-stdin") == .option(nil))
        #expect(try host.call("wasi:cli/terminal-stdout@0.2.0", "get-terminal-stdout") == .option(nil))
        #expect(try host.call("wasi:cli/terminal-stderr@0.2.0", "get-terminal-stderr") == .option(nil))
    }

    @Test func aStoreWithoutAContextTraps() throws {
        var linker = ComponentLinker()
        WASIComponent.define(in: &linker)
        let function = try #require(linker.interface(servingImport: "wasi:cli/environment@0.2.0")?.functions["get-arguments"])
        let store = Store(engine: Engine())
        #expect(throws: Trap.self) { try function.body(HostCall(store: store), []) }
    }

    @Test func clocksTellTheTime() throws {
        let host = ComponentHost(try WASIContext())
        let monotonic = "wasi:clocks/monotonic-clock@0.2.0"
        let first = try #require(try host.call(monotonic, "now")?.u64Value)
        let second = try #require(try host.call(monotonic, "now")?.u64Value)
        #expect(first > 0 && second >= first)
        #expect(try #require(try host.call(monotonic, "resolution")?.u64Value) > 0)
        guard case .record(let now)? = try host.call("wasi:clocks/wall-clock@0.2.0", "now"),
              case .u64(let seconds) = now[0], case .u32(let nanoseconds) = now[1] else {
            Issue.record("wall-clock.now is not a datetime")
            return
        }
        #expect(seconds > 1_700_000_000 && nanoseconds < 1_000_000_000)
        guard case .record(let resolution)? = try host.call("wasi:clocks/wall-clock@0.2.0", "resolution") else {
            Issue.record("wall-clock.resolution is not a datetime")
            return
        }
        #expect(resolution.count == 2 && resolution[0] == .u64(0))
    }

    @Test(arguments: [0, 1, 7, 8, 9, 1000])
    func randomBytesHaveTheLengthAskedFor(count: Int) throws {
        let host = ComponentHost(try WASIContext())
        for (interface, name) in [("wasi:random/random@0.2.0", "get-random-bytes"),
                                  ("wasi:random/insecure@0.2.0", "get-insecure-random-bytes")] {
            let bytes = try #require(try host.call(interface, name, .u64(UInt64(count)))?.bytesValue)
            #expect(bytes.count == count)
            if count >= 16 { #expect(Set(bytes).count > 1) }
        }
    }

    @Test func randomComesFromTheContextsGenerator() throws {
        let context = try WASIContext()
        context.randomNumberGenerator = CountingGenerator()
        let host = ComponentHost(context)
        #expect(try host.call("wasi:random/random@0.2.0", "get-random-u64") == .u64(1))
        #expect(try host.call("wasi:random/insecure@0.2.0", "get-insecure-random-u64") == .u64(2))
        #expect(try host.call("wasi:random/random@0.2.0", "get-random-bytes", .u64(9)) == .bytes([3, 0, 0, 0, 0, 0, 0, 0, 4]))
        // The seed is drawn once and then always the same.
        let seed = try host.call("wasi:random/insecure-seed@0.2.0", "insecure-seed")
        #expect(seed == .tuple([.u64(5), .u64(6)]))
        #expect(try host.call("wasi:random/insecure-seed@0.2.0", "insecure-seed") == seed)
    }

    @Test func tooManyRandomBytesTrap() throws {
        let host = ComponentHost(try WASIContext())
        let trap = try host.trap("wasi:random/random@0.2.0", "get-random-bytes", .u64((64 << 20) + 1))
        #expect(trap?.description.contains("exceeds limit") == true)
    }

    @Test func socketsAreDenied() throws {
        let host = ComponentHost(try WASIContext())
        let network = try #require(try host.call("wasi:sockets/instance-network@0.2.0", "instance-network"))
        #expect(network.handleValue != nil)
        // network.error-code: access-denied is case 1, permanent-resolver-failure case 20.
        #expect(try host.call("wasi:sockets/tcp-create-socket@0.2.0", "create-tcp-socket", .enum(0)) == .error(.enum(1)))
        #expect(try host.call("wasi:sockets/udp-create-socket@0.2.0", "create-udp-socket", .enum(1)) == .error(.enum(1)))
        #expect(try host.call("wasi:sockets/ip-name-lookup@0.2.0", "resolve-addresses", network.borrowed,
                              .string("example.com")) == .error(.enum(20)))
        #expect(try host.trap("wasi:sockets/ip-name-lookup@0.2.0", "resolve-addresses", .borrow(4242), .string("x")) != nil)
        // No socket can exist, so every method traps on any handle.
        #expect(try host.trap("wasi:sockets/tcp@0.2.0", "[method]tcp-socket.is-listening", .borrow(1)) != nil)
        #expect(try host.trap("wasi:sockets/udp@0.2.0", "[method]udp-socket.subscribe", network.borrowed) != nil)
        #expect(try host.trap("wasi:sockets/ip-name-lookup@0.2.0", "[method]resolve-address-stream.resolve-next-address",
                              .borrow(1)) != nil)
    }
}

/// 1, 2, 3, ...: a generator whose output a test can predict.
struct CountingGenerator: RandomNumberGenerator {
    var count: UInt64 = 0
    mutating func next() -> UInt64 {
        count += 1
        return count
    }
}
