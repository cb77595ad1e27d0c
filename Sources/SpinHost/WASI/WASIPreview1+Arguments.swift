import WasmDecoder
import WasmInterpreter

/// `args_*` and `environ_*`: strings packed NUL-terminated into one guest
/// buffer, with an array of pointers to each.
extension WASIPreview1 {
    static var argumentFunctions: [(String, HostFunction)] {
        [
            function("args_sizes_get", [.i32, .i32]) { call throws(WASIErrno) in
                try storeSizes(of: call.context.argumentStrings, call)
            },
            function("args_get", [.i32, .i32]) { call throws(WASIErrno) in
                try storeStrings(call.context.argumentStrings, call)
            },
            function("environ_sizes_get", [.i32, .i32]) { call throws(WASIErrno) in
                try storeSizes(of: call.context.environmentStrings, call)
            },
            function("environ_get", [.i32, .i32]) { call throws(WASIErrno) in
                try storeStrings(call.context.environmentStrings, call)
            },
        ]
    }

    /// (count, buffer size) into the two result pointers.
    private static func storeSizes(of strings: [[UInt8]], _ call: WASICall) throws(WASIErrno) {
        let bufferSize = strings.reduce(0) { $0 + $1.count + 1 }
        try call.storeSize(strings.count, at: call.pointer(0))
        try call.storeSize(bufferSize, at: call.pointer(1))
    }

    /// The pointer array at argument 0, the packed strings at argument 1.
    private static func storeStrings(_ strings: [[UInt8]], _ call: WASICall) throws(WASIErrno) {
        let pointers = call.pointer(0)
        var cursor = call.pointer(1)
        let bufferSize = strings.reduce(0) { $0 + $1.count + 1 }
        try call.memory.check(pointers, count: strings.count * 4)
        try call.memory.check(cursor, count: bufferSize)
        for (index, string) in strings.enumerated() {
            guard let address = UInt32(exactly: cursor) else { throw .overflow }
            try call.memory.store(address, at: pointers + index * 4)
            try call.memory.write(string + [0], at: cursor)
            cursor += string.count + 1
        }
    }
}
