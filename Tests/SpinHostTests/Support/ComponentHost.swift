@testable import ComponentModel
@testable import SpinHost
import WasmInterpreter

/// The WASI 0.2 host definitions of `WASIComponent.define` on a store with a
/// context attached: tests call the functions' bodies with component values,
/// as the canonical ABI will once components run.
final class ComponentHost {
    let linker: ComponentLinker
    let store: Store
    let context: WASIContext

    init(_ context: WASIContext) {
        var linker = ComponentLinker()
        WASIComponent.define(in: &linker)
        WASIp3.define(in: &linker)
        self.linker = linker
        store = Store(engine: Engine())
        store[WASIContext.key] = context
        self.context = context
    }

    enum HostError: Error, CustomStringConvertible {
        case undefined(String)
        case unexpected(ComponentValue?)
        var description: String {
            switch self {
            case .undefined(let name): "not defined: \(name)"
            case .unexpected(let value): "unexpected result: \(String(describing: value))"
            }
        }
    }

    var resources: HostResources { HostResources.of(store) }

    func function(_ interface: String, _ name: String) throws -> HostComponentFunction {
        guard let function = linker.interface(servingImport: interface)?.functions[name] else {
            throw HostError.undefined("\(interface)#\(name)")
        }
        return function
    }

    /// Calls `interface#name` with `arguments`; traps are thrown.
    @discardableResult
    func call(_ interface: String, _ name: String, _ arguments: ComponentValue...) throws -> ComponentValue? {
        try function(interface, name).body(HostCall(store: store), arguments)
    }

    /// The trap a call ends with, or nil when it returns.
    func trap(_ interface: String, _ name: String, _ arguments: ComponentValue...) throws -> Trap? {
        let function = try function(interface, name)
        do throws(Trap) {
            _ = try function.body(HostCall(store: store), arguments)
            return nil
        } catch {
            return error
        }
    }

    /// The `ok` payload of a `result`, or a test failure naming what came back.
    func ok(_ interface: String, _ name: String, _ arguments: ComponentValue...) throws -> ComponentValue? {
        let result = try function(interface, name).body(HostCall(store: store), arguments)
        guard case .ok(let payload)? = result else { throw HostError.unexpected(result) }
        return payload
    }

    /// Drops a handle as the guest's `[resource-drop]` does: the resource's destructor.
    func drop(_ interface: String, _ resource: String, _ rep: UInt32) throws {
        guard let definition = linker.interface(servingImport: interface)?.resources[resource] else {
            throw HostError.undefined("\(interface)#\(resource)")
        }
        try definition.destructor(HostCall(store: store), rep)
    }

    // MARK: shorthands

    func stdout() throws -> ComponentValue { try call("wasi:cli/stdout@0.2.0", "get-stdout")! }
    func stdin() throws -> ComponentValue { try call("wasi:cli/stdin@0.2.0", "get-stdin")! }

    /// The preopens' descriptors, by guest path.
    func preopens() throws -> [String: ComponentValue] {
        guard case .list(let entries)? = try call("wasi:filesystem/preopens@0.2.0", "get-directories") else {
            throw HostError.unexpected(nil)
        }
        var result: [String: ComponentValue] = [:]
        for entry in entries {
            guard case .tuple(let pair) = entry, case .string(let path) = pair[1] else { throw HostError.unexpected(entry) }
            result[path] = pair[0].handleValue.map(ComponentValue.borrow)
        }
        return result
    }

    /// `descriptor.<method>` on `descriptor` (a borrow) with the rest of the arguments.
    func descriptor(_ method: String, _ descriptor: ComponentValue, _ arguments: ComponentValue...) throws -> ComponentValue? {
        try function("wasi:filesystem/types@0.2.0", "[method]descriptor.\(method)").body(
            HostCall(store: store), [descriptor] + arguments)
    }

    /// Opens `path` below `directory`; the new descriptor (as a borrow) or the error-code case name.
    func open(_ path: String, in directory: ComponentValue, follow: Bool = false, openFlags: [String] = [],
              flags: [String] = ["read"]) throws -> Result<ComponentValue, FilesystemCode> {
        let result = try descriptor(
            "open-at", directory, .flags(follow ? [0] : []), .string(path),
            ComponentValue.flags(openFlags, of: .flags(["create", "directory", "exclusive", "truncate"]))!,
            ComponentValue.flags(flags, of: .flags(["read", "write", "file-integrity-sync", "data-integrity-sync",
                                                    "requested-write-sync", "mutate-directory"]))!)
        return try FilesystemCode.result(result).map { $0!.handleValue.map(ComponentValue.borrow)! }
    }

    /// Reads an input stream (a borrow) to its end with `blocking-read`.
    func readToEnd(_ stream: ComponentValue, chunk: UInt64 = 7) throws -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            let result = try call("wasi:io/streams@0.2.0", "[method]input-stream.blocking-read", stream, .u64(chunk))
            switch result {
            case .ok(.bytes(let chunk))?: bytes += chunk
            case .error(.variant(case: 1, payload: nil))?: return bytes
            default: throw HostError.unexpected(result)
            }
        }
    }
}

/// A `wasi:filesystem/types.error-code` by its WIT name, for readable expectations.
struct FilesystemCode: Error, Equatable, CustomStringConvertible {
    let name: String
    init(_ name: String) { self.name = name }
    var description: String { name }

    static let names = [
        "access", "would-block", "already", "bad-descriptor", "busy", "deadlock", "quota", "exist",
        "file-too-large", "illegal-byte-sequence", "in-progress", "interrupted", "invalid", "io", "is-directory",
        "loop", "too-many-links", "message-size", "name-too-long", "no-device", "no-entry", "no-lock",
        "insufficient-memory", "insufficient-space", "not-directory", "not-empty", "not-recoverable", "unsupported",
        "no-tty", "no-such-device", "overflow", "not-permitted", "pipe", "read-only", "invalid-seek",
        "text-file-busy", "cross-device",
    ]

    /// A `result<T, error-code>` as a Swift `Result`.
    static func result(_ value: ComponentValue?) throws -> Result<ComponentValue?, FilesystemCode> {
        switch value {
        case .ok(let payload)?: return .success(payload)
        case .error(.enum(let index)?)?: return .failure(FilesystemCode(names[Int(index)]))
        default: throw ComponentHost.HostError.unexpected(value)
        }
    }
}

extension Result where Success == ComponentValue?, Failure == FilesystemCode {
    /// Only whether it failed and how, for `#expect(... == .failure(...))` on unit results.
    var failure: FilesystemCode? {
        if case .failure(let code) = self { return code }
        return nil
    }
}
