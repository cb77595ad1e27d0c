// Sizes and field offsets of the witx records as the C ABI of wasm32 lays
// them out (natural alignment, little-endian). Each enum is one record of
// https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx.

/// `$iovec` / `$ciovec`: `buf` (pointer) then `buf_len` (`$size`).
enum IovecLayout {
    static let size = 8
    static let buffer = 0
    static let length = 4
}

/// `$fdstat`.
enum FdstatLayout {
    static let size = 24
    static let filetype = 0       // u8
    static let flags = 2          // u16
    static let rightsBase = 8     // u64
    static let rightsInheriting = 16  // u64
}

/// `$filestat`.
enum FilestatLayout {
    static let size = 64
    static let device = 0
    static let inode = 8
    static let filetype = 16      // u8
    static let linkCount = 24
    static let fileSize = 32
    static let accessTime = 40
    static let modificationTime = 48
    static let statusChangeTime = 56
}

/// `$prestat`: a union tagged by `$preopentype` (u8) whose only case,
/// `$prestat_dir`, holds `pr_name_len` (`$size`) at offset 4.
enum PrestatLayout {
    static let size = 8
    static let tag = 0
    static let nameLength = 4
}

/// `$dirent`, followed in `fd_readdir`'s buffer by `d_namlen` name bytes.
enum DirentLayout {
    static let size = 24
    static let next = 0           // $dircookie
    static let inode = 8
    static let nameLength = 16    // u32
    static let type = 20          // u8
}

/// `$subscription`: userdata, then the `$subscription_u` union (tag u8 at 8,
/// contents 8-aligned at 16).
enum SubscriptionLayout {
    static let size = 48
    static let userdata = 0
    static let tag = 8
    /// `$subscription_clock`.
    static let clockID = 16       // u32
    static let clockTimeout = 24  // u64
    static let clockPrecision = 32  // u64
    static let clockFlags = 40    // u16
    /// `$subscription_fd_readwrite`.
    static let fileDescriptor = 16  // u32
}

/// `$event`.
enum EventLayout {
    static let size = 32
    static let userdata = 0
    static let error = 8          // u16
    static let type = 10          // u8
    static let byteCount = 16     // $event_fd_readwrite.nbytes, u64
    static let flags = 24         // $eventrwflags, u16
}
