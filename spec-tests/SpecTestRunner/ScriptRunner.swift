import Foundation
import WasmDecoder
import WasmInterpreter

/// Why a command was not run. Each reason names the issue or tool it waits for.
enum SkipReason: String, CaseIterable {
    /// `assert_malformed` on a text module tests a text parser, which we do not have.
    case textModule = "text-module"
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

    init(directory: URL, script: SpecScript) throws {
        self.directory = directory
        self.script = script
        var configuration = EngineConfiguration()
        // Fuel bounds every command, so an interpreter bug cannot hang the run.
        configuration.fuel = 200_000_000
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
            return .verdict(.fail("module failed to load: \(error)"))
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
                return .fail("instantiation failed: \(error)")
            }
        }
    }

    func register(_ command: SpecCommand) -> Verdict {
        if let reason = skippedModules[command.name ?? ""] { return .skip(reason) }
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
            _ = try loadModule(bytes)
            return .fail("module loaded, expected \"\(command.text ?? "")\"")
        } catch {
            guard kinds.contains(error.kind) else {
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
                if try !SpecValues.matches(value, expectation) {
                    return .fail("got \(values), expected \(expected.map { "\($0.type) \($0.value.map { "\($0)" } ?? "")" })")
                }
            } catch {
                return .fail(error.message)
            }
        }
        return .pass
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
