@testable import SpinHost
import Testing

extension ManifestTests {
    /// Whatever the text, loading gives a `Manifest` or a `ManifestError`,
    /// never a crash.
    struct ManifestRobustnessTests {
        /// A small deterministic generator (SplitMix64), so failures replay.
        struct SeededGenerator: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }

        static let replacements = [
            "1", "-7", "true", "1.5", "nan", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "\"\"", "\"../..\"",
            "\"/...\"", "\"*\"", "[]", "[1, \"a\"]", "[[1]]", "{}", "{ a = 1 }", "{ private = true }",
            "{ url = \"https://x\", digest = \"sha256:\" }", "[{ source = \"..\", destination = \"..\" }]",
        ]

        /// Every value of the full example replaced by values of every other type.
        @Test func everyValueOfEveryType() {
            let lines = ManifestV2Tests.everyField.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var outcomes = 0
            for (index, line) in lines.enumerated() {
                guard let equals = line.firstIndex(of: "="), !line.hasPrefix("[") else { continue }
                for replacement in Self.replacements {
                    var mutated = lines
                    mutated[index] = line[..<equals] + "= " + replacement
                    outcomes += outcome(of: mutated.joined(separator: "\n"))
                }
            }
            #expect(outcomes > 1000)
        }

        /// Random edits of the full example: deletions, duplications and junk.
        @Test func randomEdits() {
            var generator = SeededGenerator(state: 0x5EED)
            let original = Array(ManifestV2Tests.everyField.utf8)
            let junk = Array("[]{}=\".,:*/\\\n#'0aé\u{0}".utf8)
            for _ in 0..<3000 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    let position = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes.remove(at: position)
                    case 1: bytes.insert(junk.randomElement(using: &generator) ?? 0, at: position)
                    default:
                        let end = min(bytes.count, position + Int.random(in: 1...40, using: &generator))
                        bytes.insert(contentsOf: bytes[position..<end], at: position)
                    }
                }
                _ = outcome(of: String(decoding: bytes, as: UTF8.self))
            }
        }

        @Test func pathologicalDocuments() {
            for text in [
                String(repeating: "[", count: 100_000),
                "a = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
                "a = " + String(repeating: "{ b = ", count: 5_000) + "1" + String(repeating: " }", count: 5_000),
                "spin_manifest_version = 2\n[application]\nname = \"" + String(repeating: "x", count: 1_000_000) + "\"",
                "spin_manifest_version = 9223372036854775807",
                "\u{FEFF}spin_manifest_version = 2\n[application]\nname = \"bom\"",
            ] {
                _ = outcome(of: text)
            }
        }

        private func outcome(of text: String) -> Int {
            do {
                _ = try ManifestLoader.parse(text, applicationDirectory: "/srv/app")
                return 1
            } catch {
                #expect(!error.description.isEmpty)
                return 1
            }
        }
    }
}
