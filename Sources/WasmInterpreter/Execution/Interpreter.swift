import WasmDecoder

// The interpreter's only hot loop. See RATIONALE.md#why-a-switch-loop.
//
// SAFETY (whole file): `pc` points into the code of a translated function, and
// translation guarantees every branch lands on an op of the same function.
// `fp` points into the store's value stack with `frameSize` slots checked
// free before each call; register operands are below `frameSize`.
// `memoryBase` is valid for `memorySize` bytes (its header) between reloads,
// and every access is bounds-checked against `memorySize` first.

@inline(never) func trapOutOfBoundsMemory() throws(Trap) -> Never { throw Trap(.outOfBoundsMemoryAccess) }

/// The address of an access of `size` bytes at `base + offset`, checked.
@inline(__always)
func effectiveAddress(_ base: UInt64, _ offset: UInt32, _ size: Int, _ memorySize: Int) throws(Trap) -> Int {
    // Both terms are below 2^32, so the sum cannot overflow.
    let address = Int(UInt32(truncatingIfNeeded: base)) &+ Int(offset)
    if address &+ size > memorySize { try trapOutOfBoundsMemory() }
    return address
}

/// Loads a `T` stored little-endian at `address`, unaligned. Like
/// `storeLittleEndian`, a fixed-size copy: the standard library's
/// `loadUnaligned` of a `UInt64` stayed an out-of-line call in the loop, 20%
/// of matmul's time (RATIONALE.md, "Loads and stores as fixed-size copies").
@inline(__always)
func loadLittleEndian<T: FixedWidthInteger>(_ address: UnsafeRawPointer, as: T.Type) -> T {
    var value = T.zero
    // SAFETY: the caller checked `MemoryLayout<T>.size` bytes at `address` against the memory's size.
    withUnsafeMutableBytes(of: &value) { $0.baseAddress!.copyMemory(from: address, byteCount: MemoryLayout<T>.size) }
    return T(littleEndian: value)
}

/// Stores `value` little-endian at `address`, unaligned. The standard
/// library's `storeBytes` stayed an out-of-line call in the interpreter loop
/// (too big for the inliner); a fixed-size `copyMemory` becomes one `mov`.
@inline(__always)
func storeLittleEndian<T: FixedWidthInteger>(_ value: T, _ address: UnsafeMutableRawPointer) {
    var bytes = value.littleEndian
    // SAFETY: the caller checked `MemoryLayout<T>.size` bytes at `address` against the memory's size.
    withUnsafeBytes(of: &bytes) { address.copyMemory(from: $0.baseAddress!, byteCount: MemoryLayout<T>.size) }
}

extension Execution {
    /// Runs Wasm code from `startPC` in `startFunction` of `entryInstance`, whose
    /// frame is at `startFP`, until the activation that began at `entryFP`
    /// (with `entryDepth` frames below it) returns: its results are then in
    /// the first slots at `entryFP`. A fresh call starts at the function's
    /// first op with `startFP == entryFP`; a resumed one where it stopped.
    /// Returns the activation's saved state instead when a host function asked
    /// to suspend it (see `Suspension.swift`). An exception that a handler in
    /// the activation catches goes on at the handler's landing pad.
    func run(store: Store, instance: InstanceState, pc: UnsafePointer<Op>, function: UInt32,
             fp: UnsafeMutablePointer<UInt64>, entryFP: UnsafeMutablePointer<UInt64>,
             entryDepth: Int) throws(Trap) -> SuspendedCall? {
        var start: Landing = (pc, fp, function, instance)
        while true {
            switch try interpret(store: store, instance: start.instance, pc: start.pc, function: start.function,
                                 fp: start.fp, entryFP: entryFP, entryDepth: entryDepth) {
            case .finished: return nil
            case .suspended(let call): return call
            case .landed(let landing): start = landing
            }
        }
    }

    /// How the interpreter loop stopped.
    enum LoopExit {
        case finished
        case suspended(SuspendedCall)
        /// A handler caught an exception: go on there, with the frames above it popped.
        case landed(Landing)
    }

