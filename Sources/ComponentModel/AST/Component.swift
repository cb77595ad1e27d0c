public import WasmDecoder

/// A decoded component (Binary.md, "Component Definitions"): its
/// definitions in the order they appear, which is the order their index
/// spaces grow in. Immutable and `Sendable`; nothing is validated yet.
public struct Component: Sendable {
    public let definitions: [ComponentDefinition]
    /// Where each definition's section starts in the binary (for errors).
    public let offsets: [Int]
    /// Custom sections by name, with where their contents lie in the binary.
    public let customSections: [(name: String, contents: Range<Int>)]
}

/// One section's worth of definitions (Binary.md `section`).
public enum ComponentDefinition: Sendable {
    /// A core module, decoded by WasmDecoder (not yet validated), and
    /// where its bytes lie in the component binary.
    case coreModule(Module, bytes: Range<Int>)
    case coreInstances([CoreInstanceDefinition])
    case coreTypes([CoreTypeDefinition])
    case component(Component)
    case instances([InstanceDefinition])
    case aliases([Alias])
    case types([ComponentTypeDefinition])
    case canons([Canon])
    case imports([ComponentImport])
    case exports([ComponentExport])
}

/// The sorts of the core index spaces (`core:sort`).
public enum CoreSort: UInt8, Sendable {
    case function = 0x00, table = 0x01, memory = 0x02, global = 0x03, tag = 0x04
    case type = 0x10, module = 0x11, instance = 0x12
}

/// The sorts of a component's index spaces (`sort`).
public enum Sort: Sendable, Equatable {
    case core(CoreSort)
    case function, value, type, component, instance
}

public struct CoreSortIndex: Sendable, Equatable {
    public let sort: CoreSort
    public let index: UInt32
}

public struct SortIndex: Sendable, Equatable {
    public let sort: Sort
    public let index: UInt32
}

/// `core:instance`: instantiating a core module, or a bag of core exports.
public enum CoreInstanceDefinition: Sendable {
    case instantiate(module: UInt32, arguments: [(name: String, instance: UInt32)])
    case exports([(name: String, item: CoreSortIndex)])
}

/// `instance`: instantiating a component, or a bag of exports.
public enum InstanceDefinition: Sendable {
    case instantiate(component: UInt32, arguments: [(name: String, item: SortIndex)])
    case exports([(name: ExternName, item: SortIndex)])
}

/// `alias`: an export of an instance, or a definition of an enclosing scope.
public enum Alias: Sendable, Equatable {
    case instanceExport(sort: Sort, instance: UInt32, name: String)
    case coreInstanceExport(sort: CoreSort, instance: UInt32, name: String)
    case outer(sort: Sort, count: UInt32, index: UInt32)
}

/// `canon`: the canonical built-ins (Binary.md, "Canonical Definitions").
/// The async (🔀), error-context (📝) and cooperative-thread (🧵) built-ins
/// decode and validate; `thread.spawn-*` (🧵②) are refused while decoding.
public enum Canon: Sendable, Equatable {
    case lift(coreFunction: UInt32, options: [CanonOption], type: UInt32)
    case lower(function: UInt32, options: [CanonOption])
    case resourceNew(type: UInt32)
    case resourceDrop(type: UInt32)
    case resourceRep(type: UInt32)
    case taskReturn(result: ValueTypeReference?, options: [CanonOption])
    case contextGet(CoreValueType, slot: UInt32)
    case contextSet(CoreValueType, slot: UInt32)
    case subtaskCancel(async: Bool)
    /// A `stream.*` or `future.*` built-in on the stream or future type `type`.
    case asyncValue(AsyncValueKind, AsyncValueOperation<[CanonOption]>, type: UInt32)
    case errorContextNew(options: [CanonOption])
    case errorContextDebugMessage(options: [CanonOption])
    case waitableSetWait(cancellable: Bool, memory: UInt32)
    case waitableSetPoll(cancellable: Bool, memory: UInt32)
    case threadNewIndirect(type: UInt32, table: UInt32)
    case threadSwitch(ThreadSwitch, cancellable: Bool)
    case plain(PlainBuiltin)
}

/// Streams and futures share their built-ins' shapes.
public enum AsyncValueKind: Sendable, Equatable {
    case stream, future
}

/// What a `stream.*` / `future.*` built-in does; `Options` is the option
/// list as decoded, then as validated.
public enum AsyncValueOperation<Options: Sendable & Equatable>: Sendable, Equatable {
    case new
    case read(Options)
    case write(Options)
    case cancelRead(async: Bool)
    case cancelWrite(async: Bool)
    case dropReadable
    case dropWritable
}

/// Built-ins without immediates, by their opcode.
public enum PlainBuiltin: UInt8, Sendable {
    case taskCancel = 0x05, subtaskDrop = 0x0d, errorContextDrop = 0x1e
    case waitableSetNew = 0x1f, waitableSetDrop = 0x22, waitableJoin = 0x23
    case backpressureInc = 0x24, backpressureDec = 0x25
    case threadIndex = 0x26, threadResumeLater = 0x28
}

/// The thread built-ins that take only `cancellable?`, by their opcode:
/// each gives up the current thread in its own way.
public enum ThreadSwitch: UInt8, Sendable {
    case yield = 0x0c, suspend = 0x29
    case suspendThenResume = 0x2a, yieldThenResume = 0x2b
    case suspendThenPromote = 0x2c, yieldThenPromote = 0x2d
}

public enum CanonOption: Sendable, Equatable {
    case utf8, utf16, latin1UTF16
    case memory(UInt32)
    case realloc(UInt32)
    case postReturn(UInt32)
    case async
    case callback(UInt32)
}

/// A name with its attributes (`nameattributes`). The name itself is checked
/// by validation (kebab-case, interface names, versions).
public struct ExternName: Sendable, Equatable {
    public let name: String
    /// `implements` (🏷️), when given.
    public let implements: String?
    /// `versionsuffix` (🔗), when given.
    public let versionSuffix: String?
}

public struct ComponentImport: Sendable, Equatable {
    public let name: ExternName
    public let type: ExternType
}

public struct ComponentExport: Sendable, Equatable {
    public let name: ExternName
    public let item: SortIndex
    /// The type the export is ascribed, when given.
    public let type: ExternType?
}
