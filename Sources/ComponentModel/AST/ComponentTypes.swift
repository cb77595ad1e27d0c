/// Types of the component model (Binary.md, "Type Definitions").

/// `primvaltype`.
public enum PrimitiveValueType: UInt8, Sendable {
    case bool = 0x7f, s8 = 0x7e, u8 = 0x7d, s16 = 0x7c, u16 = 0x7b, s32 = 0x7a, u32 = 0x79
    case s64 = 0x78, u64 = 0x77, f32 = 0x76, f64 = 0x75, char = 0x74, string = 0x73
    case errorContext = 0x64
}

/// `valtype`: a primitive, or the index of a defined value type.
public enum ValueTypeReference: Sendable, Equatable {
    case primitive(PrimitiveValueType)
    case index(UInt32)
}

/// `defvaltype`.
public indirect enum DefinedValueType: Sendable, Equatable {
    case primitive(PrimitiveValueType)
    case record([(label: String, type: ValueTypeReference)])
    case variant([(label: String, type: ValueTypeReference?)])
    case list(ValueTypeReference)
    /// `list<t, n>` (🔧): exactly `length` elements, stored in place.
    case fixedLengthList(ValueTypeReference, length: UInt32)
    /// `map<k, v>` (🗺️): the ABI's `list<tuple<k, v>>`.
    case map(key: ValueTypeReference, value: ValueTypeReference)
    case tuple([ValueTypeReference])
    case flags([String])
    case `enum`([String])
    case option(ValueTypeReference)
    case result(ok: ValueTypeReference?, error: ValueTypeReference?)
    case own(UInt32)
    case borrow(UInt32)
    /// `stream<T>` / `future<T>` (🔀); `nil` when the element type is absent.
    case stream(ValueTypeReference?)
    case future(ValueTypeReference?)

    public static func == (lhs: DefinedValueType, rhs: DefinedValueType) -> Bool {
        switch (lhs, rhs) {
        case (.primitive(let a), .primitive(let b)): a == b
        case (.record(let a), .record(let b)): a.elementsEqual(b) { $0.label == $1.label && $0.type == $1.type }
        case (.variant(let a), .variant(let b)): a.elementsEqual(b) { $0.label == $1.label && $0.type == $1.type }
        case (.list(let a), .list(let b)), (.option(let a), .option(let b)): a == b
        case (.fixedLengthList(let a, let m), .fixedLengthList(let b, let n)): a == b && m == n
        case (.map(let a, let b), .map(let c, let d)): a == c && b == d
        case (.tuple(let a), .tuple(let b)): a == b
        case (.flags(let a), .flags(let b)), (.enum(let a), .enum(let b)): a == b
        case (.result(let a, let b), .result(let c, let d)): a == c && b == d
        case (.own(let a), .own(let b)), (.borrow(let a), .borrow(let b)): a == b
        case (.stream(let a), .stream(let b)), (.future(let a), .future(let b)): a == b
        default: false
        }
    }
}

/// `functype`: `func` or `func async` (🔀).
public struct FunctionTypeDefinition: Sendable, Equatable {
    public let parameters: [Parameter]
    public let result: ValueTypeReference?
    public var isAsync = false

    public struct Parameter: Sendable, Equatable {
        public let label: String
        public let type: ValueTypeReference
    }
}

/// `externtype`.
public enum ExternType: Sendable, Equatable {
    case coreModule(type: UInt32)
    case function(type: UInt32)
    case type(TypeBound)
    case component(type: UInt32)
    case instance(type: UInt32)
}

/// `typebound`.
public enum TypeBound: Sendable, Equatable {
    case equal(UInt32)
    case subResource
}

/// `type` / `deftype`.
public enum ComponentTypeDefinition: Sendable {
    case value(DefinedValueType)
    case function(FunctionTypeDefinition)
    case component([ComponentTypeDeclaration])
    case instance([InstanceTypeDeclaration])
    /// A resource with its core representation (always i32 today) and optional destructor.
    case resource(destructor: UInt32?)
}

/// `componentdecl`.
public enum ComponentTypeDeclaration: Sendable {
    case `import`(ComponentImport)
    case instance(InstanceTypeDeclaration)
}

/// `instancedecl`.
public enum InstanceTypeDeclaration: Sendable {
    case coreType(CoreTypeDefinition)
    case type(ComponentTypeDefinition)
    case alias(Alias)
    case export(name: ExternName, type: ExternType)
}

/// Core value types as components name them (`core:valtype`).
public enum CoreValueType: UInt8, Sendable {
    case i32 = 0x7f, i64 = 0x7e, f32 = 0x7d, f64 = 0x7c, v128 = 0x7b, funcref = 0x70, externref = 0x6f
}

/// `core:type`: a core function type, a recursion group of function
/// subtypes (WebAssembly 3.0), or a core module type.
public enum CoreTypeDefinition: Sendable {
    case function(parameters: [CoreValueType], results: [CoreValueType])
    /// A `rec` group, or one `sub` declaration as a group of one: it defines
    /// one core type index per member.
    case recursionGroup([CoreFunctionSubtype])
    case module([CoreModuleDeclaration])
}

/// A function type declared with `sub` (WebAssembly 3.0): open to subtypes
/// unless final, with at most one declared supertype.
public struct CoreFunctionSubtype: Sendable {
    public let isFinal: Bool
    public let supertypes: [UInt32]
    public let parameters: [CoreValueType]
    public let results: [CoreValueType]
}

/// `core:moduledecl`.
public enum CoreModuleDeclaration: Sendable {
    case `import`(module: String, name: String, type: CoreExternType)
    case type(CoreTypeDefinition)
    case outerTypeAlias(count: UInt32, index: UInt32)
    case export(name: String, type: CoreExternType)
}

/// `core:externtype` (Wasm 2.0 forms, and tags).
public enum CoreExternType: Sendable, Equatable {
    case function(type: UInt32)
    case table(element: CoreValueType, minimum: UInt32, maximum: UInt32?)
    case memory(minimum: UInt32, maximum: UInt32?)
    case global(CoreValueType, mutable: Bool)
    /// An exception tag of function type `type` (its payload).
    case tag(type: UInt32)
}
