import ComponentModel

/// The resource types of the CLI world (defined once per linker, so every
/// interface that `use`s one names the same type) and the WIT value types
/// built on them. Fields, cases and flags are in WIT order with WIT names:
/// the canonical ABI encodes a case or flag by its position.
struct WASIComponentTypes {
    // wasi:io
    let error: ResourceType
    let pollable: ResourceType
    let inputStream: ResourceType
    let outputStream: ResourceType
    // wasi:cli
    let terminalInput: ResourceType
    let terminalOutput: ResourceType
    // wasi:filesystem
    let descriptor: ResourceType
    let directoryEntryStream: ResourceType
    // wasi:sockets
    let network: ResourceType
    let tcpSocket: ResourceType
    let udpSocket: ResourceType
    let incomingDatagramStream: ResourceType
    let outgoingDatagramStream: ResourceType
    let resolveAddressStream: ResourceType

    init(defining linker: inout ComponentLinker) {
        error = linker.defineResource(WASIInterface.error, "error")
        pollable = linker.defineResource(WASIInterface.poll, "pollable")
        inputStream = linker.defineResource(WASIInterface.streams, "input-stream")
        outputStream = linker.defineResource(WASIInterface.streams, "output-stream")
        terminalInput = linker.defineResource(WASIInterface.terminalInput, "terminal-input")
        terminalOutput = linker.defineResource(WASIInterface.terminalOutput, "terminal-output")
        descriptor = linker.defineResource(WASIInterface.filesystemTypes, "descriptor")
        directoryEntryStream = linker.defineResource(WASIInterface.filesystemTypes, "directory-entry-stream")
        network = linker.defineResource(WASIInterface.network, "network")
        tcpSocket = linker.defineResource(WASIInterface.tcp, "tcp-socket")
        udpSocket = linker.defineResource(WASIInterface.udp, "udp-socket")
        incomingDatagramStream = linker.defineResource(WASIInterface.udp, "incoming-datagram-stream")
        outgoingDatagramStream = linker.defineResource(WASIInterface.udp, "outgoing-datagram-stream")
        resolveAddressStream = linker.defineResource(WASIInterface.ipNameLookup, "resolve-address-stream")
    }

    /// A function type: named parameters, at most one result.
    static func function(_ parameters: [(String, ComponentValueType)], _ result: ComponentValueType? = nil)
        -> ComponentFunctionType {
        ComponentFunctionType(parameters: parameters.map { .init($0.0, $0.1) }, result: result)
    }

    /// A `[method]`'s type: `self: borrow<resource>` first.
    static func method(_ resource: ResourceType, _ parameters: [(String, ComponentValueType)] = [],
                       _ result: ComponentValueType? = nil) -> ComponentFunctionType {
        function([("self", .borrow(resource))] + parameters, result)
    }

    // MARK: wasi:io

    /// `stream-error`: `last-operation-failed(error)` (case 0) or `closed` (case 1).
    var streamError: ComponentValueType {
        .variant([.init("last-operation-failed", .own(error)), .init("closed", nil)])
    }

    // MARK: wasi:clocks

    /// `wall-clock.datetime`.
    static let datetime = ComponentValueType.record([.init("seconds", .u64), .init("nanoseconds", .u32)])

    // MARK: wasi:filesystem

    static let filesystemErrorCode = ComponentValueType.enum(FilesystemErrorCode.witNames)
    static let descriptorType = ComponentValueType.enum([
        "unknown", "block-device", "character-device", "directory", "fifo", "symbolic-link", "regular-file", "socket",
    ])
    static let descriptorFlags = ComponentValueType.flags([
        "read", "write", "file-integrity-sync", "data-integrity-sync", "requested-write-sync", "mutate-directory",
    ])
    static let pathFlags = ComponentValueType.flags(["symlink-follow"])
    static let openFlags = ComponentValueType.flags(["create", "directory", "exclusive", "truncate"])
    static let advice = ComponentValueType.enum(["normal", "sequential", "random", "will-need", "dont-need", "no-reuse"])
    static let metadataHashValue = ComponentValueType.record([.init("lower", .u64), .init("upper", .u64)])

    // MARK: wasi:sockets

    static let networkErrorCode = ComponentValueType.enum(NetworkErrorCode.witNames)
    static let ipAddressFamily = ComponentValueType.enum(["ipv4", "ipv6"])
    static let ipv4Address = ComponentValueType.tuple([.u8, .u8, .u8, .u8])
    static let ipv6Address = ComponentValueType.tuple([.u16, .u16, .u16, .u16, .u16, .u16, .u16, .u16])
    static let ipAddress = ComponentValueType.variant([.init("ipv4", ipv4Address), .init("ipv6", ipv6Address)])
    static let ipSocketAddress = ComponentValueType.variant([
        .init("ipv4", .record([.init("port", .u16), .init("address", ipv4Address)])),
        .init("ipv6", .record([
            .init("port", .u16), .init("flow-info", .u32), .init("address", ipv6Address), .init("scope-id", .u32),
        ])),
    ])
    static let shutdownType = ComponentValueType.enum(["receive", "send", "both"])
    static let incomingDatagram = ComponentValueType.record([
        .init("data", .list(.u8)), .init("remote-address", ipSocketAddress),
    ])
    static let outgoingDatagram = ComponentValueType.record([
        .init("data", .list(.u8)), .init("remote-address", .option(ipSocketAddress)),
    ])

    /// `result<ok, error-code>` of `wasi:sockets/network`.
    static func networkResult(_ ok: ComponentValueType?) -> ComponentValueType {
        .result(ok: ok, error: networkErrorCode)
    }
}

/// `wasi:sockets/network.error-code`, in WIT order.
enum NetworkErrorCode: UInt32, CaseIterable {
    case unknown, accessDenied, notSupported, invalidArgument, outOfMemory, timeout, concurrencyConflict
    case notInProgress, wouldBlock, invalidState, newSocketLimit, addressNotBindable, addressInUse
    case remoteUnreachable, connectionRefused, connectionReset, connectionAborted, datagramTooLarge
    case nameUnresolvable, temporaryResolverFailure, permanentResolverFailure

    static let witNames = [
        "unknown", "access-denied", "not-supported", "invalid-argument", "out-of-memory", "timeout",
        "concurrency-conflict", "not-in-progress", "would-block", "invalid-state", "new-socket-limit",
        "address-not-bindable", "address-in-use", "remote-unreachable", "connection-refused", "connection-reset",
        "connection-aborted", "datagram-too-large", "name-unresolvable", "temporary-resolver-failure",
        "permanent-resolver-failure",
    ]

    var value: ComponentValue { .enum(rawValue) }
}

extension ComponentFunctionType {
    /// The same type as `func async` (Spin 3 and WASIp3 interfaces) when `isAsync`.
    func async(_ isAsync: Bool = true) -> ComponentFunctionType {
        ComponentFunctionType(parameters: parameters, result: result, isAsync: isAsync)
    }
}
