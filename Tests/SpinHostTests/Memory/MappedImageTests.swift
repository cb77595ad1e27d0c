import Foundation
@testable import SpinHost
import Testing
import WasmInterpreter
import WATSupport

/// Data images mapped copy-on-write (`MappedMemoryAllocator+Images.swift`):
/// every instance reads the module's data, and no instance sees another's
/// writes, neither one alive beside it nor one that reuses its region.
@Suite struct MappedImageTests {
    static let wasmPage = 65536
    /// Not page-aligned, and larger than `minimumMappedImageBytes`.
    static let imageAddress = 1000
    static let image: [UInt8] = (0..<(300 << 10)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }

    @Test func instancesReadTheImageAndNeverEachOthersWrites() throws {
        let (engine, allocator) = Self.engine()
        let module = try engine.compile(Self.module(pages: 8))

        var first: (store: Store, memory: LinearMemory)? = try Self.instance(of: module, engine: engine)
        let second = try Self.instance(of: module, engine: engine)
        #expect(allocator.mappedImages == 2, "the image was copied, not mapped")
        for memory in [first?.memory, second.memory].compactMap(\.self) { try Self.expectPristine(memory) }

        // Inside the image, across its last page and past it.
        try first?.memory.fill(0xEE, count: Self.image.count + 5000, at: Self.imageAddress - 10)
        try Self.expectPristine(second.memory)

        let firstRegion = allocator.allocations[0]
        first = nil
        let third = try Self.instance(of: module, engine: engine)
        #expect(allocator.allocations.last == firstRegion, "the region was not reused")
        try Self.expectPristine(third.memory)
        _ = second
    }

    /// A released region keeps its image, restored where the instance
    /// wrote it: the next instance of the module gets it back, reads the
    /// image (never the writes), and writing the same pages again costs
    /// no page faults, since they are private copies already.
    @Test func aRegionKeepsItsImageRestoredForTheNextInstance() throws {
        let (engine, allocator) = Self.engine()
        let module = try engine.compile(Self.module(pages: 8))
        var first: (store: Store, memory: LinearMemory)? = try Self.instance(of: module, engine: engine)
        try first?.memory.fill(0xEE, count: Self.image.count + 5000, at: Self.imageAddress - 10)
        let region = allocator.allocations[0]
        first = nil

        let second = try Self.instance(of: module, engine: engine)
        #expect(allocator.allocations.last == region, "the region holding the image was not reused")
        try Self.expectPristine(second.memory)
        let faultsBefore = Self.minorFaults()
        try second.memory.fill(0xDD, count: Self.image.count, at: Self.imageAddress)
        let faults = Self.minorFaults() - faultsBefore
        // The image spans 76 system pages; mapped afresh, writing them all faults each one.
        #expect(faults < 40, "\(faults) page faults: the written pages were not kept private")
        let otherModule = try engine.compile(Self.module(pages: 8, image: Self.image.reversed()))
        let other = try Self.instance(of: otherModule, engine: engine)
        #expect(try other.memory.read(at: Self.imageAddress, count: 4) == Array(Self.image.reversed().prefix(4)))
        _ = second
    }

    /// Minor page faults of the calling thread so far (tests run in parallel).
    static func minorFaults() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(1), &usage)  // RUSAGE_THREAD (not imported into Swift)
        return usage.ru_minflt
    }

    @Test func smallImagesAreCopied() throws {
        let (engine, allocator) = Self.engine()
        let module = try engine.compile(Self.module(pages: 8, image: [1, 2, 3]))
        let instance = try Self.instance(of: module, engine: engine)
        #expect(allocator.mappedImages == 0)
        #expect(try instance.memory.read(at: Self.imageAddress, count: 3) == [1, 2, 3])
    }

    /// An engine whose memories come from a recording `MappedMemoryAllocator`.
    static func engine() -> (Engine, RecordingAllocator) {
        let allocator = RecordingAllocator(MappedMemoryAllocator(poolCapacity: 4))
        var configuration = EngineConfiguration()
        configuration.memoryAllocator = allocator
        return (Engine(configuration: configuration), allocator)
    }

    /// The image where the data segment put it, zero everywhere else.
    /// (Reports the first wrong address: a diff of the whole memory would
    /// drown the log.)
    static func expectPristine(_ memory: LinearMemory) throws {
        let bytes = try memory.read(at: 0, count: memory.byteCount)
        let wrong = bytes.indices.first { address in
            let imageOffset = address - imageAddress
            let expected = image.indices.contains(imageOffset) ? image[imageOffset] : 0
            return bytes[address] != expected
        }
        #expect(wrong == nil, "memory differs from the image at address \(wrong ?? 0)")
    }

    static func instance(of module: CompiledModule, engine: Engine) throws -> (store: Store, memory: LinearMemory) {
        let store = Store(engine: engine)
        let instance = try Linker().instantiate(module, in: store)
        return (store, try #require(instance.memory(named: "memory")))
    }

    /// A memory of `pages` pages exported as `memory`, with one active data
    /// segment holding `image` at `imageAddress`.
    static func module(pages: UInt8, image: [UInt8] = image) -> [UInt8] {
        var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]
        bytes += [0x05, 0x03, 0x01, 0x00, pages]  // memory: min `pages`, no maximum
        bytes += [0x07, 0x0A, 0x01, 0x06] + Array("memory".utf8) + [0x02, 0x00]
        var segment: [UInt8] = [0x01, 0x00, 0x41] + LEB128.unsigned(Self.imageAddress) + [0x0B]
        segment += LEB128.unsigned(image.count) + image
        bytes += [0x0B] + LEB128.unsigned(segment.count) + segment
        return bytes
    }
}
