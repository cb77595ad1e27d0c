;; A Spin 1 Redis module (Spin 1.5's wit/ephemeral/spin-redis.wit,
;; wit-bindgen 0.2's ABI): handle-redis-message(payload) -> expected<unit,
;; error>. It reads the variable redis_address with spin-config, stores the
;; message under spin1-last and increments spin1-count there with
;; outbound-redis, and answers error for the message "fail" (storing nothing).
(module $redis
  (import "spin-config" "get-config" (func $get-config (param i32 i32 i32)))
  (import "outbound-redis" "set" (func $set (param i32 i32 i32 i32 i32 i32 i32)))
  (import "outbound-redis" "incr" (func $incr (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 256) "redis_address")   ;; 13
  (data (i32.const 272) "spin1-last")      ;; 10
  (data (i32.const 288) "spin1-count")     ;; 11
  (data (i32.const 304) "fail")            ;; 4
  (func (export "canonical_abi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (if (i32.gt_u (i32.add (local.get $ptr) (local.get $size)) (i32.shl (memory.size) (i32.const 16)))
      (then (if (i32.eq (memory.grow (i32.add (i32.shr_u (local.get $size) (i32.const 16)) (i32.const 1))) (i32.const -1))
              (then unreachable))))
    (if (local.get $old) (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old-size))))
    (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
    (local.get $ptr))
  (func (export "canonical_abi_free") (param i32 i32 i32))
  (func (export "handle-redis-message") (param $ptr i32) (param $len i32) (result i32)
    (local $address i32) (local $address-len i32)
    ;; The return area of this export: 2 bytes at 1024 (tag, error).
    (if (i32.and (i32.eq (local.get $len) (i32.const 4))
                 (i32.eq (i32.load (local.get $ptr)) (i32.load (i32.const 304))))
      (then
        (i32.store8 (i32.const 1024) (i32.const 1))
        (i32.store8 (i32.const 1025) (i32.const 1))
        (return (i32.const 1024))))
    (call $get-config (i32.const 256) (i32.const 13) (i32.const 2048))
    (if (i32.load8_u (i32.const 2048)) (then unreachable))
    (local.set $address (i32.load (i32.const 2052)))
    (local.set $address-len (i32.load (i32.const 2056)))
    (call $set (local.get $address) (local.get $address-len) (i32.const 272) (i32.const 10)
               (local.get $ptr) (local.get $len) (i32.const 2048))
    (if (i32.load8_u (i32.const 2048)) (then unreachable))
    (call $incr (local.get $address) (local.get $address-len) (i32.const 288) (i32.const 11) (i32.const 2048))
    (if (i32.load8_u (i32.const 2048)) (then unreachable))
    (i32.store8 (i32.const 1024) (i32.const 0))
    (i32.const 1024)))
