@testable import SpinHost
import Testing

extension ManifestTests {
    struct IdentifierTests {
        @Test(arguments: ["api", "cart-api", "v2", "a1-b2", "HTTP-api", "x"])
        func validComponentIDs(id: String) {
            #expect(SpinIdentifier.problem(with: id, style: .kebab) == nil)
        }

        @Test(arguments: [
            ("", "must not be empty"),
            ("bad_id", "words must be separated with \"-\", not \"_\""),
            ("a--b", "words separated by \"-\" must not be empty"),
            ("-a", "words separated by \"-\" must not be empty"),
            ("1-2-3", "each word must start with an ASCII letter; got \"1\""),
            ("a-b.c", "words may only contain ASCII letters and digits; got \".\""),
            ("camelCase", "each word must be all lowercase or all UPPERCASE; got \"camelCase\""),
            ("é", "each word must start with an ASCII letter; got \"é\""),
        ])
        func invalidComponentIDs(id: String, problem: String) {
            #expect(SpinIdentifier.problem(with: id, style: .kebab) == problem)
        }

        @Test func variableNamesAreLowerSnakeCase() {
            #expect(SpinIdentifier.problem(with: "api_host", style: .lowerSnake) == nil)
            #expect(SpinIdentifier.problem(with: "API_HOST", style: .lowerSnake) == "must be all lowercase; got \"API_HOST\"")
            #expect(SpinIdentifier.problem(with: "API_HOST", style: .snake) == nil)
        }

        @Test func labelsMayBeKebabOrSnake() {
            #expect(SpinIdentifier.isValidLabel("default"))
            #expect(SpinIdentifier.isValidLabel("user-data"))
            #expect(SpinIdentifier.isValidLabel("user_data"))
            #expect(!SpinIdentifier.isValidLabel("user data"))
        }

        @Test func version1IDsAreConvertedLikeSpin() {
            #expect(SpinIdentifier.convertedVersion1ComponentID("already-kebab") == "already-kebab")
            #expect(SpinIdentifier.convertedVersion1ComponentID("snake_case") == "snake-case")
            #expect(SpinIdentifier.convertedVersion1ComponentID("mixedCase") == "mixedcase")
            #expect(SpinIdentifier.convertedVersion1ComponentID("SHOUT") == "SHOUT")
        }
    }
}
