import Foundation
@testable import SpinHost
import Testing
import WATSupport
import WasmInterpreter

/// `MappedMemoryAllocator` recycles memories between requests; a recycled
/// memory must read as zero everywhere, or one request would see another's
/// data. Every test checks that the region really was reused, since a fresh
/// mapping is zero anyway.
@Suite struct MappedMemoryAllocatorTests {
    static let wasmPage = 65536

    /// Below, at and above the size that is cleared with memset rather than
    /// given back to the kernel.
    static let keepResidentSizes = [0, 2 * wasmPage, 8 << 20]

    @Test(arguments: keepResidentSizes)
    func releasedRegionIsZeroWhenHandedOutAgain(keepResidentBytes: Int) throws {
        let allocator = MappedMemoryAllocator(keepResidentBytes: keepResidentBytes, poolCapacity: 4)
        let reservation = 16 * Self.wasmPage
        let first = try #require(allocator.allocate(byteCount: Self.wasmPage, reservation: reservation))
        #expect(first.capacity >= reservation)
        #expect(isZero(first.base, count: first.capacity))
        // Written past the initial size, as after memory.grow, and not to a page boundary.
        let used = 10 * Self.wasmPage + 123
        first.base.initializeMemory(as: UInt8.self, repeating: 0xA5, count: used)
        allocator.deallocate(base: first.base, capacity: first.capacity, usedByteCount: used)

        let second = try #require(allocator.allocate(byteCount: Self.wasmPage, reservation: reservation))
        #expect(second.base == first.base, "the region was not reused")
        #expect(second.capacity == first.capacity)
        #expect(isZero(second.base, count: second.capacity))
        allocator.deallocate(base: second.base, capacity: second.capacity, usedByteCount: 0)
    }

    @Test func regionIsAtLeastTheReservationAndSizesAreNotMixed() throws {
        let allocator = MappedMemoryAllocator(poolCapacity: 4)
        let small = try #require(allocator.allocate(byteCount: Self.wasmPage, reservation: 4 * Self.wasmPage))
        allocator.deallocate(base: small.base, capacity: small.capacity, usedByteCount: Self.wasmPage)
        let large = try #require(allocator.allocate(byteCount: Self.wasmPage, reservation: 32 * Self.wasmPage))
        #expect(large.capacity >= 32 * Self.wasmPage)
        #expect(isZero(large.base, count: large.capacity))
        let asked = try #require(allocator.allocate(byteCount: 8 * Self.wasmPage, reservation: 0))
        #expect(asked.capacity >= 8 * Self.wasmPage)
        allocator.deallocate(base: large.base, capacity: large.capacity, usedByteCount: 0)
        allocator.deallocate(base: asked.base, capacity: asked.capacity, usedByteCount: 0)
    }

    /// The request path: an instance's memory grows and is written, the
    /// instance goes away, and the next instance's memory, grown the same
    /// way, sees only zeros.
    @Test(arguments: keepResidentSizes)
    func nextInstanceSeesAZeroMemoryAfterGrowth(keepResidentBytes: Int) throws {
        let allocator = RecordingAllocator(MappedMemoryAllocator(keepResidentBytes: keepResidentBytes, poolCapacity: 4))
        var configuration = EngineConfiguration()
        configuration.memoryAllocator = allocator
        let engine = Engine(configuration: configuration)
        let module = try engine.compile(Self.memoryModule)

        try dirtyInstance(of: module, engine: engine)
        #expect(allocator.allocations.count == 1)

        let store = Store(engine: engine)
        let instance = try Linker().instantiate(module, in: store)
        let memory = try #require(instance.memory(named: "memory"))
        #expect(allocator.allocations.count == 2)
        #expect(allocator.allocations.first == allocator.allocations.last, "the region was not reused")
        #expect(memory.pageCount == 1)
        #expect(try memory.read(at: 0, count: memory.byteCount).allSatisfy { $0 == 0 })
        #expect(memory.grow(by: 7) == 1)
        #expect(try memory.read(at: 0, count: memory.byteCount).allSatisfy { $0 == 0 })
    }

