extension FunctionValidator {
    /// Vector instructions (spec §3.3.3 and §3.3.7 for vector memory access).
    func validateVector(_ instruction: Instruction) throws(ModuleError) {
        switch instruction {
        case .v128Const:
            push(.v128)
        case .i8x16Shuffle(let lanes):
            for index in 0..<16 where lanes[byte: index] >= 32 { throw invalid("invalid lane index") }
            try pop(.v128)
            try pop(.v128)
            push(.v128)
        case .simd(let operation):
            try validatePlainVector(operation.signature)
        case .simdLane(let operation, let lane):
            switch operation.signature {
            case .extractLane(let lanes, let type):
                guard lane < lanes else { throw invalid("invalid lane index") }
                try pop(.v128)
                push(type)
            case .replaceLane(let lanes, let type):
                guard lane < lanes else { throw invalid("invalid lane index") }
                try pop(type)
                try pop(.v128)
                push(.v128)
            default:
                preconditionFailure("lane shape without a lane signature")
            }
        case .simdLoad(let operation, let argument):
            guard case .load(let alignment) = operation.signature else { preconditionFailure("not a load") }
            try checkMemory(argument, naturalAlignment: alignment)
            try pop(addressType(argument.memory))
            push(.v128)
        case .simdStore(let argument):
            try checkMemory(argument, naturalAlignment: 4)
            try pop(.v128)
            try pop(addressType(argument.memory))
        case .simdLoadLane(let operation, let argument, let lane):
            guard case .loadLane(let alignment, let lanes) = operation.signature else {
                preconditionFailure("not a lane load")
            }
            try checkMemory(argument, naturalAlignment: alignment)
            guard lane < lanes else { throw invalid("invalid lane index") }
            try pop(.v128)
            try pop(addressType(argument.memory))
            push(.v128)
        case .simdStoreLane(let operation, let argument, let lane):
            guard case .storeLane(let alignment, let lanes) = operation.signature else {
                preconditionFailure("not a lane store")
            }
            try checkMemory(argument, naturalAlignment: alignment)
            guard lane < lanes else { throw invalid("invalid lane index") }
            try pop(.v128)
            try pop(addressType(argument.memory))
        default:
            preconditionFailure("not a vector instruction")
        }
    }

    func validatePlainVector(_ signature: SIMDOperation.Signature) throws(ModuleError) {
        switch signature {
        case .unary:
            try pop(.v128)
        case .binary:
            try pop(.v128)
            try pop(.v128)
        case .ternary:
            try pop(.v128)
            try pop(.v128)
            try pop(.v128)
        case .test:
            try pop(.v128)
            push(.i32)
            return
        case .shift:
            try pop(.i32)
            try pop(.v128)
        case .splat(let type):
            try pop(type)
        default:
            preconditionFailure("immediate-carrying vector signature in plain position")
        }
        push(.v128)
    }
}
