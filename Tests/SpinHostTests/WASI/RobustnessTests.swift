@testable import SpinHost
import Testing
import WasmDecoder
import WasmInterpreter

/// Bad guest input gives an errno, never a crash or a stray trap.
struct RobustnessTests {
    @Test func errnoValuesMatchTheWitx() {
        #expect(WASIErrno.toobig.rawValue == 1)
        #expect(WASIErrno.badf.rawValue == 8)
        #expect(WASIErrno.exist.rawValue == 20)
        #expect(WASIErrno.fault.rawValue == 21)
        #expect(WASIErrno.inval.rawValue == 28)
        #expect(WASIErrno.loop.rawValue == 32)
        #expect(WASIErrno.noent.rawValue == 44)
        #expect(WASIErrno.notdir.rawValue == 54)
        #expect(WASIErrno.perm.rawValue == 63)
        #expect(WASIErrno.spipe.rawValue == 70)
        #expect(WASIErrno.notcapable.rawValue == 76)
        #expect(WASIErrno(rawValue: 77) == nil)
        #expect(WASIErrno.toobig.description == "errno 1 (2big)")
        #expect(WASIErrno.notcapable.name == "notcapable")
    }

    @Test func recordLayoutsMatchTheWitx() {
        #expect(IovecLayout.size == 8)
        #expect(FdstatLayout.size == 24 && FdstatLayout.rightsBase == 8)
        #expect(FilestatLayout.size == 64 && FilestatLayout.fileSize == 32)
        #expect(PrestatLayout.size == 8 && PrestatLayout.nameLength == 4)
        #expect(DirentLayout.size == 24 && DirentLayout.type == 20)
        #expect(SubscriptionLayout.size == 48 && SubscriptionLayout.clockFlags == 40)
        #expect(EventLayout.size == 32 && EventLayout.byteCount == 16)
        #expect(Rights.all.rawValue == 0x3FFF_FFFF)
    }

    @Test func missingContextIsAHostTrap() throws {
        let engine = Engine()
        var linker = Linker()
        WASIPreview1.define(in: &linker)
        let instance = try linker.instantiate(try engine.compile(GuestModules.shim.bytes), in: Store(engine: engine))
        do {
            _ = try instance.invoke("sched_yield")
            Issue.record("no trap")
        } catch {
            guard case .trap(let trap) = error, case .host(let message) = trap.reason else { throw error }
            #expect(message.contains("WASIContext"))
        }
    }

    @Test func moduleWithoutMemoryGetsFault() throws {
        let engine = Engine()
        var linker = Linker()
        WASIPreview1.define(in: &linker)
        let store = Store(engine: engine)
        store[WASIContext.key] = try WASIContext()
        let instance = try linker.instantiate(try engine.compile(GuestModules.nomemory.bytes), in: store)
        #expect(try instance.invoke("fd_write", [.i32(1), .i32(0), .i32(0), .i32(0)]) == [.i32(UInt32(WASIErrno.fault.rawValue))])
        #expect(try instance.invoke("sched_yield") == [.i32(0)])
    }

    static let far: Value = .i32(0xFFFF_FFF0)

    /// Each call passes one pointer outside the 64 KiB memory.
    @Test(arguments: [
        ("fd_write", [.i32(1), far, .i32(1), .i32(0)]),
        ("fd_write", [.i32(1), .i32(0), .i32(0x2000_0000), .i32(0)]),
        ("fd_write", [.i32(1), .i32(0), .i32(0), far]),
        ("fd_read", [.i32(0), far, .i32(1), .i32(0)]),
        ("fd_fdstat_get", [.i32(0), far]),
        ("fd_filestat_get", [.i32(3), far]),
        ("fd_prestat_get", [.i32(3), far]),
        ("fd_prestat_dir_name", [.i32(3), far, .i32(100)]),
        ("fd_readdir", [.i32(3), far, .i32(100), .i64(0), .i32(0)]),
        ("fd_readdir", [.i32(3), .i32(0), .i32(100), .i64(0), far]),
        ("fd_seek", [.i32(4), .i64(0), .i32(0), far]),
        ("fd_tell", [.i32(4), far]),
        ("clock_time_get", [.i32(0), .i64(0), far]),
        ("clock_res_get", [.i32(1), far]),
        ("path_open", [.i32(3), .i32(0), far, .i32(4), .i32(0), .i64(0), .i64(0), .i32(0), .i32(0)]),
        ("path_open", [.i32(3), .i32(0), .i32(0), .i32(1), .i32(0), .i64(0), .i64(0), .i32(0), far]),
        ("path_filestat_get", [.i32(3), .i32(0), .i32(1024), .i32(1), far]),
        ("path_readlink", [.i32(3), .i32(1024), .i32(1), far, .i32(10), .i32(0)]),
        ("path_create_directory", [.i32(3), far, .i32(10)]),
    ] as [(String, [Value])])
    func pointersOutsideMemoryFault(function: String, arguments: [Value]) throws {
        let sandbox = try TemporaryDirectory()
        try sandbox.write("x", to: "x")
        try sandbox.symlink("l", to: "x")
        let guest = try WASIGuest(WASIContext(preopens: [WASIPreopenDirectory(hostPath: sandbox.path, guestPath: "/")]))
        try guest.memory.write(Array("xl".utf8), at: 1024)
        _ = try guest.open("x")  // descriptor 4
        let results = try guest.instance.invoke(function, arguments)
        #expect(results == [.i32(UInt32(WASIErrno.fault.rawValue))])
    }

