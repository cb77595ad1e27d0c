@testable import ComponentModel
import Foundation
import Testing
import WasmDecoder
import WasmInterpreter
import WATSupport

/// Validation of `map<K, V>` and `list<T, N>` (Binary.md, "Type
/// Definitions"; Explainer.md, `keytype`): keys are bool, integers, char or
/// string; a fixed length is above zero; and every defined value type has
/// `elem_size(t, 'i64')` below 2^28 (the cases of the reference suite's
/// `validation/max-value-size.wast`, which nyi.txt skips for its stream and
/// future types). wasm-tools, with every feature on, must agree.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text components"))
struct MapAndFixedLengthListValidationTests {
    /// Our verdict and wasm-tools' (every feature on) on `types` in a component.
    static func verdicts(_ types: String) throws -> (ours: String?, reference: String?) {
        try Verdicts.of("(component \(types))", features: "all")
    }

    static let valid = [
        "(type (map string u32))", "(type (map bool (list u8)))", "(type (map char (map s64 string)))",
        "(type $k u32) (type (map $k u32))", "(type (list u8 1))",
        // max-value-size.wast's boundaries.
        "(type (list u8 268435455))", "(type (list u64 33554431))", "(type (list string 16777215))",
        "(type (map u8 (list u8 4)))", "(type (tuple (list u8 268435454) (list u8 1)))",
        "(type (record (field \"a\" (list u8 134217727)) (field \"b\" (list u8 134217728))))",
        "(type (list (list u8 134217727) 2))", "(type (map u8 (list u8 268435455)))",
        "(type (option (map u8 (list u8 268435455))))",
    ]

    @Test(arguments: valid)
    func typeIsAccepted(types: String) throws {
        let (ours, reference) = try Self.verdicts(types)
        #expect(ours == nil)
        #expect(reference == nil)
    }

    static let invalid: [(String, String)] = [
        ("(type (map (list u8) u32))", "invalid map key type"),
        ("(type (map f32 u32))", "invalid map key type"),
        ("(type $e (enum \"a\")) (type (map $e u32))", "invalid map key type"),
        ("(type (list u8 0))", "Fixed-length lists must have more than zero elements"),
        ("(type (list u8 268435456))", "value type's maximum in-memory size exceeds maximum byte size"),
        ("(type (list u64 33554432))", "value type's maximum in-memory size exceeds maximum byte size"),
        // 2^32 bytes: 0 in 32-bit arithmetic.
        ("(type (list u64 536870912))", "value type's maximum in-memory size exceeds maximum byte size"),
        ("(type (tuple (list u8 268435455) (list u8 1)))", "value type's maximum in-memory size exceeds maximum byte size"),
        ("(type (record (field \"a\" (list u8 134217728)) (field \"b\" (list u8 134217728))))",
         "value type's maximum in-memory size exceeds maximum byte size"),
        ("(type (list (list u8 268435455) 2))", "value type's maximum in-memory size exceeds maximum byte size"),
        // 16 bytes a string with 64-bit pointers, though 8 with 32-bit ones.
        ("(type (list string 16777216))", "value type's maximum in-memory size exceeds maximum byte size"),
    ]

    @Test(arguments: invalid)
    func typeIsRefused(types: String, message: String) throws {
        let (ours, reference) = try Self.verdicts(types)
        #expect(ours == message)
        #expect(reference?.contains(message) == true)
    }

    /// `list<u8, 268435455>` flattens to 2^28 - 1 values; a function taking
    /// one goes through memory, found without building that many.
    @Test func hugeFixedLengthListParameterGoesThroughMemory() throws {
        let type = ComponentFunctionType(parameters: [.init("x", .fixedLengthList(.u8, length: 268_435_455))],
                                         result: .fixedLengthList(.u32, length: 1 << 20))
        let core = CanonicalLayout.coreType(of: type, context: .lower)
        #expect(core.parameters == [.i32, .i32])
        #expect(core.results.isEmpty)
    }
}
