// One constructor per opcode, named and typed as the translator uses them;
// each puts its operands in the fields the interpreter reads (Op.swift).

extension Op {
    static let unreachable = Op(.unreachable)
    static func br(offset: Int32) -> Op { Op(.br, y: UInt32(bitPattern: offset)) }
    static func brIfNez(condition: Register, offset: Int32) -> Op { Op(.brIfNez, r0: condition, y: UInt32(bitPattern: offset)) }
    static func brIfEqz(condition: Register, offset: Int32) -> Op { Op(.brIfEqz, r0: condition, y: UInt32(bitPattern: offset)) }
    static func brTable(index: Register, count: UInt32) -> Op { Op(.brTable, r0: index, x: count) }
    static let return0 = Op(.return0)
    static func return1(value: Register) -> Op { Op(.return1, r0: value) }
    static func returnMany(first: Register, count: UInt16) -> Op { Op(.returnMany, r0: first, r1: count) }
    static func call(function: UInt32, base: Register) -> Op { Op(.call, r0: base, x: function) }
    static func callIndirect(type: UInt32, table: UInt32, index: Register, base: Register) -> Op { Op(.callIndirect, r0: index, r1: base, x: type, y: table) }
    static func returnCall(function: UInt32, base: Register) -> Op { Op(.returnCall, r0: base, x: function) }
    static func callRef(reference: Register, base: Register) -> Op { Op(.callRef, r0: reference, r1: base) }
    static func returnCallRef(reference: Register, base: Register) -> Op { Op(.returnCallRef, r0: reference, r1: base) }
    static func refAsNonNull(_ reference: Register) -> Op { Op(.refAsNonNull, r0: reference) }
    static func `throw`(tag: UInt32, first: Register, count: Register) -> Op { Op(.throw, r0: first, r1: count, x: tag) }
    static func throwRef(_ reference: Register) -> Op { Op(.throwRef, r0: reference) }
    static func structNew(base: Register, type: UInt32) -> Op { Op(.structNew, r0: base, x: type) }
    static func structNewDefault(destination: Register, type: UInt32) -> Op { Op(.structNewDefault, r0: destination, x: type) }
    static func structGet(destination: Register, reference: Register, type: UInt32, field: UInt32, widening: Register) -> Op { Op(.structGet, r0: destination, r1: reference, r2: widening, x: type, y: field) }
    static func structSet(reference: Register, value: Register, type: UInt32, field: UInt32) -> Op { Op(.structSet, r0: reference, r1: value, x: type, y: field) }
    static func arrayNew(destination: Register, value: Register, length: Register, type: UInt32) -> Op { Op(.arrayNew, r0: destination, r1: value, r2: length, x: type) }
    static func arrayNewDefault(destination: Register, length: Register, type: UInt32) -> Op { Op(.arrayNewDefault, r0: destination, r1: length, x: type) }
    static func arrayNewFixed(base: Register, type: UInt32, count: UInt32) -> Op { Op(.arrayNewFixed, r0: base, x: type, y: count) }
    static func arrayNewData(destination: Register, offset: Register, length: Register, type: UInt32, segment: UInt32) -> Op { Op(.arrayNewData, r0: destination, r1: offset, r2: length, x: type, y: segment) }
    static func arrayNewElem(destination: Register, offset: Register, length: Register, type: UInt32, segment: UInt32) -> Op { Op(.arrayNewElem, r0: destination, r1: offset, r2: length, x: type, y: segment) }
    static func arrayGet(destination: Register, reference: Register, index: Register, type: UInt32, widening: UInt32) -> Op { Op(.arrayGet, r0: destination, r1: reference, r2: index, x: type, y: widening) }
    static func arraySet(reference: Register, index: Register, value: Register, type: UInt32) -> Op { Op(.arraySet, r0: reference, r1: index, r2: value, x: type) }
    static func arrayLen(destination: Register, reference: Register) -> Op { Op(.arrayLen, r0: destination, r1: reference) }
    static func arrayFill(base: Register, type: UInt32) -> Op { Op(.arrayFill, r0: base, x: type) }
    static func arrayCopy(base: Register, destinationType: UInt32, sourceType: UInt32) -> Op { Op(.arrayCopy, r0: base, x: destinationType, y: sourceType) }
    static func arrayInitData(base: Register, type: UInt32, segment: UInt32) -> Op { Op(.arrayInitData, r0: base, x: type, y: segment) }
    static func arrayInitElem(base: Register, type: UInt32, segment: UInt32) -> Op { Op(.arrayInitElem, r0: base, x: type, y: segment) }
    static func refTest(destination: Register, reference: Register, target: UInt32, nullable: UInt32) -> Op { Op(.refTest, r0: destination, r1: reference, x: target, y: nullable) }
    static func refCast(reference: Register, target: UInt32, nullable: UInt32) -> Op { Op(.refCast, r0: reference, x: target, y: nullable) }
    static func refI31(destination: Register, value: Register) -> Op { Op(.refI31, r0: destination, r1: value) }
    static func i31Get(destination: Register, reference: Register, signed: UInt32) -> Op { Op(.i31Get, r0: destination, r1: reference, x: signed) }
    /// Marks an abstract heap type's code in `refTest`'s and `refCast`'s target.
    static let abstractTarget: UInt32 = 1 << 31
    static func returnCallIndirect(type: UInt32, table: UInt32, index: Register, base: Register) -> Op { Op(.returnCallIndirect, r0: index, r1: base, x: type, y: table) }
    static func copy(destination: Register, source: Register) -> Op { Op(.copy, r0: destination, r1: source) }
    static func const32(destination: Register, value: UInt32) -> Op { Op(.const32, r0: destination, x: value) }
    static func const64(value: UInt64, destination: Register) -> Op { Op(.const64, r0: destination, wide: value) }
    static func select(destination: Register, condition: Register, ifTrue: Register, ifFalse: Register) -> Op { Op(.select, r0: destination, r1: condition, r2: ifTrue, x: UInt32(ifFalse)) }
    static func selectI64(destination: Register, condition: Register, ifTrue: Register, ifFalse: Register) -> Op { Op(.selectI64, r0: destination, r1: condition, r2: ifTrue, x: UInt32(ifFalse)) }
    static func globalGet(destination: Register, index: UInt32) -> Op { Op(.globalGet, r0: destination, x: index) }
    static func globalSet(source: Register, index: UInt32) -> Op { Op(.globalSet, r0: source, x: index) }
    static func i32Load(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i32Load, r0: destination, r1: address, x: offset) }
    static func i64Load(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load, r0: destination, r1: address, x: offset) }
    static func f32Load(destination: Register, address: Register, offset: UInt32) -> Op { Op(.f32Load, r0: destination, r1: address, x: offset) }
    static func f64Load(destination: Register, address: Register, offset: UInt32) -> Op { Op(.f64Load, r0: destination, r1: address, x: offset) }
    static func i32Load8S(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i32Load8S, r0: destination, r1: address, x: offset) }
    static func i32Load8U(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i32Load8U, r0: destination, r1: address, x: offset) }
    static func i32Load16S(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i32Load16S, r0: destination, r1: address, x: offset) }
    static func i32Load16U(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i32Load16U, r0: destination, r1: address, x: offset) }
    static func i64Load8S(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load8S, r0: destination, r1: address, x: offset) }
    static func i64Load8U(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load8U, r0: destination, r1: address, x: offset) }
    static func i64Load16S(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load16S, r0: destination, r1: address, x: offset) }
    static func i64Load16U(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load16U, r0: destination, r1: address, x: offset) }
    static func i64Load32S(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load32S, r0: destination, r1: address, x: offset) }
    static func i64Load32U(destination: Register, address: Register, offset: UInt32) -> Op { Op(.i64Load32U, r0: destination, r1: address, x: offset) }
    static func i32Store(value: Register, address: Register, offset: UInt32) -> Op { Op(.i32Store, r0: value, r1: address, x: offset) }
    static func i64Store(value: Register, address: Register, offset: UInt32) -> Op { Op(.i64Store, r0: value, r1: address, x: offset) }
    static func f32Store(value: Register, address: Register, offset: UInt32) -> Op { Op(.f32Store, r0: value, r1: address, x: offset) }
    static func f64Store(value: Register, address: Register, offset: UInt32) -> Op { Op(.f64Store, r0: value, r1: address, x: offset) }
    static func i32Store8(value: Register, address: Register, offset: UInt32) -> Op { Op(.i32Store8, r0: value, r1: address, x: offset) }
    static func i32Store16(value: Register, address: Register, offset: UInt32) -> Op { Op(.i32Store16, r0: value, r1: address, x: offset) }
    static func i64Store8(value: Register, address: Register, offset: UInt32) -> Op { Op(.i64Store8, r0: value, r1: address, x: offset) }
    static func i64Store16(value: Register, address: Register, offset: UInt32) -> Op { Op(.i64Store16, r0: value, r1: address, x: offset) }
    static func i64Store32(value: Register, address: Register, offset: UInt32) -> Op { Op(.i64Store32, r0: value, r1: address, x: offset) }
    static func i32Store8Immediate(value: UInt8, address: Register, offset: UInt32) -> Op { Op(.i32Store8Immediate, r0: Register(value), r1: address, x: offset) }
    static func i32Store16Immediate(value: UInt16, address: Register, offset: UInt32) -> Op { Op(.i32Store16Immediate, r0: value, r1: address, x: offset) }
    static func i32StoreImmediate(value: Int32, address: Register, offset: UInt32) -> Op { Op(.i32StoreImmediate, r0: Register(truncatingIfNeeded: value), r1: address, r2: Register(truncatingIfNeeded: value >> 16), x: offset) }
    static func i64StoreImmediate(value: Int32, address: Register, offset: UInt32) -> Op { Op(.i64StoreImmediate, r0: Register(truncatingIfNeeded: value), r1: address, r2: Register(truncatingIfNeeded: value >> 16), x: offset) }
    static func memorySize(destination: Register, memory: UInt32) -> Op { Op(memory == 0 ? .memorySize : .memorySizeOther, r0: destination, x: memory) }
    static func memoryGrow(destination: Register, delta: Register, memory: UInt32) -> Op { Op(memory == 0 ? .memoryGrow : .memoryGrowOther, r0: destination, r1: delta, x: memory) }
    static func memoryFill(destination: Register, value: Register, count: Register, memory: UInt32) -> Op { Op(memory == 0 ? .memoryFill : .memoryFillOther, r0: destination, r1: value, r2: count, x: memory) }
    static func memoryCopy(destination: Register, source: Register, count: Register, destinationMemory: UInt32, sourceMemory: UInt32) -> Op { Op(destinationMemory | sourceMemory == 0 ? .memoryCopy : .memoryCopyOther, r0: destination, r1: source, r2: count, x: destinationMemory, y: sourceMemory) }
    static func memoryInit(segment: UInt32, destination: Register, source: Register, count: Register, memory: UInt32) -> Op { Op(memory == 0 ? .memoryInit : .memoryInitOther, r0: destination, r1: source, r2: count, x: segment, y: memory) }
    static func useMemory(_ memory: UInt32) -> Op { Op(.useMemory, x: memory) }
    static func tableIndex64(destination: Register, index: Register) -> Op { Op(.tableIndex64, r0: destination, r1: index) }
    static func address64(destination: Register, address: Register, offset: UInt64) -> Op { Op(.address64, r0: destination, r1: address, wide: offset) }
    /// Marks a 64-bit memory's index in the memory fields of size and bulk ops.
    static let memory64Flag: UInt32 = 1 << 31
    static func dataDrop(segment: UInt32) -> Op { Op(.dataDrop, x: segment) }
    static func tableGet(destination: Register, index: Register, table: UInt32) -> Op { Op(.tableGet, r0: destination, r1: index, x: table) }
    static func tableSet(index: Register, value: Register, table: UInt32) -> Op { Op(.tableSet, r0: index, r1: value, x: table) }
    static func tableSize(destination: Register, table: UInt32) -> Op { Op(.tableSize, r0: destination, x: table) }
    static func tableGrow(destination: Register, value: Register, delta: Register, table: UInt32) -> Op { Op(.tableGrow, r0: destination, r1: value, r2: delta, x: table) }
    static func tableFill(index: Register, value: Register, count: Register, table: UInt32) -> Op { Op(.tableFill, r0: index, r1: value, r2: count, x: table) }
    static func tableCopy(destinationTable: UInt32, sourceTable: UInt32, destination: Register, source: Register, count: Register) -> Op { Op(.tableCopy, r0: destination, r1: source, r2: count, x: destinationTable, y: sourceTable) }
    static func tableInit(table: UInt32, segment: UInt32, destination: Register, source: Register, count: Register) -> Op { Op(.tableInit, r0: destination, r1: source, r2: count, x: table, y: segment) }
    static func elemDrop(segment: UInt32) -> Op { Op(.elemDrop, x: segment) }
    static func refFunc(destination: Register, function: UInt32) -> Op { Op(.refFunc, r0: destination, x: function) }
    static func i32Eqz(_ p0: Register, _ p1: Register) -> Op { Op(.i32Eqz, r0: p0, r1: p1) }
    static func i32Eq(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Eq, r0: p0, r1: p1, r2: p2) }
    static func i32Ne(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Ne, r0: p0, r1: p1, r2: p2) }
    static func i32LtS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32LtS, r0: p0, r1: p1, r2: p2) }
    static func i32LtU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32LtU, r0: p0, r1: p1, r2: p2) }
    static func i32GtS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32GtS, r0: p0, r1: p1, r2: p2) }
    static func i32GtU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32GtU, r0: p0, r1: p1, r2: p2) }
    static func i32LeS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32LeS, r0: p0, r1: p1, r2: p2) }
    static func i32LeU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32LeU, r0: p0, r1: p1, r2: p2) }
    static func i32GeS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32GeS, r0: p0, r1: p1, r2: p2) }
    static func i32GeU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32GeU, r0: p0, r1: p1, r2: p2) }
    static func i64Eqz(_ p0: Register, _ p1: Register) -> Op { Op(.i64Eqz, r0: p0, r1: p1) }
    static func i64Eq(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Eq, r0: p0, r1: p1, r2: p2) }
    static func i64Ne(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Ne, r0: p0, r1: p1, r2: p2) }
    static func i64LtS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64LtS, r0: p0, r1: p1, r2: p2) }
    static func i64LtU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64LtU, r0: p0, r1: p1, r2: p2) }
    static func i64GtS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64GtS, r0: p0, r1: p1, r2: p2) }
    static func i64GtU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64GtU, r0: p0, r1: p1, r2: p2) }
    static func i64LeS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64LeS, r0: p0, r1: p1, r2: p2) }
    static func i64LeU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64LeU, r0: p0, r1: p1, r2: p2) }
    static func i64GeS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64GeS, r0: p0, r1: p1, r2: p2) }
    static func i64GeU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64GeU, r0: p0, r1: p1, r2: p2) }
    static func f32Eq(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Eq, r0: p0, r1: p1, r2: p2) }
    static func f32Ne(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Ne, r0: p0, r1: p1, r2: p2) }
    static func f32Lt(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Lt, r0: p0, r1: p1, r2: p2) }
    static func f32Gt(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Gt, r0: p0, r1: p1, r2: p2) }
    static func f32Le(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Le, r0: p0, r1: p1, r2: p2) }
    static func f32Ge(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Ge, r0: p0, r1: p1, r2: p2) }
    static func f64Eq(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Eq, r0: p0, r1: p1, r2: p2) }
    static func f64Ne(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Ne, r0: p0, r1: p1, r2: p2) }
    static func f64Lt(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Lt, r0: p0, r1: p1, r2: p2) }
    static func f64Gt(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Gt, r0: p0, r1: p1, r2: p2) }
    static func f64Le(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Le, r0: p0, r1: p1, r2: p2) }
    static func f64Ge(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Ge, r0: p0, r1: p1, r2: p2) }
    static func i32Clz(_ p0: Register, _ p1: Register) -> Op { Op(.i32Clz, r0: p0, r1: p1) }
    static func i32Ctz(_ p0: Register, _ p1: Register) -> Op { Op(.i32Ctz, r0: p0, r1: p1) }
    static func i32Popcnt(_ p0: Register, _ p1: Register) -> Op { Op(.i32Popcnt, r0: p0, r1: p1) }
    static func i32Add(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Add, r0: p0, r1: p1, r2: p2) }
    static func i32Sub(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Sub, r0: p0, r1: p1, r2: p2) }
    static func i32Mul(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Mul, r0: p0, r1: p1, r2: p2) }
    static func i32DivS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32DivS, r0: p0, r1: p1, r2: p2) }
    static func i32DivU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32DivU, r0: p0, r1: p1, r2: p2) }
    static func i32RemS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32RemS, r0: p0, r1: p1, r2: p2) }
    static func i32RemU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32RemU, r0: p0, r1: p1, r2: p2) }
    static func i32And(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32And, r0: p0, r1: p1, r2: p2) }
    static func i32Or(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Or, r0: p0, r1: p1, r2: p2) }
    static func i32Xor(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Xor, r0: p0, r1: p1, r2: p2) }
    static func i32Shl(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Shl, r0: p0, r1: p1, r2: p2) }
    static func i32ShrS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32ShrS, r0: p0, r1: p1, r2: p2) }
    static func i32ShrU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32ShrU, r0: p0, r1: p1, r2: p2) }
    static func i32Rotl(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Rotl, r0: p0, r1: p1, r2: p2) }
    static func i32Rotr(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i32Rotr, r0: p0, r1: p1, r2: p2) }
    static func i64Clz(_ p0: Register, _ p1: Register) -> Op { Op(.i64Clz, r0: p0, r1: p1) }
    static func i64Ctz(_ p0: Register, _ p1: Register) -> Op { Op(.i64Ctz, r0: p0, r1: p1) }
    static func i64Popcnt(_ p0: Register, _ p1: Register) -> Op { Op(.i64Popcnt, r0: p0, r1: p1) }
    static func i64Add(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Add, r0: p0, r1: p1, r2: p2) }
    static func i64Sub(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Sub, r0: p0, r1: p1, r2: p2) }
    static func i64Mul(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Mul, r0: p0, r1: p1, r2: p2) }
    static func i64DivS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64DivS, r0: p0, r1: p1, r2: p2) }
    static func i64DivU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64DivU, r0: p0, r1: p1, r2: p2) }
    static func i64RemS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64RemS, r0: p0, r1: p1, r2: p2) }
    static func i64RemU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64RemU, r0: p0, r1: p1, r2: p2) }
    static func i64And(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64And, r0: p0, r1: p1, r2: p2) }
    static func i64Or(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Or, r0: p0, r1: p1, r2: p2) }
    static func i64Xor(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Xor, r0: p0, r1: p1, r2: p2) }
    static func i64Shl(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Shl, r0: p0, r1: p1, r2: p2) }
    static func i64ShrS(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64ShrS, r0: p0, r1: p1, r2: p2) }
    static func i64ShrU(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64ShrU, r0: p0, r1: p1, r2: p2) }
    static func i64Rotl(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Rotl, r0: p0, r1: p1, r2: p2) }
    static func i64Rotr(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.i64Rotr, r0: p0, r1: p1, r2: p2) }
    static func f32Abs(_ p0: Register, _ p1: Register) -> Op { Op(.f32Abs, r0: p0, r1: p1) }
    static func f32Neg(_ p0: Register, _ p1: Register) -> Op { Op(.f32Neg, r0: p0, r1: p1) }
    static func f32Ceil(_ p0: Register, _ p1: Register) -> Op { Op(.f32Ceil, r0: p0, r1: p1) }
    static func f32Floor(_ p0: Register, _ p1: Register) -> Op { Op(.f32Floor, r0: p0, r1: p1) }
    static func f32Trunc(_ p0: Register, _ p1: Register) -> Op { Op(.f32Trunc, r0: p0, r1: p1) }
    static func f32Nearest(_ p0: Register, _ p1: Register) -> Op { Op(.f32Nearest, r0: p0, r1: p1) }
    static func f32Sqrt(_ p0: Register, _ p1: Register) -> Op { Op(.f32Sqrt, r0: p0, r1: p1) }
    static func f32Add(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Add, r0: p0, r1: p1, r2: p2) }
    static func f32Sub(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Sub, r0: p0, r1: p1, r2: p2) }
    static func f32Mul(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Mul, r0: p0, r1: p1, r2: p2) }
    static func f32Div(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Div, r0: p0, r1: p1, r2: p2) }
    static func f32Min(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Min, r0: p0, r1: p1, r2: p2) }
    static func f32Max(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Max, r0: p0, r1: p1, r2: p2) }
    static func f32Copysign(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f32Copysign, r0: p0, r1: p1, r2: p2) }
    static func f64Abs(_ p0: Register, _ p1: Register) -> Op { Op(.f64Abs, r0: p0, r1: p1) }
    static func f64Neg(_ p0: Register, _ p1: Register) -> Op { Op(.f64Neg, r0: p0, r1: p1) }
    static func f64Ceil(_ p0: Register, _ p1: Register) -> Op { Op(.f64Ceil, r0: p0, r1: p1) }
    static func f64Floor(_ p0: Register, _ p1: Register) -> Op { Op(.f64Floor, r0: p0, r1: p1) }
    static func f64Trunc(_ p0: Register, _ p1: Register) -> Op { Op(.f64Trunc, r0: p0, r1: p1) }
    static func f64Nearest(_ p0: Register, _ p1: Register) -> Op { Op(.f64Nearest, r0: p0, r1: p1) }
    static func f64Sqrt(_ p0: Register, _ p1: Register) -> Op { Op(.f64Sqrt, r0: p0, r1: p1) }
    static func f64Add(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Add, r0: p0, r1: p1, r2: p2) }
    static func f64Sub(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Sub, r0: p0, r1: p1, r2: p2) }
    static func f64Mul(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Mul, r0: p0, r1: p1, r2: p2) }
    static func f64Div(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Div, r0: p0, r1: p1, r2: p2) }
    static func f64Min(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Min, r0: p0, r1: p1, r2: p2) }
    static func f64Max(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Max, r0: p0, r1: p1, r2: p2) }
    static func f64Copysign(_ p0: Register, _ p1: Register, _ p2: Register) -> Op { Op(.f64Copysign, r0: p0, r1: p1, r2: p2) }
    static func i32WrapI64(_ p0: Register, _ p1: Register) -> Op { Op(.i32WrapI64, r0: p0, r1: p1) }
    static func i32TruncF32S(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncF32S, r0: p0, r1: p1) }
    static func i32TruncF32U(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncF32U, r0: p0, r1: p1) }
    static func i32TruncF64S(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncF64S, r0: p0, r1: p1) }
    static func i32TruncF64U(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncF64U, r0: p0, r1: p1) }
    static func i64ExtendI32S(_ p0: Register, _ p1: Register) -> Op { Op(.i64ExtendI32S, r0: p0, r1: p1) }
    static func i64ExtendI32U(_ p0: Register, _ p1: Register) -> Op { Op(.i64ExtendI32U, r0: p0, r1: p1) }
    static func i64TruncF32S(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncF32S, r0: p0, r1: p1) }
    static func i64TruncF32U(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncF32U, r0: p0, r1: p1) }
    static func i64TruncF64S(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncF64S, r0: p0, r1: p1) }
    static func i64TruncF64U(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncF64U, r0: p0, r1: p1) }
    static func f32ConvertI32S(_ p0: Register, _ p1: Register) -> Op { Op(.f32ConvertI32S, r0: p0, r1: p1) }
    static func f32ConvertI32U(_ p0: Register, _ p1: Register) -> Op { Op(.f32ConvertI32U, r0: p0, r1: p1) }
    static func f32ConvertI64S(_ p0: Register, _ p1: Register) -> Op { Op(.f32ConvertI64S, r0: p0, r1: p1) }
    static func f32ConvertI64U(_ p0: Register, _ p1: Register) -> Op { Op(.f32ConvertI64U, r0: p0, r1: p1) }
    static func f32DemoteF64(_ p0: Register, _ p1: Register) -> Op { Op(.f32DemoteF64, r0: p0, r1: p1) }
    static func f64ConvertI32S(_ p0: Register, _ p1: Register) -> Op { Op(.f64ConvertI32S, r0: p0, r1: p1) }
    static func f64ConvertI32U(_ p0: Register, _ p1: Register) -> Op { Op(.f64ConvertI32U, r0: p0, r1: p1) }
    static func f64ConvertI64S(_ p0: Register, _ p1: Register) -> Op { Op(.f64ConvertI64S, r0: p0, r1: p1) }
    static func f64ConvertI64U(_ p0: Register, _ p1: Register) -> Op { Op(.f64ConvertI64U, r0: p0, r1: p1) }
    static func f64PromoteF32(_ p0: Register, _ p1: Register) -> Op { Op(.f64PromoteF32, r0: p0, r1: p1) }
    static func i32ReinterpretF32(_ p0: Register, _ p1: Register) -> Op { Op(.i32ReinterpretF32, r0: p0, r1: p1) }
    static func i64ReinterpretF64(_ p0: Register, _ p1: Register) -> Op { Op(.i64ReinterpretF64, r0: p0, r1: p1) }
    static func f32ReinterpretI32(_ p0: Register, _ p1: Register) -> Op { Op(.f32ReinterpretI32, r0: p0, r1: p1) }
    static func f64ReinterpretI64(_ p0: Register, _ p1: Register) -> Op { Op(.f64ReinterpretI64, r0: p0, r1: p1) }
    static func i32Extend8S(_ p0: Register, _ p1: Register) -> Op { Op(.i32Extend8S, r0: p0, r1: p1) }
    static func i32Extend16S(_ p0: Register, _ p1: Register) -> Op { Op(.i32Extend16S, r0: p0, r1: p1) }
    static func i64Extend8S(_ p0: Register, _ p1: Register) -> Op { Op(.i64Extend8S, r0: p0, r1: p1) }
    static func i64Extend16S(_ p0: Register, _ p1: Register) -> Op { Op(.i64Extend16S, r0: p0, r1: p1) }
    static func i64Extend32S(_ p0: Register, _ p1: Register) -> Op { Op(.i64Extend32S, r0: p0, r1: p1) }
    static func i32TruncSatF32S(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncSatF32S, r0: p0, r1: p1) }
    static func i32TruncSatF32U(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncSatF32U, r0: p0, r1: p1) }
    static func i32TruncSatF64S(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncSatF64S, r0: p0, r1: p1) }
    static func i32TruncSatF64U(_ p0: Register, _ p1: Register) -> Op { Op(.i32TruncSatF64U, r0: p0, r1: p1) }
    static func i64TruncSatF32S(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncSatF32S, r0: p0, r1: p1) }
    static func i64TruncSatF32U(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncSatF32U, r0: p0, r1: p1) }
    static func i64TruncSatF64S(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncSatF64S, r0: p0, r1: p1) }
    static func i64TruncSatF64U(_ p0: Register, _ p1: Register) -> Op { Op(.i64TruncSatF64U, r0: p0, r1: p1) }
    static func i32AddImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32AddImmediate, r0: p0, r1: p1, x: p2) }
    static func i64AddImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64AddImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i32MulImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32MulImmediate, r0: p0, r1: p1, x: p2) }
    static func i32AndImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32AndImmediate, r0: p0, r1: p1, x: p2) }
    static func i32OrImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32OrImmediate, r0: p0, r1: p1, x: p2) }
    static func i32XorImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32XorImmediate, r0: p0, r1: p1, x: p2) }
    static func i32ShlImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32ShlImmediate, r0: p0, r1: p1, x: p2) }
    static func i32ShrUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32ShrUImmediate, r0: p0, r1: p1, x: p2) }
    static func i32ShrSImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32ShrSImmediate, r0: p0, r1: p1, x: p2) }
    static func i32RotlImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32RotlImmediate, r0: p0, r1: p1, x: p2) }
    static func i32EqImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32EqImmediate, r0: p0, r1: p1, x: p2) }
    static func i32NeImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32NeImmediate, r0: p0, r1: p1, x: p2) }
    static func i32LtSImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32LtSImmediate, r0: p0, r1: p1, x: p2) }
    static func i32LtUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32LtUImmediate, r0: p0, r1: p1, x: p2) }
    static func i32GtSImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32GtSImmediate, r0: p0, r1: p1, x: p2) }
    static func i32GtUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32GtUImmediate, r0: p0, r1: p1, x: p2) }
    static func i32LeSImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32LeSImmediate, r0: p0, r1: p1, x: p2) }
    static func i32LeUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32LeUImmediate, r0: p0, r1: p1, x: p2) }
    static func i32GeSImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32GeSImmediate, r0: p0, r1: p1, x: p2) }
    static func i32GeUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32GeUImmediate, r0: p0, r1: p1, x: p2) }
    static func i64MulImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64MulImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64AndImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64AndImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64OrImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64OrImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64XorImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64XorImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64ShlImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64ShlImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64ShrUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64ShrUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64ShrSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64ShrSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64RotlImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i64RotlImmediate, r0: p0, r1: p1, x: p2) }
    static func i32SubFromImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32SubFromImmediate, r0: p0, r1: p1, x: p2) }
    static func i64SubFromImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64SubFromImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i32DivUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32DivUImmediate, r0: p0, r1: p1, x: p2) }
    static func i32RemUImmediate(_ p0: Register, _ p1: Register, _ p2: UInt32) -> Op { Op(.i32RemUImmediate, r0: p0, r1: p1, x: p2) }
    static func i32DivSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i32DivSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i32RemSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i32RemSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64DivUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64DivUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64RemUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64RemUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64DivSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64DivSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64RemSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64RemSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64EqImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64EqImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64NeImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64NeImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64LtSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64LtSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64LtUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64LtUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64GtSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64GtSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64GtUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64GtUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64LeSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64LeSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64LeUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64LeUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64GeSImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64GeSImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64GeUImmediate(_ p0: Register, _ p1: Register, _ p2: Int32) -> Op { Op(.i64GeUImmediate, r0: p0, r1: p1, x: UInt32(bitPattern: p2)) }
    static func i64AddWide(_ p0: UInt64, _ p1: Register, _ p2: Register) -> Op { Op(.i64AddWide, r0: p1, r1: p2, wide: p0) }
    static func i64MulWide(_ p0: UInt64, _ p1: Register, _ p2: Register) -> Op { Op(.i64MulWide, r0: p1, r1: p2, wide: p0) }
    static func i64AndWide(_ p0: UInt64, _ p1: Register, _ p2: Register) -> Op { Op(.i64AndWide, r0: p1, r1: p2, wide: p0) }
    static func i64OrWide(_ p0: UInt64, _ p1: Register, _ p2: Register) -> Op { Op(.i64OrWide, r0: p1, r1: p2, wide: p0) }
    static func i64XorWide(_ p0: UInt64, _ p1: Register, _ p2: Register) -> Op { Op(.i64XorWide, r0: p1, r1: p2, wide: p0) }
    static func brIfI32Eq(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32Eq, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32Ne(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32Ne, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LtS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32LtS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LtU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32LtU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GtS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32GtS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GtU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32GtU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LeS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32LeS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LeU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32LeU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GeS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32GeS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GeU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI32GeU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32EqImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32EqImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32NeImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32NeImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LtSImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32LtSImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LtUImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32LtUImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GtSImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32GtSImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GtUImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32GtUImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LeSImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32LeSImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32LeUImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32LeUImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GeSImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32GeSImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI32GeUImmediate(_ p0: Register, _ p1: UInt32, offset: Int32) -> Op { Op(.brIfI32GeUImmediate, r0: p0, x: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64Eq(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64Eq, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64Ne(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64Ne, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64LtS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64LtS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64LtU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64LtU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64GtS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64GtS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64GtU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64GtU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64LeS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64LeS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64LeU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64LeU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64GeS(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64GeS, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64GeU(_ p0: Register, _ p1: Register, offset: Int32) -> Op { Op(.brIfI64GeU, r0: p0, r1: p1, y: UInt32(bitPattern: offset)) }
    static func brIfI64EqImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64EqImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64NeImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64NeImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64LtSImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64LtSImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64LtUImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64LtUImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64GtSImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64GtSImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64GtUImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64GtUImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64LeSImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64LeSImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64LeUImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64LeUImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64GeSImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64GeSImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func brIfI64GeUImmediate(_ p0: Register, _ p1: Int32, offset: Int32) -> Op { Op(.brIfI64GeUImmediate, r0: p0, x: UInt32(bitPattern: p1), y: UInt32(bitPattern: offset)) }
    static func copy2(destination0: Register, source0: Register, destination1: Register, source1: Register) -> Op {
        Op(.copy2, r0: destination0, r1: source0, r2: destination1, x: UInt32(source1))
    }
    static func i32ShrUAndImmediate(_ d: Register, _ a: Register, shift: UInt32, mask: UInt32) -> Op {
        Op(.i32ShrUAndImmediate, r0: d, r1: a, x: mask, y: shift)
    }
    static func i32AndShrUImmediate(_ d: Register, _ a: Register, mask: UInt32, shift: UInt32) -> Op {
        Op(.i32AndShrUImmediate, r0: d, r1: a, x: mask, y: shift)
    }
    static func i32Add3(_ d: Register, _ a: Register, _ b: Register, _ c: Register) -> Op {
        Op(.i32Add3, r0: d, r1: a, r2: b, x: UInt32(c))
    }
    static func i32AddShlImmediate(_ d: Register, _ a: Register, _ b: Register, shift: UInt32) -> Op {
        Op(.i32AddShlImmediate, r0: d, r1: a, r2: b, x: shift)
    }
    static func i32MulAdd(_ d: Register, _ a: Register, _ b: Register, _ c: Register) -> Op {
        Op(.i32MulAdd, r0: d, r1: a, r2: b, x: UInt32(c))
    }
    static func i32AddImmediateBrIfNe(counter: Register, step: UInt32, limit: Register, offset: Int32) -> Op {
        Op(.i32AddImmediateBrIfNe, r0: counter, r1: limit, x: step, y: UInt32(bitPattern: offset))
    }
    static func i32AddImmediateBrIfNeImmediate(counter: Register, step: UInt32, limit: UInt16, offset: Int32) -> Op {
        Op(.i32AddImmediateBrIfNeImmediate, r0: counter, r1: limit, x: step, y: UInt32(bitPattern: offset))
    }
    static func i32LoadBrIf(zero: Bool, narrow: Bool, destination: Register, address: Register, memoryOffset: UInt32,
                            offset: Int32) -> Op {
        let opcode: Opcode = narrow ? (zero ? .i32Load8UBrIfEqz : .i32Load8UBrIfNez) : (zero ? .i32LoadBrIfEqz : .i32LoadBrIfNez)
        return Op(opcode, r0: destination, r1: address, x: memoryOffset, y: UInt32(bitPattern: offset))
    }
    static func i32AddAndImmediate(_ d: Register, _ a: Register, addend: UInt32, mask: UInt32) -> Op {
        Op(.i32AddAndImmediate, r0: d, r1: a, x: addend, y: mask)
    }
    static func i32LoadAddImmediate(destination: Register, address: Register, memoryOffset: UInt32, addend: UInt32) -> Op {
        Op(.i32LoadAddImmediate, r0: destination, r1: address, x: memoryOffset, y: addend)
    }
    static func i32AddImmediateToMemory(address: Register, memoryOffset: UInt32, addend: UInt32) -> Op {
        Op(.i32AddImmediateToMemory, r1: address, x: memoryOffset, y: addend)
    }
    static func i32StoreBrIf(zero: Bool, value: Register, address: Register, memoryOffset: UInt32, condition: Register,
                             offset: Int32) -> Op {
        Op(zero ? .i32StoreBrIfEqz : .i32StoreBrIfNez, r0: value, r1: address, r2: condition, x: memoryOffset,
           y: UInt32(bitPattern: offset))
    }
    static func f64AddLoad(_ d: Register, _ a: Register, address: Register, memoryOffset: UInt32) -> Op {
        Op(.f64AddLoad, r0: d, r1: a, r2: address, x: memoryOffset)
    }
    static func f64MulLoad(_ d: Register, _ a: Register, address: Register, memoryOffset: UInt32) -> Op {
        Op(.f64MulLoad, r0: d, r1: a, r2: address, x: memoryOffset)
    }
    static func globalGetBrIfNez(destination: Register, index: UInt32, condition: Register, offset: Int32) -> Op {
        Op(.globalGetBrIfNez, r0: destination, r1: condition, x: index, y: UInt32(bitPattern: offset))
    }
    static func i32AddImmediateGlobalSet(_ d: Register, _ a: Register, addend: UInt32, global: UInt32) -> Op {
        Op(.i32AddImmediateGlobalSet, r0: d, r1: a, x: addend, y: global)
    }
    static func i64LoadStore(sourceAddress: Register, sourceOffset: UInt32, destinationAddress: Register,
                             destinationOffset: UInt32) -> Op {
        Op(.i64LoadStore, r1: sourceAddress, r2: destinationAddress, x: sourceOffset, y: destinationOffset)
    }
    static func const32Br(destination: Register, value: UInt32, offset: Int32) -> Op {
        Op(.const32Br, r0: destination, x: value, y: UInt32(bitPattern: offset))
    }
    static func i32AndImmediateBrIf(equal: Bool, destination: Register, _ a: Register, mask: UInt32, constant: UInt16,
                                    offset: Int32) -> Op {
        Op(equal ? .i32AndImmediateBrIfEqImmediate : .i32AndImmediateBrIfNeImmediate,
           r0: destination, r1: a, r2: constant, x: mask, y: UInt32(bitPattern: offset))
    }
}
