import WasmInterpreter

/// How many bytes of host values one lift may still build. The ABI limits
/// each string and list to 2^28 - 1 bytes of guest memory, but not how often
/// guest memory is read: a million `list<u8>` elements may all point at the
/// same 100 KB, and lists nest. Every lift (a call's arguments, or its
/// result) starts with `maximumBytes` and is charged before it allocates,
/// so such a value traps instead of exhausting the host.
/// See RATIONALE.md#why-a-budget-on-lifted-values.
struct HostValueBudget {
    /// wasmtime's default "hostcall fuel" (`DEFAULT_HOSTCALL_FUEL`), so that
    /// what lifts under wasmtime (and Spin) lifts here.
    static let maximumBytes = 128 << 20
    /// What one `ComponentValue` node costs: its slot in the array holding
    /// it (8 bytes) and the box of the indirect enum case (a 16-byte header
    /// and a payload of up to 16 bytes).
    static let nodeBytes = 40

    private(set) var remaining = maximumBytes

    /// Charges `count` nodes, or `count` bytes with `nodeBytes: 1`, in
    /// 64-bit arithmetic (a count is at most 2^32).
    mutating func spend(_ count: Int, nodeBytes: Int = Self.nodeBytes) throws(Trap) {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: nodeBytes)
        guard !overflow, bytes <= remaining else { throw CanonicalTrap.liftBudgetExceeded }
        remaining -= bytes
    }
}
