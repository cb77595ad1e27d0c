import ComponentModel
import WasmInterpreter

/// The lifted arguments of one WASI 0.2 host call, read by position with
/// the shape the function's type promises. The canonical ABI lifts values of
/// that type, so a mismatch is a bug on our side: it traps naming the
/// function rather than crashing.
struct HostArguments {
    let values: [ComponentValue]
    /// `interface#function`, for trap messages.
    let function: String

    func value(_ index: Int) throws(Trap) -> ComponentValue {
        guard index < values.count else { throw mismatch(index, "missing") }
        return values[index]
    }

    func u64(_ index: Int) throws(Trap) -> UInt64 {
        guard case .u64(let value) = try value(index) else { throw mismatch(index, "u64") }
        return value
    }

    func u32(_ index: Int) throws(Trap) -> UInt32 {
        guard case .u32(let value) = try value(index) else { throw mismatch(index, "u32") }
        return value
    }

    func string(_ index: Int) throws(Trap) -> String {
        guard case .string(let value) = try value(index) else { throw mismatch(index, "string") }
        return value
    }

    func bytes(_ index: Int) throws(Trap) -> [UInt8] {
        guard let value = try value(index).bytesValue else { throw mismatch(index, "list<u8>") }
        return value
    }

    /// The indices of the flags that are set.
    func flags(_ index: Int) throws(Trap) -> Set<UInt32> {
        guard case .flags(let set) = try value(index) else { throw mismatch(index, "flags") }
        return Set(set)
    }

    func enumCase(_ index: Int) throws(Trap) -> UInt32 {
        guard case .enum(let value) = try value(index) else { throw mismatch(index, "enum") }
        return value
    }

    func variant(_ index: Int) throws(Trap) -> (case: UInt32, payload: ComponentValue?) {
        guard case .variant(let which, let payload) = try value(index) else { throw mismatch(index, "variant") }
        return (which, payload)
    }

    /// A `result` without payloads: true for `ok`.
    func isOk(_ index: Int) throws(Trap) -> Bool {
        switch try value(index) {
        case .ok: true
        case .error: false
        default: throw mismatch(index, "result")
        }
    }

    /// The reps of a `list<borrow<T>>`.
    func handles(_ index: Int) throws(Trap) -> [UInt32] {
        guard case .list(let elements) = try value(index) else { throw mismatch(index, "list of handles") }
        var reps: [UInt32] = []
        reps.reserveCapacity(elements.count)
        for element in elements {
            guard let rep = element.handleValue else { throw mismatch(index, "list of handles") }
            reps.append(rep)
        }
        return reps
    }

    /// The host object behind the handle argument `index`; a handle that is
    /// not a live `name` resource traps.
    func resource<Object: AnyObject>(
        _ call: HostCall, _ index: Int, _ name: String, as type: Object.Type = Object.self
    ) throws(Trap) -> Object {
        guard let rep = try value(index).handleValue else { throw mismatch(index, "handle") }
        return try Self.object(call, rep, name, function)
    }

    static func object<Object: AnyObject>(
        _ call: HostCall, _ rep: UInt32, _ name: String, _ function: String, as type: Object.Type = Object.self
    ) throws(Trap) -> Object {
        guard let object = call.resources.object(rep, as: Object.self) else {
            throw Trap(.host("\(function): handle \(rep) is not a live \(name)"))
        }
        return object
    }

    private func mismatch(_ index: Int, _ expected: String) -> Trap {
        Trap(.host("\(function): argument \(index) is not a \(expected)"))
    }
}

extension ComponentLinker {
    /// `define` with the arguments wrapped for reading by position.
    mutating func define(
        _ interface: String, _ name: String, _ type: ComponentFunctionType,
        _ body: @escaping @Sendable (HostCall, HostArguments) throws(Trap) -> ComponentValue?
    ) {
        let qualified = "\(interface)#\(name)"
        define(interface, name, type: type) { call, values throws(Trap) in
            try body(call, HostArguments(values: values, function: qualified))
        }
    }
}
