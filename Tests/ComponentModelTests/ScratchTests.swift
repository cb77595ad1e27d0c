@testable import ComponentModel
import Foundation
import Testing
import WasmInterpreter

@Test func scratchValidateBig() throws {
    guard let path = ProcessInfo.processInfo.environment["SCRATCH_COMPONENT"] else { return }
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    let start = Date()
    let component = try ValidatedComponent(bytes, engine: Engine())
    print("validated in \(Date().timeIntervalSince(start)) s; imports:", component.type.imports.map(\.name))
}
