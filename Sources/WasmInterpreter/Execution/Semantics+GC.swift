import WasmDecoder

/// Struct, array, i31 and cast instructions (Wasm 3.0, GC; spec §4.4.7), off
/// the hot path. References are encoded as `GCReference` says.
enum GCOperations {
    static func execute(at pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>, instance: InstanceState) throws(Trap) {
        let op = pc.pointee
        let store = instance.store
        switch op.opcode {
        case .structNew:
            let type = heapType(op.x, instance)
            // The fields sit in registers in slot order already.
            var slots = Array(UnsafeBufferPointer(start: fp + Int(op.r0), count: type.slotCount))
            for field in type.fields where field.storage.isPacked { slots[field.slot] = packed(slots[field.slot], field) }
            fp[Int(op.r0)] = try store.allocate(type, slots: slots, fp: fp)
        case .structNewDefault:
            let type = heapType(op.x, instance)
            fp[Int(op.r0)] = try store.allocate(type, slots: Array(repeating: 0, count: type.slotCount), fp: fp)
        case .structGet:
            let object = try structure(fp[Int(op.r1)], store, field: op.y)
            let field = object.type.fields[Int(op.y)]
            read(field, from: object.slots, at: field.slot, widening: UInt32(op.r2), into: fp + Int(op.r0))
        case .structSet:
            let object = try structure(fp[Int(op.r0)], store, field: op.y)
            let field = object.type.fields[Int(op.y)]
            write(field, fp + Int(op.r1), to: &object.slots, at: field.slot)
        case .arrayNew:
            let type = heapType(op.x, instance)
            let length = try arrayLength(fp[Int(op.r2)], type)
            let field = type.fields[0]
            let element = field.slots == 1 ? [packed(fp[Int(op.r1)], field)] : [fp[Int(op.r1)], fp[Int(op.r1) + 1]]
            let slots = repeated(element, count: length)
            fp[Int(op.r0)] = try store.allocate(type, slots: slots, fp: fp)
        case .arrayNewDefault:
            let type = heapType(op.x, instance)
            let length = try arrayLength(fp[Int(op.r1)], type)
            fp[Int(op.r0)] = try store.allocate(type, slots: Array(repeating: 0, count: length * type.slotCount), fp: fp)
        case .arrayNewFixed:
            let type = heapType(op.x, instance)
            let field = type.fields[0]
            var slots = Array(UnsafeBufferPointer(start: fp + Int(op.r0), count: Int(op.y) * field.slots))
            if field.storage.isPacked { for index in slots.indices { slots[index] = packed(slots[index], field) } }
            fp[Int(op.r0)] = try store.allocate(type, slots: slots, fp: fp)
        case .arrayNewData:
            let type = heapType(op.x, instance)
            let length = UInt64(UInt32(truncatingIfNeeded: fp[Int(op.r2)]))
            let slots = try dataElements(type.fields[0], segment: op.y, offset: fp[Int(op.r1)], count: length, instance)
            fp[Int(op.r0)] = try store.allocate(type, slots: slots, fp: fp)
        case .arrayNewElem:
            let type = heapType(op.x, instance)
            let length = UInt64(UInt32(truncatingIfNeeded: fp[Int(op.r2)]))
            let items = try elementItems(segment: op.y, offset: fp[Int(op.r1)], count: length, instance)
            fp[Int(op.r0)] = try store.allocate(type, slots: Array(items), fp: fp)
        case .arrayGet:
            let object = try array(fp[Int(op.r1)], store)
            let index = try arrayIndex(fp[Int(op.r2)], object)
            let field = object.type.fields[0]
            read(field, from: object.slots, at: index * field.slots, widening: op.y, into: fp + Int(op.r0))
        case .arraySet:
            let object = try array(fp[Int(op.r0)], store)
            let index = try arrayIndex(fp[Int(op.r1)], object)
            let field = object.type.fields[0]
            write(field, fp + Int(op.r2), to: &object.slots, at: index * field.slots)
        case .arrayLen:
            fp[Int(op.r0)] = UInt64(try array(fp[Int(op.r1)], store).length)
        case .arrayFill:
            let base = fp + Int(op.r0)
            let object = try array(base[0], store)
            let field = object.type.fields[0]
            let (start, count) = (u32(base[1]), u32(base[2 + field.slots]))
            guard rangeFits(start, count, within: object.length) else { throw Trap(.outOfBoundsArrayAccess) }
            for index in Int(start)..<Int(start + count) { write(field, base + 2, to: &object.slots, at: index * field.slots) }
        case .arrayCopy:
            let base = fp + Int(op.r0)
            let target = try array(base[0], store)
            let origin = try array(base[2], store)
            let (to, from, count) = (u32(base[1]), u32(base[3]), u32(base[4]))
            guard rangeFits(to, count, within: target.length), rangeFits(from, count, within: origin.length) else {
                throw Trap(.outOfBoundsArrayAccess)
            }
            let size = target.type.slotCount
            guard origin.type.slotCount == size else { throw Trap(.host("GC reference of the wrong type")) }
            // A copy of the source range first: the two ranges may overlap in one array.
            let source = Array(origin.slots[Int(from) * size..<Int(from + count) * size])
            target.slots.replaceSubrange(Int(to) * size..<Int(to + count) * size, with: source)
        case .arrayInitData, .arrayInitElem:
            let base = fp + Int(op.r0)
            let object = try array(base[0], store)
            let (to, from, count) = (u32(base[1]), base[2], u32(base[3]))
            guard rangeFits(to, count, within: object.length) else { throw Trap(.outOfBoundsArrayAccess) }
            let field = object.type.fields[0]
            let slots = op.opcode == .arrayInitData
                ? try dataElements(field, segment: op.y, offset: from, count: count, instance)
                : Array(try elementItems(segment: op.y, offset: from, count: count, instance))
            object.slots.replaceSubrange(Int(to) * field.slots..<Int(to + count) * field.slots, with: slots)
        case .refTest:
            fp[Int(op.r0)] = try matches(fp[Int(op.r1)], target: op.x, nullable: op.y != 0, instance) ? 1 : 0
        case .refCast:
            guard try matches(fp[Int(op.r0)], target: op.x, nullable: op.y != 0, instance) else { throw Trap(.castFailure) }
        case .refI31:
            fp[Int(op.r0)] = GCReference.i31(fp[Int(op.r1)])
        case .i31Get:
            let bits = fp[Int(op.r1)]
            guard bits != 0 else { throw Trap(.nullI31Reference) }
            let value = UInt32(truncatingIfNeeded: bits) & 0x7FFF_FFFF
            // Signed: bit 30 is the sign of the 31-bit value.
            fp[Int(op.r0)] = UInt64(op.x != 0 ? UInt32(bitPattern: Int32(bitPattern: value << 1) >> 1) : value)
        default:
            preconditionFailure("not a GC operation")
        }
    }