    /// The interpreter loop: `run`'s, without its restart at landing pads,
    /// which would otherwise cost the loop's register allocation on every
    /// call and return (an outer loop around it slowed fib by 14%).
    @inline(never)
    private func interpret(store: Store, instance entryInstance: InstanceState, pc startPC: UnsafePointer<Op>,
                           function startFunction: UInt32, fp startFP: UnsafeMutablePointer<UInt64>,
                           entryFP: UnsafeMutablePointer<UInt64>, entryDepth: Int) throws(Trap) -> LoopExit {
        unowned(unsafe) var instance = entryInstance
        var pc = startPC
        var fp = startFP
        var function = startFunction
        var functions = instance.functions
        var globals = instance.globalSlots
        // The memory as an unmanaged reference: reloading the view after a
        // call or return must not retain and release the instance.
        let empty = emptyMemory
        var memory = instance.unownedMemory
        var memoryBase = Self.memoryBase(memory, empty)
        // Read through the base (`LinearMemory.byteCountOffset`): a second
        // loop variable for the size cost the base its register.
        var memorySize: Int { LinearMemory.byteCount(at: memoryBase) }
        let interruption = store.interruption
        let metering = initialFuel != nil
        do throws(Trap) {
            while true {
                switch pc.pointee.opcode {
            case .i32Eqz: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(i32(fp[Int(a)]) == 0); pc += 1
            case .i64Eqz: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(fp[Int(a)] == 0); pc += 1
            case .i32Clz: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)]).leadingZeroBitCount); pc += 1
            case .i32Ctz: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)]).trailingZeroBitCount); pc += 1
            case .i32Popcnt: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)]).nonzeroBitCount); pc += 1
            case .i64Clz: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(fp[Int(a)].leadingZeroBitCount); pc += 1
            case .i64Ctz: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(fp[Int(a)].trailingZeroBitCount); pc += 1
            case .i64Popcnt: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(fp[Int(a)].nonzeroBitCount); pc += 1
            case .f32Abs: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.abs(i32(fp[Int(a)]))); pc += 1
            case .f32Neg: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.neg(i32(fp[Int(a)]))); pc += 1
            case .f32Ceil: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f32(fp[Int(a)]).rounded(.up)); pc += 1
            case .f32Floor: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f32(fp[Int(a)]).rounded(.down)); pc += 1
            case .f32Trunc: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f32(fp[Int(a)]).rounded(.towardZero)); pc += 1
            case .f32Nearest: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f32(fp[Int(a)]).rounded(.toNearestOrEven)); pc += 1
            case .f32Sqrt: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f32(fp[Int(a)]).squareRoot()); pc += 1
            case .f64Abs: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = Semantics.abs(fp[Int(a)]); pc += 1
            case .f64Neg: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = Semantics.neg(fp[Int(a)]); pc += 1
            case .f64Ceil: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f64(fp[Int(a)]).rounded(.up)); pc += 1
            case .f64Floor: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f64(fp[Int(a)]).rounded(.down)); pc += 1
            case .f64Trunc: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f64(fp[Int(a)]).rounded(.towardZero)); pc += 1
            case .f64Nearest: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f64(fp[Int(a)]).rounded(.toNearestOrEven)); pc += 1
            case .f64Sqrt: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(f64(fp[Int(a)]).squareRoot()); pc += 1
            case .i32WrapI64: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)])); pc += 1
            case .i32TruncF32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(try Semantics.truncate(f32(fp[Int(a)]), exclusiveLower: Semantics.i32FromF32.lower, exclusiveUpper: Semantics.i32FromF32.upper, as: Int32.self)); pc += 1
            case .i32TruncF32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(try Semantics.truncate(f32(fp[Int(a)]), exclusiveLower: Semantics.u32FromF32.lower, exclusiveUpper: Semantics.u32FromF32.upper, as: UInt32.self)); pc += 1
            case .i32TruncF64S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(try Semantics.truncate(f64(fp[Int(a)]), exclusiveLower: Semantics.i32FromF64.lower, exclusiveUpper: Semantics.i32FromF64.upper, as: Int32.self)); pc += 1
            case .i32TruncF64U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(try Semantics.truncate(f64(fp[Int(a)]), exclusiveLower: Semantics.u32FromF64.lower, exclusiveUpper: Semantics.u32FromF64.upper, as: UInt32.self)); pc += 1
            case .i64ExtendI32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Int64(s32(fp[Int(a)]))); pc += 1
            case .i64ExtendI32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)])); pc += 1
            case .i64TruncF32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(try Semantics.truncate(f32(fp[Int(a)]), exclusiveLower: Semantics.i64FromF32.lower, exclusiveUpper: Semantics.i64FromF32.upper, as: Int64.self)); pc += 1
            case .i64TruncF32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = (try Semantics.truncate(f32(fp[Int(a)]), exclusiveLower: Semantics.u64FromF32.lower, exclusiveUpper: Semantics.u64FromF32.upper, as: UInt64.self)); pc += 1
            case .i64TruncF64S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(try Semantics.truncate(f64(fp[Int(a)]), exclusiveLower: Semantics.i64FromF64.lower, exclusiveUpper: Semantics.i64FromF64.upper, as: Int64.self)); pc += 1
            case .i64TruncF64U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = (try Semantics.truncate(f64(fp[Int(a)]), exclusiveLower: Semantics.u64FromF64.lower, exclusiveUpper: Semantics.u64FromF64.upper, as: UInt64.self)); pc += 1
            case .f32ConvertI32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Float(s32(fp[Int(a)]))); pc += 1
            case .f32ConvertI32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Float(i32(fp[Int(a)]))); pc += 1
            case .f32ConvertI64S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Float(s64(fp[Int(a)]))); pc += 1
            case .f32ConvertI64U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Float(fp[Int(a)])); pc += 1
            case .f32DemoteF64: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Float(f64(fp[Int(a)]))); pc += 1
            case .f64ConvertI32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Double(s32(fp[Int(a)]))); pc += 1
            case .f64ConvertI32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Double(i32(fp[Int(a)]))); pc += 1
            case .f64ConvertI64S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Double(s64(fp[Int(a)]))); pc += 1
            case .f64ConvertI64U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Double(fp[Int(a)])); pc += 1
            case .f64PromoteF32: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Double(f32(fp[Int(a)]))); pc += 1
            case .i32ReinterpretF32: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)])); pc += 1
            case .i64ReinterpretF64: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)]; pc += 1
            case .f32ReinterpretI32: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = UInt64(i32(fp[Int(a)])); pc += 1
            case .f64ReinterpretI64: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)]; pc += 1
            case .i32Extend8S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Int32(Int8(truncatingIfNeeded: fp[Int(a)]))); pc += 1
            case .i32Extend16S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Int32(Int16(truncatingIfNeeded: fp[Int(a)]))); pc += 1
            case .i64Extend8S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Int64(Int8(truncatingIfNeeded: fp[Int(a)]))); pc += 1
            case .i64Extend16S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Int64(Int16(truncatingIfNeeded: fp[Int(a)]))); pc += 1
            case .i64Extend32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Int64(Int32(truncatingIfNeeded: fp[Int(a)]))); pc += 1
            case .i32TruncSatF32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.truncateSaturating(f32(fp[Int(a)]), exclusiveLower: Semantics.i32FromF32.lower, exclusiveUpper: Semantics.i32FromF32.upper, as: Int32.self)); pc += 1
            case .i32TruncSatF32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.truncateSaturating(f32(fp[Int(a)]), exclusiveLower: Semantics.u32FromF32.lower, exclusiveUpper: Semantics.u32FromF32.upper, as: UInt32.self)); pc += 1
            case .i32TruncSatF64S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.truncateSaturating(f64(fp[Int(a)]), exclusiveLower: Semantics.i32FromF64.lower, exclusiveUpper: Semantics.i32FromF64.upper, as: Int32.self)); pc += 1
            case .i32TruncSatF64U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.truncateSaturating(f64(fp[Int(a)]), exclusiveLower: Semantics.u32FromF64.lower, exclusiveUpper: Semantics.u32FromF64.upper, as: UInt32.self)); pc += 1
            case .i64TruncSatF32S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.truncateSaturating(f32(fp[Int(a)]), exclusiveLower: Semantics.i64FromF32.lower, exclusiveUpper: Semantics.i64FromF32.upper, as: Int64.self)); pc += 1
            case .i64TruncSatF32U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = (Semantics.truncateSaturating(f32(fp[Int(a)]), exclusiveLower: Semantics.u64FromF32.lower, exclusiveUpper: Semantics.u64FromF32.upper, as: UInt64.self)); pc += 1
            case .i64TruncSatF64S: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = slot(Semantics.truncateSaturating(f64(fp[Int(a)]), exclusiveLower: Semantics.i64FromF64.lower, exclusiveUpper: Semantics.i64FromF64.upper, as: Int64.self)); pc += 1
            case .i64TruncSatF64U: let d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = (Semantics.truncateSaturating(f64(fp[Int(a)]), exclusiveLower: Semantics.u64FromF64.lower, exclusiveUpper: Semantics.u64FromF64.upper, as: UInt64.self)); pc += 1
            case .i32Eq: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) == i32(fp[Int(b)])); pc += 1
            case .i32Ne: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) != i32(fp[Int(b)])); pc += 1
            case .i32LtS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s32(fp[Int(a)]) < s32(fp[Int(b)])); pc += 1
            case .i32LtU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) < i32(fp[Int(b)])); pc += 1
            case .i32GtS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s32(fp[Int(a)]) > s32(fp[Int(b)])); pc += 1
            case .i32GtU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) > i32(fp[Int(b)])); pc += 1
            case .i32LeS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s32(fp[Int(a)]) <= s32(fp[Int(b)])); pc += 1
            case .i32LeU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) <= i32(fp[Int(b)])); pc += 1
            case .i32GeS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s32(fp[Int(a)]) >= s32(fp[Int(b)])); pc += 1
            case .i32GeU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) >= i32(fp[Int(b)])); pc += 1
            case .i64Eq: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(fp[Int(a)] == fp[Int(b)]); pc += 1
            case .i64Ne: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(fp[Int(a)] != fp[Int(b)]); pc += 1
            case .i64LtS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s64(fp[Int(a)]) < s64(fp[Int(b)])); pc += 1
            case .i64LtU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(fp[Int(a)] < fp[Int(b)]); pc += 1
            case .i64GtS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s64(fp[Int(a)]) > s64(fp[Int(b)])); pc += 1
            case .i64GtU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(fp[Int(a)] > fp[Int(b)]); pc += 1
            case .i64LeS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s64(fp[Int(a)]) <= s64(fp[Int(b)])); pc += 1
            case .i64LeU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(fp[Int(a)] <= fp[Int(b)]); pc += 1
            case .i64GeS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s64(fp[Int(a)]) >= s64(fp[Int(b)])); pc += 1
            case .i64GeU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(fp[Int(a)] >= fp[Int(b)]); pc += 1
            case .f32Eq: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) == f32(fp[Int(b)])); pc += 1
            case .f32Ne: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) != f32(fp[Int(b)])); pc += 1
            case .f32Lt: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) < f32(fp[Int(b)])); pc += 1
            case .f32Gt: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) > f32(fp[Int(b)])); pc += 1
            case .f32Le: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) <= f32(fp[Int(b)])); pc += 1
            case .f32Ge: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) >= f32(fp[Int(b)])); pc += 1
            case .f64Eq: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) == f64(fp[Int(b)])); pc += 1
            case .f64Ne: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) != f64(fp[Int(b)])); pc += 1
            case .f64Lt: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) < f64(fp[Int(b)])); pc += 1
            case .f64Gt: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) > f64(fp[Int(b)])); pc += 1
            case .f64Le: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) <= f64(fp[Int(b)])); pc += 1
            case .f64Ge: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) >= f64(fp[Int(b)])); pc += 1
            case .i32Add: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) &+ i32(fp[Int(b)])); pc += 1
            case .i32Sub: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) &- i32(fp[Int(b)])); pc += 1
            case .i32Mul: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) &* i32(fp[Int(b)])); pc += 1
            case .i32DivS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(try Semantics.divS(s32(fp[Int(a)]), s32(fp[Int(b)]))); pc += 1
            case .i32DivU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(try Semantics.divU(i32(fp[Int(a)]), i32(fp[Int(b)]))); pc += 1
            case .i32RemS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(try Semantics.remS(s32(fp[Int(a)]), s32(fp[Int(b)]))); pc += 1
            case .i32RemU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(try Semantics.remU(i32(fp[Int(a)]), i32(fp[Int(b)]))); pc += 1
            case .i32And: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) & i32(fp[Int(b)])); pc += 1
            case .i32Or: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) | i32(fp[Int(b)])); pc += 1
            case .i32Xor: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) ^ i32(fp[Int(b)])); pc += 1
            case .i32Shl: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) &<< i32(fp[Int(b)])); pc += 1
            case .i32ShrS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s32(fp[Int(a)]) &>> s32(fp[Int(b)])); pc += 1
            case .i32ShrU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(i32(fp[Int(a)]) &>> i32(fp[Int(b)])); pc += 1
            case .i32Rotl: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.rotl(i32(fp[Int(a)]), i32(fp[Int(b)]))); pc += 1
            case .i32Rotr: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.rotr(i32(fp[Int(a)]), i32(fp[Int(b)]))); pc += 1
            case .i64Add: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] &+ fp[Int(b)]; pc += 1
            case .i64Sub: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] &- fp[Int(b)]; pc += 1
            case .i64Mul: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] &* fp[Int(b)]; pc += 1
            case .i64DivS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(try Semantics.divS(s64(fp[Int(a)]), s64(fp[Int(b)]))); pc += 1
            case .i64DivU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = try Semantics.divU(fp[Int(a)], fp[Int(b)]); pc += 1
            case .i64RemS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(try Semantics.remS(s64(fp[Int(a)]), s64(fp[Int(b)]))); pc += 1
            case .i64RemU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = try Semantics.remU(fp[Int(a)], fp[Int(b)]); pc += 1
            case .i64And: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] & fp[Int(b)]; pc += 1
            case .i64Or: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] | fp[Int(b)]; pc += 1
            case .i64Xor: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] ^ fp[Int(b)]; pc += 1
            case .i64Shl: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] &<< fp[Int(b)]; pc += 1
            case .i64ShrS: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(s64(fp[Int(a)]) &>> s64(fp[Int(b)])); pc += 1
            case .i64ShrU: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = fp[Int(a)] &>> fp[Int(b)]; pc += 1
            case .i64Rotl: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = Semantics.rotl(fp[Int(a)], fp[Int(b)]); pc += 1
            case .i64Rotr: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = Semantics.rotr(fp[Int(a)], fp[Int(b)]); pc += 1
            case .f32Add: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) + f32(fp[Int(b)])); pc += 1
            case .f32Sub: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) - f32(fp[Int(b)])); pc += 1
            case .f32Mul: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) * f32(fp[Int(b)])); pc += 1
            case .f32Div: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f32(fp[Int(a)]) / f32(fp[Int(b)])); pc += 1
            case .f32Min: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.min(f32(fp[Int(a)]), f32(fp[Int(b)]))); pc += 1
            case .f32Max: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.max(f32(fp[Int(a)]), f32(fp[Int(b)]))); pc += 1
            case .f32Copysign: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.copysign(i32(fp[Int(a)]), i32(fp[Int(b)]))); pc += 1
            case .f64Add: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) + f64(fp[Int(b)])); pc += 1
            case .f64Sub: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) - f64(fp[Int(b)])); pc += 1
            case .f64Mul: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) * f64(fp[Int(b)])); pc += 1
            case .f64Div: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(f64(fp[Int(a)]) / f64(fp[Int(b)])); pc += 1
            case .f64Min: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.min(f64(fp[Int(a)]), f64(fp[Int(b)]))); pc += 1
            case .f64Max: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = slot(Semantics.max(f64(fp[Int(a)]), f64(fp[Int(b)]))); pc += 1
            case .f64Copysign: let d = pc.pointee.r0, a = pc.pointee.r1, b = pc.pointee.r2; fp[Int(d)] = Semantics.copysign(fp[Int(a)], fp[Int(b)]); pc += 1
            case .i32Load: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt32.self)); pc += 1
            case .i64Load: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 8, memorySize)
                fp[Int(d)] = loadLittleEndian(memoryBase + ea, as: UInt64.self); pc += 1
            case .f32Load: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt32.self)); pc += 1
            case .f64Load: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 8, memorySize)
                fp[Int(d)] = loadLittleEndian(memoryBase + ea, as: UInt64.self); pc += 1
            case .i32Load8S: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                fp[Int(d)] = slot(Int32(loadLittleEndian(memoryBase + ea, as: Int8.self))); pc += 1
            case .i32Load8U: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt8.self)); pc += 1
            case .i32Load16S: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                fp[Int(d)] = slot(Int32(loadLittleEndian(memoryBase + ea, as: Int16.self))); pc += 1
            case .i32Load16U: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt16.self)); pc += 1
            case .i64Load8S: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                fp[Int(d)] = slot(Int64(loadLittleEndian(memoryBase + ea, as: Int8.self))); pc += 1
            case .i64Load8U: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt8.self)); pc += 1
            case .i64Load16S: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                fp[Int(d)] = slot(Int64(loadLittleEndian(memoryBase + ea, as: Int16.self))); pc += 1
            case .i64Load16U: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt16.self)); pc += 1
            case .i64Load32S: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                fp[Int(d)] = slot(Int64(loadLittleEndian(memoryBase + ea, as: Int32.self))); pc += 1
            case .i64Load32U: let d = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                fp[Int(d)] = UInt64(loadLittleEndian(memoryBase + ea, as: UInt32.self)); pc += 1
            case .i32Store: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                storeLittleEndian(UInt32(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .i64Store: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 8, memorySize)
                storeLittleEndian(UInt64(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .f32Store: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                storeLittleEndian(UInt32(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .f64Store: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 8, memorySize)
                storeLittleEndian(UInt64(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .i32Store8Immediate: let address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                storeLittleEndian(UInt8(truncatingIfNeeded: pc.pointee.r0), memoryBase + ea); pc += 1
            case .i32Store16Immediate: let address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                storeLittleEndian(pc.pointee.r0, memoryBase + ea); pc += 1
            case .i32StoreImmediate: let address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                storeLittleEndian(UInt32(pc.pointee.r0) | UInt32(pc.pointee.r2) &<< 16, memoryBase + ea); pc += 1
            case .i64StoreImmediate: let address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 8, memorySize)
                storeLittleEndian(Int64(Int32(bitPattern: UInt32(pc.pointee.r0) | UInt32(pc.pointee.r2) &<< 16)), memoryBase + ea); pc += 1
            case .i32Store8: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                storeLittleEndian(UInt8(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .i32Store16: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                storeLittleEndian(UInt16(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .i64Store8: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 1, memorySize)
                storeLittleEndian(UInt8(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .i64Store16: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 2, memorySize)
                storeLittleEndian(UInt16(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1
            case .i64Store32: let value = pc.pointee.r0, address = pc.pointee.r1, offset = pc.pointee.x
                let ea = try effectiveAddress(fp[Int(address)] &+ UInt64(pc.pointee.y), offset, 4, memorySize)
                storeLittleEndian(UInt32(truncatingIfNeeded: fp[Int(value)]), memoryBase + ea); pc += 1

            case .i32AddImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x
                fp[Int(d)] = UInt64(i32(fp[Int(a)]) &+ immediate); pc += 1
            case .i64AddImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x)
                fp[Int(d)] = fp[Int(a)] &+ UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64AddWide: let immediate = pc.pointee.wide, d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)] &+ immediate; pc += 1
            case .i64MulWide: let immediate = pc.pointee.wide, d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)] &* immediate; pc += 1
            case .i64AndWide: let immediate = pc.pointee.wide, d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)] & immediate; pc += 1
            case .i64OrWide: let immediate = pc.pointee.wide, d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)] | immediate; pc += 1
            case .i64XorWide: let immediate = pc.pointee.wide, d = pc.pointee.r0, a = pc.pointee.r1; fp[Int(d)] = fp[Int(a)] ^ immediate; pc += 1
            case .i32MulImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) &* immediate); pc += 1
            case .i32AndImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) & immediate); pc += 1
            case .i32OrImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) | immediate); pc += 1
            case .i32XorImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) ^ immediate); pc += 1
            case .i32ShlImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) &<< immediate); pc += 1
            case .i32ShrUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) &>> immediate); pc += 1
            case .i32ShrSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(s32(fp[Int(a)]) &>> Int32(bitPattern: immediate)); pc += 1
            case .i32RotlImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(Semantics.rotl(i32(fp[Int(a)]), immediate)); pc += 1
            case .i64RotlImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = Semantics.rotl(fp[Int(a)], UInt64(immediate)); pc += 1
            case .i32SubFromImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(immediate &- i32(fp[Int(a)])); pc += 1
            case .i64SubFromImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x)
                fp[Int(d)] = UInt64(bitPattern: Int64(immediate)) &- fp[Int(a)]; pc += 1
            // The translator gives these a divisor that is neither 0 nor -1: no trap, no overflow.
            case .i32DivUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) / divisor); pc += 1
            case .i32RemUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) % divisor); pc += 1
            case .i32DivSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s32(fp[Int(a)]) / divisor); pc += 1
            case .i32RemSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s32(fp[Int(a)]) % divisor); pc += 1
            case .i64DivUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = UInt64(bitPattern: Int64(Int32(bitPattern: pc.pointee.x))); fp[Int(d)] = fp[Int(a)] / divisor; pc += 1
            case .i64RemUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = UInt64(bitPattern: Int64(Int32(bitPattern: pc.pointee.x))); fp[Int(d)] = fp[Int(a)] % divisor; pc += 1
            case .i64DivSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = Int64(Int32(bitPattern: pc.pointee.x)); fp[Int(d)] = slot(s64(fp[Int(a)]) / divisor); pc += 1
            case .i64RemSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, divisor = Int64(Int32(bitPattern: pc.pointee.x)); fp[Int(d)] = slot(s64(fp[Int(a)]) % divisor); pc += 1
            case .i32EqImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) == immediate); pc += 1
            case .i32NeImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) != immediate); pc += 1
            case .i32LtSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(s32(fp[Int(a)]) < Int32(bitPattern: immediate)); pc += 1
            case .i32LtUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) < immediate); pc += 1
            case .i32GtSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(s32(fp[Int(a)]) > Int32(bitPattern: immediate)); pc += 1
            case .i32GtUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) > immediate); pc += 1
            case .i32LeSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(s32(fp[Int(a)]) <= Int32(bitPattern: immediate)); pc += 1
            case .i32LeUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) <= immediate); pc += 1
            case .i32GeSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(s32(fp[Int(a)]) >= Int32(bitPattern: immediate)); pc += 1
            case .i32GeUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = pc.pointee.x; fp[Int(d)] = slot(i32(fp[Int(a)]) >= immediate); pc += 1
            case .i64MulImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = fp[Int(a)] &* UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64AndImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = fp[Int(a)] & UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64OrImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = fp[Int(a)] | UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64XorImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = fp[Int(a)] ^ UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64ShlImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = fp[Int(a)] &<< UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64ShrUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = fp[Int(a)] &>> UInt64(bitPattern: Int64(immediate)); pc += 1
            case .i64ShrSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s64(fp[Int(a)]) &>> Int64(immediate)); pc += 1
            case .i64EqImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(fp[Int(a)] == UInt64(bitPattern: Int64(immediate))); pc += 1
            case .i64NeImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(fp[Int(a)] != UInt64(bitPattern: Int64(immediate))); pc += 1
            case .i64LtSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s64(fp[Int(a)]) < Int64(immediate)); pc += 1
            case .i64LtUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(fp[Int(a)] < UInt64(bitPattern: Int64(immediate))); pc += 1
            case .i64GtSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s64(fp[Int(a)]) > Int64(immediate)); pc += 1
            case .i64GtUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(fp[Int(a)] > UInt64(bitPattern: Int64(immediate))); pc += 1
            case .i64LeSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s64(fp[Int(a)]) <= Int64(immediate)); pc += 1
            case .i64LeUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(fp[Int(a)] <= UInt64(bitPattern: Int64(immediate))); pc += 1
            case .i64GeSImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(s64(fp[Int(a)]) >= Int64(immediate)); pc += 1
            case .i64GeUImmediate: let d = pc.pointee.r0, a = pc.pointee.r1, immediate = Int32(bitPattern: pc.pointee.x); fp[Int(d)] = slot(fp[Int(a)] >= UInt64(bitPattern: Int64(immediate))); pc += 1

            case .copy: let destination = pc.pointee.r0, source = pc.pointee.r1
                fp[Int(destination)] = fp[Int(source)]; pc += 1
            case .const32: let destination = pc.pointee.r0, value = pc.pointee.x
                fp[Int(destination)] = UInt64(value); pc += 1
            case .const64: let value = pc.pointee.wide, destination = pc.pointee.r0
                fp[Int(destination)] = value; pc += 1
            case .select: let destination = pc.pointee.r0, condition = pc.pointee.r1, ifTrue = pc.pointee.r2, ifFalse = Register(truncatingIfNeeded: pc.pointee.x)
                fp[Int(destination)] = i32(fp[Int(condition)]) != 0 ? fp[Int(ifTrue)] : fp[Int(ifFalse)]; pc += 1
            case .selectI64: let destination = pc.pointee.r0, condition = pc.pointee.r1, ifTrue = pc.pointee.r2, ifFalse = Register(truncatingIfNeeded: pc.pointee.x)
                fp[Int(destination)] = fp[Int(condition)] != 0 ? fp[Int(ifTrue)] : fp[Int(ifFalse)]; pc += 1
            case .globalGet: let destination = pc.pointee.r0, index = pc.pointee.x
                fp[Int(destination)] = globals[Int(index)].pointee; pc += 1
            case .globalSet: let source = pc.pointee.r0, index = pc.pointee.x
                globals[Int(index)].pointee = fp[Int(source)]; pc += 1
            // One case for every vector op, out of line, so that the scalar handlers keep their code.
            case .vector, .vectorMemory, .v128Select, .v128GlobalGet, .v128GlobalSet, .v128Copy:
                try VectorExecution.execute(at: pc, fp, memoryBase, memorySize, globals); pc += 1

            case .br: let offset = Int32(bitPattern: pc.pointee.y)
                if offset <= 0 { try checkInterruption(interruption, metering: metering) }
                pc += Int(offset)
            case .brIfNez: let c = pc.pointee.r0, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(c)]) != 0 { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfEqz: let c = pc.pointee.r0, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(c)]) == 0 { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32Eq: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) == i32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32Ne: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) != i32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LtS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) < s32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LtU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) < i32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GtS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) > s32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GtU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) > i32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LeS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) <= s32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LeU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) <= i32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GeS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) >= s32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GeU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) >= i32(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32EqImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) == immediate { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32NeImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) != immediate { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LtSImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) < Int32(bitPattern: immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LtUImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) < immediate { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GtSImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) > Int32(bitPattern: immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GtUImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) > immediate { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LeSImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) <= Int32(bitPattern: immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32LeUImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) <= immediate { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GeSImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if s32(fp[Int(a)]) >= Int32(bitPattern: immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI32GeUImmediate: let a = pc.pointee.r0, immediate = pc.pointee.x, offset = Int32(bitPattern: pc.pointee.y); if i32(fp[Int(a)]) >= immediate { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64Eq: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] == fp[Int(b)] { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64Ne: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] != fp[Int(b)] { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LtS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) < s64(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LtU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] < fp[Int(b)] { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GtS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) > s64(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GtU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] > fp[Int(b)] { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LeS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) <= s64(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LeU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] <= fp[Int(b)] { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GeS: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) >= s64(fp[Int(b)]) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GeU: let a = pc.pointee.r0, b = pc.pointee.r1, offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] >= fp[Int(b)] { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64EqImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] == UInt64(bitPattern: Int64(immediate)) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64NeImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] != UInt64(bitPattern: Int64(immediate)) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LtSImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) < Int64(immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LtUImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] < UInt64(bitPattern: Int64(immediate)) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GtSImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) > Int64(immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GtUImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] > UInt64(bitPattern: Int64(immediate)) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LeSImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) <= Int64(immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64LeUImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] <= UInt64(bitPattern: Int64(immediate)) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GeSImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if s64(fp[Int(a)]) >= Int64(immediate) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .brIfI64GeUImmediate: let a = pc.pointee.r0, immediate = Int32(bitPattern: pc.pointee.x), offset = Int32(bitPattern: pc.pointee.y); if fp[Int(a)] >= UInt64(bitPattern: Int64(immediate)) { if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset) } else { pc += 1 }
            case .copy2:
                fp[Int(pc.pointee.r0)] = fp[Int(pc.pointee.r1)]
                fp[Int(pc.pointee.r2)] = fp[Int(Register(truncatingIfNeeded: pc.pointee.x))]; pc += 1
            case .i32LoadBrIfNez, .i32LoadBrIfEqz:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r1)], pc.pointee.x, 4, memorySize)
                let value = loadLittleEndian(memoryBase + ea, as: UInt32.self)
                fp[Int(pc.pointee.r0)] = UInt64(value)
                let offset = Int32(bitPattern: pc.pointee.y)
                if (value == 0) == (pc.pointee.opcode == .i32LoadBrIfEqz) {
                    if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset)
                } else { pc += 1 }
            case .i32Load8UBrIfNez, .i32Load8UBrIfEqz:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r1)], pc.pointee.x, 1, memorySize)
                let value = memoryBase.load(fromByteOffset: ea, as: UInt8.self)
                fp[Int(pc.pointee.r0)] = UInt64(value)
                let offset = Int32(bitPattern: pc.pointee.y)
                if (value == 0) == (pc.pointee.opcode == .i32Load8UBrIfEqz) {
                    if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset)
                } else { pc += 1 }
            case .i32ShrUAndImmediate:
                fp[Int(pc.pointee.r0)] = UInt64((i32(fp[Int(pc.pointee.r1)]) &>> pc.pointee.y) & pc.pointee.x); pc += 1
            case .i32AndShrUImmediate:
                fp[Int(pc.pointee.r0)] = UInt64((i32(fp[Int(pc.pointee.r1)]) & pc.pointee.x) &>> pc.pointee.y); pc += 1
            case .i32Add3:
                let c = fp[Int(Register(truncatingIfNeeded: pc.pointee.x))]
                fp[Int(pc.pointee.r0)] = slot(i32(fp[Int(pc.pointee.r1)]) &+ i32(fp[Int(pc.pointee.r2)]) &+ i32(c)); pc += 1
            case .i32AddShlImmediate:
                fp[Int(pc.pointee.r0)] = slot(i32(fp[Int(pc.pointee.r1)]) &+ (i32(fp[Int(pc.pointee.r2)]) &<< pc.pointee.x)); pc += 1
            case .i32MulAdd:
                let c = fp[Int(Register(truncatingIfNeeded: pc.pointee.x))]
                fp[Int(pc.pointee.r0)] = slot(i32(fp[Int(pc.pointee.r1)]) &* i32(fp[Int(pc.pointee.r2)]) &+ i32(c)); pc += 1
            case .i32AndImmediateBrIfEqImmediate, .i32AndImmediateBrIfNeImmediate:
                let value = i32(fp[Int(pc.pointee.r1)]) & pc.pointee.x
                fp[Int(pc.pointee.r0)] = UInt64(value)
                let offset = Int32(bitPattern: pc.pointee.y)
                if (value == UInt32(pc.pointee.r2)) == (pc.pointee.opcode == .i32AndImmediateBrIfEqImmediate) {
                    if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset)
                } else { pc += 1 }
            case .i32AddImmediateBrIfNe, .i32AddImmediateBrIfNeImmediate:
                let counter = i32(fp[Int(pc.pointee.r0)]) &+ pc.pointee.x
                fp[Int(pc.pointee.r0)] = UInt64(counter)
                let limit = pc.pointee.opcode == .i32AddImmediateBrIfNe ? i32(fp[Int(pc.pointee.r1)]) : UInt32(pc.pointee.r1)
                let offset = Int32(bitPattern: pc.pointee.y)
                if counter != limit {
                    if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset)
                } else { pc += 1 }
            case .f64AddLoad:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r2)], pc.pointee.x, 8, memorySize)
                let loaded = loadLittleEndian(memoryBase + ea, as: UInt64.self)
                fp[Int(pc.pointee.r0)] = slot(f64(fp[Int(pc.pointee.r1)]) + f64(loaded)); pc += 1
            case .f64MulLoad:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r2)], pc.pointee.x, 8, memorySize)
                let loaded = loadLittleEndian(memoryBase + ea, as: UInt64.self)
                fp[Int(pc.pointee.r0)] = slot(f64(fp[Int(pc.pointee.r1)]) * f64(loaded)); pc += 1
            case .i32AddAndImmediate:
                fp[Int(pc.pointee.r0)] = UInt64((i32(fp[Int(pc.pointee.r1)]) &+ pc.pointee.x) & pc.pointee.y); pc += 1
            case .i32LoadAddImmediate:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r1)], pc.pointee.x, 4, memorySize)
                let value = loadLittleEndian(memoryBase + ea, as: UInt32.self)
                fp[Int(pc.pointee.r0)] = UInt64(value &+ pc.pointee.y); pc += 1
            case .i32AddImmediateToMemory:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r1)], pc.pointee.x, 4, memorySize)
                let value = loadLittleEndian(memoryBase + ea, as: UInt32.self)
                storeLittleEndian(value &+ pc.pointee.y, memoryBase + ea); pc += 1
            case .i32StoreBrIfNez, .i32StoreBrIfEqz:
                let ea = try effectiveAddress(fp[Int(pc.pointee.r1)], pc.pointee.x, 4, memorySize)
                storeLittleEndian(UInt32(truncatingIfNeeded: fp[Int(pc.pointee.r0)]), memoryBase + ea)
                let offset = Int32(bitPattern: pc.pointee.y)
                if (i32(fp[Int(pc.pointee.r2)]) == 0) == (pc.pointee.opcode == .i32StoreBrIfEqz) {
                    if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset)
                } else { pc += 1 }
            case .globalGetBrIfNez:
                fp[Int(pc.pointee.r0)] = globals[Int(pc.pointee.x)].pointee
                let offset = Int32(bitPattern: pc.pointee.y)
                // The condition is read after the write: it may be the global's register.
                if i32(fp[Int(pc.pointee.r1)]) != 0 {
                    if offset <= 0 { try checkInterruption(interruption, metering: metering) }; pc += Int(offset)
                } else { pc += 1 }
            case .i32AddImmediateGlobalSet:
                let sum = UInt64(i32(fp[Int(pc.pointee.r1)]) &+ pc.pointee.x)
                fp[Int(pc.pointee.r0)] = sum
                globals[Int(pc.pointee.y)].pointee = sum; pc += 1
            case .i64LoadStore:
                let source = try effectiveAddress(fp[Int(pc.pointee.r1)], pc.pointee.x, 8, memorySize)
                let value = loadLittleEndian(memoryBase + source, as: UInt64.self)
                let destination = try effectiveAddress(fp[Int(pc.pointee.r2)], pc.pointee.y, 8, memorySize)
                storeLittleEndian(value, memoryBase + destination); pc += 1
            case .const32Br:
                fp[Int(pc.pointee.r0)] = UInt64(pc.pointee.x)
                let offset = Int32(bitPattern: pc.pointee.y)
                if offset <= 0 { try checkInterruption(interruption, metering: metering) }
                pc += Int(offset)
            case .brTable: let index = pc.pointee.r0, count = pc.pointee.x
                // Not `min`: the generic stayed an out-of-line call here.
                let requested = Int(i32(fp[Int(index)])), selected = requested < Int(count) ? requested : Int(count)
                // Every entry is a `br`: take it here rather than dispatch it.
                let entry = pc + 1 + selected, offset = Int32(bitPattern: entry.pointee.y)
                if offset <= 0 { try checkInterruption(interruption, metering: metering) }
                pc = entry + Int(offset)
            case .unreachable:
                throw Trap(.unreachable)

            case .returnCall, .returnCallIndirect, .returnCallRef:
                // A Wasm callee takes this frame: arguments to its start
                // (overlapping: `update(from:)` moves like memmove), no frame
                // pushed, so a tail loop runs in constant stack. A host callee
                // runs as a call's (the next case finds it again), and the
                // return op after this one returns its results.
                let target: FunctionEntry
                let calleeFP: UnsafeMutablePointer<UInt64>
                if pc.pointee.opcode == .returnCall {
                    target = functions[Int(pc.pointee.x)]
                    calleeFP = fp + Int(pc.pointee.r0)
                } else if pc.pointee.opcode == .returnCallRef {
                    target = try resolveReference(store: store, fp[Int(pc.pointee.r0)])
                    calleeFP = fp + Int(pc.pointee.r1)
                } else {
                    target = try resolveIndirect(store: store, instance: Unmanaged.passUnretained(instance), type: pc.pointee.x,
                                                 table: pc.pointee.y, index: i32(fp[Int(pc.pointee.r0)]))
                    calleeFP = fp + Int(pc.pointee.r1)
                }
                if let code = target.code {
                    fp.update(from: calleeFP, count: target.parameterCount)
                    try enter(target, at: fp, interruption: interruption, metering: metering)
                    pc = code
                    function = target.index
                    if let owner = target.owner, owner.toOpaque() != Unmanaged.passUnretained(instance).toOpaque() {
                        instance = owner.takeUnretainedValue()
                        functions = instance.functions
                        globals = instance.globalSlots
                        memory = instance.unownedMemory
                        memoryBase = Self.memoryBase(memory, empty)
                    }
                    continue
                }
                fallthrough

            case .call, .callIndirect, .callRef:
                // One body for both: only finding the callee differs.
                let target: FunctionEntry
                let calleeFP: UnsafeMutablePointer<UInt64>
                switch pc.pointee.opcode {
                case .call, .returnCall: let callee = pc.pointee.x, base = pc.pointee.r0
                    target = functions[Int(callee)]
                    calleeFP = fp + Int(base)
                case .callIndirect, .returnCallIndirect: let type = pc.pointee.x, tableIndex = pc.pointee.y, index = pc.pointee.r0, base = pc.pointee.r1
                    target = try resolveIndirect(store: store, instance: Unmanaged.passUnretained(instance), type: type, table: tableIndex,
                                                 index: i32(fp[Int(index)]))
                    calleeFP = fp + Int(base)
                case .callRef, .returnCallRef: let reference = pc.pointee.r0, base = pc.pointee.r1
                    target = try resolveReference(store: store, fp[Int(reference)])
                    calleeFP = fp + Int(base)
                default:
                    preconditionFailure("not a call")
                }
                if let code = target.code {
                    try enter(target, at: calleeFP, interruption: interruption, metering: metering)
                    frames[depth] = CallFrame(pc: pc + 1, fp: fp, instance: Unmanaged.passUnretained(instance),
                                              function: function)
                    depth += 1
                    fp = calleeFP
                    pc = code
                    function = target.index
                    if let owner = target.owner, owner.toOpaque() != Unmanaged.passUnretained(instance).toOpaque() {
                        instance = owner.takeUnretainedValue()
                        functions = instance.functions
                        globals = instance.globalSlots
                        memory = instance.unownedMemory
                        memoryBase = Self.memoryBase(memory, empty)
                    }
                } else {
                    try callHost(store: store, instance: instance, target, at: calleeFP, from: pc, fp: fp)
                    if suspensionRequested {
                        return .suspended(suspend(at: pc, fp: fp, function: function, instance: instance, callee: target,
                                                  calleeFP: calleeFP, entryFP: entryFP, entryDepth: entryDepth))
                    }
                    memoryBase = Self.memoryBase(memory, empty)
                    pc += 1
                }

            case .return0, .return1, .returnMany:
                switch pc.pointee.opcode {
                case .return1: let value = pc.pointee.r0; fp[0] = fp[Int(value)]
                case .returnMany: let first = pc.pointee.r0, count = pc.pointee.r1
                    // Source and destination may overlap; `update(from:)` copies like memmove.
                    fp.update(from: fp + Int(first), count: Int(count))
                default: break
                }
                if depth == entryDepth { return .finished }
                depth -= 1
                let frame = frames[depth]
                pc = frame.pc
                fp = frame.fp
                function = frame.function
                if frame.instance.toOpaque() != Unmanaged.passUnretained(instance).toOpaque() {
                    instance = frame.instance.takeUnretainedValue()
                    functions = instance.functions
                    globals = instance.globalSlots
                    memory = instance.unownedMemory
                }
                memoryBase = Self.memoryBase(memory, empty)

            case .memorySize: let destination = pc.pointee.r0
                fp[Int(destination)] = UInt64(memorySize / LinearMemory.pageSize); pc += 1
            case .memoryGrow: let destination = pc.pointee.r0, delta = pc.pointee.r1
                let old = instance.memory!.grow(by: Int(i32(fp[Int(delta)])))  // validated: memory 0 exists
                fp[Int(destination)] = old.map { UInt64($0) } ?? UInt64(UInt32.max)
                memoryBase = Self.memoryBase(memory, empty)
                pc += 1
            case .memoryFill: let destination = pc.pointee.r0, value = pc.pointee.r1, count = pc.pointee.r2
                try Bulk.fill(memoryBase, memorySize, UInt64(i32(fp[Int(destination)])), UInt8(truncatingIfNeeded: fp[Int(value)]),
                              UInt64(i32(fp[Int(count)])))
                pc += 1
            case .memoryCopy: let destination = pc.pointee.r0, source = pc.pointee.r1, count = pc.pointee.r2
                try Bulk.copy(into: (memoryBase, memorySize), from: (memoryBase, memorySize), UInt64(i32(fp[Int(destination)])),
                              UInt64(i32(fp[Int(source)])), UInt64(i32(fp[Int(count)])))
                pc += 1
            case .memoryInit: let segment = pc.pointee.x, destination = pc.pointee.r0, source = pc.pointee.r1, count = pc.pointee.r2
                try Bulk.initialize(instance, memoryBase, memorySize, segment: segment, UInt64(i32(fp[Int(destination)])),
                                    i32(fp[Int(source)]), i32(fp[Int(count)]))
                pc += 1
            // The same on another memory than 0, or a 64-bit one, and the
            // checks of 64-bit addresses and table indices: out of the loop.
            // Memory 0's view is reloaded after: it may be the memory that
            // grew, under another index.
            case .memorySizeOther, .memoryGrowOther, .memoryFillOther, .memoryCopyOther, .memoryInitOther,
                 .address64, .tableIndex64:
                try Bulk.execute(at: pc, fp, instance)
                memoryBase = Self.memoryBase(memory, empty)
                pc += 1
            case .useMemory:
                memoryBase = Self.memoryBase(instance.memoryReferences[Int(pc.pointee.x)], empty)
                pc += 1
            case .dataDrop: let segment = pc.pointee.x
                instance.droppedData[Int(segment)] = true; pc += 1

            case .tableGet, .tableSet, .tableSize, .tableGrow, .tableFill, .tableCopy, .tableInit, .elemDrop, .refFunc,
                 .refAsNonNull, .throw, .throwRef:
                try TableOperations.execute(at: pc, fp: fp, instance: instance)
                pc += 1
            case .structNew, .structNewDefault, .structGet, .structSet, .arrayNew, .arrayNewDefault, .arrayNewFixed,
                 .arrayNewData, .arrayNewElem, .arrayGet, .arraySet, .arrayLen, .arrayFill, .arrayCopy, .arrayInitData,
                 .arrayInitElem, .refTest, .refCast, .refI31, .i31Get:
                try GCOperations.execute(at: pc, fp: fp, instance: instance)
                pc += 1
                }
            }
        } catch {
            // An exception: the innermost handler in this activation that
            // catches it takes it; `run` goes on from there.
            if case .exception(let reference) = error.reason, let site = exceptionSite {
                exceptionSite = nil
                if let landing = landing(for: reference, store: store, pc: site.pc, fp: site.fp, function: function,
                                         instance: instance, entryDepth: entryDepth) {
                    return .landed(landing)
                }
            }
            var trap = error
            // An exit is an ending, not a fault: no backtrace to pay for.
            if trap.backtrace.isEmpty, !trap.isExit {
                trap.backtrace = backtrace(from: entryDepth, current: function, in: instance)
            }
            depth = entryDepth
            suspensionRequested = false
            throw trap
        }
    }

    @inline(__always)
    static func memoryBase(_ memory: Unmanaged<LinearMemory>?, _ empty: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        guard let memory else { return empty }
        return memory._withUnsafeGuaranteedRef { $0.base }
    }

    /// Checks that a callee's frame fits and the guest may go on; zeroes its locals.
    @inline(__always)
    func enter(_ target: FunctionEntry, at calleeFP: UnsafeMutablePointer<UInt64>, interruption: Interruption,
               metering: Bool) throws(Trap) {
        if depth >= maximumDepth || calleeFP + target.frameSize > stackEnd {
            throw Trap(.callStackExhausted)
        }
        try checkInterruption(interruption, metering: metering)
        // Most functions declare a few locals: plain stores, not a call to memset.
        let locals = calleeFP + target.parameterCount
        switch target.localCount - target.parameterCount {
        case 0: break
        case 1: locals[0] = 0
        case 2: locals[0] = 0; locals[1] = 0
        case 3: locals[0] = 0; locals[1] = 0; locals[2] = 0
        case 4: locals[0] = 0; locals[1] = 0; locals[2] = 0; locals[3] = 0
        case let count: locals.update(repeating: 0, count: count)
        }
    }

    @inline(__always)
    func checkInterruption(_ interruption: Interruption, metering: Bool) throws(Trap) {
        if interruption.isSet { throw Trap(.interrupted) }
        if metering {
            fuel -= 1
            if fuel < 0 { throw Trap(.outOfFuel) }
        }
    }

    /// Calls a host function whose arguments are at `calleeFP`.
    /// `pc` and `fp` are the caller's: where an exception the host lets
    /// through was raised, for the unwinder (`exceptionSite`).
    func callHost(store: Store, instance: InstanceState, _ target: FunctionEntry,
                  at calleeFP: UnsafeMutablePointer<UInt64>, from pc: UnsafePointer<Op>,
                  fp: UnsafeMutablePointer<UInt64>) throws(Trap) {
        let count = max(target.parameterCount, target.resultCount)
        guard calleeFP + count <= stackEnd else { throw Trap(.callStackExhausted) }
        guard case .host(let host) = store.function(at: target.address) else {
            preconditionFailure("function entry without code is not a host function")
        }
        let saved = stackTop
        stackTop = calleeFP + count
        defer { stackTop = saved }
        do {
            try host.body(Caller(store: store, instance: instance), UnsafeMutableBufferPointer(start: calleeFP, count: count))
        } catch {
            if case .exception = error.reason { exceptionSite = (pc, fp) }
            throw error
        }
    }

    /// The function a `call_ref` reaches: validation guarantees its type.
    @inline(__always)
    func resolveReference(store: Store, _ reference: UInt64) throws(Trap) -> FunctionEntry {
        guard reference != 0 else { throw Trap(.nullFunctionReference) }
        return store.entries[Int(reference - 1)]
    }

    /// The function a `call_indirect` reaches, with the spec's checks (spec
    /// §4.4.8). Pointer reads only: no reference counting, no array checks
    /// (the instance comes unmanaged: passing the loop's unowned reference as
    /// a strong one cost a retain and a release per call).
    @inline(__always)
    func resolveIndirect(store: Store, instance unmanaged: Unmanaged<InstanceState>, type: UInt32, table: UInt32,
                         index: UInt32) throws(Trap) -> FunctionEntry {
        let (tables, typeIDs) = unmanaged._withUnsafeGuaranteedRef { ($0.tableReferences, $0.typeIDs) }
        let (count, elements) = tables[Int(table)]._withUnsafeGuaranteedRef { ($0.count, $0.elements) }
        guard Int(index) < count else { throw Trap(.undefinedElement) }
        let reference = elements[Int(index)]
        guard reference != 0 else { throw Trap(.uninitializedElement) }
        let entry = store.entries[Int(reference - 1)]
        guard entry.typeID == typeIDs[Int(type)] else { return try resolveSubtype(store: store, entry, typeIDs[Int(type)]) }
        return entry
    }

    /// A callee whose type is not the expected one may still be a declared subtype of it (GC).
    @inline(never)
    func resolveSubtype(store: Store, _ entry: FunctionEntry, _ expected: Int) throws(Trap) -> FunctionEntry {
        guard store.engine.isSubtype(entry.typeID, of: expected) else { throw Trap(.indirectCallTypeMismatch) }
        return entry
    }
}

/// The base of a memory of 0 bytes, for instances without memory: only its
/// header (a byte count of 0) is ever read, since every access is checked
/// against that size.
nonisolated(unsafe) let emptyMemory: UnsafeMutableRawPointer = {
    let start = UnsafeMutableRawPointer.allocate(byteCount: LinearMemory.headerSize + 16, alignment: 16)
    start.initializeMemory(as: UInt8.self, repeating: 0, count: LinearMemory.headerSize + 16)
    return start + LinearMemory.headerSize
}()
