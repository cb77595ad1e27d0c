/// A function translated to internal code: immutable and shared by every
/// instance of its module.
final class CompiledFunction: @unchecked Sendable {
    // @unchecked: `ops` is written once in `init` and never again.
    /// SAFETY: allocated in `init`, freed in `deinit`, never mutated in between.
    let ops: UnsafeMutableBufferPointer<Op>
    /// Registers the frame needs: locals, then the deepest value stack.
    let frameSize: Int
    let parameterCount: Int
    /// Parameters plus declared locals; the declared ones start zeroed.
    let localCount: Int
    let resultCount: Int
    /// The `try_table`s, innermost first (`ExceptionHandler`).
    let handlers: [ExceptionHandler]

    init(ops: [Op], frameSize: Int, parameterCount: Int, localCount: Int, resultCount: Int,
         handlers: [ExceptionHandler] = []) {
        self.handlers = handlers
        self.ops = .allocate(capacity: ops.count)
        _ = self.ops.initialize(from: ops)
        self.frameSize = max(frameSize, resultCount, 1)
        self.parameterCount = parameterCount
        self.localCount = localCount
        self.resultCount = resultCount
    }

    deinit {
        ops.deallocate()
    }

    var code: UnsafePointer<Op> { UnsafePointer(ops.baseAddress!) }
}

/// A `try_table` of a translated function: the ops of its body, and its
/// catch clauses in order. An exception raised by an op in `body` (or by a
/// callee of a call op there) goes to the first clause that matches.
struct ExceptionHandler {
    let body: Range<Int>
    let clauses: [Clause]

    struct Clause {
        /// The tag index in the module; nil catches every exception.
        let tag: UInt32?
        let passesReference: Bool
        /// The landing pad: it takes the values from `payloadBase` on (then
        /// the `exnref`) to the clause's label.
        let landing: Int
        let payloadBase: Register
    }
}
