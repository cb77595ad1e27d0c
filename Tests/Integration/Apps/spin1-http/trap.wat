;; A Spin 1 module whose handler traps (unreachable) before it answers.
(module
  (memory (export "memory") 1)
  (func (export "canonical_abi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "canonical_abi_free") (param i32 i32 i32))
  (func (export "handle-http-request")
        (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    unreachable))
