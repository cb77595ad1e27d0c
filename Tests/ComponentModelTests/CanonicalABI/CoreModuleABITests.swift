@testable import ComponentModel
import Testing
import WasmDecoder
import WasmInterpreter
import WATSupport

/// The canonical ABI over a plain core module (Spin 1 modules): values
/// lowered into the module's memory through its allocator come back equal,
/// flat or spilled past 16 values, and bad addresses trap.
@Suite(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"))
struct CoreModuleABITests {
    /// A module with one page and a bump allocator from 1024.
    static let module = """
        (module
          (memory (export "memory") 1)
          (global $heap (mut i32) (i32.const 1024))
          (func (export "canonical_abi_realloc") (param i32 i32 i32 i32) (result i32)
            (local $ptr i32)
            (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                                     (i32.sub (i32.const 0) (local.get 2))))
            (global.set $heap (i32.add (local.get $ptr) (local.get 3)))
            (local.get $ptr)))
        """

    static func abi() throws -> CoreModuleABI {
        let engine = Engine()
        let store = Store(engine: engine)
        let instance = try Linker().instantiate(try engine.compile(try WAT.assemble(module)), in: store)
        guard case .memory(let memory)? = instance.export(named: "memory"),
              case .function(let realloc)? = instance.export(named: "canonical_abi_realloc") else {
            throw Failure()
        }
        return CoreModuleABI(store: store, memory: memory, realloc: realloc)
    }

    struct Failure: Error {}

    static let record = ComponentValueType.record([
        .init("name", .string), .init("tags", .list(.tuple([.string, .string]))), .init("body", .option(.list(.u8))),
    ])
    static let recordValue = ComponentValue.record([
        .string("héllo"), .list([.tuple([.string("a"), .string("b")])]), .option(.bytes([1, 2, 3])),
    ])

    @Test func flatArgumentsRoundTrip() throws {
        let abi = try Self.abi()
        let types: [ComponentValueType] = [.u32, Self.record, .enum(["x", "y"])]
        let values: [ComponentValue] = [.u32(7), Self.recordValue, .enum(1)]
        let flat = try abi.lowerArguments(values, types)
        #expect(flat.count == 1 + 7 + 1)  // the record: string 2, list 2, option<list> 3
        #expect(try abi.liftArguments(flat, types) == values)
    }

    /// Past 16 flat values the arguments travel as a tuple in memory.
    @Test func argumentsPast16FlatValuesSpill() throws {
        let abi = try Self.abi()
        let types = [ComponentValueType](repeating: .u32, count: 17)
        let values = (0..<17).map { ComponentValue.u32(UInt32($0) * 3) }
        let flat = try abi.lowerArguments(values, types)
        #expect(flat.count == 1)
        #expect(try abi.load(.tuple(types), at: flat[0]) == .tuple(values))
        #expect(try abi.liftArguments(flat, types) == values)
    }

    @Test func storedValuesLoadBack() throws {
        let abi = try Self.abi()
        try abi.store(Self.recordValue, Self.record, at: 64)
        #expect(try abi.load(Self.record, at: 64) == Self.recordValue)
        #expect(try abi.lowerFlatResult(.u16(300), .u16) == 300)
    }

    @Test func badAddressesTrap() throws {
        let abi = try Self.abi()
        #expect(throws: Trap.self) { try abi.load(Self.record, at: 65536 - 8) }
        #expect(throws: Trap.self) { try abi.load(Self.record, at: 2) }
        #expect(throws: Trap.self) { try abi.load(Self.record, at: 1 << 40) }
        #expect(throws: Trap.self) { try abi.store(Self.recordValue, Self.record, at: 65536 - 4) }
    }
}
