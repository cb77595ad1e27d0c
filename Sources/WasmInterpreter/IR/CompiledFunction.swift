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

    init(ops: [Op], frameSize: Int, parameterCount: Int, localCount: Int, resultCount: Int) {
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
