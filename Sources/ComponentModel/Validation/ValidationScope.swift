public import WasmDecoder

/// The index spaces of one component (or one component or instance type)
/// while it is validated, with its enclosing scope for outer aliases.
final class ValidationScope {
    let parent: ValidationScope?

    var coreFunctions: [FunctionType] = []
    var coreTables: [TableType] = []
    var coreMemories: [MemoryType] = []
    var coreGlobals: [GlobalType] = []
    /// Tags by the function type of their payload.
    var coreTags: [FunctionType] = []
    var coreTypes: [CoreTypeEntry] = []
    var coreModules: [CoreModuleType] = []
    var coreInstances: [[String: CoreModuleType.CoreExternType]] = []

    var functions: [ComponentFunctionType] = []
    var types: [ComponentDefinedType] = []
    /// Per type index: how visible a use of it is, and how visible what it
    /// is made of is (see `ExternalVisibility`).
    var typeUseVisibility: [Visibility] = []
    var typeContentVisibility: [Visibility] = []
    /// Per function index: how visible its type is.
    var functionVisibility: [Visibility] = []
    /// Per instance index: how visible the types aliased out of it are (an
    /// imported or exported instance names them; a local one does not).
    var instanceVisibility: [Visibility] = []
    /// Instance types check visibility only where they are imported or exported.
    var isInstanceType = false
    /// Types named by imports (valid in imports and exports) and by exports
    /// (valid in exports), for instances (see `NamedTypes`).
    var namedByImports = NamedTypes()
    var namedByExports = NamedTypes()
    /// In an instance type: an export is made of a type nothing names (a
    /// local record it does not export, say). By type index: the instance
    /// types with such an export.
    var hasUnnamedExport = false
    var instanceTypesWithUnnamedExports: Set<Int> = []
    var components: [ComponentComponentType] = []
    var instances: [ComponentInstanceType] = []
    /// Effective sizes of value types by type index (see `ValidationScope+TypeSize.swift`).
    var valueTypeSizes: [Int: Int] = [:]

    /// Resource types defined by this component (`resource.new` and friends
    /// may only name these).
    var localResources: Set<ResourceType> = []
    /// Abstract resources introduced by imports, in order.
    var importedResources: [ResourceType] = []

    /// Resources imported or exported under plain names, for annotated names.
    var importedResourceNames: [String: ResourceType] = [:]
    var exportedResourceNames: [String: ResourceType] = [:]

    var importNames: Set<String> = []
    var exportNames: Set<String> = []
    var imports: [(name: String, type: ComponentExternType)] = []
    var exports: [(name: String, type: ComponentExternType)] = []

    enum CoreTypeEntry {
        /// A function type; one declared with a non-final `sub` may be a
        /// later type's supertype.
        case function(FunctionType, isFinal: Bool = true)
        case module(CoreModuleType)
    }

    /// True in the scope of an instance or component type, false in a component.
    let isTypeScope: Bool

    init(parent: ValidationScope?, isTypeScope: Bool = false) {
        self.parent = parent
        self.isTypeScope = isTypeScope
    }

    /// The scope `count` levels out (0 is this one).
    func outer(_ count: UInt32) -> ValidationScope? {
        var scope: ValidationScope? = self
        for _ in 0..<count { scope = scope?.parent }
        return scope
    }
}
