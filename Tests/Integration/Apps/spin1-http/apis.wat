;; A Spin 1 module using Spin 1's spin-config and key-value imports (Spin
;; 1.5's wit/ephemeral/*.wit, wit-bindgen 0.2's ABI: results past one flat
;; value come back in a return area whose address is the last argument).
;; It answers 200 with one line per step:
;;   config=<value of "message">        undeclared-error=<error case of "undeclared">
;;   open=<0 ok | 1 error>              set=<0|1>
;;   get=<the value just set>           exists=<0|1>
;;   absent-error=<case>                denied-error=<case of opening "secret">
;;   invalid-error=<case for handle 99> keys=<number of keys>
;;   sql=<the integer SELECT 41 + 1 answers>  pg-error=<case of outbound-pg query>
;;   http-error=<error of a request to a host not allowed>
;;   redis-error=<error of outbound-redis get on an address not allowed>
;; It stores the request body under the key "greeting" of the default store.
(module $apis
  (import "spin-config" "get-config" (func $get-config (param i32 i32 i32)))
  (import "key-value" "open" (func $open (param i32 i32 i32)))
  (import "key-value" "get" (func $get (param i32 i32 i32 i32)))
  (import "key-value" "set" (func $set (param i32 i32 i32 i32 i32 i32)))
  (import "key-value" "exists" (func $exists (param i32 i32 i32 i32)))
  (import "key-value" "get-keys" (func $get-keys (param i32 i32)))
  (import "key-value" "close" (func $close (param i32)))
  (import "sqlite" "open" (func $sql-open (param i32 i32 i32)))
  (import "sqlite" "execute" (func $sql-execute (param i32 i32 i32 i32 i32 i32)))
  (import "sqlite" "close" (func $sql-close (param i32)))
  (import "outbound-pg" "query" (func $pg-query (param i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi-outbound-http" "request" (func $http-request (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "outbound-redis" "get" (func $redis-get (param i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  ;; 0..27: the response record; 2048..2079: the return area of imports.
  (global $ret i32 (i32.const 2048))
  (data (i32.const 32)
    "\80\00\00\00\0c\00\00\00\90\00\00\00\0a\00\00\00")   ;; content-type: text/plain
  (data (i32.const 128) "content-type")
  (data (i32.const 144) "text/plain")
  (data (i32.const 256) "message")            ;; 7
  (data (i32.const 264) "undeclared")         ;; 10
  (data (i32.const 280) "default")            ;; 7
  (data (i32.const 288) "greeting")           ;; 8
  (data (i32.const 296) "absent")             ;; 6
  (data (i32.const 304) "secret")             ;; 6
  (data (i32.const 320) "config=")            ;; 7
  (data (i32.const 336) "\nundeclared-error=");; 18
  (data (i32.const 360) "\nopen=")            ;; 6
  (data (i32.const 368) "\nset=")             ;; 5
  (data (i32.const 376) "\nget=")             ;; 5
  (data (i32.const 384) "\nexists=")          ;; 8
  (data (i32.const 400) "\nabsent-error=")    ;; 14
  (data (i32.const 416) "\ndenied-error=")    ;; 14
  (data (i32.const 432) "\ninvalid-error=")   ;; 15
  (data (i32.const 448) "\nkeys=")            ;; 6
  (data (i32.const 600) "\nsql=")             ;; 5
  (data (i32.const 608) "SELECT 41 + 1")      ;; 13
  (data (i32.const 624) "\npg-error=")        ;; 10
  (data (i32.const 640) "\nhttp-error=")      ;; 12
  (data (i32.const 656) "https://example.com/") ;; 20
  (data (i32.const 680) "\nredis-error=")     ;; 13
  (data (i32.const 696) "redis://127.0.0.1:6379") ;; 22

  (func $realloc (export "canonical_abi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32) (local $end i32) (local $limit i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (local.set $end (i32.add (local.get $ptr) (local.get $size)))
    (local.set $limit (i32.shl (memory.size) (i32.const 16)))
    (if (i32.gt_u (local.get $end) (local.get $limit))
      (then (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (local.get $limit)) (i32.const 0xffff))
                                               (i32.const 16)))
                        (i32.const -1))
              (then unreachable))))
    (if (local.get $old) (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old-size))))
    (global.set $heap (local.get $end))
    (local.get $ptr))
  (func (export "canonical_abi_free") (param i32 i32 i32))

  ;; The response text is built in a buffer of its own (the imports
  ;; allocate from the heap meanwhile): 64 KiB at 65536.
  (global $text (mut i32) (i32.const 65536))
  (func $emit (param $ptr i32) (param $len i32)
    (memory.copy (global.get $text) (local.get $ptr) (local.get $len))
    (global.set $text (i32.add (global.get $text) (local.get $len))))
  (func $emit-decimal (param $n i32)
    (local $at i32)
    (local.set $at (i32.const 560))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $emit (local.get $at) (i32.sub (i32.const 560) (local.get $at))))
  ;; The error case of a failed call's return area (0 when it succeeded).
  (func $error-case (result i32)
    (if (result i32) (i32.load8_u (global.get $ret))
      (then (i32.load8_u offset=4 (global.get $ret)))
      (else (i32.const 0))))

  (func (export "handle-http-request")
        (param $method i32) (param $uri-ptr i32) (param $uri-len i32)
        (param $headers-ptr i32) (param $headers-count i32)
        (param $params-ptr i32) (param $params-count i32)
        (param $body-present i32) (param $body-ptr i32) (param $body-len i32)
        (result i32)
    (local $store i32)
    (if (i32.lt_u (memory.size) (i32.const 2)) (then (drop (memory.grow (i32.const 1)))))
    (if (i32.eqz (local.get $body-present)) (then (local.set $body-len (i32.const 0))))

    (call $emit (i32.const 320) (i32.const 7))
    (call $get-config (i32.const 256) (i32.const 7) (global.get $ret))
    (if (i32.eqz (i32.load8_u (global.get $ret)))
      (then (call $emit (i32.load offset=4 (global.get $ret)) (i32.load offset=8 (global.get $ret)))))
    (call $emit (i32.const 336) (i32.const 18))
    (call $get-config (i32.const 264) (i32.const 10) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (call $emit (i32.const 360) (i32.const 6))
    (call $open (i32.const 280) (i32.const 7) (global.get $ret))
    (call $emit-decimal (i32.load8_u (global.get $ret)))
    (local.set $store (i32.load offset=4 (global.get $ret)))

    (call $emit (i32.const 368) (i32.const 5))
    (call $set (local.get $store) (i32.const 288) (i32.const 8) (local.get $body-ptr) (local.get $body-len) (global.get $ret))
    (call $emit-decimal (i32.load8_u (global.get $ret)))

    (call $emit (i32.const 376) (i32.const 5))
    (call $get (local.get $store) (i32.const 288) (i32.const 8) (global.get $ret))
    (if (i32.eqz (i32.load8_u (global.get $ret)))
      (then (call $emit (i32.load offset=4 (global.get $ret)) (i32.load offset=8 (global.get $ret)))))

    (call $emit (i32.const 384) (i32.const 8))
    (call $exists (local.get $store) (i32.const 288) (i32.const 8) (global.get $ret))
    (call $emit-decimal (i32.load8_u offset=4 (global.get $ret)))

    (call $emit (i32.const 400) (i32.const 14))
    (call $get (local.get $store) (i32.const 296) (i32.const 6) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (call $emit (i32.const 416) (i32.const 14))
    (call $open (i32.const 304) (i32.const 6) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (call $emit (i32.const 432) (i32.const 15))
    (call $get (i32.const 99) (i32.const 288) (i32.const 8) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (call $emit (i32.const 448) (i32.const 6))
    (call $get-keys (local.get $store) (global.get $ret))
    (call $emit-decimal (i32.load offset=8 (global.get $ret)))
    (call $close (local.get $store))

    (call $emit (i32.const 600) (i32.const 5))
    (call $sql-open (i32.const 280) (i32.const 7) (global.get $ret))
    (local.set $store (i32.load offset=4 (global.get $ret)))
    (call $sql-execute (local.get $store) (i32.const 608) (i32.const 13) (i32.const 0) (i32.const 0) (global.get $ret))
    ;; query-result at 4: columns (ptr, len), rows (ptr @12, len); a row is
    ;; its values (ptr, len); a value is a tag and an s64 at 8.
    (if (i32.eqz (i32.load8_u (global.get $ret)))
      (then (call $emit-decimal (i32.wrap_i64 (i64.load offset=8 (i32.load (i32.load offset=12 (global.get $ret))))))))
    (call $sql-close (local.get $store))

    (call $emit (i32.const 624) (i32.const 10))
    (call $pg-query (i32.const 696) (i32.const 22) (i32.const 608) (i32.const 13) (i32.const 0) (i32.const 0) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (call $emit (i32.const 640) (i32.const 12))
    (call $http-request (i32.const 0) (i32.const 656) (i32.const 20) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
                        (i32.const 0) (i32.const 0) (i32.const 0) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (call $emit (i32.const 680) (i32.const 13))
    (call $redis-get (i32.const 696) (i32.const 22) (i32.const 288) (i32.const 8) (global.get $ret))
    (call $emit-decimal (call $error-case))

    (i32.store16 (i32.const 0) (i32.const 200))
    (i32.store8 offset=4 (i32.const 0) (i32.const 1))
    (i32.store offset=8 (i32.const 0) (i32.const 32))
    (i32.store offset=12 (i32.const 0) (i32.const 1))
    (i32.store8 offset=16 (i32.const 0) (i32.const 1))
    (i32.store offset=20 (i32.const 0) (i32.const 65536))
    (i32.store offset=24 (i32.const 0) (i32.sub (global.get $text) (i32.const 65536)))
    (i32.const 0)))
