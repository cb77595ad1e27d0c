@testable import SpinHost
import Testing

extension ManifestTests {
    /// Whatever the text, loading gives a `Manifest` or a `ManifestError`,
    /// never a crash; a rejection names the file (and a line inside it), and
    /// an accepted document holds the components and routes it declares.
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

        /// Accepted and rejected documents, counted apart so that a test can
        /// require both: a loader that rejects (or accepts) everything fails.
        struct Tally {
            var accepted = 0
            var rejected = 0
        }

        /// Not the default `spin.toml`, so that a message naming the default
        /// instead of the file it was given is caught.
        static let file = "apps/shop/spin.toml"

        static let replacements = [
            "1", "-7", "true", "1.5", "nan", "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z", "\"\"", "\"../..\"",
            "\"/...\"", "\"*\"", "[]", "[1, \"a\"]", "[[1]]", "{}", "{ a = 1 }", "{ private = true }",
            "{ url = \"https://x\", digest = \"sha256:\" }", "[{ source = \"..\", destination = \"..\" }]",
        ]

        /// Every value of the full example replaced by values of every other type.
        @Test func everyValueOfEveryType() {
            let lines = ManifestV2Tests.everyField.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var tally = Tally()
            var mutations = 0
            for (index, line) in lines.enumerated() {
                guard let equals = line.firstIndex(of: "="), !line.hasPrefix("[") else { continue }
                for replacement in Self.replacements {
                    var mutated = lines
                    mutated[index] = line[..<equals] + "= " + replacement
                    check(mutated.joined(separator: "\n"), &tally)
                    mutations += 1
                }
            }
            #expect(tally.accepted + tally.rejected == mutations)
            // Some replacements fit (a string for a string), most do not.
            #expect(tally.accepted > 0)
            #expect(tally.rejected > 0)
        }

        /// Random edits of the full example: deletions, duplications and junk.
        @Test func randomEdits() {
            var generator = SeededGenerator(state: 0x5EED)
            let original = Array(ManifestV2Tests.everyField.utf8)
            let junk = Array("[]{}=\".,:*/\\\n#'0aé\u{0}".utf8)
            var tally = Tally()
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
                check(String(decoding: bytes, as: UTF8.self), &tally)
            }
            #expect(tally.accepted + tally.rejected == 3000)
            #expect(tally.accepted > 0)
            #expect(tally.rejected > 0)
        }

        @Test func pathologicalDocumentsAreRejected() {
            var tally = Tally()
            for text in [
                String(repeating: "[", count: 100_000),
                "a = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
                "a = " + String(repeating: "{ b = ", count: 5_000) + "1" + String(repeating: " }", count: 5_000),
                "spin_manifest_version = 9223372036854775807",
            ] {
                check(text, &tally)
            }
            #expect(tally.accepted == 0)
            #expect(tally.rejected == 4)
        }

        @Test func pathologicalDocumentsDoNotCrash() {
            var tally = Tally()
            for text in [
                "spin_manifest_version = 2\n[application]\nname = \"" + String(repeating: "x", count: 1_000_000) + "\"",
                "\u{FEFF}spin_manifest_version = 2\n[application]\nname = \"bom\"",
            ] {
                check(text, &tally)
            }
            #expect(tally.accepted + tally.rejected == 2)
        }

        /// Loads `text` and checks whichever outcome it has.
        private func check(_ text: String, _ tally: inout Tally, sourceLocation: SourceLocation = #_sourceLocation) {
            let manifest: Manifest
            do {
                manifest = try ManifestLoader.parse(text, file: Self.file, applicationDirectory: "/srv/app")
            } catch {
                tally.rejected += 1
                checkRejection(error, of: text, sourceLocation: sourceLocation)
                return
            }
            tally.accepted += 1
            checkAccepted(manifest, text, sourceLocation: sourceLocation)
        }

        /// The message starts with the file name, and any line it names is in the document.
        private func checkRejection(_ error: ManifestError, of text: String, sourceLocation: SourceLocation) {
            let lineCount = text.utf8.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
            #expect(error.file == Self.file, "\(error)", sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(Self.file + ":"), "\(error)", sourceLocation: sourceLocation)
            #expect(!error.message.isEmpty, "\(error)", sourceLocation: sourceLocation)
            if case .syntax(let line, let column) = error.kind {
                #expect((1...lineCount).contains(line) && column >= 1, "\(error)", sourceLocation: sourceLocation)
            }
            if let line = error.line {
                #expect((1...lineCount).contains(line), "\(error)", sourceLocation: sourceLocation)
            }
        }

        /// Every `[component.<id>]` of the text is a component; every
        /// component is declared or inline; every trigger's component exists;
        /// every route parses again and the router sends a path of it to it.
        private func checkAccepted(_ manifest: Manifest, _ text: String, sourceLocation: SourceLocation) {
            #expect(manifest.file == Self.file, sourceLocation: sourceLocation)
            // The loader already checked the syntax, so this cannot fail here.
            guard let positions = try? TOMLSyntax.check(text) else {
                Issue.record("accepted a document that TOMLSyntax rejects:\n\(text)", sourceLocation: sourceLocation)
                return
            }
            let ids = manifest.components.map(\.id)
            #expect(Set(ids).count == ids.count, "duplicate component ids \(ids)", sourceLocation: sourceLocation)
            let referenced = Set(manifest.httpTriggers.compactMap(\.componentID))
            #expect(referenced.isSubset(of: ids), "triggers name \(referenced), components are \(ids)",
                    sourceLocation: sourceLocation)
            let triggerCount = positions.lines.keys.filter { path in
                path.count == 3 && path[0] == .key("trigger") && path[1] == .key("http")
                    && { if case .index = path[2] { true } else { false } }()
            }.count
            #expect(manifest.httpTriggers.count == triggerCount, sourceLocation: sourceLocation)
            guard manifest.format == .version2 else { return }
            let declared = Set(positions.lines.keys.compactMap { path -> String? in
                guard path.count == 2, path[0] == .key("component"), case .key(let id) = path[1] else { return nil }
                return id
            })
            #expect(declared.isSubset(of: ids), "declared \(declared.sorted()), loaded \(ids)",
                    sourceLocation: sourceLocation)
            #expect(Set(ids).isSubset(of: declared.union(referenced)), "loaded \(ids), declared \(declared.sorted())",
                    sourceLocation: sourceLocation)

            let routes = manifest.httpTriggers.enumerated().compactMap { index, trigger in
                trigger.route.spec.map { Router.Entry(pattern: $0, target: index) }
            }
            let router = Router(routes)
            for entry in routes {
                let spec = entry.pattern
                #expect((try? RouteSpec(parsing: spec.text)) == spec, "\(spec)", sourceLocation: sourceLocation)
                let path = "/" + spec.segments.map { segment in
                    switch segment {
                    case .literal(let text): text
                    case .parameter: "p"
                    }
                }.joined(separator: "/")
                let match = router.route(path)
                #expect(match?.entry.pattern.conflictKey == spec.conflictKey, "\(path) for \(spec)",
                        sourceLocation: sourceLocation)
            }
        }
    }
}
