// libFuzzer entry point for the canonical ABI's lifting and lowering (see
// ../README.md).
//
// fuzz/run.sh compiles this folder into the ComponentModel module, on top of
// WasmDecoder and WasmInterpreter, so the internal `CanonicalContext`,
// `FlatReader` and `HandleTable` are in scope.
//
// From each input: a value type (FuzzInput.swift), flat values or a pointer,
// a handle table and the contents of a 64 KiB memory. The value is lifted
// from that memory under each string encoding and must come out as a value
// or a `Trap` (the typed throws allow nothing else). A value that lifts is
// lowered into a second instance (flat, and stored into memory its realloc
// gives) under another encoding and lifted back: that must not trap except
// when the second memory is full, and must give the same value, bit for bit.

import WasmInterpreter

/// Set from each result so the optimiser cannot drop the work that built it.
nonisolated(unsafe) public var fuzzSink = 0

/// Both sides of a lift are instances of this module, assembled by
/// wasm-tools 1.262 (`parse`, then `strip --all`) from:
///
///     (module
///       (memory (export "memory") 1 256)
///       (global $next (mut i32) (i32.const 0))
///       (func (export "realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
///         (local $pointer i32) (local $end i64)
///         (local.set $pointer
///           (i32.and (i32.sub (i32.add (global.get $next) (local.get $align)) (i32.const 1))
///                    (i32.sub (i32.const 0) (local.get $align))))
///         (if (i32.lt_u (local.get $pointer) (global.get $next)) (then unreachable))
///         (local.set $end (i64.add (i64.extend_i32_u (local.get $pointer)) (i64.extend_i32_u (local.get $size))))
///         (block $done
///           (loop $grow
///             (br_if $done (i64.le_u (local.get $end) (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16))))
///             (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1)) (then unreachable))
///             (br $grow)))
///         (global.set $next (i32.wrap_i64 (local.get $end)))
///         (local.get $pointer)))
///
/// A bump allocator: its `unreachable` means the 16 MiB memory is full.
let bumpAllocatorModule: [UInt8] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x09, 0x01, 0x60, 0x04, 0x7f, 0x7f, 0x7f,
    0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x05, 0x05, 0x01, 0x01, 0x01, 0x80, 0x02, 0x06, 0x06,
    0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, 0x07, 0x14, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79,
    0x02, 0x00, 0x07, 0x72, 0x65, 0x61, 0x6c, 0x6c, 0x6f, 0x63, 0x00, 0x00, 0x0a, 0x4f, 0x01, 0x4d,
    0x02, 0x01, 0x7f, 0x01, 0x7e, 0x23, 0x00, 0x20, 0x02, 0x6a, 0x41, 0x01, 0x6b, 0x41, 0x00, 0x20,
    0x02, 0x6b, 0x71, 0x21, 0x04, 0x20, 0x04, 0x23, 0x00, 0x49, 0x04, 0x40, 0x00, 0x0b, 0x20, 0x04,
    0xad, 0x20, 0x03, 0xad, 0x7c, 0x21, 0x05, 0x02, 0x40, 0x03, 0x40, 0x20, 0x05, 0x3f, 0x00, 0xad,
    0x42, 0x10, 0x86, 0x58, 0x0d, 0x01, 0x41, 0x01, 0x40, 0x00, 0x41, 0x7f, 0x46, 0x04, 0x40, 0x00,
    0x0b, 0x0c, 0x00, 0x0b, 0x0b, 0x20, 0x05, 0xa7, 0x24, 0x00, 0x20, 0x04, 0x0b,
]

let fuzzEngine = Engine()
// Our own fixed module: failing here is a harness bug, not a finding.
let bumpAllocator: CompiledModule = try! fuzzEngine.compile(bumpAllocatorModule)
let fuzzResources = [ResourceType(name: "r0"), ResourceType(name: "r1")]
let encodings: [StringEncoding] = [.utf8, .utf16, .latin1UTF16]
/// Inputs whose lifted value would be larger than this are skipped (LiftBudget).
let liftLimit = 64 << 20

