import Foundation
import WasmDecoder

/// Why a command was not run. Each reason names the issue or tool it waits for.
enum SkipReason: String, CaseIterable {
    /// `assert_malformed` on a text module tests a text parser, which we do not have.
    case textModule = "text-module"
    /// Commands that instantiate or invoke: they wait for the interpreter.
    case execution = "execution"
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

/// Runs the commands of one converted script against the engine.
struct ScriptRunner {
    let directory: URL
    let script: SpecScript

    func run() -> ScriptResult {
        var result = ScriptResult(script: script.sourceFilename)
        for command in script.commands {
            switch command.type {
            case "module":
                check(command, into: &result) { outcome in
                    if case .failure(let error) = outcome { return Verdict(failure: "module failed to load: \(error)") }
                    return Verdict()
                }
            case "assert_malformed":
                guard command.moduleType == "binary" else {
                    result.skipped[.textModule, default: 0] += 1
                    continue
                }
                check(command, into: &result) { outcome in
                    expectFailure(outcome, kinds: [.malformed, .unsupported], command: command)
                }
            case "assert_invalid":
                check(command, into: &result) { outcome in
                    expectFailure(outcome, kinds: [.invalid], command: command)
                }
            default:
                result.skipped[.execution, default: 0] += 1
            }
        }
        return result
    }

    /// What a command's outcome means: a failure, or a pass maybe with a note
    /// that the error message differs from the suite's.
    struct Verdict {
        var failure: String?
        var messageNote: String?
    }

    /// Loads the command's module and records the verdict on the outcome.
    private func check(_ command: SpecCommand, into result: inout ScriptResult,
                       verdict: (Result<Module, ModuleError>) -> Verdict) {
        guard let filename = command.binaryFilename ?? command.filename,
              let bytes = try? [UInt8](Data(contentsOf: directory.appendingPathComponent(filename))) else {
            result.failed += 1
            result.failures.append("line \(command.line): \(command.type): module file missing")
            return
        }
        let outcome: Result<Module, ModuleError>
        do { outcome = .success(try loadModule(bytes)) } catch { outcome = .failure(error) }
        let judged = verdict(outcome)
        if let failure = judged.failure {
            result.failed += 1
            result.failures.append("line \(command.line): \(command.type): \(failure)")
        } else {
            result.passed += 1
        }
        if let note = judged.messageNote {
            result.messageDifferences += 1
            result.messageNotes.append("line \(command.line): \(note)")
        }
    }

    private func expectFailure(_ outcome: Result<Module, ModuleError>, kinds: [ModuleError.Kind],
                               command: SpecCommand) -> Verdict {
        switch outcome {
        case .success:
            return Verdict(failure: "module loaded, expected \"\(command.text ?? "")\"")
        case .failure(let error):
            guard kinds.contains(error.kind) else {
                let wanted = kinds.map { "\($0)" }.joined(separator: "/")
                return Verdict(failure: "expected \(wanted) \"\(command.text ?? "")\", got \(error)")
            }
            // The suite's texts are advisory (matched as prefixes by the reference interpreter).
            if let expected = command.text, !error.message.hasPrefix(expected) {
                return Verdict(messageNote: "expected \"\(expected)\", got \"\(error.message)\"")
            }
            return Verdict()
        }
    }
}
