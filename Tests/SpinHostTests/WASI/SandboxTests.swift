import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter

/// Paths never leave their preopen: not by "..", an absolute path or a
/// symbolic link. The layout is
///
///     outside.txt            "secret"
///     sandbox/               the preopen, "/sandbox"
///       inside.txt           "inside"
///       sub/file.txt
///       out -> ../outside.txt
///       absolute -> <host path of outside.txt>
///       up -> ..
///       sub/back -> ../inside.txt
///       loop-a -> loop-b, loop-b -> loop-a
struct SandboxTests {
    let root: TemporaryDirectory
    let guest: WASIGuest

    init() throws {
        root = try TemporaryDirectory()
        try root.write("secret", to: "outside.txt")
        try root.makeDirectory("sandbox/sub")
        try root.write("inside", to: "sandbox/inside.txt")
        try root.write("file", to: "sandbox/sub/file.txt")
        try root.symlink("sandbox/out", to: "../outside.txt")
        try root.symlink("sandbox/absolute", to: root.url("outside.txt").path)
        try root.symlink("sandbox/up", to: "..")
        try root.symlink("sandbox/sub/back", to: "../inside.txt")
        try root.symlink("sandbox/loop-a", to: "loop-b")
        try root.symlink("sandbox/loop-b", to: "loop-a")
        let context = try WASIContext(preopens: [
            WASIPreopenDirectory(hostPath: root.url("sandbox").path, guestPath: "/sandbox"),
        ])
        guest = try WASIGuest(context)
    }

    /// wasmtime 49 answers `perm` for each of these (checked with a C probe).
    @Test(arguments: [
        "../outside.txt", "/etc/passwd", "sub/../../outside.txt", "./../outside.txt", "..", "sub/../..",
        "out", "absolute", "up/outside.txt", "up", "sub/../sub/../../outside.txt",
    ])
    func escapesAreDenied(path: String) throws {
        #expect(try guest.open(path, follow: true, rights: WASIGuest.readOnlyRights) == .failure(.perm))
        let (address, length) = try guest.place(path)
        #expect(try guest.call("path_filestat_get", .i32(3), .i32(1), address, length, .i32(0)) == .perm)
    }

    @Test(arguments: ["../escaped", "/tmp/escaped", "up/escaped", "sub/../../escaped"])
    func nothingIsCreatedOutside(path: String) throws {
        let (address, length) = try guest.place(path)
        #expect(try guest.call("path_create_directory", .i32(3), address, length) == .perm)
        #expect(try guest.open(path, openFlags: FileTests.creat) == .failure(.perm))
        let (source, sourceLength) = try guest.place("inside.txt")
        #expect(try guest.call("path_rename", .i32(3), source, sourceLength, .i32(3), address, length) == .perm)
        #expect(try guest.call("path_link", .i32(3), .i32(0), source, sourceLength, .i32(3), address, length) == .perm)
        #expect(try guest.call("path_symlink", source, sourceLength, .i32(3), address, length) == .perm)
        #expect(!root.exists("escaped"))
        #expect(root.exists("sandbox/inside.txt"))
    }

    @Test func nothingOutsideIsRemoved() throws {
        for path in ["../outside.txt", "up/outside.txt"] {
            let (address, length) = try guest.place(path)
            #expect(try guest.call("path_unlink_file", .i32(3), address, length) == .perm)
        }
        #expect(try root.read("outside.txt") == "secret")
    }

    @Test func linksAreSeenAsLinksWithoutFollowing() throws {
        #expect(try guest.open("out", follow: false, rights: WASIGuest.readOnlyRights) == .failure(.loop))
        let (address, length) = try guest.place("out")
        #expect(try guest.call("path_filestat_get", .i32(3), .i32(0), address, length, .i32(0)) == .success)
        #expect(try guest.bytes(at: 16, count: 1) == [7])  // symbolic_link
        #expect(try guest.call("path_readlink", .i32(3), address, length, .i32(512), .i32(64), .i32(0)) == .success)
        #expect(try guest.string(at: 512, count: Int(try guest.u32(at: 0))) == "../outside.txt")
        // Removing the link removes the link, not its target.
        #expect(try guest.call("path_unlink_file", .i32(3), address, length) == .success)
        #expect(try root.read("outside.txt") == "secret")
    }

