import Testing
@testable import WasmInterpreter

@Suite struct LayoutTests {
    /// The interpreter streams `Op`s; a larger op means more cache misses per instruction.
    @Test func opFitsSixteenBytes() {
        #expect(MemoryLayout<Op>.size <= 16)
        #expect(MemoryLayout<Op>.stride == 16)
    }
}
