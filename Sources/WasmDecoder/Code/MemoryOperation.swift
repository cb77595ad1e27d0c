/// Scalar loads (spec §2.4.6); the raw value is the opcode.
public enum LoadOperation: UInt8, Sendable, Hashable, CaseIterable {
    case i32Load = 0x28
    case i64Load = 0x29
    case f32Load = 0x2A
    case f64Load = 0x2B
    case i32Load8S = 0x2C
    case i32Load8U = 0x2D
    case i32Load16S = 0x2E
    case i32Load16U = 0x2F
    case i64Load8S = 0x30
    case i64Load8U = 0x31
    case i64Load16S = 0x32
    case i64Load16U = 0x33
    case i64Load32S = 0x34
    case i64Load32U = 0x35

    /// The type pushed on the stack.
    public var resultType: ValueType {
        switch self {
        case .i32Load, .i32Load8S, .i32Load8U, .i32Load16S, .i32Load16U: .i32
        case .i64Load, .i64Load8S, .i64Load8U, .i64Load16S, .i64Load16U, .i64Load32S, .i64Load32U: .i64
        case .f32Load: .f32
        case .f64Load: .f64
        }
    }

    /// log2 of the bytes accessed: the largest alignment allowed.
    public var naturalAlignment: UInt32 {
        switch self {
        case .i32Load8S, .i32Load8U, .i64Load8S, .i64Load8U: 0
        case .i32Load16S, .i32Load16U, .i64Load16S, .i64Load16U: 1
        case .i32Load, .f32Load, .i64Load32S, .i64Load32U: 2
        case .i64Load, .f64Load: 3
        }
    }
}

/// Scalar stores (spec §2.4.6); the raw value is the opcode.
public enum StoreOperation: UInt8, Sendable, Hashable, CaseIterable {
    case i32Store = 0x36
    case i64Store = 0x37
    case f32Store = 0x38
    case f64Store = 0x39
    case i32Store8 = 0x3A
    case i32Store16 = 0x3B
    case i64Store8 = 0x3C
    case i64Store16 = 0x3D
    case i64Store32 = 0x3E

    /// The type popped as the stored value.
    public var valueType: ValueType {
        switch self {
        case .i32Store, .i32Store8, .i32Store16: .i32
        case .i64Store, .i64Store8, .i64Store16, .i64Store32: .i64
        case .f32Store: .f32
        case .f64Store: .f64
        }
    }

    public var naturalAlignment: UInt32 {
        switch self {
        case .i32Store8, .i64Store8: 0
        case .i32Store16, .i64Store16: 1
        case .i32Store, .f32Store, .i64Store32: 2
        case .i64Store, .f64Store: 3
        }
    }
}
