import Foundation

/// One converted `.wast` script: the JSON that `wasm-tools json-from-wast` writes.
struct SpecScript: Decodable {
    let sourceFilename: String
    let commands: [SpecCommand]

    enum CodingKeys: String, CodingKey {
        case sourceFilename = "source_filename"
        case commands
    }

    static func load(_ url: URL) throws -> SpecScript {
        try JSONDecoder().decode(SpecScript.self, from: try Data(contentsOf: url))
    }
}

/// A command of a spec script. Only the fields this runner reads are decoded.
struct SpecCommand: Decodable {
    let type: String
    let line: Int
    let filename: String?
    /// For text modules that the converter also assembled.
    let binaryFilename: String?
    let moduleType: String?
    let text: String?

    enum CodingKeys: String, CodingKey {
        case type, line, filename, text
        case moduleType = "module_type"
        case binaryFilename = "binary_filename"
    }
}
