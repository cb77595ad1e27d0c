public import ComponentModel
import Foundation
import WasmInterpreter

/// WASI for every component, as Spin's WASI factor gives it: the 0.2
/// interfaces (`wasi:cli`, `clocks`, `filesystem`, `io`, `random`,
/// `sockets`, and the `wasi:http` types the HTTP trigger and outbound HTTP
/// share), the component's `environment` with `spin up -e` values
/// replacing and adding to it (Spin extends the component's map with them,
/// and passes it in name order), and its `files` assembled into one directory preopened read-only at `/`.
/// What differs between triggers (where standard output goes; WAGI's argv,
/// CGI variables and body on stdin) the trigger says with `WASIStreams`.
public struct WASICapability: Capability {
    /// `spin up -e KEY=VALUE`, over each component's own environment.
    let extraEnvironment: [(name: String, value: String)]
    let manifest: Manifest
    let stateDirectory: String

    public init(app: CapabilityContext) throws(SpinError) {
        extraEnvironment = app.environment
        manifest = app.manifest
        stateDirectory = app.stateDirectory
    }

    public static func define(in linker: inout ComponentLinker) {
        WASIComponent.define(in: &linker)
        WASIHTTP.define(in: &linker)
        WASIHTTP3.define(in: &linker)
        WASIp3.define(in: &linker)
    }

    public func instanceSetup(for component: ComponentManifest) throws(SpinError) -> InstanceSetup? {
        var merged = component.environment
        for (name, value) in extraEnvironment { merged[name] = value }
        let environment = merged.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
        let preopens = try assembleFiles(component).map {
            [WASIPreopenDirectory(hostPath: $0, guestPath: "/", readOnly: true)]
        } ?? []
        return InstanceSetup { store throws in
            let streams = store[WASIStreams.key] ?? WASIStreams()
            store[WASIContext.key] = try WASIContext(
                arguments: streams.arguments,
                environment: streams.environment.isEmpty ? environment : environment + streams.environment,
                preopens: preopens,
                stdin: streams.stdin, stdout: streams.stdout, stderr: streams.stderr)
        }
    }

    /// The component's `files`, assembled into one directory under the
    /// state directory; nil when it has none.
    func assembleFiles(_ component: ComponentManifest) throws(SpinError) -> String? {
        guard !component.files.isEmpty else { return nil }
        let directory = "\(stateDirectory)/files/\(component.id)"
        do {
            try? FileManager.default.removeItem(atPath: directory)
            try ComponentFiles(component: component, manifest: manifest).assemble(into: directory)
        } catch {
            throw .manifest(error)
        }
        return directory
    }
}

/// What a trigger decides about one instance's WASI, put in the store
/// before the capabilities' setups run: where the standard streams go and,
/// for WAGI, the arguments and the CGI variables after the component's
/// environment. Without it a guest gets no input and its output is dropped.
public final class WASIStreams {
    static let key = HostStateKey<WASIStreams>()

    let arguments: [String]
    let environment: [(name: String, value: String)]
    let stdin: WASIInput
    let stdout: WASIOutput
    let stderr: WASIOutput

    public init(arguments: [String] = [], environment: [(name: String, value: String)] = [],
                stdin: WASIInput = .empty, stdout: WASIOutput = .discard, stderr: WASIOutput = .discard) {
        self.arguments = arguments
        self.environment = environment
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }
}
