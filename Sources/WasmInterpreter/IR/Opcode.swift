// The operations of the internal code. `Op` (Op.swift) holds an opcode and
// its operand fields; `Op+Constructors.swift` says which fields each uses.
// See RATIONALE.md#why-a-register-based-interpreter.

/// What an `Op` does: the interpreter's switch dispatches on it. Comments give
/// the operands as the constructors name them.
enum Opcode: UInt16, CaseIterable {
    // Control
    case unreachable
    /// Branches with an offset <= 0 (loop back-edges, to itself included) check for
    /// interruption and fuel when taken; see RATIONALE.md#why-interrupt-at-back-edges.
    case br
    case brIfNez
    case brIfEqz
    /// Followed by `count + 1` plain `br` ops, the last the default; it takes
    /// the selected one's branch itself.
    case brTable
    case return0
    case return1
    /// Results are in `count` consecutive registers from `first`.
    case returnMany
    /// Calls function `function` of the current instance; its frame starts at `base`.
    case call
    case callIndirect
    /// Tail calls: the callee's arguments are at `base`, as for a call. A Wasm
    /// callee takes over the frame (arguments moved to its start) and returns
    /// to the caller's caller; a host callee runs like a call, and the return
    /// op the translator puts next returns its results.
    case returnCall
    case returnCallIndirect
    /// Calls (or tail-calls) the function the reference in `reference`
    /// names, trapping when it is null; the frame starts at `base`.
    case callRef
    case returnCallRef

    // Moves and constants
    case copy
    case const32
    case const64
    case select
    /// `select` on an i64 condition (`i64.eqz` fused into a select: the arms swap).
    case selectI64
    case globalGet
    case globalSet

    // Memory: `offset` is the static offset of the `memarg`.
    case i32Load
    case i64Load
    case f32Load
    case f64Load
    case i32Load8S
    case i32Load8U
    case i32Load16S
    case i32Load16U
    case i64Load8S
    case i64Load8U
    case i64Load16S
    case i64Load16U
    case i64Load32S
    case i64Load32U
    case i32Store
    case i64Store
    case f32Store
    case f64Store
    case i32Store8
    case i32Store16
    case i64Store8
    case i64Store16
    case i64Store32
    /// Stores of a constant held in the op: 8 or 16 bits in `value` (`r0`);
    /// 32 bits, or 64 sign-extended from 32, in `r0` (low half) and `r2`
    /// (`p->n = 0`, Go's return addresses).
    case i32Store8Immediate
    case i32Store16Immediate
    case i32StoreImmediate
    case i64StoreImmediate
    /// `memory.size`, `memory.grow` and bulk memory on memory 0, a 32-bit
    /// one: the memory in `x` (`memory.copy`: the destination's; the
    /// source's in `y`), `memory.init`'s segment in `x`, memory in `y`.
    case memorySize
    case memoryGrow
    case memoryFill
    case memoryCopy
    case memoryInit
    case dataDrop
    /// The same with the same fields, when a memory is not memory 0 or is
    /// 64-bit (its index then carries `Op.memory64Flag`): out of the loop.
    case memorySizeOther
    case memoryGrowOther
    case memoryFillOther
    case memoryCopyOther
    case memoryInitOther
    /// Makes memory `x` the one that loads and stores (scalar and vector)
    /// access. The translator brackets an access to a memory other than 0
    /// with this op, naming that memory before and memory 0 after, so memory
    /// 0's accesses keep their operand-free form (RATIONALE.md, "Multiple
    /// memories behind a switch").
    case useMemory
    /// `destination = address + offset` (64-bit, `offset` in `x` and `y`),
    /// trapping when it overflows or passes 4 GiB, which no memory here
    /// reaches: an access to a 64-bit memory (memory64) goes through it,
    /// then runs as a 32-bit one with offset 0. A memory index with
    /// `memory64Flag` set in a size or bulk op names a 64-bit memory.
    case address64
    /// `destination = index`, trapping with `undefined element` when the
    /// index passes 2^32, which no table here reaches: a `call_indirect` or
    /// `return_call_indirect` through a 64-bit table (table64) goes through it.
    case tableIndex64

