;; A Spin 1 module, as the Spin 0.9 and 1.x SDKs built them with wit-bindgen
;; 0.2: core wasm exporting handle-http-request, memory,
;; canonical_abi_realloc and canonical_abi_free (Spin 1.5's
;; wit/ephemeral/spin-http.wit). It answers like http-components'
;; inbound-http.wat: 200 (or a three-digit x-status header's value) with
;; headers content-type: text/plain and x-echo: spin-1-module, and a body of
;; text lines
;;   method=<METHOD>  uri=<uri>  header:<name>=<value> (one per header)
;;   initialized=<times _initialize ran in this instance: 1>
;;   params=<number of params (Spin passes none)>  body-bytes=<N>
(module $echo
  (memory (export "memory") 1)
  ;; Everything below is static data and the response record.
  (global $heap-start i32 (i32.const 4096))
  (global $heap (mut i32) (i32.const 4096))

  ;; The response record the export returns a pointer to:
  ;; status u16 @0, headers option @4 (tag, ptr @8, len @12),
  ;; body option @16 (tag, ptr @20, len @24).
  (global $response i32 (i32.const 0))
  ;; Response headers: two (name, value) string pairs.
  (data (i32.const 32)
    "\80\00\00\00\0c\00\00\00\90\00\00\00\0a\00\00\00"   ;; content-type: text/plain
    "\a0\00\00\00\06\00\00\00\a8\00\00\00\0d\00\00\00")  ;; x-echo: spin-1-module
  (data (i32.const 128) "content-type")
  (data (i32.const 144) "text/plain")
  (data (i32.const 160) "x-echo")
  (data (i32.const 168) "spin-1-module")
  ;; Method names in the order of the WIT enum, as (offset, length)
  ;; pairs into the string at 320.
  (data (i32.const 256)
    "\40\01\00\00\03\00\00\00"   ;; GET
    "\43\01\00\00\04\00\00\00"   ;; POST
    "\47\01\00\00\03\00\00\00"   ;; PUT
    "\4a\01\00\00\06\00\00\00"   ;; DELETE
    "\50\01\00\00\05\00\00\00"   ;; PATCH
    "\55\01\00\00\04\00\00\00"   ;; HEAD
    "\59\01\00\00\07\00\00\00")  ;; OPTIONS
  (data (i32.const 320) "GETPOSTPUTDELETEPATCHHEADOPTIONS")
  ;; Line prefixes.
  (data (i32.const 384) "method=")         ;; 7
  (data (i32.const 400) "\nuri=")          ;; 5
  (data (i32.const 416) "\nheader:")       ;; 8
  (data (i32.const 432) "\nbody-bytes=")   ;; 12
  (data (i32.const 448) "\nparams=")       ;; 8
  (data (i32.const 464) "\ninitialized=")  ;; 13

  ;; A WASI reactor's initialiser: the host runs it once per instance,
  ;; before the handler.
  (global $initialized (mut i32) (i32.const 0))
  (func (export "_initialize")
    (global.set $initialized (i32.add (global.get $initialized) (i32.const 1))))
  (data (i32.const 512) "x-status")
  ;; 528..559: scratch for formatting a decimal.

  ;; Bump allocator for the host's copies of the request and for the
  ;; response text; the post-return function frees it all.
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

  ;; Appends len bytes from ptr to the text growing at the top of the
  ;; heap. Nothing else allocates while the text is built, so successive
  ;; appends are contiguous.
  (func $emit (param $ptr i32) (param $len i32)
    (memory.copy (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $len))
                 (local.get $ptr) (local.get $len)))

  ;; Appends one byte.
  (func $emit-byte (param $byte i32)
    (i32.store8 (call $realloc (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 1)) (local.get $byte)))

  ;; Appends n in decimal.
  (func $emit-decimal (param $n i32)
    (local $at i32)
    (local.set $at (i32.const 560))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $digit (local.get $n)))
    (call $emit (local.get $at) (i32.sub (i32.const 560) (local.get $at))))

  ;; Whether name (any ASCII case) is "x-status".
  (func $is-x-status (param $ptr i32) (param $len i32) (result i32)
    (local $i i32)
    (if (i32.ne (local.get $len) (i32.const 8)) (then (return (i32.const 0))))
    (loop $next
      ;; OR 0x20 lowercases letters and leaves '-' as it is.
      (if (i32.ne (i32.or (i32.load8_u (i32.add (local.get $ptr) (local.get $i))) (i32.const 0x20))
                  (i32.load8_u offset=512 (local.get $i)))
        (then (return (i32.const 0))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 8))))
    (i32.const 1))

  ;; The value of three decimal digits at ptr, or -1 if it is not that.
  (func $three-digit-status (param $ptr i32) (param $len i32) (result i32)
    (local $i i32) (local $digit i32) (local $value i32)
    (if (i32.ne (local.get $len) (i32.const 3)) (then (return (i32.const -1))))
    (loop $next
      (local.set $digit (i32.sub (i32.load8_u (i32.add (local.get $ptr) (local.get $i))) (i32.const 48)))
      (if (i32.gt_u (local.get $digit) (i32.const 9)) (then (return (i32.const -1))))
      (local.set $value (i32.add (i32.mul (local.get $value) (i32.const 10)) (local.get $digit)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 3))))
    (local.get $value))

  ;; handle-http-request, flattened as wit-bindgen 0.2 does: the method enum, then (ptr, len) for uri,
  ;; headers and params, then body as (option tag, ptr, len).
  (func (export "handle-http-request")
        (param $method i32) (param $uri-ptr i32) (param $uri-len i32)
        (param $headers-ptr i32) (param $headers-count i32)
        (param $params-ptr i32) (param $params-count i32)
        (param $body-present i32) (param $body-ptr i32) (param $body-len i32)
        (result i32)
    (local $status i32) (local $parsed i32) (local $text-start i32)
    (local $entry i32) (local $entries-end i32)
    (local.set $status (i32.const 200))
    (if (i32.eqz (local.get $body-present)) (then (local.set $body-len (i32.const 0))))

    (local.set $text-start (global.get $heap))
    (call $emit (i32.const 384) (i32.const 7))
    (call $emit (i32.load offset=256 (i32.shl (local.get $method) (i32.const 3)))
                (i32.load offset=260 (i32.shl (local.get $method) (i32.const 3))))
    (call $emit (i32.const 400) (i32.const 5))
    (call $emit (local.get $uri-ptr) (local.get $uri-len))
    ;; Each header is (name ptr, name len, value ptr, value len).
    (local.set $entry (local.get $headers-ptr))
    (local.set $entries-end (i32.add (local.get $headers-ptr) (i32.shl (local.get $headers-count) (i32.const 4))))
    (block $no-more-headers
      (loop $next-header
        (br_if $no-more-headers (i32.ge_u (local.get $entry) (local.get $entries-end)))
        (call $emit (i32.const 416) (i32.const 8))
        (call $emit (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry)))
        (call $emit-byte (i32.const 61))  ;; '='
        (call $emit (i32.load offset=8 (local.get $entry)) (i32.load offset=12 (local.get $entry)))
        (if (call $is-x-status (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry)))
          (then
            (local.set $parsed (call $three-digit-status (i32.load offset=8 (local.get $entry))
                                                          (i32.load offset=12 (local.get $entry))))
            (if (i32.ge_s (local.get $parsed) (i32.const 0)) (then (local.set $status (local.get $parsed))))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
        (br $next-header)))
    (call $emit (i32.const 464) (i32.const 13))
    (call $emit-decimal (global.get $initialized))
    (call $emit (i32.const 448) (i32.const 8))
    (call $emit-decimal (local.get $params-count))
    (call $emit (i32.const 432) (i32.const 12))
    (call $emit-decimal (local.get $body-len))
    (call $emit-byte (i32.const 10))

    (i32.store16 (global.get $response) (local.get $status))
    (i32.store8 offset=4 (global.get $response) (i32.const 1))
    (i32.store offset=8 (global.get $response) (i32.const 32))
    (i32.store offset=12 (global.get $response) (i32.const 2))
    (i32.store8 offset=16 (global.get $response) (i32.const 1))
    (i32.store offset=20 (global.get $response) (local.get $text-start))
    (i32.store offset=24 (global.get $response) (i32.sub (global.get $heap) (local.get $text-start)))
    (global.get $response))

  ;; Spin 1's host freed what the response points at; a bump allocator
  ;; frees nothing.
  (func (export "canonical_abi_free") (param i32 i32 i32)))
