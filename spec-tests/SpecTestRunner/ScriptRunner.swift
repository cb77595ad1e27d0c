import Foundation
import WasmDecoder
import WasmInterpreter

/// Why a command was not run. Each reason names the issue or tool it waits for.
enum SkipReason: String, CaseIterable {
    /// `assert_malformed` on a text module tests a text parser, which we do not have.
    case textModule = "text-module"
    // Wasm 3.0 proposals not implemented yet (issue 16): the engine refuses
    // their modules as `unsupported feature: <name>`, and every command on
    // such a module is skipped under the proposal's name.
    case gc = "gc"
    /// The first exceptions proposal (tier 3), which the engine does not implement.
    case legacyExceptions = "legacy-exceptions"

    /// The reason for a module the engine refused as using an unimplemented proposal.
    init?(refusal error: ModuleError) {
        let marker = "unsupported feature: "
        guard error.kind == .unsupported, let range = error.message.range(of: marker) else { return nil }
        let name = error.message[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "-" }
        guard let reason = SkipReason(rawValue: String(name)), reason != .textModule else { return nil }
        self = reason
    }
}

/// The outcome of one script.
struct ScriptResult {
    let script: String
    var passed = 0
    var failed = 0
    var skipped: [SkipReason: Int] = [:]
    /// Commands that failed as expected but with another message than the suite's.
    var messageDifferences = 0
    var failures: [String] = []
    var messageNotes: [String] = []

    var skippedTotal: Int { skipped.values.reduce(0, +) }
}

/// What a command's outcome means.
enum Verdict {
    case pass
    /// Passed, but the error message differs from the suite's (advisory).
    case passWithNote(String)
    case fail(String)
    case skip(SkipReason)
}

/// Runs the commands of one converted script against the engine, in one store.
final class ScriptRunner {
    let directory: URL
    let script: SpecScript
    let engine: Engine
    let store: Store
    var linker = Linker()
    var instances: [String: Instance] = [:]
    var current: Instance?
    /// Modules that could not be compiled, by name ("" for the current one), and why.
    var skippedModules: [String: SkipReason] = [:]
    /// Import module names whose registration was skipped with its module:
    /// a module importing from one cannot link, for that reason.
    var skippedRegistrations: [String: SkipReason] = [:]

    /// Why `compiled` cannot link, when it imports from a skipped registration.
    func skipReason(forImportsOf compiled: CompiledModule) -> SkipReason? {
        compiled.module.imports.lazy.compactMap { self.skippedRegistrations[$0.module] }.first
    }

    init(directory: URL, script: SpecScript) throws {
        self.directory = directory
        self.script = script
        var configuration = EngineConfiguration()
        // Fuel bounds every command, so an interpreter bug cannot hang the run.
        configuration.fuel = 200_000_000
        // Tier 1 is the Wasm 2.0 suite, to be run with every later feature off.
        configuration.features = directory.path.contains("tier1-wasm-2.0") ? .wasm2 : .all
        engine = Engine(configuration: configuration)
        store = Store(engine: engine)
        try SpectestHost.define(in: &linker, store: store, engine: engine)
    }

    func run() -> ScriptResult {
        var result = ScriptResult(script: script.sourceFilename)
        for command in script.commands {
            switch execute(command) {
            case .pass:
                result.passed += 1
            case .passWithNote(let note):
                result.passed += 1
                result.messageDifferences += 1
                result.messageNotes.append("line \(command.line): \(note)")
            case .fail(let reason):
                result.failed += 1
                result.failures.append("line \(command.line): \(command.type): \(reason)")
            case .skip(let reason):
                result.skipped[reason, default: 0] += 1
            }
        }
        return result
    }

    func execute(_ command: SpecCommand) -> Verdict {
        switch command.type {
        case "module": return defineModule(command)
        case "module_definition": return defineModuleWithoutInstance(command)
        case "module_instance": return instantiateDefinition(command)
        case "register": return register(command)
        case "action": return checkAction(command) { _ in .pass }
        case "assert_return": return checkAction(command) { self.compare($0, command.expected ?? []) }
        case "assert_trap", "assert_exhaustion": return expectTrap(command)
        case "assert_unlinkable": return expectInstantiationFailure(command, linking: true)
        case "assert_uninstantiable": return expectInstantiationFailure(command, linking: false)
        case "assert_malformed":
            guard command.moduleType == "binary" else { return .skip(.textModule) }
            return expectLoadFailure(command, kinds: [.malformed, .unsupported])
        case "assert_invalid":
            return expectLoadFailure(command, kinds: [.invalid])
        case "assert_exception":
            return expectException(command)
        default:
            return .fail("unknown command type")
        }
    }