    // Vectors: a v128 sits in two consecutive registers, its low half first
    // (`Op+Vector.swift`).
    /// Every vector operation that does not access memory: `operation` (with
    /// its lane) in `x`; the result's first register in `r0`; operands in
    /// `r1`, `r2` and `y` (a vector's first register, or a scalar).
    case vector
    /// Vector loads and stores, lane ones included: the operation (with its
    /// lane) in `y`, the value in `r0`, the address in `r1`, the static offset
    /// in `x`, the vector a lane load starts from in `r2`.
    case vectorMemory
    case v128Select
    case v128GlobalGet
    case v128GlobalSet
    /// `destination = source`, both halves in one 16-byte move.
    case v128Copy

    // Tables and references
    case tableGet
    case tableSet
    case tableSize
    case tableGrow
    case tableFill
    case tableCopy
    case tableInit
    case elemDrop
    case refFunc
    /// Traps with `null reference` when the reference in `reference` is null.
    case refAsNonNull
    /// Raises an exception of tag `tag` (a tag index of the instance) whose
    /// `count` value slots start at `first`; handlers are found by
    /// `CompiledFunction.handlers` (`Exceptions.swift`).
    case `throw`
    /// Raises the exception the `exnref` in `reference` names again.
    case throwRef

    // Garbage collection (Wasm 3.0), out of the loop in `GCOperations`.
    // Types are the module's type indices (`CompiledModule.heapTypes`). The
    // ops with a `base` read their operands from consecutive registers from
    // there (a vector two) and write their result, if any, at `base`.
    case structNew
    case structNewDefault
    /// `widening`: 0 for an unpacked field, 1 signed, 2 unsigned.
    case structGet
    case structSet
    case arrayNew
    case arrayNewDefault
    case arrayNewFixed
    case arrayNewData
    case arrayNewElem
    case arrayGet
    case arraySet
    case arrayLen
    case arrayFill
    case arrayCopy
    case arrayInitData
    case arrayInitElem
    /// `target` is a type index, or `Op.abstractTarget | code` for an
    /// abstract heap type; `nullable` whether null passes.
    case refTest
    case refCast
    case refI31
    case i31Get

