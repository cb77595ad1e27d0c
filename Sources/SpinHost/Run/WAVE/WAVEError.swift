/// A WAVE text that cannot be read as the value, call or arguments asked
/// for, or a value that WAVE cannot write (resource handles).
public struct WAVEError: Error, Equatable, CustomStringConvertible {
    /// The 1-based column of the problem, counted in Unicode scalars of the
    /// text given; nil for errors of printing.
    public let column: Int?
    public let message: String

    public init(column: Int?, _ message: String) {
        self.column = column
        self.message = message
    }

    /// An error at a 0-based scalar offset.
    init(at offset: Int, _ message: String) {
        self.init(column: offset + 1, message)
    }

    public var description: String {
        column.map { "column \($0): \(message)" } ?? message
    }
}
