import Testing
@testable import WasmDecoder

@Suite struct ConcurrentValidationTests {
    /// Nine functions `[] -> []`; the bodies at `invalid` push an unused i32 (type mismatch).
    func module(invalid: Set<Int>) -> [UInt8] {
        let valid: [UInt8] = [0x02, 0x00, 0x0B]
        let broken: [UInt8] = [0x04, 0x00, 0x41, 0x00, 0x0B]
        let bodies = (0..<9).flatMap { invalid.contains($0) ? broken : valid }
        return ModuleBytes.module(
            ModuleBytes.emptyFunctionType,
            ModuleBytes.section(3, [0x09] + Array(repeating: 0x00, count: 9)),
            ModuleBytes.section(10, [0x09] + bodies))
    }

    func sequential(_ bytes: [UInt8]) -> ModuleError? {
        do { _ = try loadModule(bytes); return nil } catch { return error }
    }

    func concurrent(_ bytes: [UInt8], _ parallelism: Int) async -> ModuleError? {
        do { _ = try await loadModule(bytes, parallelism: parallelism); return nil } catch { return error }
    }

    @Test(arguments: [[], [0], [8], [5], [2, 7], [6, 1, 4]] as [Set<Int>])
    func sameVerdictAsSequential(invalid: Set<Int>) async {
        let bytes = module(invalid: invalid)
        let expected = sequential(bytes)
        #expect(expected?.function == invalid.min().map(UInt32.init))
        for parallelism in [1, 2, 3, 16] {
            #expect(await concurrent(bytes, parallelism) == expected)
        }
    }
}