    // Numeric (spec §4.4.1): `destination = operation(lhs, rhs)` or `(operand)`.
    case i32Eqz
    case i32Eq
    case i32Ne
    case i32LtS
    case i32LtU
    case i32GtS
    case i32GtU
    case i32LeS
    case i32LeU
    case i32GeS
    case i32GeU
    case i64Eqz
    case i64Eq
    case i64Ne
    case i64LtS
    case i64LtU
    case i64GtS
    case i64GtU
    case i64LeS
    case i64LeU
    case i64GeS
    case i64GeU
    case f32Eq
    case f32Ne
    case f32Lt
    case f32Gt
    case f32Le
    case f32Ge
    case f64Eq
    case f64Ne
    case f64Lt
    case f64Gt
    case f64Le
    case f64Ge
    case i32Clz
    case i32Ctz
    case i32Popcnt
    case i32Add
    case i32Sub
    case i32Mul
    case i32DivS
    case i32DivU
    case i32RemS
    case i32RemU
    case i32And
    case i32Or
    case i32Xor
    case i32Shl
    case i32ShrS
    case i32ShrU
    case i32Rotl
    case i32Rotr
    case i64Clz
    case i64Ctz
    case i64Popcnt
    case i64Add
    case i64Sub
    case i64Mul
    case i64DivS
    case i64DivU
    case i64RemS
    case i64RemU
    case i64And
    case i64Or
    case i64Xor
    case i64Shl
    case i64ShrS
    case i64ShrU
    case i64Rotl
    case i64Rotr
    case f32Abs
    case f32Neg
    case f32Ceil
    case f32Floor
    case f32Trunc
    case f32Nearest
    case f32Sqrt
    case f32Add
    case f32Sub
    case f32Mul
    case f32Div
    case f32Min
    case f32Max
    case f32Copysign
    case f64Abs
    case f64Neg
    case f64Ceil
    case f64Floor
    case f64Trunc
    case f64Nearest
    case f64Sqrt
    case f64Add
    case f64Sub
    case f64Mul
    case f64Div
    case f64Min
    case f64Max
    case f64Copysign
    case i32WrapI64
    case i32TruncF32S
    case i32TruncF32U
    case i32TruncF64S
    case i32TruncF64U
    case i64ExtendI32S
    case i64ExtendI32U
    case i64TruncF32S
    case i64TruncF32U
    case i64TruncF64S
    case i64TruncF64U
    case f32ConvertI32S
    case f32ConvertI32U
    case f32ConvertI64S
    case f32ConvertI64U
    case f32DemoteF64
    case f64ConvertI32S
    case f64ConvertI32U
    case f64ConvertI64S
    case f64ConvertI64U
    case f64PromoteF32
    case i32ReinterpretF32
    case i64ReinterpretF64
    case f32ReinterpretI32
    case f64ReinterpretI64
    case i32Extend8S
    case i32Extend16S
    case i64Extend8S
    case i64Extend16S
    case i64Extend32S
    case i32TruncSatF32S
    case i32TruncSatF32U
    case i32TruncSatF64S
    case i32TruncSatF64U
    case i64TruncSatF32S
    case i64TruncSatF32U
    case i64TruncSatF64S
    case i64TruncSatF64U

    // Fused forms (see RATIONALE.md): an operation with a constant operand.
    case i32AddImmediate
    case i64AddImmediate
    case i32MulImmediate
    case i32AndImmediate
    case i32OrImmediate
    case i32XorImmediate
    case i32ShlImmediate
    case i32ShrUImmediate
    case i32ShrSImmediate
    case i32RotlImmediate
    case i32EqImmediate
    case i32NeImmediate
    case i32LtSImmediate
    case i32LtUImmediate
    case i32GtSImmediate
    case i32GtUImmediate
    case i32LeSImmediate
    case i32LeUImmediate
    case i32GeSImmediate
    case i32GeUImmediate
    case i64MulImmediate
    case i64AndImmediate
    case i64OrImmediate
    case i64XorImmediate
    case i64ShlImmediate
    case i64ShrUImmediate
    case i64ShrSImmediate
    case i64RotlImmediate
    case i64EqImmediate
    case i64NeImmediate
    case i64LtSImmediate
    case i64LtUImmediate
    case i64GtSImmediate
    case i64GtUImmediate
    case i64LeSImmediate
    case i64LeUImmediate
    case i64GeSImmediate
    case i64GeUImmediate
    /// `constant - operand` (`-x` is `0 - x`); the i64 constant is 32-bit, sign-extended.
    case i32SubFromImmediate
    case i64SubFromImmediate
    /// Division and remainder by a constant that is neither 0 nor (signed) -1,
    /// so they never trap (i64 constants 32-bit, sign-extended).
    case i32DivUImmediate
    case i32RemUImmediate
    case i32DivSImmediate
    case i32RemSImmediate
    case i64DivUImmediate
    case i64RemUImmediate
    case i64DivSImmediate
    case i64RemSImmediate

    /// i64 operations with a constant that does not fit 32 bits (hash
    /// multipliers, masks): `(constant, destination, lhs)`, the constant
    /// first so that the payload stays within 14 bytes.
    case i64AddWide
    case i64MulWide
    case i64AndWide
    case i64OrWide
    case i64XorWide