    @Test func linksThatStayInsideAreFollowed() throws {
        let fd = try guest.open("sub/back", follow: true, rights: WASIGuest.readOnlyRights).get()
        #expect(try guest.read(fd, count: 10) == .success(Array("inside".utf8)))
        let nested = try guest.open("sub/../sub/./file.txt", rights: WASIGuest.readOnlyRights).get()
        #expect(try guest.read(nested, count: 10) == .success(Array("file".utf8)))
    }

    @Test func linkLoopsEnd() throws {
        #expect(try guest.open("loop-a", follow: true) == .failure(.loop))
        #expect(try guest.open("loop-a/x", follow: false) == .failure(.loop))
    }

    @Test func absoluteSymlinksCannotBeCreated() throws {
        let (target, targetLength) = try guest.place("/etc/passwd")
        let (link, linkLength) = try guest.place("passwd")
        #expect(try guest.call("path_symlink", target, targetLength, .i32(3), link, linkLength) == .perm)
        #expect(!root.exists("sandbox/passwd"))
    }

    /// A directory descriptor is its own sandbox, as in wasmtime (cap-std):
    /// ".." cannot climb above it even while still inside the preopen.
    @Test func openedDirectoriesConfineToo() throws {
        let sub = try guest.open("sub", openFlags: FileTests.directory).get()
        #expect(try guest.open("../inside.txt", in: sub, rights: WASIGuest.readOnlyRights) == .failure(.perm))
        #expect(try guest.open("back", in: sub, follow: true, rights: WASIGuest.readOnlyRights) == .failure(.perm))
    }

    @Test func malformedPathsAreRejected() throws {
        #expect(try guest.open("inside.txt\0../../outside.txt", rights: WASIGuest.readOnlyRights) == .failure(.inval))
        let (address, _) = try guest.place("x")
        #expect(try guest.call("path_open", .i32(3), .i32(0), address, .i32(1 << 20), .i32(0), .i64(0), .i64(0), .i32(0), .i32(0))
                == .nametoolong)
    }
}

/// A read-only preopen refuses every change with `perm` (what wasmtime's
/// read-only directories answer) and still allows reading.
struct ReadOnlyPreopenTests {
    let root: TemporaryDirectory
    let guest: WASIGuest

    init() throws {
        root = try TemporaryDirectory()
        try root.makeDirectory("ro/sub")
        try root.makeDirectory("rw")
        try root.write("original", to: "ro/file.txt")
        let context = try WASIContext(preopens: [
            WASIPreopenDirectory(hostPath: root.url("ro").path, guestPath: "/ro", readOnly: true),
            WASIPreopenDirectory(hostPath: root.url("rw").path, guestPath: "/rw"),
        ])
        guest = try WASIGuest(context)
    }

    @Test func readingWorks() throws {
        let fd = try guest.open("file.txt", rights: WASIGuest.readOnlyRights).get()
        #expect(try guest.read(fd, count: 20) == .success(Array("original".utf8)))
        #expect(try guest.call("fd_readdir", .i32(3), .i32(1024), .i32(1024), .i64(0), .i32(0)) == .success)
        #expect(try guest.u32(at: 0) > 0)
        #expect(try guest.write("x", to: fd) == .failure(.badf))
        #expect(try guest.call("fd_filestat_set_size", .i32(fd), .i64(0)) == .perm)
        #expect(try guest.call("fd_filestat_set_times", .i32(fd), .i64(0), .i64(0), .i32(10)) == .perm)
        #expect(try guest.call("fd_allocate", .i32(fd), .i64(0), .i64(10)) == .perm)
    }

