import Foundation

/// Which of our trap messages answer each trap text of the Component Model
/// reference suite. The suite's texts are the reference engine's wording; ours
/// differ, so a rule names the words that must appear in ours. An
/// `assert_trap` passes only when its rule holds: a component that traps for
/// another reason (an `unreachable` where the suite expects a refused
/// reentrance, say) fails. A text no rule covers fails too, so a new kind of
/// trap in the suite gets its rule here.
enum ReferenceTrapMessages {
    /// (words in the suite's text, words that must then be in our message),
    /// the first rule whose suite words match deciding; case is ignored.
    static let rules: [(suite: String, ours: [String])] = [
        ("unknown handle index", ["unknown handle index"]),
        ("used with the wrong type", ["wrong resource type"]),
        ("cannot remove owned resource while borrowed", ["while it is borrowed"]),
        ("cannot enter component instance", ["cannot enter component instance"]),
        ("unaligned pointer", ["aligned"]),
        ("result not aligned", ["misaligned"]),
        ("beyond end of memory", ["out of bounds"]),
        ("out-of-bounds", ["out of bounds"]),
        ("out of bounds", ["out of bounds"]),
        ("invalid variant discriminant", ["invalid discriminant"]),
        ("utf-8", ["not valid utf-8"]),
        ("invalid `char` bit pattern", ["invalid char"]),
        ("unreachable", ["unreachable"]),
        ("cannot drop busy stream", ["busy stream"]),
        ("cannot have concurrent operations active on a future/stream", ["cannot start a copy on a busy"]),
    ]

    /// Whether `message`, our trap's, answers the suite's `expected` text; nil
    /// when no rule covers that text.
    static func answers(expected: String, message: String) -> Bool? {
        let expected = expected.lowercased(), message = message.lowercased()
        if message.contains(expected.replacingOccurrences(of: "wasm trap: ", with: "")) { return true }
        guard let rule = rules.first(where: { expected.contains($0.suite) }) else { return nil }
        return rule.ours.allSatisfy { message.contains($0) }
    }
}