/// A fresh instance of `bumpAllocator`: its memory and its realloc's address.
func makeInstance(in store: Store) -> (memory: LinearMemory, realloc: Int) {
    let instance = try! Linker().instantiate(bumpAllocator, in: store)
    return (instance.memory(named: "memory")!, instance.function(named: "realloc")!.storeAddress)
}

/// Everything one input chose.
struct LiftCase {
    let type: ComponentValueType
    /// Lift from flat values (`liftFlat`) rather than from memory (`load`).
    let isFlat: Bool
    let slots: [UInt64]
    /// Aligned, as `load`'s callers check before calling it.
    let address: Int
    let handles: HandleTable
    /// Lowering under encoding i + shift when lifting under encoding i.
    let destinationShift: Int
    let memory: ArraySlice<UInt8>

    init(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        var generator = ValueTypeGenerator(resources: fuzzResources)
        type = generator.type(&input)
        isFlat = input.byte() & 1 == 1
        slots = (0..<CanonicalLayout.flatten(type).count).map { _ in input.u64() }
        // Mostly inside the memory; one input in two past it.
        let raw = input.u32()
        let pointer = raw & 0x8000_0000 == 0 ? UInt64(raw % 65_536) : UInt64(raw)
        address = Int(pointer & ~UInt64(CanonicalLayout.alignment(type) - 1))
        var handles = HandleTable()
        for _ in 0..<input.below(6) {
            let resource = fuzzResources[input.below(fuzzResources.count)]
            let flags = input.byte()
            let isOwn = flags & 1 == 0
            _ = try? handles.add(.init(resource: resource, rep: input.u32(), isOwn: isOwn,
                                       lendCount: flags & 2 == 2 ? 1 : 0, scope: isOwn ? nil : CallScope()))
        }
        self.handles = handles
        destinationShift = input.below(encodings.count)
        memory = input.rest.prefix(65_536)
    }
}

/// Lifts, lowers and lifts one input. Any input must end in values or
/// `Trap`s; a crash, a failed check (`fatalError`), a hang or a huge
/// allocation is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = LiftCase(Array(UnsafeBufferPointer(start: data, count: size)))
    let store = Store(engine: fuzzEngine)
    let source = makeInstance(in: store)
    try! source.memory.write(input.memory, at: 0)
    for (index, encoding) in encodings.enumerated() {
        var budget = LiftBudget(memory: source.memory, encoding: encoding, limit: liftLimit)
        if input.isFlat {
            var slots = input.slots
            slots.withUnsafeMutableBufferPointer { buffer in
                var reader = FlatReader(slots: buffer)
                budget.liftFlat(input.type, &reader)
            }
        } else {
            budget.load(input.type, at: input.address)
        }
        if budget.exceeded {
            fuzzSink &+= 1
            continue
        }
        let state = ComponentInstanceState(store: store, parent: nil)
        state.handles = input.handles
        var context = CanonicalContext(instance: state, options: RuntimeOptions(encoding: encoding, memory: source.memory),
                                       scope: nil)
        let value: ComponentValue
        do {
            if input.isFlat {
                var slots = input.slots
                value = try slots.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
                    var reader = FlatReader(slots: buffer)
                    return try context.liftFlat(input.type, &reader)
                }
            } else {
                value = try context.load(input.type, at: input.address)
            }
        } catch {
            fuzzSink &+= error.message.utf8.count
            continue
        }
        checkCanonicalNaNs(value)
        let destination = encodings[(index + input.destinationShift) % encodings.count]
        roundTrip(value, input.type, encoding: destination, store: store)
    }
    return 0
}

