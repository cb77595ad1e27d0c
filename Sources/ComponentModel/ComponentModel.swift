// ComponentModel: component binary format, WIT types, the canonical ABI and
// linking. Its implementation arrives with the component issue.
internal import WasmInterpreter
