import Testing
@testable import WasmDecoder

@Suite struct NameSectionTests {
    func module(withNameSection payload: [UInt8]) -> [UInt8] {
        let base = ModuleBytes.oneFunction(locals: [0x01, 0x01, 0x7F], code: [0x0B])
        return base + ModuleBytes.section(0, ModuleBytes.name("name") + payload)
    }

    func subsection(_ id: UInt8, _ contents: [UInt8]) -> [UInt8] {
        [id] + ModuleBytes.leb(UInt32(contents.count)) + contents
    }

    @Test func decodesModuleFunctionAndLocalNames() throws {
        let payload = subsection(0, ModuleBytes.name("demo"))
            + subsection(1, [0x01, 0x00] + ModuleBytes.name("main"))
            + subsection(2, [0x01, 0x00, 0x01, 0x00] + ModuleBytes.name("counter"))
        let module = try loadModule(module(withNameSection: payload))
        #expect(module.names?.moduleName == "demo")
        #expect(module.functionName(0) == "main")
        #expect(module.names?.localNames[0]?[0] == "counter")
    }

    @Test func unknownSubsectionsAreSkipped() throws {
        let payload = subsection(1, [0x01, 0x00] + ModuleBytes.name("f")) + subsection(7, [0xAA, 0xBB])
        let module = try loadModule(module(withNameSection: payload))
        #expect(module.functionName(0) == "f")
    }

    @Test(arguments: [
        [0x01, 0x09, 0x01, 0x00],                          // subsection longer than the section
        [0x01, 0x04, 0x01, 0x00, 0x01, 0xFF],              // function name not UTF-8
        [0x01, 0x07, 0x02, 0x01, 0x01, 0x61, 0x00, 0x01, 0x62],  // indices out of order
    ] as [[UInt8]])
    func brokenNameSectionIsDroppedNotFatal(payload: [UInt8]) throws {
        // Custom sections never make a module malformed (spec §5.5.3).
        let module = try loadModule(module(withNameSection: payload))
        #expect(module.names == nil)
        #expect(module.customSections.map(\.name) == ["name"])
    }
}
