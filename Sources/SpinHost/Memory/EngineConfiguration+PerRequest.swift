public import WasmInterpreter

extension EngineConfiguration {
    /// The engine settings of `spin up` and `spin wasm run`: memories from
    /// `MappedMemoryAllocator`, shared by every engine of the process.
    public static var perRequest: EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.memoryAllocator = sharedMappedMemory
        return configuration
    }
}

private let sharedMappedMemory = MappedMemoryAllocator()
