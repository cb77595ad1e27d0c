import WasmDecoder
import WasmInterpreter

/// `proc_exit`, `proc_raise`, `sched_yield` and `random_get`.
extension WASIPreview1 {
    static var processFunctions: [(String, HostFunction)] {
        [
            // `(@witx noreturn)`: ends the run with an exit, which
            // `Function.run` reports as `.exited(code)` (no backtrace).
            ("proc_exit", HostFunction(type: FunctionType(parameters: [.i32], results: []), raw: { (caller, slots) throws(Trap) in
                let code = Int32(bitPattern: UInt32(truncatingIfNeeded: slots[0]))
                try context(of: caller).exitCode = code
                throw Trap.exit(code)
            })),
            // Signals are not part of the sandbox: a guest cannot signal the
            // host process, and there is nothing else to signal.
            function("proc_raise", [.i32]) { _ throws(WASIErrno) in
                throw .notsup
            },
            // One store runs on one thread and there is nothing to yield to.
            function("sched_yield", []) { _ throws(WASIErrno) in },
            function("random_get", [.i32, .i32]) { call throws(WASIErrno) in
                let context = call.context
                try call.memory.withBytes(at: call.pointer(0), count: Int(call.u32(1))) { buffer in
                    var offset = 0
                    while offset < buffer.count {
                        let word = context.randomNumberGenerator.next()
                        let count = min(8, buffer.count - offset)
                        withUnsafeBytes(of: word) { bytes in
                            // SAFETY: offset + count <= buffer.count, which
                            // `withBytes` checked against the memory.
                            for index in 0..<count { buffer[offset + index] = bytes[index] }
                        }
                        offset += count
                    }
                }
            },
        ]
    }
}
