import ComponentModel

/// What differs between `wasi:filesystem/types` of WASI 0.2 and of WASI
/// 0.3 (`@0.3.0` and its release candidate) in the functions both have:
/// the interface and its `descriptor` type, whether the functions are
/// `async`, and how error codes, descriptor types and times are written.
/// Each of those functions is defined once and serves every dialect.
struct FilesystemDialect: Sendable {
    let interface: String
    let descriptor: ResourceType
    /// WASI 0.3: async functions, `error-code` and `descriptor-type` as
    /// variants with `other`, times as a signed `instant`.
    let isVersion3: Bool

    static func version2(_ types: WASIComponentTypes) -> FilesystemDialect {
        FilesystemDialect(interface: WASIInterface.filesystemTypes, descriptor: types.descriptor, isVersion3: false)
    }

    // MARK: Types

    static let errorCode3 = ComponentValueType.variant(
        FilesystemErrorCode.witNames.filter { $0 != "would-block" }.map { .init($0, nil) } + [.init("other", .option(.string))])
    static let descriptorType3 = ComponentValueType.variant(
        ["block-device", "character-device", "directory", "fifo", "symbolic-link", "regular-file", "socket"].map { .init($0, nil) }
            + [.init("other", .option(.string))])
    /// `wasi:clocks/system-clock@0.3.0.instant`.
    static let instant = ComponentValueType.record([.init("seconds", .s64), .init("nanoseconds", .u32)])

    var errorCode: ComponentValueType { isVersion3 ? Self.errorCode3 : WASIComponentTypes.filesystemErrorCode }
    var descriptorType: ComponentValueType { isVersion3 ? Self.descriptorType3 : WASIComponentTypes.descriptorType }
    var time: ComponentValueType { isVersion3 ? Self.instant : WASIComponentTypes.datetime }

    var descriptorStat: ComponentValueType {
        .record([
            .init("type", descriptorType), .init("link-count", .u64), .init("size", .u64),
            .init("data-access-timestamp", .option(time)), .init("data-modification-timestamp", .option(time)),
            .init("status-change-timestamp", .option(time)),
        ])
    }

    var newTimestamp: ComponentValueType {
        .variant([.init("no-change", nil), .init("now", nil), .init("timestamp", time)])
    }

    var directoryEntry: ComponentValueType { .record([.init("type", descriptorType), .init("name", .string)]) }

    /// `result<ok, error-code>`.
    func result(_ ok: ComponentValueType?) -> ComponentValueType { .result(ok: ok, error: errorCode) }

    /// A function's type, `async` in WASI 0.3.
    func method(_ parameters: [(String, ComponentValueType)], _ result: ComponentValueType?) -> ComponentFunctionType {
        WASIComponentTypes.method(descriptor, parameters, result).async(isVersion3)
    }

    // MARK: Values

    /// WASI 0.3 has no `would-block` (its case index is one less after it);
    /// the code cannot arise there, and would be `other` if it did.
    func error(_ code: FilesystemErrorCode) -> ComponentValue {
        guard isVersion3 else { return code.value }
        switch code {
        case .access: return .variant(case: 0, payload: nil)
        case .wouldBlock: return .variant(case: UInt32(FilesystemErrorCode.allCases.count - 1), payload: .option(.string("would-block")))
        default: return .variant(case: code.rawValue - 1, payload: nil)
        }
    }

    /// Runs a filesystem operation: `ok` with its value, or `error` with its code.
    func result(_ body: () throws(FilesystemErrorCode) -> ComponentValue?) -> ComponentValue {
        do throws(FilesystemErrorCode) {
            return .ok(try body())
        } catch {
            return .error(self.error(error))
        }
    }

    /// The `descriptor-type` of a host file type. wasmtime names only these
    /// five; FIFOs and sockets are `unknown` (0.2) or `other` (0.3) there, and so here.
    func type(_ type: FileType) -> ComponentValue {
        let index: UInt32? = switch type {
        case .blockDevice: 0
        case .characterDevice: 1
        case .directory: 2
        case .symbolicLink: 4
        case .regularFile: 5
        case .unknown, .socketDgram, .socketStream: nil
        }
        if isVersion3 { return .variant(case: index ?? 7, payload: index == nil ? .option(nil) : nil) }
        return .enum(index.map { $0 + 1 } ?? 0)
    }

    /// A time as `descriptor-stat` carries it. A 0.2 `datetime` cannot be
    /// before 1970 (wasmtime leaves such times out); an `instant` can.
    func time(_ time: HostFileStatus.Time?) -> ComponentValue {
        guard let time else { return .option(nil) }
        if isVersion3 { return .option(.record([.s64(time.seconds), .u32(time.nanoseconds)])) }
        guard time.seconds >= 0 else { return .option(nil) }
        return .option(.record([.u64(UInt64(time.seconds)), .u32(time.nanoseconds)]))
    }

    /// The `descriptor-stat` record.
    func stat(_ status: HostFileStatus) -> ComponentValue {
        .record([
            type(status.type), .u64(status.linkCount), .u64(status.size),
            time(status.accessTime), time(status.modificationTime), time(status.statusChangeTime),
        ])
    }
}
