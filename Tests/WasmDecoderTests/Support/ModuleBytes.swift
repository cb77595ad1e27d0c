import WATSupport

/// Hand-assembles module binaries for tests, section by section, so that each
/// test shows the exact bytes it feeds the decoder.
enum ModuleBytes {
    static let header: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    /// A section: id, LEB128 size, contents.
    static func section(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
        [id] + leb(UInt32(contents.count)) + contents
    }

    static func module(_ sections: [UInt8]...) -> [UInt8] {
        header + sections.flatMap { $0 }
    }

    static func leb(_ value: UInt32) -> [UInt8] {
        LEB128.unsigned(Int(value))
    }

    static func name(_ text: String) -> [UInt8] {
        leb(UInt32(text.utf8.count)) + Array(text.utf8)
    }

    /// A type section with one type `[] -> []`.
    static let emptyFunctionType = section(1, [0x01, 0x60, 0x00, 0x00])

    /// One function of type 0 whose body is `code` (which must end with 0x0B).
    static func oneFunction(locals: [UInt8] = [0x00], code: [UInt8], type: [UInt8] = [0x01, 0x60, 0x00, 0x00]) -> [UInt8] {
        let body = locals + code
        return module(
            section(1, type),
            section(3, [0x01, 0x00]),
            section(10, [0x01] + leb(UInt32(body.count)) + body))
    }
}
