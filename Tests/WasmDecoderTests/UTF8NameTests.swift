import Testing
@testable import WasmDecoder

@Suite struct UTF8NameTests {
    /// A module exporting nothing but with an import whose field name is `bytes`.
    func moduleImporting(name bytes: [UInt8]) -> [UInt8] {
        let entry = ModuleBytes.name("m") + ModuleBytes.leb(UInt32(bytes.count)) + bytes + [0x03, 0x7F, 0x00]
        return ModuleBytes.module(ModuleBytes.section(2, [0x01] + entry))
    }

    @Test(arguments: [
        [0x61], [0xC2, 0xA9], [0xE2, 0x82, 0xAC], [0xF0, 0x9F, 0x98, 0x80], [0xEF, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF],
        [],
    ] as [[UInt8]])
    func validNames(bytes: [UInt8]) throws {
        let module = try loadModule(moduleImporting(name: bytes))
        #expect(Array(module.imports[0].name.utf8) == bytes)
    }

    @Test(arguments: [
        [0x80],                    // lone continuation byte
        [0xC0, 0x80],              // overlong U+0000
        [0xC1, 0xBF],              // overlong U+007F
        [0xE0, 0x80, 0x80],        // overlong three-byte form
        [0xED, 0xA0, 0x80],        // surrogate U+D800
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
        [0xF8, 0x88, 0x80, 0x80, 0x80],
        [0xE2, 0x82],              // truncated
        [0xFF],
    ] as [[UInt8]])
    func invalidNames(bytes: [UInt8]) {
        #expect(throws: ModuleError.self) { try loadModule(moduleImporting(name: bytes)) }
        do {
            _ = try loadModule(moduleImporting(name: bytes))
        } catch {
            #expect(error.message == "malformed UTF-8 encoding")
        }
    }

    @Test func exportNamesCompareAsBytes() throws {
        // "é" precomposed and decomposed are canonically equivalent but distinct names.
        let composed: [UInt8] = [0xC3, 0xA9]
        let decomposed: [UInt8] = [0x65, 0xCC, 0x81]
        let exports = [0x02] + ModuleBytes.leb(2) + composed + [0x03, 0x00] + ModuleBytes.leb(3) + decomposed + [0x03, 0x00]
        let bytes = ModuleBytes.module(
            ModuleBytes.section(6, [0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B]),
            ModuleBytes.section(7, exports))
        let module = try loadModule(bytes)
        #expect(module.exports.count == 2)
    }
}