/// Lowers `value` into a fresh instance under `encoding`, flat and into
/// memory, lifts it back from there, and checks it came back unchanged.
func roundTrip(_ value: ComponentValue, _ type: ComponentValueType, encoding: StringEncoding, store: Store) {
    let target = makeInstance(in: store)
    let state = ComponentInstanceState(store: store, parent: nil)
    let options = RuntimeOptions(encoding: encoding, memory: target.memory, realloc: target.realloc)
    var lowering = CanonicalContext(instance: state, options: options, scope: CallScope())
    // One context per lift: each has its own HostValueBudget, as each lift
    // of a real call does.
    func liftingContext() -> CanonicalContext { CanonicalContext(instance: state, options: options, scope: nil) }
    func failure(_ what: String) -> Never {
        fatalError("\(what)\n  type: \(type)\n  value: \(String(describing: value).prefix(2_000))\n  encoding: \(encoding)")
    }

    // lower_flat, then lift_flat.
    var flat: [UInt64] = []
    do {
        try lowering.lowerFlat(value, type, into: &flat)
    } catch {
        guard error.reason == .unreachable else { failure("lowering a lifted value trapped: \(error)") }
        return   // the target memory is full
    }
    guard flat.count == CanonicalLayout.flatten(type).count else {
        failure("lower_flat gave \(flat.count) values, the type flattens to \(CanonicalLayout.flatten(type).count)")
    }
    let liftedFlat: ComponentValue
    do {
        liftedFlat = try flat.withUnsafeMutableBufferPointer { (buffer) throws(Trap) in
            var reader = FlatReader(slots: buffer)
            var lifting = liftingContext()
            return try lifting.liftFlat(type, &reader)
        }
    } catch {
        failure("lifting a lowered value trapped: \(error)")
    }
    guard exactlyEqual(liftedFlat, value) else { failure("lift_flat(lower_flat(v)) is \(liftedFlat)") }

    // store, then load.
    let loaded: ComponentValue
    do {
        let address = try lowering.allocate(alignment: CanonicalLayout.alignment(type), size: CanonicalLayout.size(type))
        try lowering.store(value, type, at: address)
        do {
            var lifting = liftingContext()
            loaded = try lifting.load(type, at: address)
        } catch {
            failure("loading a stored value trapped: \(error)")
        }
    } catch {
        guard error.reason == .unreachable else { failure("storing a lifted value trapped: \(error)") }
        return
    }
    guard exactlyEqual(loaded, value) else { failure("load(store(v)) is \(loaded)") }
    fuzzSink &+= flat.count
}

/// Equality that tells floats by their bits and strings by their scalars
/// (`==` has NaN != NaN, and String's `==` is canonical equivalence).
func exactlyEqual(_ a: ComponentValue, _ b: ComponentValue) -> Bool {
    func all(_ x: [ComponentValue], _ y: [ComponentValue]) -> Bool {
        x.count == y.count && zip(x, y).allSatisfy { exactlyEqual($0, $1) }
    }
    func optional(_ x: ComponentValue?, _ y: ComponentValue?) -> Bool {
        switch (x, y) {
        case (nil, nil): true
        case (let x?, let y?): exactlyEqual(x, y)
        default: false
        }
    }
    switch (a, b) {
    case (.f32(let x), .f32(let y)): return x.bitPattern == y.bitPattern
    case (.f64(let x), .f64(let y)): return x.bitPattern == y.bitPattern
    case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
    case (.list(let x), .list(let y)), (.record(let x), .record(let y)), (.tuple(let x), .tuple(let y)):
        return all(x, y)
    case (.map(let x), .map(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { exactlyEqual($0.key, $1.key) && exactlyEqual($0.value, $1.value) }
    case (.variant(let i, let x), .variant(let j, let y)): return i == j && optional(x, y)
    case (.option(let x), .option(let y)), (.ok(let x), .ok(let y)), (.error(let x), .error(let y)):
        return optional(x, y)
    default: return a == b   // no floats or strings inside
    }
}

/// Lifting canonicalises NaNs (CanonicalABI.md, `canonicalize_nan32/64`).
func checkCanonicalNaNs(_ value: ComponentValue) {
    switch value {
    case .f32(let x) where x.isNaN:
        guard x.bitPattern == CanonicalContext.canonicalNaN32 else { fatalError("lifted a non-canonical f32 NaN \(x.bitPattern)") }
    case .f64(let x) where x.isNaN:
        guard x.bitPattern == CanonicalContext.canonicalNaN64 else { fatalError("lifted a non-canonical f64 NaN \(x.bitPattern)") }
    case .list(let values), .record(let values), .tuple(let values): values.forEach(checkCanonicalNaNs)
    case .map(let entries):
        for entry in entries {
            checkCanonicalNaNs(entry.key)
            checkCanonicalNaNs(entry.value)
        }
    case .variant(_, let payload?), .option(let payload?), .ok(let payload?), .error(let payload?): checkCanonicalNaNs(payload)
    default: break
    }
}
