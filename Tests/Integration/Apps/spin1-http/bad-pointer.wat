;; A Spin 1 module whose response points outside its memory: the host must
;; answer 500, not read past the memory.
(module
  (memory (export "memory") 1)
  (func (export "canonical_abi_realloc") (param i32 i32 i32 i32) (result i32) (i32.const 1024))
  (func (export "canonical_abi_free") (param i32 i32 i32))
  (func (export "handle-http-request")
        (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    ;; status 200, no headers, body Some(ptr 0xfffffff0, len 64)
    (i32.store16 (i32.const 0) (i32.const 200))
    (i32.store8 (i32.const 4) (i32.const 0))
    (i32.store8 (i32.const 16) (i32.const 1))
    (i32.store (i32.const 20) (i32.const 0xfffffff0))
    (i32.store (i32.const 24) (i32.const 64))
    (i32.const 0)))