    @Test(arguments: [
        (FileTests.creat, WASIGuest.readOnlyRights, "new.txt"), (0, WASIGuest.writeOnlyRights, "file.txt"),
        (FileTests.trunc, WASIGuest.readOnlyRights, "file.txt"), (FileTests.creat, WASIGuest.readOnlyRights, "sub/new.txt"),
    ] as [(UInt32, UInt64, String)])
    func writableOpensAreRefused(openFlags: UInt32, rights: UInt64, path: String) throws {
        #expect(try guest.open(path, openFlags: openFlags, rights: rights) == .failure(.perm))
    }

    /// Go's runtime (and others) ask for every right on every open, also to
    /// read: such an open is served read-only, and writing through it fails.
    @Test func openWithEveryRightReads() throws {
        let fd = try guest.open("file.txt", rights: WASIGuest.readWriteRights).get()
        #expect(try guest.read(fd, count: 20) == .success(Array("original".utf8)))
        #expect(try guest.write("x", to: fd) == .failure(.badf))
        #expect(try guest.call("fd_filestat_set_size", .i32(fd), .i64(0)) == .perm)
        #expect(try root.read("ro/file.txt") == "original")
    }

    @Test func appendIsRefused() throws {
        #expect(try guest.open("file.txt", rights: WASIGuest.readOnlyRights, descriptorFlags: FileTests.append) == .failure(.perm))
    }

    @Test func changesAreRefused() throws {
        let (file, fileLength) = try guest.place("file.txt")
        let (sub, subLength) = try guest.place("sub")
        let (other, otherLength) = try guest.place("other")
        #expect(try guest.call("path_create_directory", .i32(3), other, otherLength) == .perm)
        #expect(try guest.call("path_unlink_file", .i32(3), file, fileLength) == .perm)
        #expect(try guest.call("path_remove_directory", .i32(3), sub, subLength) == .perm)
        #expect(try guest.call("path_rename", .i32(3), file, fileLength, .i32(3), other, otherLength) == .perm)
        #expect(try guest.call("path_symlink", file, fileLength, .i32(3), other, otherLength) == .perm)
        #expect(try guest.call("path_link", .i32(3), .i32(0), file, fileLength, .i32(3), other, otherLength) == .perm)
        #expect(try guest.call("path_filestat_set_times", .i32(3), .i32(0), file, fileLength, .i64(0), .i64(0), .i32(10)) == .perm)
        #expect(try root.read("ro/file.txt") == "original")
        #expect(!root.exists("ro/other"))
    }

    /// Moving or linking a file out into a writable preopen would make it writable.
    @Test func filesCannotLeaveThroughAWritablePreopen() throws {
        let (file, fileLength) = try guest.place("file.txt")
        let (copy, copyLength) = try guest.place("copy.txt")
        #expect(try guest.call("path_rename", .i32(3), file, fileLength, .i32(4), copy, copyLength) == .perm)
        #expect(try guest.call("path_link", .i32(3), .i32(0), file, fileLength, .i32(4), copy, copyLength) == .perm)
        #expect(try guest.call("path_rename", .i32(4), copy, copyLength, .i32(3), file, fileLength) == .perm)
        #expect(!root.exists("rw/copy.txt"))
    }

    @Test func subdirectoriesStayReadOnly() throws {
        let sub = try guest.open("sub", openFlags: FileTests.directory, rights: WASIGuest.readOnlyRights | 1 << 13).get()
        #expect(try guest.open("new.txt", in: sub, openFlags: FileTests.creat) == .failure(.perm))
    }

    @Test func rightsShowWhatIsAllowed() throws {
        #expect(try guest.call("fd_fdstat_get", .i32(3), .i32(64)) == .success)
        let base = try guest.u64(at: 72)
        let inheriting = try guest.u64(at: 80)
        #expect(base & (1 << 13) != 0)  // path_open
        #expect(base & (1 << 10) == 0)  // no path_create_file
        #expect(inheriting & (1 << 6) == 0)  // no fd_write
        #expect(inheriting & (1 << 1) != 0)  // fd_read
    }
}
