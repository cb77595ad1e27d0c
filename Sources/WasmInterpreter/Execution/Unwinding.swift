import WasmDecoder

/// Where a thrown exception lands (Wasm 3.0 exception handling): the
/// interpreter's loop ends in a trap carrying the exception, and its catch
/// asks for the innermost `try_table` clause that takes it, walking the
/// frames of this activation outward. Nothing is paid until something throws.
extension Execution {
    typealias Landing = (pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>, function: UInt32,
                         instance: InstanceState)

    /// The landing pad of the first clause that catches exception `reference`
    /// raised at `pc` (an op of function `function`, or a call op of a
    /// caller), with the exception's values (and reference) written to the
    /// clause's registers and the frames above it popped. Nil when no frame
    /// down to `entryDepth` catches it: the frames stay as they were.
    @inline(never)  // inlined into the interpreter's catch, it cost the loop a tenth of its speed
    func landing(for reference: UInt64, store: Store, pc: UnsafePointer<Op>, fp: UnsafeMutablePointer<UInt64>,
                 function: UInt32, instance: InstanceState, entryDepth: Int) -> Landing? {
        let exception = store.exception(reference)
        var (pc, fp, function, instance) = (pc, fp, function, instance)
        var level = depth
        while true {
            if let compiled = instance.compiled.compiledFunction(function) {
                let offset = pc - compiled.code
                for handler in compiled.handlers where handler.body.contains(offset) {
                    for clause in handler.clauses {
                        if let tag = clause.tag, instance.tagAddresses[Int(tag)] != exception.tag { continue }
                        let registers = fp + Int(clause.payloadBase)
                        var delivered = 0
                        if clause.tag != nil {
                            for slot in exception.payload {
                                registers[delivered] = slot
                                delivered += 1
                            }
                        }
                        if clause.passesReference {
                            registers[delivered] = reference
                            store.markReferenced(reference)
                        } else {
                            store.release(reference)
                        }
                        depth = level
                        return (compiled.code + clause.landing, fp, function, instance)
                    }
                }
            }
            // Not caught in this frame: look at its caller's call op.
            guard level > entryDepth else { return nil }
            level -= 1
            let frame = frames[level]
            (pc, fp, function) = (frame.pc - 1, frame.fp, frame.function)
            instance = frame.instance.takeUnretainedValue()
        }
    }
}

extension CompiledModule {
    /// The translated code of function `index` of the module; nil for an import.
    func compiledFunction(_ index: UInt32) -> CompiledFunction? {
        let local = Int(index) - module.importedFunctionCount
        return local >= 0 && local < functions.count ? functions[local] : nil
    }
}
