/// A block, loop, if or the function body while it is being translated.
struct TranslationFrame {
    enum Kind { case function, block, loop, `if`, `else` }

    let kind: Kind
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

    /// Values a branch to this frame carries.
    var labelArity: Int { kind == .loop ? parameterCount : resultCount }
}
