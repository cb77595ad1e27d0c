import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// Files and directories inside a writable preopen.
struct FileTests {
    static let creat: UInt32 = 1, directory: UInt32 = 2, excl: UInt32 = 4, trunc: UInt32 = 8
    static let append: UInt32 = 1

    let sandbox: TemporaryDirectory
    let context: WASIContext
    let guest: WASIGuest

    init() throws {
        sandbox = try TemporaryDirectory()
        context = try WASIContext(preopens: [WASIPreopenDirectory(hostPath: sandbox.path, guestPath: "/sandbox")])
        guest = try WASIGuest(context)
    }

    @Test func createWriteSeekAndRead() throws {
        let fd = try guest.open("notes.txt", openFlags: Self.creat).get()
        #expect(fd == 4)
        #expect(try guest.write("hello world", to: fd) == .success(11))
        #expect(try guest.call("fd_seek", .i32(fd), .i64(6), .i32(0), .i32(16)) == .success)
        #expect(try guest.u64(at: 16) == 6)
        #expect(try guest.read(fd, count: 5) == .success(Array("world".utf8)))
        #expect(try guest.call("fd_tell", .i32(fd), .i32(16)) == .success)
        #expect(try guest.u64(at: 16) == 11)
        #expect(try guest.call("fd_seek", .i32(fd), .i64(UInt64(bitPattern: -5)), .i32(2), .i32(16)) == .success)
        #expect(try guest.u64(at: 16) == 6)
        #expect(try guest.call("fd_seek", .i32(fd), .i64(UInt64(bitPattern: -100)), .i32(1), .i32(16)) == .inval)
        #expect(try guest.call("fd_seek", .i32(fd), .i64(0), .i32(3), .i32(16)) == .inval)
        #expect(try guest.call("fd_close", .i32(fd)) == .success)
        #expect(try sandbox.read("notes.txt") == "hello world")
    }

    @Test func positionedReadAndWriteLeaveTheOffsetAlone() throws {
        try sandbox.write("hello world", to: "data.txt")
        let fd = try guest.open("data.txt").get()
        let (vectors, count) = try guest.placeVectors([(100, 5)])
        #expect(try guest.call("fd_pread", .i32(fd), vectors, count, .i64(6), .i32(0)) == .success)
        #expect(try guest.string(at: 100, count: Int(try guest.u32(at: 0))) == "world")
        try guest.memory.write(Array("HELLO".utf8), at: 100)
        #expect(try guest.call("fd_pwrite", .i32(fd), vectors, count, .i64(0), .i32(0)) == .success)
        #expect(try guest.u32(at: 0) == 5)
        #expect(try guest.call("fd_tell", .i32(fd), .i32(16)) == .success)
        #expect(try guest.u64(at: 16) == 0)
        #expect(try sandbox.read("data.txt") == "HELLO world")
    }

    @Test func appendModeWritesAtTheEnd() throws {
        try sandbox.write("log:", to: "log.txt")
        let fd = try guest.open("log.txt", descriptorFlags: Self.append).get()
        #expect(try guest.write(" one", to: fd) == .success(4))
        #expect(try guest.call("fd_fdstat_get", .i32(fd), .i32(64)) == .success)
        #expect(try guest.bytes(at: 64, count: 1) == [4])  // regular_file
        #expect(try guest.bytes(at: 66, count: 2) == [1, 0])  // fdflags::append
        #expect(try guest.call("fd_fdstat_set_flags", .i32(fd), .i32(0)) == .success)
        #expect(try guest.call("fd_seek", .i32(fd), .i64(0), .i32(0), .i32(16)) == .success)
        #expect(try guest.write("LOG:", to: fd) == .success(4))
        #expect(try sandbox.read("log.txt") == "LOG: one")
        #expect(try guest.call("fd_fdstat_set_flags", .i32(fd), .i32(2)) == .inval)  // dsync only at open
    }