    @inline(__always) static func u32(_ slot: UInt64) -> UInt64 { UInt64(UInt32(truncatingIfNeeded: slot)) }

    static func heapType(_ index: UInt32, _ instance: InstanceState) -> HeapObjectType {
        instance.compiled.heapTypes[Int(index)]!  // validation: a struct or array type
    }

    /// The struct a reference names. Validated code only ever names one of
    /// the type it expects; the kind and field checks keep a host that set
    /// a global or table to the wrong object from reading past its slots.
    static func structure(_ bits: UInt64, _ store: Store, field: UInt32) throws(Trap) -> HeapObject {
        guard bits != 0 else { throw Trap(.nullStructureReference) }
        let object = try store.heap.object(bits)
        guard object.type.kind == .structure, Int(field) < object.type.fields.count else {
            throw Trap(.host("GC reference of the wrong type"))
        }
        return object
    }

    static func array(_ bits: UInt64, _ store: Store) throws(Trap) -> HeapObject {
        guard bits != 0 else { throw Trap(.nullArrayReference) }
        let object = try store.heap.object(bits)
        guard object.type.kind == .array else { throw Trap(.host("GC reference of the wrong type")) }
        return object
    }

    static func arrayIndex(_ slot: UInt64, _ object: HeapObject) throws(Trap) -> Int {
        let index = u32(slot)
        guard index < UInt64(object.length) else { throw Trap(.outOfBoundsArrayAccess) }
        return Int(index)
    }

    /// An array length operand, refused when the array would pass `GCHeap.maximumSlots`.
    static func arrayLength(_ slot: UInt64, _ type: HeapObjectType) throws(Trap) -> Int {
        let length = Int(u32(slot))
        guard length * type.slotCount <= GCHeap.maximumSlots else { throw Trap(.allocationTooLarge) }
        return length
    }

    /// `count` copies of an element's one or two slots, one after the other.
    static func repeated(_ element: [UInt64], count: Int) -> [UInt64] {
        if element.count == 1 { return Array(repeating: element[0], count: count) }
        let (low, high) = (element[0], element[1])
        return [UInt64](unsafeUninitializedCapacity: 2 * count) { buffer, initialized in
            for index in 0..<count { (buffer[2 * index], buffer[2 * index + 1]) = (low, high) }
            initialized = 2 * count
        }
    }