    /// The interpreter checks each access against the size kept in the
    /// memory's header, just before its bytes. It must be the size as it is
    /// now: after a grow from the host (in place, with this allocator) and
    /// from the guest, and in a region handed back by an instance whose
    /// memory was larger. The default heap allocator must give the header too.
    @Test(.enabled(if: WAT.isAvailable, "needs wasm-tools to assemble text modules"), arguments: [false, true])
    func accessesAreCheckedAgainstTheSizeAsItIsNow(mapped: Bool) throws {
        var configuration = EngineConfiguration()
        let allocator = RecordingAllocator(MappedMemoryAllocator(poolCapacity: 4))
        if mapped { configuration.memoryAllocator = allocator }
        let engine = Engine(configuration: configuration)
        let module = try engine.compile(try WAT.assemble("""
            (module
              (memory (export "memory") 1 8)
              (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
              (func (export "size") (result i32) (memory.size))
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """))
        func outOfBounds(_ instance: Instance, _ address: UInt32) -> Bool {
            do {
                _ = try instance.invoke("load", [.i32(address)])
                return false
            } catch {
                guard case .trap(let trap) = error as? InvocationError else { return false }
                return trap.reason == .outOfBoundsMemoryAccess
            }
        }
        let page = UInt32(Self.wasmPage)
        for _ in 0..<2 {
            let instance = try Linker().instantiate(module, in: Store(engine: engine))
            let memory = try #require(instance.memory(named: "memory"))
            #expect(try instance.invoke("size", []) == [.i32(1)])
            #expect(try instance.invoke("load", [.i32(page - 4)]) == [.i32(0)])
            #expect(outOfBounds(instance, page - 3))
            #expect(memory.grow(by: 2) == 1)
            #expect(try instance.invoke("load", [.i32(3 * page - 4)]) == [.i32(0)])
            #expect(outOfBounds(instance, 3 * page - 3))
            #expect(try instance.invoke("grow", [.i32(1)]) == [.i32(3)])
            #expect(try instance.invoke("size", []) == [.i32(4)])
            #expect(try instance.invoke("load", [.i32(4 * page - 4)]) == [.i32(0)])
            #expect(outOfBounds(instance, 4 * page - 3))
        }
        if mapped {
            #expect(allocator.allocations.count == 2)
            #expect(allocator.allocations.first == allocator.allocations.last, "the region was not reused")
        }
    }

    /// One page, growable to eight, exported as `memory`.
    static let memoryModule: [UInt8] = [
        0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x04, 0x01, 0x01, 0x01, 0x08,  // memory: min 1, max 8
        0x07, 0x0A, 0x01, 0x06, 0x6D, 0x65, 0x6D, 0x6F, 0x72, 0x79, 0x02, 0x00,  // export "memory"
    ]

    /// Instantiates `module`, grows its memory to four pages, fills them and
    /// lets the instance go.
    private func dirtyInstance(of module: CompiledModule, engine: Engine) throws {
        let store = Store(engine: engine)
        let instance = try Linker().instantiate(module, in: store)
        let memory = try #require(instance.memory(named: "memory"))
        #expect(memory.grow(by: 3) == 1)
        try memory.fill(0x5A, count: memory.byteCount, at: 0)
        #expect(try memory.read(at: memory.byteCount - 1, count: 1) == [0x5A])
    }

    private func isZero(_ base: UnsafeMutableRawPointer, count: Int) -> Bool {
        UnsafeRawBufferPointer(start: base, count: count).allSatisfy { $0 == 0 }
    }
}

/// Passes everything to `inner` and remembers the base of every region it hands out.
final class RecordingAllocator: LinearMemoryAllocator, @unchecked Sendable {
    // @unchecked: `recorded` is only touched under `lock`.
    let inner: MappedMemoryAllocator
    private let lock = NSLock()
    private var recorded: [UInt] = []
    private var mapped = 0

    init(_ inner: MappedMemoryAllocator) {
        self.inner = inner
    }

    var allocations: [UInt] {
        lock.withLock { recorded }
    }

    func allocate(byteCount: Int, reservation: Int) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let region = inner.allocate(byteCount: byteCount, reservation: reservation)
        if let region { lock.withLock { recorded.append(UInt(bitPattern: region.base)) } }
        return region
    }

    func allocate(byteCount: Int, reservation: Int,
                  image: (any PreparedMemoryImage)?) -> (base: UnsafeMutableRawPointer, capacity: Int)? {
        let region = inner.allocate(byteCount: byteCount, reservation: reservation, image: image)
        if let region { lock.withLock { recorded.append(UInt(bitPattern: region.base)) } }
        return region
    }

    func deallocate(base: UnsafeMutableRawPointer, capacity: Int, usedByteCount: Int) {
        inner.deallocate(base: base, capacity: capacity, usedByteCount: usedByteCount)
    }

    /// How many data images were mapped rather than copied.
    var mappedImages: Int {
        lock.withLock { mapped }
    }

    func prepareImage(_ bytes: UnsafeRawBufferPointer, at address: Int) -> (any PreparedMemoryImage)? {
        inner.prepareImage(bytes, at: address)
    }

    func mapImage(_ image: any PreparedMemoryImage, into base: UnsafeMutableRawPointer, capacity: Int) -> Range<Int>? {
        let range = inner.mapImage(image, into: base, capacity: capacity)
        if range != nil { lock.withLock { mapped += 1 } }
        return range
    }

    func unmapImage(_ range: Range<Int>, in base: UnsafeMutableRawPointer) {
        inner.unmapImage(range, in: base)
    }
}