    // Fused compare-and-branch: branch by `offset` when `lhs <op> rhs` holds.
    // The translator emits them for a comparison consumed by `br_if` or `if`.
    case brIfI32Eq
    case brIfI32Ne
    case brIfI32LtS
    case brIfI32LtU
    case brIfI32GtS
    case brIfI32GtU
    case brIfI32LeS
    case brIfI32LeU
    case brIfI32GeS
    case brIfI32GeU
    case brIfI32EqImmediate
    case brIfI32NeImmediate
    case brIfI32LtSImmediate
    case brIfI32LtUImmediate
    case brIfI32GtSImmediate
    case brIfI32GtUImmediate
    case brIfI32LeSImmediate
    case brIfI32LeUImmediate
    case brIfI32GeSImmediate
    case brIfI32GeUImmediate
    case brIfI64Eq
    case brIfI64Ne
    case brIfI64LtS
    case brIfI64LtU
    case brIfI64GtS
    case brIfI64GtU
    case brIfI64LeS
    case brIfI64LeU
    case brIfI64GeS
    case brIfI64GeU
    case brIfI64EqImmediate
    case brIfI64NeImmediate
    case brIfI64LtSImmediate
    case brIfI64LtUImmediate
    case brIfI64GtSImmediate
    case brIfI64GtUImmediate
    case brIfI64LeSImmediate
    case brIfI64LeUImmediate
    case brIfI64GeSImmediate
    case brIfI64GeUImmediate

    // Fused with the op before them (RATIONALE.md#fusing-pairs-of-ops): two
    // copies in one op, and an op whose temporary result only the next op read.
    /// `destination0 = source0`, then `destination1 = source1`.
    case copy2
    /// `destination = i32.load(address + memoryOffset)` (or `load8_u`), then
    /// branch when it is not zero (is zero).
    case i32LoadBrIfNez
    case i32LoadBrIfEqz
    case i32Load8UBrIfNez
    case i32Load8UBrIfEqz
    /// `(a >> shift) & mask` and `(a & mask) >> shift`.
    case i32ShrUAndImmediate
    case i32AndShrUImmediate
    /// `a + b + c`, `a + (b << shift)`, `a * b + c`.
    case i32Add3
    case i32AddShlImmediate
    case i32MulAdd
    /// `destination = lhs & mask`, then branch when it equals (differs from)
    /// a constant that fits 16 bits.
    case i32AndImmediateBrIfEqImmediate
    case i32AndImmediateBrIfNeImmediate
    /// `counter += step`, then branch when `counter != limit` (a register, or
    /// a constant that fits 16 bits).
    case i32AddImmediateBrIfNe
    case i32AddImmediateBrIfNeImmediate
    /// `(a + addend) & mask`.
    case i32AddAndImmediate
    /// `destination = i32.load(address + memoryOffset) + addend`; followed by a
    /// store of that sum to the same place it becomes `i32AddImmediateToMemory`.
    case i32LoadAddImmediate
    /// `i32.store(address + memoryOffset, i32.load(address + memoryOffset) + addend)`: `(*p)++`.
    case i32AddImmediateToMemory
    /// `i32.store(address + memoryOffset, value)`, then branch when `condition` is not zero (is zero).
    case i32StoreBrIfNez
    case i32StoreBrIfEqz
    /// `destination = value`, then branch.
    case const32Br
    /// `a + f64.load(address + memoryOffset)` (`sum += p[i]`).
    case f64AddLoad
    /// `a * f64.load(address + memoryOffset)` (`x * p[i]`, a dot product's term).
    case f64MulLoad
    /// `destination = global`, then branch when `condition` is not zero: Go
    /// reloads its stack pointer after each call, then tests the call's result.
    case globalGetBrIfNez
    /// `destination = a + addend`, then the global is set to it: Go moves its
    /// stack pointer in a local and stores it back to its global.
    case i32AddImmediateGlobalSet
    /// `i64.store(destinationAddress + destinationOffset, i64.load(sourceAddress + sourceOffset))`:
    /// a value moved between Go's stack slots.
    case i64LoadStore
}