    /// A value as a field stores it: packed ones truncated.
    @inline(__always) static func packed(_ value: UInt64, _ field: HeapObjectType.Field) -> UInt64 {
        switch field.storage {
        case .i8: value & 0xFF
        case .i16: value & 0xFFFF
        default: value
        }
    }

    static func write(_ field: HeapObjectType.Field, _ source: UnsafeMutablePointer<UInt64>, to slots: inout [UInt64], at slot: Int) {
        switch field.storage {
        case .i8: slots[slot] = source[0] & 0xFF
        case .i16: slots[slot] = source[0] & 0xFFFF
        case .value(.v128): (slots[slot], slots[slot + 1]) = (source[0], source[1])
        default: slots[slot] = source[0]
        }
    }

    static func read(_ field: HeapObjectType.Field, from slots: [UInt64], at slot: Int, widening: UInt32,
                     into destination: UnsafeMutablePointer<UInt64>) {
        switch field.storage {
        case .i8:
            destination[0] = widening == 1 ? UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: slots[slot])))) : slots[slot]
        case .i16:
            destination[0] = widening == 1 ? UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: slots[slot])))) : slots[slot]
        case .value(.v128):
            (destination[0], destination[1]) = (slots[slot], slots[slot + 1])
        default:
            destination[0] = slots[slot]
        }
    }

    /// `count` elements read little-endian from data segment `segment` at byte `offset`.
    static func dataElements(_ field: HeapObjectType.Field, segment: UInt32, offset: UInt64, count: UInt64,
                             _ instance: InstanceState) throws(Trap) -> [UInt64] {
        let size: UInt64
        switch field.storage {
        case .i8: size = 1
        case .i16: size = 2
        case .value(let type): size = type == .i64 || type == .f64 ? 8 : type == .v128 ? 16 : 4
        }
        let module = instance.compiled.module
        let range = instance.droppedData[Int(segment)] ? 0..<0 : module.data[Int(segment)].range
        let start = u32(offset)
        guard start <= UInt64(range.count), count <= (UInt64(range.count) - start) / size else {
            throw Trap(.outOfBoundsMemoryAccess)
        }
        guard count * UInt64(field.slots) <= UInt64(GCHeap.maximumSlots) else { throw Trap(.allocationTooLarge) }
        var slots: [UInt64] = []
        slots.reserveCapacity(Int(count) * field.slots)
        let bytes = module.bytes
        var position = range.lowerBound + Int(start)
        func word(_ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in 0..<width { value |= UInt64(bytes[position + byte]) << (8 * UInt64(byte)) }
            position += width
            return value
        }
        for _ in 0..<count {
            if size == 16 {
                slots.append(word(8))
                slots.append(word(8))
            } else {
                slots.append(word(Int(size)))
            }
        }
        return slots
    }

    static func elementItems(segment: UInt32, offset: UInt64, count: UInt64,
                             _ instance: InstanceState) throws(Trap) -> ArraySlice<UInt64> {
        let items = instance.elementSegments[Int(segment)]
        let start = u32(offset)
        guard rangeFits(start, count, within: items.count) else { throw Trap(.outOfBoundsTableAccess) }
        return items[Int(start)..<Int(start + count)]
    }

    /// Whether a reference is to a struct or an array; nil for i31s and host values.
    static func kind(of bits: UInt64, _ store: Store) throws(Trap) -> HeapObjectType.Kind? {
        guard GCReference.isObject(bits) else { return nil }
        return try store.heap.object(bits).type.kind
    }

    /// `ref.test`: whether `bits` is a value of the target heap type (or null, when `nullable`).
    static func matches(_ bits: UInt64, target: UInt32, nullable: Bool, _ instance: InstanceState) throws(Trap) -> Bool {
        if bits == 0 { return nullable }
        if target & Op.abstractTarget != 0 {
            let store = instance.store
            switch HeapType(abstract: UInt8(truncatingIfNeeded: target)) {
            case .any, .function, .extern, .exception: return true
            case .eq: return GCReference.isI31(bits) || GCReference.isObject(bits)
            case .i31: return GCReference.isI31(bits)
            case .structure: return try kind(of: bits, store) == .structure
            case .array: return try kind(of: bits, store) == .array
            default: return false  // the bottom types hold only null
            }
        }
        let compiled = instance.compiled
        guard let type = compiled.heapTypes[Int(target)] else {
            // A function type: the function's type must be it or a declared subtype.
            let store = instance.store
            return store.engine.isSubtype(store.entries[Int(bits - 1)].typeID, of: compiled.typeIDs[Int(target)])
        }
        guard GCReference.isObject(bits) else { return false }
        return try instance.store.heap.object(bits).type.isSubtype(of: type.identity, depth: type.ancestors.count - 1)
    }
}
