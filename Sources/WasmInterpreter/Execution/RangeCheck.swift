/// Whether `count` items from `start` lie within `size` (no overflow): the
/// check of every bulk memory, table and array instruction, made for the
/// whole range before anything is written, so a trapping one writes nothing.
@inline(__always)
func rangeFits(_ start: UInt64, _ count: UInt64, within size: Int) -> Bool {
    start <= UInt64(size) && count <= UInt64(size) - start
}
