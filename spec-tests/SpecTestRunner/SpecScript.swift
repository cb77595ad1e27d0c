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
    /// `module`: the name later commands use; `register`: the instance to register.
    let name: String?
    /// `register`: the import module name to register under.
    let `as`: String?
    let action: SpecAction?
    let expected: [SpecValue]?
    /// `module_instance`: the definition to instantiate, and the instance's name.
    let module: String?
    let instance: String?

    enum CodingKeys: String, CodingKey {
        case type, line, filename, text, name, `as`, action, expected, module, instance
        case moduleType = "module_type"
        case binaryFilename = "binary_filename"
    }
}

/// `invoke` of an export with arguments, or `get` of an exported global.
struct SpecAction: Decodable {
    let type: String
    let module: String?
    let field: String
    let args: [SpecValue]?
}

/// A value in a script: numbers as decimal strings of their bits, NaN
/// patterns, references, vectors as lanes.
struct SpecValue: Decodable {
    let type: String
    let value: Payload?
    /// A vector's lane type (`i8` ... `f64`).
    let laneType: String?
    /// `either`: the results allowed (relaxed SIMD's choices).
    let values: [SpecValue]?

    enum CodingKeys: String, CodingKey {
        case type, value, values
        case laneType = "lane_type"
    }

    enum Payload: Decodable {
        case scalar(String)
        case lanes([String])

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let lanes = try? container.decode([String].self) {
                self = .lanes(lanes)
            } else {
                self = .scalar(try container.decode(String.self))
            }
        }
    }
}
