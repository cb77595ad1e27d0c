import WasmDecoder
public import WasmInterpreter

/// A component decoded, validated and with every core module translated:
/// what `ComponentLinker.link` takes. Built once per component binary; it is
/// immutable and shared by all instances.
public final class ValidatedComponent: Sendable {
    public let component: Component
    /// The component's type: its imports and exports, resolved.
    public let type: ComponentComponentType
    /// Facts that instantiation needs, in definition order.
    let modules: [CompiledModule]
    let children: [ValidatedComponent]
    let canons: [ResolvedCanon]
    /// The type index space, resolved statically. Instantiation keeps a
    /// runtime type space parallel to it: a resource at index i here stands
    /// for the runtime resource at index i there.
    let types: [ComponentDefinedType]
    /// Per import, its static type (with the abstract resources it introduces).
    let importTypes: [ComponentExternType]
    /// The core instance graph as far as it is known before instantiation.
    let plan: InstantiationPlan
    /// About how many functions one instance adds to its store (defined
    /// core functions and canon built-ins, nested components included), so
    /// that the store makes room once instead of growing and copying.
    let functionCountHint: Int
    /// The engine that translated its core modules: instances go in its stores only.
    let engine: Engine
    /// Per canon (parallel to `canons`), the id of its core function type in
    /// `engine`: registering a type takes the engine's lock and hashes it,
    /// which per lowered function and request was 7% of serving a small component.
    let canonCoreTypeIDs: [Int]
    /// Per canon lift or lower (parallel to `canons`), its core signature.
    let canonSignatures: [FlatSignature?]

    init(engine: Engine, component: Component, type: ComponentComponentType, modules: [CompiledModule],
         children: [ValidatedComponent], canons: [ResolvedCanon], types: [ComponentDefinedType],
         importTypes: [ComponentExternType]) {
        self.component = component
        self.type = type
        self.modules = modules
        self.children = children
        self.canons = canons
        self.types = types
        self.importTypes = importTypes
        plan = InstantiationPlan(component: component, modules: modules)
        self.engine = engine
        let signatures = canons.map { canon -> FlatSignature? in
            switch canon {
            case .lift(_, let type, let options):
                FlatSignature(type, context: .lift, isAsync: options.isAsync, hasCallback: options.callback != nil)
            case .lower(_, let type, let options): FlatSignature(type, context: .lower, isAsync: options.isAsync)
            case .resourceNew, .resourceDrop, .resourceRep, .builtin: nil
            }
        }
        canonSignatures = signatures
        canonCoreTypeIDs = zip(canons, signatures).map { canon, signature in
            let coreType: FunctionType
            switch canon {
            case .lift, .lower: coreType = signature!.coreType
            case .resourceNew, .resourceRep: coreType = FunctionType(parameters: [.i32], results: [.i32])
            case .resourceDrop: coreType = FunctionType(parameters: [.i32], results: [])
            case .builtin(let builtin): coreType = builtin.coreType
            }
            return engine.typeID(of: coreType)
        }
        // Each module counted once, as most components instantiate each
        // once; an instance's function table holds its imports too.
        let moduleFunctions = modules.reduce(0) { $0 + $1.module.functionCount }
        functionCountHint = moduleFunctions + canons.count + plan.coreInstantiations.count
            + children.reduce(0) { $0 + $1.functionCountHint }
    }

    /// Decodes, validates and translates `bytes` with `engine`.
    public convenience init(_ bytes: [UInt8], engine: Engine) throws(ComponentError) {
        let component = try decodeComponent(bytes)
        try self.init(validating: component, bytes: bytes, engine: engine, parent: nil)
    }
}

/// The string encodings of `canon` options.
enum StringEncoding: Sendable {
    case utf8, utf16, latin1UTF16
}

/// `canon` options with their indices checked.
struct CanonOptions: Sendable, Equatable {
    var encoding: StringEncoding = .utf8
    var memory: UInt32?
    var realloc: UInt32?
    var postReturn: UInt32?
    /// `async` (🔀): the async ABI of CanonicalABI.md's `flatten_functype`.
    var isAsync = false
    /// `callback` (🔀): a lifted async function returns to it between events.
    var callback: UInt32?
}

/// A `canon` definition after validation.
enum ResolvedCanon: Sendable {
    case lift(coreFunction: UInt32, type: ComponentFunctionType, options: CanonOptions)
    case lower(function: UInt32, type: ComponentFunctionType, options: CanonOptions)
    case resourceNew(ResourceType)
    case resourceDrop(ResourceType)
    case resourceRep(ResourceType)
    /// The built-ins of async (🔀), error contexts (📝) and threads (🧵).
    case builtin(AsyncBuiltin)
}

/// An async, error-context or thread built-in after validation.
enum AsyncBuiltin: Sendable {
    case taskReturn(result: ComponentValueType?, options: CanonOptions)
    case contextGet(slot: Int)
    case contextSet(slot: Int)
    case subtaskCancel(async: Bool)
    /// A `stream.*` / `future.*` built-in; `type` is the `stream<T>` or `future<T>` itself.
    case asyncValue(AsyncValueKind, AsyncValueOperation<CanonOptions>, type: ComponentValueType)
    case errorContextNew(options: CanonOptions)
    case errorContextDebugMessage(options: CanonOptions)
    case waitableSetWait(cancellable: Bool, memory: UInt32)
    case waitableSetPoll(cancellable: Bool, memory: UInt32)
    case threadNewIndirect(type: FunctionType, table: UInt32)
    case threadSwitch(ThreadSwitch, cancellable: Bool)
    case plain(PlainBuiltin)
}

extension ValidatedComponent {
    /// Core modules in this component and the components it nests.
    public var coreModuleCount: Int { modules.count + children.reduce(0) { $0 + $1.coreModuleCount } }

    /// The bytes of memory and tables one instance of each core module
    /// starts with (a module instantiated twice counts once).
    public var initialInstanceBytes: Int {
        modules.reduce(0) { $0 + $1.initialInstanceBytes } + children.reduce(0) { $0 + $1.initialInstanceBytes }
    }
}
