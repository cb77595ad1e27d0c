;; A WAGI guest that asks for all the memory it can get: it grows its memory
;; 16 pages (1 MiB) at a time until memory.grow answers -1 or 4 GiB is
;; reached, writing one byte in every 4 KiB so the pages are really used,
;; then answers "pages=N" with the number of 64 KiB pages it ended with.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "Content-Type: text/plain\n\npages=")
  (func $digits (param $value i32) (param $end i32) (result i32)
    ;; Writes $value in decimal ending before $end; returns its first byte's address.
    (local $at i32)
    (local.set $at (local.get $end))
    (loop $next
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $value) (i32.const 10))))
      (local.set $value (i32.div_u (local.get $value) (i32.const 10)))
      (br_if $next (local.get $value)))
    (local.get $at))
  (func (export "_start")
    (local $old i32) (local $address i32) (local $end i32) (local $start i32)
    (block $full
      (loop $grow
        (local.set $old (memory.grow (i32.const 16)))
        (br_if $full (i32.eq (local.get $old) (i32.const -1)))
        (local.set $address (i32.mul (local.get $old) (i32.const 65536)))
        (local.set $end (i32.add (local.get $address) (i32.const 1048576)))
        (loop $touch
          (i32.store8 (local.get $address) (i32.const 1))
          (local.set $address (i32.add (local.get $address) (i32.const 4096)))
          (br_if $touch (i32.lt_u (local.get $address) (local.get $end))))
        (br_if $grow (i32.lt_u (memory.size) (i32.const 65520)))))
    ;; "pages=" ends at 32; the number goes at 64..80, then a newline.
    (i32.store8 (i32.const 80) (i32.const 10))
    (local.set $start (call $digits (memory.size) (i32.const 80)))
    ;; iovecs at 96: the head, then the number and newline.
    (i32.store (i32.const 96) (i32.const 0))
    (i32.store (i32.const 100) (i32.const 32))
    (i32.store (i32.const 104) (local.get $start))
    (i32.store (i32.const 108) (i32.sub (i32.const 81) (local.get $start)))
    (drop (call $fd_write (i32.const 1) (i32.const 96) (i32.const 2) (i32.const 112)))))
