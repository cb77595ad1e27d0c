import Foundation
import Testing
import WasmDecoder

/// Every input the fuzzer ever crashed on (fuzz/README.md), and the smallest
/// module for each decoder and validator error path, kept as binary files in
/// `Fixtures/crashers/`. Each must give exactly the outcome `expected` lists;
/// a file missing from the table, or a row without its file, fails too.
@Suite struct CrasherRegressionTests {
    /// What loading a fixture must give.
    enum Outcome: Sendable, CustomStringConvertible {
        /// `loadModule` returns a module.
        case loads
        /// `loadModule` throws a `ModuleError` of this kind whose message contains this text.
        case rejected(ModuleError.Kind, String)

        var description: String {
            switch self {
            case .loads: "loads"
            case .rejected(let kind, let message): "\(kind): \(message)"
            }
        }
    }

    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/crashers")

    /// Files in the folder that are not inputs.
    static let notInputs: Set<String> = ["README.md"]

    /// File name -> outcome. Add a row for every file put in `Fixtures/crashers/`.
    static let expected: [String: Outcome] = [
        // Preamble (spec §5.5.16).
        "bad-magic.wasm": .rejected(.malformed, "magic header not detected"),
        "bad-version.wasm": .rejected(.malformed, "unknown binary version"),
        "component-preamble.wasm": .rejected(.malformed, "this is a component, not a core module"),
        "truncated-preamble.wasm": .rejected(.malformed, "unexpected end"),
        // Section framing (spec §5.5.2).
        "section-length-out-of-bounds.wasm": .rejected(.malformed, "length out of bounds"),
        "section-size-mismatch.wasm": .rejected(.malformed, "section size mismatch"),
        "section-shorter-than-contents.wasm": .rejected(.malformed, "unexpected end of section or function"),
        "unknown-section-id.wasm": .rejected(.malformed, "malformed section id"),
        "tag-section-unsupported.wasm": .rejected(.unsupported, "unsupported feature: exception-handling"),
        "section-after-code-out-of-order.wasm": .rejected(.malformed, "unexpected content after last section"),
        "duplicate-type-section.wasm": .rejected(.malformed, "unexpected content after last section"),
        "trailing-byte-after-last-section.wasm": .rejected(.malformed, "unexpected end"),
        // LEB128 integers and vectors (spec §5.1.3, §5.2.2).
        "leb128-too-long.wasm": .rejected(.malformed, "integer representation too long"),
        "leb128-too-large.wasm": .rejected(.malformed, "integer too large"),
        "vector-count-out-of-bounds.wasm": .rejected(.malformed, "length out of bounds"),
        // Types, names and module fields (spec §5.3, §5.2.4, §5.5).
        "bad-value-type.wasm": .rejected(.malformed, "malformed value type"),
        "gc-value-type-unsupported.wasm": .rejected(.unsupported, "unsupported feature: gc"),
        "malformed-utf8-custom-section-name.wasm": .rejected(.malformed, "malformed UTF-8 encoding"),
        "malformed-utf8-import-name.wasm": .rejected(.malformed, "malformed UTF-8 encoding"),
        "malformed-import-kind.wasm": .rejected(.malformed, "malformed import kind"),
        "malformed-mutability.wasm": .rejected(.malformed, "malformed mutability"),
        "memory64-limits-unsupported.wasm": .rejected(.unsupported, "unsupported feature: memory64"),
        "function-without-code-section.wasm":
            .rejected(.malformed, "function and code section have inconsistent lengths"),
        "function-and-code-count-mismatch.wasm":
            .rejected(.malformed, "function and code section have inconsistent lengths"),
        "data-count-mismatch.wasm": .rejected(.malformed, "data count and data section have inconsistent lengths"),
        "data-count-without-data-section.wasm":
            .rejected(.malformed, "data count and data section have inconsistent lengths"),
        // Function bodies (spec §5.5.13, §5.4).
        "unexpected-end-in-body.wasm": .rejected(.malformed, "unexpected end"),
        "unexpected-end-in-body-before-section.wasm": .rejected(.malformed, "unexpected end of section or function"),
        "body-without-end.wasm": .rejected(.malformed, "END opcode expected"),
        "illegal-opcode.wasm": .rejected(.malformed, "illegal opcode 0xff"),
        "too-many-locals.wasm": .rejected(.malformed, "too many locals"),
        "data-count-section-required.wasm": .rejected(.malformed, "data count section required"),
        // Validation (spec §3).
        "type-mismatch-missing-result.wasm": .rejected(.invalid, "type mismatch"),
        "unknown-local.wasm": .rejected(.invalid, "unknown local 0"),
        "export-of-unknown-function.wasm": .rejected(.invalid, "unknown function 5"),
        "multiple-memories.wasm": .rejected(.invalid, "multiple memories"),
        "memory-minimum-above-maximum.wasm": .rejected(.invalid, "size minimum must not be greater than maximum"),
    ]

    static var filesOnDisk: Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return Set(names).subtracting(notInputs)
    }

    @Test func everyFixtureIsInTheTableAndEveryRowHasItsFile() {
        let onDisk = Self.filesOnDisk
        let listed = Set(Self.expected.keys)
        #expect(onDisk.subtracting(listed).sorted() == [], "fixtures without a row in `expected`")
        #expect(listed.subtracting(onDisk).sorted() == [], "rows in `expected` without a fixture file")
    }

    @Test(arguments: expected.keys.sorted())
    func fixtureGivesItsExpectedOutcome(name: String) throws {
        let url = Self.directory.appendingPathComponent(name)
        let bytes = [UInt8](try Data(contentsOf: url))
        let outcome = try #require(Self.expected[name])
        let error: ModuleError?
        do {
            _ = try loadModule(bytes)
            error = nil
        } catch let thrown {
            error = thrown
        }
        switch outcome {
        case .loads:
            #expect(error == nil, "\(name): \(error.map(String.init(describing:)) ?? "")")
        case .rejected(let kind, let message):
            let error = try #require(error, "\(name) loaded, expected \(outcome)")
            #expect(error.kind == kind, "\(name): \(error)")
            #expect(error.message.contains(message), "\(name): \(error)")
            #expect(error.offset >= 0 && error.offset <= bytes.count, "\(name): \(error)")
        }
    }
}
