;; A Spin 1 module that hands the host bad pointers: with the query "key"
;; a key string outside its memory, otherwise a return area that is.
;; Either call must trap (the host answers 500), never read or write past
;; the memory.
(module
  (import "spin-config" "get-config" (func $get-config (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "greeting")
  ;; A bump allocator (no memory growth: the requests here are small).
  (global $heap (mut i32) (i32.const 4096))
  (func (export "canonical_abi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get 2))))
    (global.set $heap (i32.add (local.get $ptr) (local.get 3)))
    (local.get $ptr))
  (func (export "canonical_abi_free") (param i32 i32 i32))
  (func (export "handle-http-request")
        (param $method i32) (param $uri-ptr i32) (param $uri-len i32)
        (param i32 i32 i32 i32 i32 i32 i32) (result i32)
    ;; The uri ends with "key" when the last byte is 'y'.
    (if (i32.eq (i32.load8_u (i32.sub (i32.add (local.get $uri-ptr) (local.get $uri-len)) (i32.const 1)))
                (i32.const 121))
      (then (call $get-config (i32.const 0xfffffff0) (i32.const 64) (i32.const 2048)))
      (else (call $get-config (i32.const 16) (i32.const 8) (i32.const 65532))))
    (i32.const 0)))