    @Test func openFlagsFollowPOSIX() throws {
        try sandbox.write("old contents", to: "file.txt")
        #expect(try guest.open("missing.txt") == .failure(.noent))
        #expect(try guest.open("file.txt", openFlags: Self.creat | Self.excl) == .failure(.exist))
        #expect(try guest.open("file.txt", openFlags: Self.directory) == .failure(.notdir))
        #expect(try guest.open("file.txt/") == .failure(.notdir))
        #expect(try guest.open("dir", openFlags: Self.directory | Self.creat) == .failure(.inval))
        #expect(try guest.open("", openFlags: 0) == .failure(.noent))
        let fd = try guest.open("file.txt", openFlags: Self.trunc).get()
        #expect(try guest.call("fd_close", .i32(fd)) == .success)
        #expect(try sandbox.read("file.txt") == "")
    }

    @Test func filestatAndSize() throws {
        try sandbox.write("0123456789", to: "ten.txt")
        let fd = try guest.open("ten.txt").get()
        #expect(try guest.call("fd_filestat_get", .i32(fd), .i32(128)) == .success)
        #expect(try guest.bytes(at: 128 + 16, count: 1) == [4])  // regular_file
        #expect(try guest.u64(at: 128 + 24) == 1)  // nlink
        #expect(try guest.u64(at: 128 + 32) == 10)  // size
        let modified = try guest.u64(at: 128 + 48)
        let expected = try FileManager.default.attributesOfItem(atPath: sandbox.url("ten.txt").path)[.modificationDate] as? Date
        #expect(abs(Double(modified) / 1e9 - (expected?.timeIntervalSince1970 ?? 0)) < 0.001)

        #expect(try guest.call("fd_filestat_set_size", .i32(fd), .i64(3)) == .success)
        #expect(try sandbox.read("ten.txt") == "012")
        let (path, length) = try guest.place("ten.txt")
        #expect(try guest.call("path_filestat_get", .i32(3), .i32(0), path, length, .i32(256)) == .success)
        #expect(try guest.u64(at: 256 + 32) == 3)
        #expect(try guest.u64(at: 256 + 8) == (try guest.u64(at: 128 + 8)))  // same inode
    }