    // MARK: Modules

    func moduleBytes(_ command: SpecCommand) -> [UInt8]? {
        guard let filename = command.binaryFilename ?? command.filename else { return nil }
        return try? [UInt8](Data(contentsOf: directory.appendingPathComponent(filename)))
    }

    enum Compiled {
        case module(CompiledModule)
        case verdict(Verdict)
    }

    func compile(_ command: SpecCommand) -> Compiled {
        guard let bytes = moduleBytes(command) else { return .verdict(.fail("module file missing")) }
        do {
            return .module(try engine.compile(bytes))
        } catch {
            if case .module(let refusal) = error, let reason = SkipReason(refusal: refusal) {
                return .verdict(.skip(reason))
            }
            return .verdict(.fail("module failed to load: \(error)"))
        }
    }

    /// Modules compiled but not instantiated (`module definition`), by name.
    var definitions: [String: CompiledModule] = [:]

    func defineModuleWithoutInstance(_ command: SpecCommand) -> Verdict {
        let key = command.name ?? ""
        switch compile(command) {
        case .verdict(let verdict):
            if case .skip(let reason) = verdict { skippedModules[key] = reason }
            return verdict
        case .module(let compiled):
            definitions[key] = compiled
            skippedModules[key] = nil
            return .pass
        }
    }

    /// `module instance`: a new instance of a defined module, named `instance`.
    func instantiateDefinition(_ command: SpecCommand) -> Verdict {
        let definition = command.module ?? ""
        let key = command.instance ?? ""
        current = nil
        if let reason = skippedModules[definition] {
            skippedModules[key] = reason
            skippedModules[""] = reason
            return .skip(reason)
        }
        guard let compiled = definitions[definition] else { return .fail("no module definition \(definition)") }
        do {
            let instance = try linker.instantiate(compiled, in: store)
            current = instance
            skippedModules[""] = nil
            if command.instance != nil {
                instances[key] = instance
                skippedModules[key] = nil
            }
            return .pass
        } catch {
            return .fail("instantiation failed: \(error)")
        }
    }

    func defineModule(_ command: SpecCommand) -> Verdict {
        let key = command.name ?? ""
        current = nil
        skippedModules[""] = nil
        switch compile(command) {
        case .verdict(let verdict):
            if case .skip(let reason) = verdict {
                skippedModules[""] = reason
                if let name = command.name { skippedModules[name] = reason }
            }
            return verdict
        case .module(let compiled):
            do {
                let instance = try linker.instantiate(compiled, in: store)
                current = instance
                if command.name != nil {
                    instances[key] = instance
                    skippedModules[key] = nil
                }
                return .pass
            } catch {
                if case .link = error, let reason = skipReason(forImportsOf: compiled) {
                    skippedModules[""] = reason
                    if let name = command.name { skippedModules[name] = reason }
                    return .skip(reason)
                }
                return .fail("instantiation failed: \(error)")
            }
        }
    }

    func register(_ command: SpecCommand) -> Verdict {
        if let reason = skippedModules[command.name ?? ""] {
            if let name = command.as { skippedRegistrations[name] = reason }
            return .skip(reason)
        }
        guard let instance = command.name.flatMap({ instances[$0] }) ?? current, let name = command.as else {
            return .fail("no module to register")
        }
        linker.define(instance: instance, as: name)
        return .pass
    }

    func expectInstantiationFailure(_ command: SpecCommand, linking: Bool) -> Verdict {
        switch compile(command) {
        case .verdict(let verdict):
            return verdict
        case .module(let compiled):
            do {
                _ = try linker.instantiate(compiled, in: store)
                return .fail("instantiated, expected \"\(command.text ?? "")\"")
            } catch {
                if case .link = error, let reason = skipReason(forImportsOf: compiled) { return .skip(reason) }
                switch (error, linking) {
                case (.link(let link), true): return note(link.message, expected: command.text)
                case (.trap(let trap), false): return note(trap.message, expected: command.text)
                default: return .fail("expected \(linking ? "a link error" : "a trap"), got \(error)")
                }
            }
        }
    }

