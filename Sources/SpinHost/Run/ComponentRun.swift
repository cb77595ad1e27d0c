import ComponentModel
import Dispatch
import WasmDecoder
import WasmInterpreter

/// `spin wasm run` for components: a `wasi:cli/command` runs its exported
/// `wasi:cli/run@0.2.x` `run` with WASI 0.2 (arguments, environment,
/// preopened directories, standard streams), or `--invoke` calls one
/// exported function with arguments and results in the WAVE text form, as
/// `wasmtime run` does. Exit codes are wasmtime's: the guest's exit code, 0
/// when `run` returns `ok`, 1 for `err`, 134 after a trap, 1 when loading fails.
extension CoreModuleRun {
    /// The name `run` is exported under, for every compatible 0.2 version.
    static let commandInterface = "wasi:cli/run@0.2.0"

    func runComponent(_ bytes: [UInt8]) -> Outcome {
        let engine = Engine(configuration: configuration)
        let component: ValidatedComponent
        do {
            component = try ValidatedComponent(bytes, engine: engine)
        } catch {
            return .failed("\(path): \(error)")
        }
        var linker = ComponentLinker()
        WASIComponent.define(in: &linker)
        let linked: LinkedComponent
        do {
            linked = try linker.link(component)
        } catch {
            return .failed("\(path): \(error)")
        }
        let store = Store(engine: engine)
        do {
            try attachWASIContext(to: store)
        } catch {
            return .failed("\(error)")
        }
        let timer = timeout.map { seconds in startTimer(seconds, store.interruptHandle) }
        defer { timer?.cancel() }
        let instance: ComponentInstance
        do {
            instance = try linked.instantiate(in: store)
        } catch {
            switch error {
            case .trap(let trap): return outcome(of: trap)
            case .link(let link): return .failed("\(path): \(link)")
            }
        }
        if let invoke {
            return invokeComponent(instance, invoke)
        }
        guard let run = instance.function(Self.commandInterface, "run") else {
            return .failed("\(path): the component exports no `wasi:cli/run@0.2.x` (use --invoke to call a function)")
        }
        do {
            let result = try run.call([])
            if case .error = result { return .exited(1) }
            return .exited(0)
        } catch {
            return outcome(of: error)
        }
    }

    /// `--invoke 'name(args)'`, named as wasmtime names functions: `f`,
    /// `iface.f` or `ns:pkg/iface.f@version`.
    private func invokeComponent(_ instance: ComponentInstance, _ text: String) -> Outcome {
        let call: WAVECall
        do {
            call = try WAVE.parseCall(text)
        } catch {
            return .failed("\(error)")
        }
        let function: ComponentFunction
        switch Self.find(call.function, in: instance) {
        case .success(let found): function = found
        case .failure(let message): return .failed("\(path): \(message)")
        }
        do {
            let arguments = try call.arguments(types: function.type.parameters.map(\.type))
            let result = try function.call(arguments)
            return .componentReturned(try WAVE.printResult(result, as: function.type.result))
        } catch let error as WAVEError {
            return .failed("\(error)")
        } catch let trap as Trap {
            return outcome(of: trap)
        } catch {
            return .failed("\(error)")
        }
    }

    enum Lookup {
        case success(ComponentFunction)
        case failure(String)
    }

    /// wasmtime's rules: a qualified name is looked up in its instance (and
    /// at the top level when there is no such instance); a bare name at the
    /// top level, else in exactly one exported instance.
    static func find(_ name: WAVEFunctionName, in instance: ComponentInstance) -> Lookup {
        if let instanceName = name.instanceName {
            if let found = instance.function(instanceName, name.function) { return .success(found) }
            if instance.function(instanceName) == nil, !instance.exportedFunctions.contains(where: { $0.path.hasPrefix(instanceName + "#") }),
               let found = instance.function(name.function) {
                return .success(found)
            }
            return .failure("no exported function `\(name)`")
        }
        if let found = instance.function(name.function) { return .success(found) }
        let matches = instance.exportedFunctions.filter { $0.path.hasSuffix("#" + name.function) }
        guard matches.count == 1, let hash = matches[0].path.firstIndex(of: "#"),
              let found = instance.function(String(matches[0].path[..<hash]), name.function) else {
            if matches.isEmpty {
                return .failure("no exported function `\(name.function)` (exported: \(instance.exportedFunctions.map(\.path).joined(separator: ", ")))")
            }
            return .failure("several instances export a function named `\(name.function)`: \(matches.map(\.path).joined(separator: ", "))")
        }
        return .success(found)
    }
}
