;; A WAGI guest that prints a 50 MiB body (all "x") in 64 KiB writes, for
;; the streaming tests: the body must reach the client while it is written
;; and never sit whole in the server's memory.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 0) "Content-Type: application/octet-stream\n\n")
  ;; iovec at 64: (pointer, length); bytes written at 80; the 64 KiB chunk at 65536.
  (func $write (param $pointer i32) (param $length i32)
    (i32.store (i32.const 64) (local.get $pointer))
    (i32.store (i32.const 68) (local.get $length))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 80))))
  (func (export "_start") (local $left i32)
    (call $write (i32.const 0) (i32.const 40))
    (memory.fill (i32.const 65536) (i32.const 120) (i32.const 65536))
    (local.set $left (i32.const 800))  ;; 800 x 64 KiB = 50 MiB
    (loop $more
      (call $write (i32.const 65536) (i32.const 65536))
      (local.tee $left (i32.sub (local.get $left) (i32.const 1)))
      (br_if $more))))