    func expectLoadFailure(_ command: SpecCommand, kinds: [ModuleError.Kind]) -> Verdict {
        guard let bytes = moduleBytes(command) else { return .fail("module file missing") }
        do {
            _ = try loadModule(bytes, features: engine.configuration.features)
            return .fail("module loaded, expected \"\(command.text ?? "")\"")
        } catch {
            guard kinds.contains(error.kind) else {
                if let reason = SkipReason(refusal: error) { return .skip(reason) }
                let wanted = kinds.map { "\($0)" }.joined(separator: "/")
                return .fail("expected \(wanted) \"\(command.text ?? "")\", got \(error)")
            }
            return note(error.message, expected: command.text)
        }
    }

    /// The suite's texts are advisory (the reference interpreter matches them as prefixes).
    func note(_ message: String, expected: String?) -> Verdict {
        guard let expected, !message.hasPrefix(expected) else { return .pass }
        return .passWithNote("expected \"\(expected)\", got \"\(message)\"")
    }

    // MARK: Actions

    enum ActionOutcome {
        case values([Value])
        case trap(Trap)
    }

    func perform(_ action: SpecAction) -> Result<ActionOutcome, VerdictError> {
        if let reason = skippedModules[action.module ?? ""] { return .failure(VerdictError(verdict: .skip(reason))) }
        guard let instance = action.module.flatMap({ instances[$0] }) ?? current else {
            return .failure(VerdictError(verdict: .fail("no module for the action")))
        }
        switch action.type {
        case "get":
            guard let global = instance.global(named: action.field) else {
                return .failure(VerdictError(verdict: .fail("no global \(action.field)")))
            }
            return .success(.values([global.value]))
        case "invoke":
            var arguments: [Value] = []
            for argument in action.args ?? [] {
                do {
                    arguments.append(try SpecValues.argument(argument))
                } catch {
                    return .failure(VerdictError(verdict: .fail(error.message)))
                }
            }
            do {
                return .success(.values(try instance.invoke(action.field, arguments)))
            } catch {
                switch error {
                case .trap(let trap): return .success(.trap(trap))
                case .noSuchExport, .signatureMismatch: return .failure(VerdictError(verdict: .fail("\(error)")))
                }
            }
        default:
            return .failure(VerdictError(verdict: .fail("unknown action \(action.type)")))
        }
    }

    struct VerdictError: Error {
        let verdict: Verdict
    }

    func checkAction(_ command: SpecCommand, judge: ([Value]) -> Verdict) -> Verdict {
        guard let action = command.action else { return .fail("missing action") }
        switch perform(action) {
        case .failure(let error): return error.verdict
        case .success(.trap(let trap)): return .fail("trapped: \(trap.message)")
        case .success(.values(let values)): return judge(values)
        }
    }

    func compare(_ values: [Value], _ expected: [SpecValue]) -> Verdict {
        guard values.count == expected.count else { return .fail("got \(values), expected \(expected.count) values") }
        for (value, expectation) in zip(values, expected) {
            do {
                if try !SpecValues.matches(value, expectation, store: store) {
                    return .fail("got \(values), expected \(expected.map { "\($0.type) \($0.value.map { "\($0)" } ?? "")" })")
                }
            } catch {
                return .fail(error.message)
            }
        }
        return .pass
    }

    /// An exception that no Wasm handler catches reaches the caller.
    func expectException(_ command: SpecCommand) -> Verdict {
        guard let action = command.action else { return .fail("missing action") }
        switch perform(action) {
        case .failure(let error): return error.verdict
        case .success(.values(let values)): return .fail("returned \(values), expected an exception")
        case .success(.trap(let trap)):
            if case .exception = trap.reason { return .pass }
            return .fail("trapped with \"\(trap.message)\", expected an exception")
        }
    }

    func expectTrap(_ command: SpecCommand) -> Verdict {
        guard let action = command.action else { return .fail("missing action") }
        switch perform(action) {
        case .failure(let error): return error.verdict
        case .success(.values(let values)): return .fail("returned \(values), expected trap \"\(command.text ?? "")\"")
        case .success(.trap(let trap)): return note(trap.message, expected: command.text)
        }
    }
}
