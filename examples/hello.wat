;; A small WASI command: prints a greeting with fd_write, then returns.
;; Rebuild hello.wasm with:  wasm-tools parse examples/hello.wat -o examples/hello.wasm
(module $hello
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from a Wasm module!\n")
  (func $main (export "_start")
    ;; one iovec at 0: base 16, length 26
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 26))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
