import Foundation

/// `spin build`: runs each component's build commands in its working
/// directory, in the order the manifest declares the components (as Spin
/// does), showing each command and then its output as it comes (the
/// commands write straight to our standard output and error), and stops at
/// the first failure naming the component.
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
            let count = build.commands.count
            if count > 1 { say("Building component \(component.id) (\(count) commands)") }
            for (step, command) in build.commands.enumerated() {
                if count > 1 {
                    say("Running build step \(step + 1)/\(count) for component \(component.id) with `\(command)`")
                } else {
                    say("Building component \(component.id) with `\(command)`")
                }
                if build.workdir != nil { say("Working directory: \(quoted(directory))") }
                let status = run(command, in: directory)
                guard status == 0 else {
                    throw .build("Build command for component \(component.id) failed with status Exited(\(status))")
                }
            }
            built += 1
        }
        say(built == 0 ? "None of the components have a build command." : "Finished building all Spin components")
    }

    /// Runs `command` with `/bin/sh -c` in `directory`, output going straight
    /// to ours, so that a long build shows its progress as it happens.
    static func run(_ command: String, in directory: String) -> Int32 {
        // What we printed so far (e.g. "Building component ...") must come
        // before the command's output, also when standard output is a pipe.
        fflush(nil)
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