    @Test func timesCanBeSet() throws {
        try sandbox.write("x", to: "stamp.txt")
        let (path, length) = try guest.place("stamp.txt")
        let time: UInt64 = 1_000_000_000 * 1_234_567_890
        // fstflags: atim | mtim
        #expect(try guest.call("path_filestat_set_times", .i32(3), .i32(0), path, length, .i64(time), .i64(time), .i32(5)) == .success)
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.url("stamp.txt").path)
        #expect((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 == 1_234_567_890)
        // atim with atim_now is contradictory.
        #expect(try guest.call("path_filestat_set_times", .i32(3), .i32(0), path, length, .i64(0), .i64(0), .i32(3)) == .inval)
        let fd = try guest.open("stamp.txt").get()
        #expect(try guest.call("fd_filestat_set_times", .i32(fd), .i64(0), .i64(0), .i32(8)) == .success)
        let touched = try FileManager.default.attributesOfItem(atPath: sandbox.url("stamp.txt").path)
        #expect(((touched[.modificationDate] as? Date)?.timeIntervalSinceNow ?? -100) > -60)
    }

    @Test func preopenDescribesItself() throws {
        #expect(try guest.call("fd_prestat_get", .i32(3), .i32(64)) == .success)
        #expect(try guest.bytes(at: 64, count: 1) == [0])  // preopentype::dir
        #expect(try guest.u32(at: 68) == 8)
        #expect(try guest.call("fd_prestat_dir_name", .i32(3), .i32(128), .i32(8)) == .success)
        #expect(try guest.string(at: 128, count: 8) == "/sandbox")
        #expect(try guest.call("fd_prestat_dir_name", .i32(3), .i32(128), .i32(7)) == .nametoolong)
        #expect(try guest.call("fd_prestat_get", .i32(4), .i32(64)) == .badf)
        #expect(try guest.call("fd_prestat_get", .i32(1), .i32(64)) == .badf)
        #expect(try guest.call("fd_fdstat_get", .i32(3), .i32(64)) == .success)
        #expect(try guest.bytes(at: 64, count: 1) == [3])  // directory
    }

    @Test func readdirListsEverythingWithTypes() throws {
        try sandbox.write("a", to: "a.txt")
        try sandbox.write("b", to: "b.txt")
        try sandbox.makeDirectory("sub")
        try sandbox.symlink("link", to: "a.txt")
        #expect(try guest.call("fd_readdir", .i32(3), .i32(1024), .i32(4096), .i64(0), .i32(0)) == .success)
        let used = Int(try guest.u32(at: 0))
        #expect(used < 4096)
        let entries = try Self.dirents(guest.bytes(at: 1024, count: used))
        let types = Dictionary(entries.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
        #expect(types == [".": 3, "..": 3, "a.txt": 4, "b.txt": 4, "sub": 3, "link": 7])
        #expect(entries.map(\.next) == (1...UInt64(entries.count)).map { $0 })
    }

    @Test func readdirResumesFromCookiesWithASmallBuffer() throws {
        for index in 0..<20 { try sandbox.write("", to: "file-\(index)") }
        var names: [String] = []
        var cookie: UInt64 = 0
        for _ in 0..<100 {
            #expect(try guest.call("fd_readdir", .i32(3), .i32(1024), .i32(40), .i64(cookie), .i32(0)) == .success)
            let used = Int(try guest.u32(at: 0))
            // Whole entries only; a cut-off last one is read again from its cookie.
            let entries = try Self.dirents(guest.bytes(at: 1024, count: used))
            names += entries.map(\.name)
            if let last = entries.last { cookie = last.next }
            if used < 40 { break }
        }
        #expect(Set(names) == Set([".", ".."] + (0..<20).map { "file-\($0)" }))
        #expect(names.count == 22)
    }

    @Test func directoriesAreCreatedRenamedAndRemoved() throws {
        let (name, length) = try guest.place("made")
        #expect(try guest.call("path_create_directory", .i32(3), name, length) == .success)
        #expect(try guest.call("path_create_directory", .i32(3), name, length) == .exist)
        let (newName, newLength) = try guest.place("renamed")
        #expect(try guest.call("path_rename", .i32(3), name, length, .i32(3), newName, newLength) == .success)
        #expect(sandbox.exists("renamed") && !sandbox.exists("made"))
        try sandbox.write("x", to: "renamed/inside.txt")
        #expect(try guest.call("path_remove_directory", .i32(3), newName, newLength) == .notempty)
        #expect(try guest.call("path_unlink_file", .i32(3), newName, newLength) == .isdir)
        let (inside, insideLength) = try guest.place("renamed/inside.txt")
        #expect(try guest.call("path_remove_directory", .i32(3), inside, insideLength) == .notdir)
        #expect(try guest.call("path_unlink_file", .i32(3), inside, insideLength) == .success)
        #expect(try guest.call("path_remove_directory", .i32(3), newName, newLength) == .success)
        #expect(!sandbox.exists("renamed"))
    }

    @Test func openedDirectoriesWorkAsBases() throws {
        try sandbox.makeDirectory("sub/deeper")
        try sandbox.write("deep", to: "sub/deeper/file.txt")
        let sub = try guest.open("sub", openFlags: Self.directory, rights: WASIGuest.readOnlyRights | 1 << 13).get()
        #expect(try guest.call("fd_fdstat_get", .i32(sub), .i32(64)) == .success)
        #expect(try guest.bytes(at: 64, count: 1) == [3])
        let file = try guest.open("deeper/file.txt", in: sub, rights: WASIGuest.readOnlyRights).get()
        #expect(try guest.read(file, count: 10) == .success(Array("deep".utf8)))
        // The file descriptor is no directory.
        #expect(try guest.open("x", in: file) == .failure(.notdir))
        // Rights only shrink: the directory was opened without path_create_file.
        #expect(try guest.open("new.txt", in: sub, openFlags: Self.creat) == .failure(.notcapable))
    }

    @Test func symlinksAndHardLinksInside() throws {
        try sandbox.write("target", to: "target.txt")
        let (contents, contentsLength) = try guest.place("target.txt")
        let (link, linkLength) = try guest.place("link")
        #expect(try guest.call("path_symlink", contents, contentsLength, .i32(3), link, linkLength) == .success)
        #expect(try guest.call("path_readlink", .i32(3), link, linkLength, .i32(512), .i32(64), .i32(0)) == .success)
        #expect(try guest.string(at: 512, count: Int(try guest.u32(at: 0))) == "target.txt")
        #expect(try guest.call("path_readlink", .i32(3), link, linkLength, .i32(512), .i32(3), .i32(0)) == .success)
        #expect(try guest.u32(at: 0) == 3)  // truncated to the buffer

        let followed = try guest.open("link", follow: true).get()
        #expect(try guest.read(followed, count: 10) == .success(Array("target".utf8)))
        #expect(try guest.open("link", follow: false) == .failure(.loop))

        let (hard, hardLength) = try guest.place("hard.txt")
        #expect(try guest.call("path_link", .i32(3), .i32(0), contents, contentsLength, .i32(3), hard, hardLength) == .success)
        #expect(try sandbox.read("hard.txt") == "target")
        #expect(try guest.call("path_unlink_file", .i32(3), link, linkLength) == .success)
        #expect(sandbox.exists("target.txt"))
    }

    @Test func closedDescriptorsAreReused() throws {
        try sandbox.write("", to: "one")
        let first = try guest.open("one").get()
        #expect(try guest.call("fd_close", .i32(first)) == .success)
        #expect(try guest.open("one") == .success(first))
        #expect(try guest.call("fd_renumber", .i32(first), .i32(3)) == .success)
        #expect(try guest.call("fd_prestat_get", .i32(3), .i32(64)) == .badf)
    }

    @Test func syncAdviseAndAllocate() throws {
        let fd = try guest.open("synced.txt", openFlags: Self.creat).get()
        #expect(try guest.call("fd_sync", .i32(fd)) == .success)
        #expect(try guest.call("fd_datasync", .i32(fd)) == .success)
        #expect(try guest.call("fd_advise", .i32(fd), .i64(0), .i64(0), .i32(1)) == .success)
        #expect(try guest.call("fd_advise", .i32(fd), .i64(0), .i64(0), .i32(9)) == .inval)
        #expect(try guest.call("fd_allocate", .i32(fd), .i64(0), .i64(100)) == .success)
        #expect(try guest.call("fd_filestat_get", .i32(fd), .i32(128)) == .success)
        #expect(try guest.u64(at: 128 + 32) == 100)
    }

    /// Parses `fd_readdir` output, dropping a cut-off last entry.
    static func dirents(_ bytes: [UInt8]) -> [(next: UInt64, name: String, type: UInt8)] {
        var entries: [(next: UInt64, name: String, type: UInt8)] = []
        var offset = 0
        func load<T: FixedWidthInteger>(_: T.Type, _ at: Int) -> T {
            bytes[at..<(at + MemoryLayout<T>.size)].reversed().reduce(T(0)) { $0 << 8 | T($1) }
        }
        while offset + 24 <= bytes.count {
            let length = Int(load(UInt32.self, offset + 16))
            guard offset + 24 + length <= bytes.count else { break }
            let name = String(decoding: bytes[(offset + 24)..<(offset + 24 + length)], as: UTF8.self)
            entries.append((load(UInt64.self, offset), name, bytes[offset + 20]))
            offset += 24 + length
        }
        return entries
    }
}
