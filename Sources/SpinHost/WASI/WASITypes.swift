// The small enums and flag sets of WASI preview 1, with the witx's values
// (https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx).
// Names follow the witx; the bit positions are the order of the witx flags.

/// `$rights`: what a descriptor may be used for (witx `flags (@witx repr u64)`).
struct Rights: OptionSet, Hashable {
    let rawValue: UInt64

    static let fdDatasync = Rights(rawValue: 1 << 0)
    static let fdRead = Rights(rawValue: 1 << 1)
    static let fdSeek = Rights(rawValue: 1 << 2)
    static let fdFdstatSetFlags = Rights(rawValue: 1 << 3)
    static let fdSync = Rights(rawValue: 1 << 4)
    static let fdTell = Rights(rawValue: 1 << 5)
    static let fdWrite = Rights(rawValue: 1 << 6)
    static let fdAdvise = Rights(rawValue: 1 << 7)
    static let fdAllocate = Rights(rawValue: 1 << 8)
    static let pathCreateDirectory = Rights(rawValue: 1 << 9)
    static let pathCreateFile = Rights(rawValue: 1 << 10)
    static let pathLinkSource = Rights(rawValue: 1 << 11)
    static let pathLinkTarget = Rights(rawValue: 1 << 12)
    static let pathOpen = Rights(rawValue: 1 << 13)
    static let fdReaddir = Rights(rawValue: 1 << 14)
    static let pathReadlink = Rights(rawValue: 1 << 15)
    static let pathRenameSource = Rights(rawValue: 1 << 16)
    static let pathRenameTarget = Rights(rawValue: 1 << 17)
    static let pathFilestatGet = Rights(rawValue: 1 << 18)
    static let pathFilestatSetSize = Rights(rawValue: 1 << 19)
    static let pathFilestatSetTimes = Rights(rawValue: 1 << 20)
    static let fdFilestatGet = Rights(rawValue: 1 << 21)
    static let fdFilestatSetSize = Rights(rawValue: 1 << 22)
    static let fdFilestatSetTimes = Rights(rawValue: 1 << 23)
    static let pathSymlink = Rights(rawValue: 1 << 24)
    static let pathRemoveDirectory = Rights(rawValue: 1 << 25)
    static let pathUnlinkFile = Rights(rawValue: 1 << 26)
    static let pollFdReadwrite = Rights(rawValue: 1 << 27)
    static let sockShutdown = Rights(rawValue: 1 << 28)
    static let sockAccept = Rights(rawValue: 1 << 29)

    /// Every right the witx defines.
    static let all = Rights(rawValue: (1 << 30) - 1)

    /// Rights that change a directory's contents or metadata: a read-only
    /// preopen has none of them.
    static let directoryMutation: Rights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathRenameSource,
        .pathRenameTarget, .pathFilestatSetSize, .pathFilestatSetTimes, .fdFilestatSetTimes, .pathSymlink,
        .pathRemoveDirectory, .pathUnlinkFile,
    ]

    /// Rights that change a file's contents or metadata.
    static let fileMutation: Rights = [.fdDatasync, .fdWrite, .fdAllocate, .fdFilestatSetSize, .fdFilestatSetTimes]

    /// The base rights of a preopened directory: the set wasmtime reports,
    /// which wasi-libc and other userlands expect, plus
    /// `path_filestat_set_size`, which the witx requires for
    /// `path_open(oflags::trunc)` (wasmtime does not check rights at all).
    static let directoryBase: Rights = [
        .pathCreateDirectory, .pathCreateFile, .pathLinkSource, .pathLinkTarget, .pathOpen, .fdReaddir,
        .pathReadlink, .pathRenameSource, .pathRenameTarget, .pathFilestatGet, .pathFilestatSetSize,
        .pathFilestatSetTimes, .fdFilestatGet, .fdFilestatSetTimes, .pathSymlink, .pathRemoveDirectory,
        .pathUnlinkFile,
    ]

    /// What descriptors opened below a directory may get.
    static let directoryInheriting: Rights = directoryBase.union([
        .fdDatasync, .fdRead, .fdSeek, .fdFdstatSetFlags, .fdSync, .fdTell, .fdWrite, .fdAdvise, .fdAllocate,
        .fdFilestatGet, .fdFilestatSetSize, .fdFilestatSetTimes, .pollFdReadwrite,
    ])

    /// Rights that only make sense on a regular file.
    static let fileOnly: Rights = [
        .fdDatasync, .fdRead, .fdSeek, .fdSync, .fdTell, .fdWrite, .fdAdvise, .fdAllocate, .fdFilestatSetSize,
        .pollFdReadwrite,
    ]
}

/// `$filetype` (witx `enum (@witx tag u8)`).
enum FileType: UInt8 {
    case unknown, blockDevice, characterDevice, directory, regularFile, socketDgram, socketStream, symbolicLink
}

/// `$fdflags` (witx `flags (@witx repr u16)`).
struct FDFlags: OptionSet {
    let rawValue: UInt16
    static let append = FDFlags(rawValue: 1 << 0)
    static let dsync = FDFlags(rawValue: 1 << 1)
    static let nonblock = FDFlags(rawValue: 1 << 2)
    static let rsync = FDFlags(rawValue: 1 << 3)
    static let sync = FDFlags(rawValue: 1 << 4)
    static let all: FDFlags = [.append, .dsync, .nonblock, .rsync, .sync]
}

/// `$oflags` (witx `flags (@witx repr u16)`).
struct OpenFlags: OptionSet {
    let rawValue: UInt16
    static let creat = OpenFlags(rawValue: 1 << 0)
    static let directory = OpenFlags(rawValue: 1 << 1)
    static let excl = OpenFlags(rawValue: 1 << 2)
    static let trunc = OpenFlags(rawValue: 1 << 3)
}

/// `$lookupflags` (witx `flags (@witx repr u32)`).
struct LookupFlags: OptionSet {
    let rawValue: UInt32
    static let symlinkFollow = LookupFlags(rawValue: 1 << 0)
}

/// `$fstflags` (witx `flags (@witx repr u16)`).
struct FSTFlags: OptionSet {
    let rawValue: UInt16
    static let atim = FSTFlags(rawValue: 1 << 0)
    static let atimNow = FSTFlags(rawValue: 1 << 1)
    static let mtim = FSTFlags(rawValue: 1 << 2)
    static let mtimNow = FSTFlags(rawValue: 1 << 3)
}

/// `$whence` (witx `enum (@witx tag u8)`).
enum Whence: UInt8 {
    case set, cur, end
}

/// `$clockid` (witx `enum (@witx tag u32)`).
enum ClockID: UInt32 {
    case realtime, monotonic, processCputimeID, threadCputimeID
}

/// `$eventtype` (witx `enum (@witx tag u8)`).
enum EventType: UInt8 {
    case clock, fdRead, fdWrite
}

/// `$advice` (witx `enum (@witx tag u8)`).
enum Advice: UInt8 {
    case normal, sequential, random, willneed, dontneed, noreuse
}

/// `$subclockflags` bit: the timeout is an absolute time of the clock.
let subscriptionClockAbstime: UInt16 = 1 << 0

/// `$eventrwflags` bit: the peer hung up (or the stream reached its end).
let eventFdReadwriteHangup: UInt16 = 1 << 0

/// `$preopentype::dir`.
let preopenTypeDirectory: UInt8 = 0

/// `$sdflags` (witx `flags (@witx repr u8)`): rd and wr.
let shutdownFlagsAll: UInt8 = 0b11
