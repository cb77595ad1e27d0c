import WasmDecoder

/// A block, loop, if or the function body while it is being translated.
struct TranslationFrame {
    enum Kind { case function, block, loop, `if`, `else` }

    let kind: Kind
    let parameterTypes: [ValueType]
    let resultTypes: [ValueType]
    /// Slots (registers) the parameters and results take: a vector takes two.
    let parameterCount: Int
    let resultCount: Int
    /// Stack height below which this frame never touches the stack.
    let height: Int
    /// Stack position of the frame's results (and, for loops, parameters).
    /// Equal to `height` except for an `if` with parameters, whose originals
    /// stay below `height` so that `else` can copy them again.
    let resultBase: Int
    /// Where a loop's branches go.
    var loopStart = 0
    /// Forward branches to the end of this frame, patched when it ends.
    var pendingBranches: [Int] = []
    /// For `if`: the conditional branch to the else part (or end).
    var elseBranch: Int?
    /// For `try_table`: where its body starts and its clauses' landing pads.
    var handler: (bodyStart: Int, clauses: [ExceptionHandler.Clause])?

    init(kind: Kind, parameterTypes: [ValueType], resultTypes: [ValueType], height: Int, resultBase: Int,
         pendingBranches: [Int] = []) {
        self.kind = kind
        self.parameterTypes = parameterTypes
        self.resultTypes = resultTypes
        parameterCount = Slot.count(of: parameterTypes)
        resultCount = Slot.count(of: resultTypes)
        self.height = height
        self.resultBase = resultBase
        self.pendingBranches = pendingBranches
    }

    /// Slots a branch to this frame carries.
    var labelArity: Int { kind == .loop ? parameterCount : resultCount }
}
