import WasmDecoder

/// How GC references sit in a 64-bit slot, beside the other references
/// (`Slot`): null is 0, a host value N of `externref` is N + 1 (below
/// 2^62), an `i31` is `i31Tag | value`, a struct or array is `objectTag |
/// index` into its store's `GCHeap`. `any.convert_extern` and
/// `extern.convert_any` keep the bits, so a value converted there and back
/// is the same value, and `ref.eq` compares bits.
enum GCReference {
    static let i31Tag: UInt64 = 1 << 62
    static let objectTag: UInt64 = 1 << 63

    @inline(__always) static func isI31(_ bits: UInt64) -> Bool { bits & (objectTag | i31Tag) == i31Tag }
    @inline(__always) static func isObject(_ bits: UInt64) -> Bool { bits & objectTag != 0 }
    @inline(__always) static func object(_ index: Int) -> UInt64 { objectTag | UInt64(index) }
    @inline(__always) static func index(_ bits: UInt64) -> Int { Int(truncatingIfNeeded: bits & ~objectTag) }
    @inline(__always) static func i31(_ value: UInt64) -> UInt64 { i31Tag | (value & 0x7FFF_FFFF) }
}

/// The layout of a struct or array type in engine form: what `struct.new`
/// and the accessors need, and the supertype chain that casts compare.
final class HeapObjectType: Sendable {
    enum Kind: Sendable { case structure, array }

    /// One field (or the array element): its first slot and storage.
    struct Field: Sendable {
        let slot: Int
        let storage: StorageType
        /// A v128 takes two slots; everything else one.
        var slots: Int { storage == .value(.v128) ? 2 : 1 }
        var isReference: Bool { storage.unpacked.isReference }
    }

    let kind: Kind
    let identity: Int
    /// Identities from the root supertype down to this type: a value of
    /// this type is a `T` when `ancestors[depth(T)] == T`.
    let ancestors: [Int]
    /// A struct's fields; an array's one element.
    let fields: [Field]
    /// Slots of a struct, or of one array element.
    let slotCount: Int
    /// Whether the collector must look into objects of this type.
    let holdsReferences: Bool

    init(kind: Kind, identity: Int, ancestors: [Int], storages: [StorageType]) {
        self.kind = kind
        self.identity = identity
        self.ancestors = ancestors
        var slot = 0
        var fields: [Field] = []
        for storage in storages {
            let field = Field(slot: slot, storage: storage)
            fields.append(field)
            slot += field.slots
        }
        self.fields = fields
        slotCount = slot
        holdsReferences = fields.contains(where: \.isReference)
    }

    /// Whether a value of this type is one of type `identity`, which sits at `depth` in its chain.
    @inline(__always) func isSubtype(of identity: Int, depth: Int) -> Bool {
        depth < ancestors.count && ancestors[depth] == identity
    }
}

/// A struct or an array: its type and its slots (an array's elements one
/// after the other, each `type.slotCount` slots; packed values in a slot each).
final class HeapObject {
    let type: HeapObjectType
    var slots: [UInt64]

    init(type: HeapObjectType, slots: [UInt64]) {
        self.type = type
        self.slots = slots
    }

    /// An array's length.
    var length: Int { type.slotCount == 0 ? 0 : slots.count / type.slotCount }
}

/// A store's structs and arrays, and the mark-and-sweep collector that
/// frees those nothing reaches. Objects never move: a reference is an index
/// into `objects`, and an index the host holds (`pin`) stays valid for the
/// store's life. The heap dies with its store.
///
/// Roots are found conservatively: every slot of the store's value stack
/// in use, its globals, tables, element segments, exceptions and pinned
/// references; a slot that looks like a reference to a live object keeps it
/// (a number that happens to look like one only delays its collection).
/// Objects themselves are scanned precisely by their types.
final class GCHeap {
    private(set) var objects: [HeapObject?] = []
    private var freeIndices: [Int] = []
    private var marks: [Bool] = []
    /// Indices handed to the host, which the collector treats as roots.
    private var pinned: Set<Int> = []
    /// Bytes allocated since the last collection, and how many trigger one:
    /// twice what survived the last one, at least `minimumThreshold`.
    private var allocatedBytes = 0
    private var threshold = GCHeap.minimumThreshold
    static let minimumThreshold = 32 << 20
    /// No single object may take more slots than this (an allocation beyond
    /// it traps rather than exhausting the host's memory).
    static let maximumSlots = 1 << 28
    private(set) var collections = 0

    var liveCount: Int { objects.count - freeIndices.count }

    /// The object a reference names. Typed code and pinned host values only
    /// name live objects; were the collector ever wrong, this traps rather
    /// than crash the host.
    @inline(__always) func object(_ bits: UInt64) throws(Trap) -> HeapObject {
        let index = GCReference.index(bits)
        guard index < objects.count, let object = objects[index] else { throw Trap(.host("dangling GC reference")) }
        return object
    }

    /// Whether a collection is due before the next allocation of `slots` slots.
    func needsCollection(adding slots: Int) -> Bool { allocatedBytes + slots * 8 > threshold }

    func allocate(_ type: HeapObjectType, slots: [UInt64]) -> UInt64 {
        allocatedBytes += slots.count * 8 + 64
        let object = HeapObject(type: type, slots: slots)
        if let index = freeIndices.popLast() {
            objects[index] = object
            return GCReference.object(index)
        }
        objects.append(object)
        marks.append(false)
        return GCReference.object(objects.count - 1)
    }

    /// Keeps the object `bits` names (if any) alive for the store's life: the host holds it.
    func pin(_ bits: UInt64) {
        if GCReference.isObject(bits) { pinned.insert(GCReference.index(bits)) }
    }

    /// Frees every object not reachable from `roots` (slots scanned
    /// conservatively) or the pinned ones.
    func collect(roots: (_ visit: (UnsafeBufferPointer<UInt64>) -> Void) -> Void) {
        collections += 1
        var work: [Int] = []
        func markSlot(_ bits: UInt64) {
            guard GCReference.isObject(bits) else { return }
            let index = GCReference.index(bits)
            guard index < objects.count, objects[index] != nil, !marks[index] else { return }
            marks[index] = true
            work.append(index)
        }
        roots { slots in for bits in slots { markSlot(bits) } }
        for index in pinned { markSlot(GCReference.object(index)) }
        while let index = work.popLast() {
            let object = objects[index]!  // marked objects are live
            guard object.type.holdsReferences else { continue }
            let type = object.type
            if type.kind == .array {
                for bits in object.slots { markSlot(bits) }
            } else {
                for field in type.fields where field.isReference { markSlot(object.slots[field.slot]) }
            }
        }
        var survivingBytes = 0
        for index in objects.indices {
            if marks[index] {
                marks[index] = false
                survivingBytes += objects[index]!.slots.count * 8 + 64
            } else if objects[index] != nil {
                objects[index] = nil
                freeIndices.append(index)
            }
        }
        allocatedBytes = 0
        threshold = max(Self.minimumThreshold, survivingBytes * 2)
    }
}
