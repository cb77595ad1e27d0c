import WasmDecoder
import WasmInterpreter

/// `sock_accept`, `sock_recv`, `sock_send` and `sock_shutdown`.
///
/// Preview 1 can only use sockets the host hands over as descriptors, and a
/// `WASIContext` hands over none: outbound networking in Spin goes through
/// its own interfaces. So an open descriptor is `errno::notsock` and any
/// other `errno::badf`, exactly what POSIX says for a non-socket.
extension WASIPreview1 {
    static var socketFunctions: [(String, HostFunction)] {
        [
            function("sock_accept", [.i32, .i32, .i32]) { call throws(WASIErrno) in
                try requireSocket(call)
            },
            function("sock_recv", [.i32, .i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                try requireSocket(call)
            },
            function("sock_send", [.i32, .i32, .i32, .i32, .i32]) { call throws(WASIErrno) in
                try requireSocket(call)
            },
            function("sock_shutdown", [.i32, .i32]) { call throws(WASIErrno) in
                try requireSocket(call)
            },
        ]
    }

    private static func requireSocket(_ call: WASICall) throws(WASIErrno) {
        let entry = try call.entry(0)
        guard entry.fileType == .socketStream || entry.fileType == .socketDgram else { throw .notsock }
        // A socket reached through a preopened directory (a Unix socket file
        // cannot be opened, so this is unreachable today).
        throw .notsup
    }
}
