import Testing
@testable import WasmDecoder

@Suite struct FunctionValidatorTests {
    func error(code: [UInt8], locals: [UInt8] = [0x00], type: [UInt8] = [0x01, 0x60, 0x00, 0x00]) -> ModuleError? {
        do {
            _ = try loadModule(ModuleBytes.oneFunction(locals: locals, code: code, type: type))
            return nil
        } catch {
            return error
        }
    }

    @Test func typeMismatchNamesFunctionAndOffset() {
        // i32.const 0; i64.const 0; i32.add
        let failure = error(code: [0x41, 0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B])
        #expect(failure?.kind == .invalid)
        #expect(failure?.message == "type mismatch")
        #expect(failure?.function == 0)
        // The add sits after header(8) + type(6) + function(4) + code header(4) + locals(1) + 4 bytes.
        #expect(failure?.offset == 27)
        #expect(failure?.description == "invalid module (func 0, offset 0x1b): type mismatch")
    }

    @Test func unknownLocal() {
        #expect(error(code: [0x20, 0x03, 0x1A, 0x0B])?.message == "unknown local 3")
    }

    @Test func localIndexSearchWithManyLocals() throws {
        // 100,000 i64 locals then 1 f32: local.get 100000 is f32, so dropping it validates,
        // and storing it into an i64 local does not.
        let locals: [UInt8] = [0x02, 0xA0, 0x8D, 0x06, 0x7E, 0x01, 0x7D]
        #expect(error(code: [0x20, 0xA0, 0x8D, 0x06, 0x1A, 0x0B], locals: locals) == nil)
        #expect(error(code: [0x20, 0xA0, 0x8D, 0x06, 0x21, 0x00, 0x0B], locals: locals)?.message == "type mismatch")
    }

    @Test func unreachableMakesStackPolymorphic() {
        // unreachable; i32.add; drop — operands come from the polymorphic stack.
        #expect(error(code: [0x00, 0x6A, 0x1A, 0x0B]) == nil)
        // ...but known operands must still match: unreachable; i64.const 0; i32.add.
        #expect(error(code: [0x00, 0x42, 0x00, 0x6A, 0x1A, 0x0B])?.message == "type mismatch")
    }

    @Test func multiValueBlockType() {
        // Type 1 is [i32 i32] -> [i32]; block (type 1) i32.add end, fed by two constants.
        let types: [UInt8] = [0x02, 0x60, 0x00, 0x00, 0x60, 0x02, 0x7F, 0x7F, 0x01, 0x7F]
        let code: [UInt8] = [0x41, 0x01, 0x41, 0x02, 0x02, 0x01, 0x6A, 0x0B, 0x1A, 0x0B]
        #expect(error(code: code, type: types) == nil)
        let missingOperand: [UInt8] = [0x41, 0x01, 0x02, 0x01, 0x6A, 0x0B, 0x1A, 0x0B]
        #expect(error(code: missingOperand, type: types)?.message == "type mismatch")
    }

    @Test func missingEndIsMalformed() {
        #expect(error(code: [0x01])?.message == "END opcode expected")
    }

    @Test func bytesAfterFinalEndAreMalformed() {
        #expect(error(code: [0x0B, 0x01])?.kind == .malformed)
    }

    @Test func branchTableArityMustAgree() {
        // block (result i32) block br_table 0 1 (labels of arity 0 and 1)
        let code: [UInt8] = [0x02, 0x7F, 0x02, 0x40, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x41, 0x00, 0x0B, 0x1A, 0x0B]
        #expect(error(code: code)?.message == "type mismatch")
    }

    @Test func selectNeedsNumericOperandsWithoutType() {
        // ref.null func; ref.null func; i32.const 1; select
        let code: [UInt8] = [0xD0, 0x70, 0xD0, 0x70, 0x41, 0x01, 0x1B, 0x1A, 0x0B]
        #expect(error(code: code)?.message == "type mismatch")
        // The typed form accepts references.
        let typed: [UInt8] = [0xD0, 0x70, 0xD0, 0x70, 0x41, 0x01, 0x1C, 0x01, 0x70, 0x1A, 0x0B]
        #expect(error(code: typed) == nil)
    }

    @Test func memoryInstructionsNeedAMemory() {
        #expect(error(code: [0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B])?.message == "unknown memory 0")
    }

    @Test func undeclaredFunctionReference() {
        #expect(error(code: [0xD2, 0x00, 0x1A, 0x0B])?.message == "undeclared function reference")
    }
}
