#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A WASI preview 1 error code (`$errno` in
/// [typenames.witx](https://github.com/WebAssembly/WASI/blob/main/legacy/preview1/witx/typenames.witx)):
/// the `u16` every `wasi_snapshot_preview1` function returns, 0 on success.
///
/// Case names are the witx names, so they can be searched for in the spec;
/// only `$2big`, which is not a Swift identifier, becomes `toobig`.
public enum WASIErrno: UInt16, Error, Sendable, CustomStringConvertible {
    case success = 0
    case toobig, acces, addrinuse, addrnotavail, afnosupport, again, already, badf, badmsg, busy
    case canceled, child, connaborted, connrefused, connreset, deadlk, destaddrreq, dom, dquot, exist
    case fault, fbig, hostunreach, idrm, ilseq, inprogress, intr, inval, io, isconn
    case isdir, loop, mfile, mlink, msgsize, multihop, nametoolong, netdown, netreset, netunreach
    case nfile, nobufs, nodev, noent, noexec, nolck, nolink, nomem, nomsg, noprotoopt
    case nospc, nosys, notconn, notdir, notempty, notrecoverable, notsock, notsup, notty, nxio
    case overflow, ownerdead, perm, pipe, proto, protonosupport, prototype, range, rofs, spipe
    case srch, stale, timedout, txtbsy, xdev, notcapable

    /// The witx name, e.g. "badf".
    public var name: String { Self.names[Int(rawValue)] }

    public var description: String { "errno \(rawValue) (\(name))" }

    private static let names = [
        "success", "2big", "acces", "addrinuse", "addrnotavail", "afnosupport", "again", "already", "badf", "badmsg",
        "busy", "canceled", "child", "connaborted", "connrefused", "connreset", "deadlk", "destaddrreq", "dom",
        "dquot", "exist", "fault", "fbig", "hostunreach", "idrm", "ilseq", "inprogress", "intr", "inval", "io",
        "isconn", "isdir", "loop", "mfile", "mlink", "msgsize", "multihop", "nametoolong", "netdown", "netreset",
        "netunreach", "nfile", "nobufs", "nodev", "noent", "noexec", "nolck", "nolink", "nomem", "nomsg",
        "noprotoopt", "nospc", "nosys", "notconn", "notdir", "notempty", "notrecoverable", "notsock", "notsup",
        "notty", "nxio", "overflow", "ownerdead", "perm", "pipe", "proto", "protonosupport", "prototype", "range",
        "rofs", "spipe", "srch", "stale", "timedout", "txtbsy", "xdev", "notcapable",
    ]
}

extension WASIErrno {
    /// The WASI code for a host `errno` value. Codes WASI has no name for
    /// become `io`, the witx's generic "I/O error".
    init(posix code: Int32) {
        switch code {
        case E2BIG: self = .toobig
        case EACCES: self = .acces
        case EADDRINUSE: self = .addrinuse
        case EADDRNOTAVAIL: self = .addrnotavail
        case EAFNOSUPPORT: self = .afnosupport
        case EAGAIN, EWOULDBLOCK: self = .again
        case EALREADY: self = .already
        case EBADF: self = .badf
        case EBADMSG: self = .badmsg
        case EBUSY: self = .busy
        case ECANCELED: self = .canceled
        case ECHILD: self = .child
        case ECONNABORTED: self = .connaborted
        case ECONNREFUSED: self = .connrefused
        case ECONNRESET: self = .connreset
        case EDEADLK: self = .deadlk
        case EDESTADDRREQ: self = .destaddrreq
        case EDOM: self = .dom
        case EDQUOT: self = .dquot
        case EEXIST: self = .exist
        case EFAULT: self = .fault
        case EFBIG: self = .fbig
        case EHOSTUNREACH: self = .hostunreach
        case EIDRM: self = .idrm
        case EILSEQ: self = .ilseq
        case EINPROGRESS: self = .inprogress
        case EINTR: self = .intr
        case EINVAL: self = .inval
        case EIO: self = .io
        case EISCONN: self = .isconn
        case EISDIR: self = .isdir
        case ELOOP: self = .loop
        case EMFILE: self = .mfile
        case EMLINK: self = .mlink
        case EMSGSIZE: self = .msgsize
        case EMULTIHOP: self = .multihop
        case ENAMETOOLONG: self = .nametoolong
        case ENETDOWN: self = .netdown
        case ENETRESET: self = .netreset
        case ENETUNREACH: self = .netunreach
        case ENFILE: self = .nfile
        case ENOBUFS: self = .nobufs
        case ENODEV: self = .nodev
        case ENOENT: self = .noent
        case ENOEXEC: self = .noexec
        case ENOLCK: self = .nolck
        case ENOLINK: self = .nolink
        case ENOMEM: self = .nomem
        case ENOMSG: self = .nomsg
        case ENOPROTOOPT: self = .noprotoopt
        case ENOSPC: self = .nospc
        case ENOSYS: self = .nosys
        case ENOTCONN: self = .notconn
        case ENOTDIR: self = .notdir
        case ENOTEMPTY: self = .notempty
        case ENOTRECOVERABLE: self = .notrecoverable
        case ENOTSOCK: self = .notsock
        case ENOTSUP, EOPNOTSUPP: self = .notsup
        case ENOTTY: self = .notty
        case ENXIO: self = .nxio
        case EOVERFLOW: self = .overflow
        case EOWNERDEAD: self = .ownerdead
        case EPERM: self = .perm
        case EPIPE: self = .pipe
        case EPROTO: self = .proto
        case EPROTONOSUPPORT: self = .protonosupport
        case EPROTOTYPE: self = .prototype
        case ERANGE: self = .range
        case EROFS: self = .rofs
        case ESPIPE: self = .spipe
        case ESRCH: self = .srch
        case ESTALE: self = .stale
        case ETIMEDOUT: self = .timedout
        case ETXTBSY: self = .txtbsy
        case EXDEV: self = .xdev
        default: self = .io
        }
    }

    /// The WASI code for the calling thread's current `errno`.
    static var lastHostError: WASIErrno { WASIErrno(posix: errno) }
}
