import Testing
@testable import WasmDecoder

@Suite struct SectionDecoderTests {
    func decodeError(_ bytes: [UInt8]) -> ModuleError? {
        do {
            _ = try loadModule(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyModuleDecodes() throws {
        let module = try loadModule(ModuleBytes.header)
        #expect(module.functionCount == 0)
        #expect(module.customSections.isEmpty)
    }

    @Test(arguments: [
        ([], "unexpected end"),
        ([0x00, 0x61, 0x73], "unexpected end"),
        ([0x00, 0x61, 0x73, 0x6E, 0x01, 0x00, 0x00, 0x00], "magic header not detected"),
        ([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version"),
    ] as [([UInt8], String)])
    func preamble(bytes: [UInt8], message: String) {
        #expect(decodeError(bytes)?.message == message)
    }

    @Test func componentIsNamedAsSuch() {
        let component: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]
        #expect(decodeError(component)?.message.contains("component") == true)
    }

    @Test func sectionsOutOfOrderAreMalformed() {
        // The function section (3) may not follow the code section (10).
        let bytes = ModuleBytes.module(
            ModuleBytes.emptyFunctionType,
            ModuleBytes.section(10, [0x00]),
            ModuleBytes.section(3, [0x00]))
        let error = decodeError(bytes)
        #expect(error?.kind == .malformed)
        #expect(error?.message == "unexpected content after last section")
    }

    @Test func duplicateSectionIsMalformed() {
        let bytes = ModuleBytes.module(ModuleBytes.emptyFunctionType, ModuleBytes.emptyFunctionType)
        #expect(decodeError(bytes)?.message == "unexpected content after last section")
        #expect(decodeError(bytes)?.offset == 14)
    }

    @Test func dataCountGoesBetweenElementAndCode() throws {
        let bytes = ModuleBytes.module(
            ModuleBytes.section(5, [0x01, 0x00, 0x01]),
            ModuleBytes.section(12, [0x01]),
            ModuleBytes.section(11, [0x01, 0x01, 0x02, 0xAB, 0xCD]))
        let module = try loadModule(bytes)
        #expect(module.dataCount == 1)
        #expect(module.data.count == 1)
        #expect(Array(module.bytes[module.data[0].range]) == [0xAB, 0xCD])
        // Data count after data: out of order.
        let reversed = ModuleBytes.module(
            ModuleBytes.section(5, [0x01, 0x00, 0x01]),
            ModuleBytes.section(11, [0x00]),
            ModuleBytes.section(12, [0x00]))
        #expect(decodeError(reversed)?.message == "unexpected content after last section")
    }

    @Test func customSectionsMayAppearAnywhere() throws {
        let custom = ModuleBytes.section(0, ModuleBytes.name("a") + [1, 2, 3])
        let bytes = ModuleBytes.module(custom, ModuleBytes.emptyFunctionType, custom, custom)
        let module = try loadModule(bytes)
        #expect(module.customSections.map(\.name) == ["a", "a", "a"])
        #expect(module.customSections[0].range.count == 3)
    }

    @Test func sectionShorterThanContents() {
        // The type section claims 3 bytes but its one type needs 4.
        let bytes = ModuleBytes.header + [0x01, 0x03, 0x01, 0x60, 0x00, 0x00]
        #expect(decodeError(bytes)?.message == "unexpected end of section or function")
    }

    @Test func sectionLongerThanContents() {
        let bytes = ModuleBytes.header + [0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00]
        #expect(decodeError(bytes)?.message == "section size mismatch")
    }

    @Test func sectionSizePastEndOfModule() {
        let bytes = ModuleBytes.header + [0x01, 0x10, 0x01, 0x60, 0x00, 0x00]
        #expect(decodeError(bytes)?.message == "length out of bounds")
    }

    @Test func unknownSectionIdIsMalformed() {
        #expect(decodeError(ModuleBytes.module(ModuleBytes.section(14, [])))?.message == "malformed section id")
    }

    @Test func functionWithoutCodeIsMalformed() {
        let bytes = ModuleBytes.module(ModuleBytes.emptyFunctionType, ModuleBytes.section(3, [0x01, 0x00]))
        #expect(decodeError(bytes)?.message == "function and code section have inconsistent lengths")
    }

    @Test func tooManyLocalsIsMalformed() {
        // Two declarations of 2^31 locals each: 2^32 in total, one too many.
        let locals: [UInt8] = [0x02, 0x80, 0x80, 0x80, 0x80, 0x08, 0x7F, 0x80, 0x80, 0x80, 0x80, 0x08, 0x7F]
        let error = decodeError(ModuleBytes.oneFunction(locals: locals, code: [0x0B]))
        #expect(error?.message == "too many locals")
    }

    @Test func bodyDoesNotCopyCode() throws {
        let module = try loadModule(ModuleBytes.oneFunction(code: [0x01, 0x0B]))
        let body = module.bodies[0]
        #expect(Array(module.bytes[body.code]) == [0x01, 0x0B])
    }

    @Test func laterProposalsAreUnsupportedNotMalformed() {
        // return_call 0 (tail calls).
        let tailCall = decodeError(ModuleBytes.oneFunction(code: [0x12, 0x00, 0x0B]))
        #expect(tailCall?.kind == .unsupported)
        #expect(tailCall?.message == "unsupported feature: tail-call")
        // A memory64 memory: limits flag 0x04.
        let memory64 = decodeError(ModuleBytes.module(ModuleBytes.section(5, [0x01, 0x04, 0x01])))
        #expect(memory64?.message == "unsupported feature: memory64")
        // The tag section (13) of exception handling.
        let tags = decodeError(ModuleBytes.module(ModuleBytes.section(13, [0x00])))
        #expect(tags?.message == "unsupported feature: exception-handling")
        // A GC struct type.
        let gc = decodeError(ModuleBytes.module(ModuleBytes.section(1, [0x01, 0x5F, 0x00])))
        #expect(gc?.message == "unsupported feature: gc")
        // An atomic instruction (threads).
        let atomic = decodeError(ModuleBytes.oneFunction(code: [0xFE, 0x03, 0x00, 0x0B]))
        #expect(atomic?.message == "unsupported feature: threads")
    }

    @Test func illegalOpcodeIsMalformed() {
        let error = decodeError(ModuleBytes.oneFunction(code: [0xFF, 0x0B]))
        #expect(error?.kind == .malformed)
        #expect(error?.message.hasPrefix("illegal opcode") == true)
        #expect(error?.function == 0)
    }
}
