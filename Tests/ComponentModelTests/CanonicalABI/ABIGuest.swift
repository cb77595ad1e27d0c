@testable import ComponentModel
import Foundation
import Testing
import WasmInterpreter
import WATSupport

/// One instance of a test component, with its host side: the text is
/// assembled by wasm-tools, checked by `wasm-tools validate` (an oracle for
/// the core signatures the tests write out), validated and linked by
/// ComponentModel, and instantiated in a fresh store.
final class ABIGuest {
    static let engine = Engine()

    /// What the host functions saw, in call order.
    final class HostLog: @unchecked Sendable {
        var calls: [(name: String, arguments: [ComponentValue])] = []
        var pings = 0
        /// Rep of each host resource destroyed, in order.
        var destroyed: [UInt32] = []
    }

    typealias Body = @Sendable (HostCall, [ComponentValue]) throws(Trap) -> ComponentValue?

    /// Host bodies most tests need: return the argument, return nothing.
    static let identity: Body = { _, arguments throws(Trap) in arguments[0] }
    static let nothing: Body = { _, _ throws(Trap) in nil }

    let validated: ValidatedComponent
    let instance: ComponentInstance
    let log: HostLog

    /// `host` gives the bodies of the component's host functions by name
    /// (their types are the component's own view of its imports);
    /// `configure` may define more, or redefine them with types of its own.
    convenience init(_ component: ABIComponent, host: [String: Body] = [:],
                     configure: (inout ComponentLinker, HostLog) -> Void = { _, _ in }) throws {
        try self.init(text: component.text, host: host, configure: configure)
    }

    init(text: String, host: [String: Body] = [:], configure: (inout ComponentLinker, HostLog) -> Void = { _, _ in }) throws {
        validated = try Self.validate(text)
        let log = HostLog()
        self.log = log
        var linker = ComponentLinker()
        for (name, type) in validated.type.imports {
            guard case .instance(let interface) = type else { continue }
            for (function, type) in interface.exports {
                guard case .function(let functionType) = type else { continue }
                let body = host[function]
                linker.define(name, function, type: functionType) { call, arguments throws(Trap) in
                    if function == "ping" {
                        log.pings += 1
                        return nil
                    }
                    log.calls.append((function, arguments))
                    guard let body else { throw Trap(.host("test defines no body for \(function)")) }
                    return try body(call, arguments)
                }
            }
        }
        configure(&linker, log)
        instance = try linker.link(validated).instantiate(in: Store(engine: Self.engine))
    }

    /// Validated components by text: tests make many instances of a few components.
    nonisolated(unsafe) static var cache: [String: ValidatedComponent] = [:]
    static let cacheLock = NSLock()

    static func validate(_ text: String) throws -> ValidatedComponent {
        if let cached = cacheLock.withLock({ cache[text] }) { return cached }
        let validated = try ValidatedComponent(try assemble(text), engine: engine)
        cacheLock.withLock { cache[text] = validated }
        return validated
    }

    /// Assembles `text` and checks the binary with `wasm-tools validate`
    /// (fixed-length lists are not on by default there).
    static func assemble(_ text: String) throws -> [UInt8] {
        let bytes = try WAT.assemble(text)
        guard let tool = WAT.tool else { return bytes }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("abi-\(UUID().uuidString).wasm")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        try ExternalTool.run(tool, ["validate", "--features", "cm-fixed-length-lists,cm-map", file.path])
        return bytes
    }

    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    func function(_ name: String) throws -> ComponentFunction {
        guard let function = instance.function(name) else { throw Missing(description: "no export \(name)") }
        return function
    }

    /// Calls export `name`; a trap is thrown.
    @discardableResult
    func call(_ name: String, _ arguments: ComponentValue...) throws -> ComponentValue? {
        try function(name).call(arguments)
    }

    /// Calls `name` of the exported instance `interface`.
    @discardableResult
    func call(in interface: String, _ name: String, _ arguments: ComponentValue...) throws -> ComponentValue? {
        guard let function = instance.function(interface, name) else { throw Missing(description: "no export \(interface)#\(name)") }
        return try function.call(arguments)
    }

    func trap(in interface: String, _ name: String, _ arguments: ComponentValue...) throws -> String? {
        guard let function = instance.function(interface, name) else { throw Missing(description: "no export \(interface)#\(name)") }
        return Self.trap(of: function, arguments)
    }

    /// The reason of the trap a call of `name` ends with; nil if it returns.
    func trap(_ name: String, _ arguments: ComponentValue...) throws -> String? {
        try Self.trap(of: function(name), arguments)
    }

    static func trap(of function: ComponentFunction, _ arguments: [ComponentValue]) -> String? {
        do throws(Trap) {
            _ = try function.call(arguments)
            return nil
        } catch {
            return error.message
        }
    }

    // MARK: The standard exports

    func poke(_ address: UInt32, _ bytes: [UInt8]) throws {
        try call("poke", .u32(address), .bytes(bytes))
    }

    func peek(_ address: UInt32, _ count: UInt32) throws -> [UInt8] {
        guard case .bytes(let bytes)? = try call("peek", .u32(address), .u32(count)) else {
            throw Missing(description: "peek returned no bytes")
        }
        return bytes
    }

    /// Little-endian words read back from memory.
    func peekWords(_ address: UInt32, _ count: Int) throws -> [UInt32] {
        let bytes = try peek(address, UInt32(count * 4))
        return (0..<count).map { index in
            (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[index * 4 + $1]) << (8 * $1) }
        }
    }

    /// Little-endian 8-byte slots of the dump area: the core arguments a
    /// `dump` export received.
    func dumped(_ count: Int) throws -> [UInt64] {
        let bytes = try peek(UInt32(ABIComponent.dumpArea), UInt32(count * 8))
        return (0..<count).map { index in
            (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[index * 8 + $1]) << (8 * $1) }
        }
    }

    /// `realloc` calls so far as (old, old size, alignment, size).
    func reallocCalls() throws -> [[UInt32]] {
        guard case .list(let words)? = try call("realloc-log") else { throw Missing(description: "no realloc log") }
        let values = words.compactMap(\.u32Value)
        return stride(from: 0, to: values.count, by: 4).map { Array(values[$0..<$0 + 4]) }
    }

    func forceRealloc(_ pointer: UInt32) throws {
        try call("force-realloc", .u32(pointer))
    }

    var postReturnCount: UInt32 {
        get throws { try call("post-return-count")?.u32Value ?? .max }
    }

    var postReturnLast: UInt64 {
        get throws { try call("post-return-last")?.u64Value ?? .max }
    }
}

/// Little-endian bytes of integers, for expected memory images.
enum LittleEndian {
    static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
