import Foundation
public import WasmDecoder

/// What `spin validate` and `spin inspect` report about a core module.
public struct ModuleInspection: Sendable {
    public let module: Module

    /// Decodes and validates a module binary, function bodies on every core;
    /// throws the decoder's `ModuleError`.
    public init(bytes: [UInt8]) async throws(ModuleError) {
        module = try await loadModule(bytes, parallelism: ProcessInfo.processInfo.activeProcessorCount)
    }

    /// One line: counts of each kind of entity.
    public var summary: String {
        "\(module.functionCount) functions (\(module.importedFunctionCount) imported), "
            + "\(module.types.count) types, \(module.tableCount) tables, \(module.memoryCount) memories, "
            + "\(module.globalCount) globals, \(module.exports.count) exports, "
            + "\(module.elements.count) element and \(module.data.count) data segments"
    }

    /// Imports and exports, one per line, in module order.
    public var interfaceLines: [String] {
        var lines: [String] = []
        for entry in module.imports {
            lines.append("import \(entry.module).\(entry.name): \(describe(entry.descriptor))")
        }
        for export in module.exports {
            lines.append("export \(export.name): \(describe(export))")
        }
        if let name = module.names?.moduleName { lines.insert("module name: \(name)", at: 0) }
        for section in module.customSections {
            lines.append("custom section \"\(section.name)\": \(section.range.count) bytes")
        }
        return lines
    }

    private func describe(_ descriptor: ImportDescriptor) -> String {
        switch descriptor {
        case .function(let typeIndex):
            let type = Int(typeIndex) < module.types.count ? module.types[Int(typeIndex)].description : "?"
            return "func \(type)"
        case .table(let type): return "table \(type.elementType.valueType) \(describe(type.limits))"
        case .memory(let type): return "memory \(describe(type.limits))"
        case .global(let type): return "global \(type.isMutable ? "mut " : "")\(type.valueType)"
        case .tag(let typeIndex):
            let type = Int(typeIndex) < module.types.count ? module.types[Int(typeIndex)].description : "?"
            return "tag \(type)"
        }
    }

    private func describe(_ export: Export) -> String {
        switch export.kind {
        case .function:
            let name = module.functionName(export.index).map { " $\($0)" } ?? ""
            return "func \(export.index)\(name) \(module.functionType(ofFunction: export.index)?.description ?? "")"
        case .table: return "table \(export.index)"
        case .memory: return "memory \(export.index)"
        case .global: return "global \(export.index)"
        case .tag: return "tag \(export.index)"
        }
    }

    private func describe(_ limits: Limits) -> String {
        limits.maximum.map { "\(limits.minimum)..\($0)" } ?? "\(limits.minimum).."
    }
}