    @Test(arguments: [
        ("fd_close", [.i32(99)]), ("fd_renumber", [.i32(1), .i32(99)]), ("fd_renumber", [.i32(99), .i32(1)]),
        ("fd_seek", [.i32(99), .i64(0), .i32(0), .i32(0)]), ("fd_sync", [.i32(0xFFFF_FFFF)]),
        ("fd_fdstat_set_rights", [.i32(99), .i64(0), .i64(0)]), ("fd_readdir", [.i32(99), .i32(0), .i32(0), .i64(0), .i32(0)]),
        ("path_open", [.i32(99), .i32(0), .i32(0), .i32(1), .i32(0), .i64(0), .i64(0), .i32(0), .i32(0)]),
    ] as [(String, [Value])])
    func unknownDescriptorsAreBadf(function: String, arguments: [Value]) throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.instance.invoke(function, arguments) == [.i32(UInt32(WASIErrno.badf.rawValue))])
    }

    @Test func streamsAreNoDirectories() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(try guest.open("x", in: 0) == .failure(.notdir))
        #expect(try guest.call("fd_readdir", .i32(1), .i32(0), .i32(10), .i64(0), .i32(0)) == .notdir)
    }

    @Test func rightsCanOnlyBeDropped() throws {
        let guest = try WASIGuest(WASIContext(stdin: .bytes([1, 2, 3])))
        #expect(try guest.call("fd_fdstat_set_rights", .i32(0), .i64(0), .i64(0)) == .success)
        #expect(try guest.read(0, count: 1) == .failure(.badf))
        #expect(try guest.call("fd_fdstat_set_rights", .i32(0), .i64(2), .i64(0)) == .notcapable)
    }

    /// Random arguments to every function (but `proc_exit`, which must
    /// trap, and `poll_oneoff`, which may sleep for as long as it is told)
    /// in a read-only sandbox: each call returns an errno.
    @Test func randomArgumentsNeverCrash() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let sandbox = try TemporaryDirectory()
        try sandbox.makeDirectory("dir")
        try sandbox.write("data", to: "file")
        let context = try WASIContext(
            arguments: ["fuzz"], environment: [("K", "V")],
            preopens: [WASIPreopenDirectory(hostPath: sandbox.path, guestPath: "/", readOnly: true)],
            stdin: .bytes([1, 2, 3]), stdout: .capture(limit: 1 << 16), stderr: .discard)
        let guest = try WASIGuest(context)
        let functions = WASIPreview1.functions.filter { $0.0 != "proc_exit" && $0.0 != "poll_oneoff" }
        for round in 0..<3000 {
            if round % 100 == 0 {
                // Fresh memory contents: small numbers and paths are likelier to reach deep code.
                let bytes = (0..<65536).map { _ in UInt8(truncatingIfNeeded: generator.next() % 7 == 0 ? generator.next() : generator.next() % 8) }
                try guest.memory.write(bytes, at: 0)
                try guest.memory.write(Array("file\0dir/../file\0..\0".utf8), at: 0)
            }
            let (name, function) = functions[Int(generator.next() % UInt64(functions.count))]
            let arguments = function.type.parameters.map { type -> Value in
                let small = generator.next() % 3 != 0
                let raw = small ? generator.next() % 64 : generator.next()
                return type == .i64 ? .i64(raw) : .i32(UInt32(truncatingIfNeeded: raw))
            }
            let results = try guest.instance.invoke(name, arguments)
            guard case .i32(let errno)? = results.first, WASIErrno(rawValue: UInt16(errno)) != nil else {
                Issue.record("\(name)(\(arguments)) returned \(results)")
                continue
            }
        }
        #expect(try sandbox.read("file") == "data")
    }
}

/// A small seeded generator, so the random test is the same every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
