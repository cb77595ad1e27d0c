import Foundation

/// `spin build`: runs each component's build commands in its working
/// directory, showing each command and its output, and stops at the first
/// failure naming the component.
public enum AppBuilder {
    /// Builds `components` (all with a build section when empty) of the manifest at `path`.
    public static func build(manifestPath: String, components: [String] = [],
                             say: (String) -> Void) throws(SpinError) {
        let manifest: Manifest
        do {
            manifest = try ManifestLoader.load(from: manifestPath)
        } catch {
            throw .manifest(error)
        }
        for id in components where manifest.component(id: id) == nil {
            throw .build("no component \"\(id)\" in \(manifest.file)")
        }
        let selected = manifest.components.filter { components.isEmpty || components.contains($0.id) }
        var built = 0
        for component in selected {
            guard let build = component.build, !build.commands.isEmpty else {
                if !components.isEmpty { say("Component \(component.id) does not have a build command.") }
                continue
            }
            let directory = HostPath.absolute(build.workdir ?? ".", relativeTo: manifest.applicationDirectory)
            for command in build.commands {
                say("Building component \(component.id) with `\(command)`")
                let status = run(command, in: directory)
                guard status == 0 else {
                    throw .build("Build command for component \(component.id) failed with status Exited(\(status))")
                }
            }
            built += 1
        }
        say(built == 0 ? "None of the components have a build command." : "Finished building all Spin components")
    }

    /// Runs `command` with `/bin/sh -c` in `directory`, output going straight to ours.
    static func run(_ command: String, in directory: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        do {
            try process.run()
        } catch {
            return 127
        }
        process.waitUntilExit()
        return process.terminationReason == .exit ? process.terminationStatus : 128 + process.terminationStatus
    }
}
