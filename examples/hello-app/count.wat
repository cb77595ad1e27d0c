;; A visit counter: every request adds one to "visits" in the key-value
;; store labelled "default" (wasi:keyvalue atomics, an embedded SQLite file
;; in .spin/ by default) and answers with the count. Written in the
;; component text format; count.wasm is built from it by
;; `wasm-tools parse count.wat -o count.wasm` (the component's build command).
(component $count
  ;; ---- imports: the resources and functions this guest calls ----
  (import "wasi:io/error@0.2.0" (instance $io-error-instance
    (export "error" (type (sub resource)))))
  (alias export $io-error-instance "error" (type $io-error))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer $count $io-error (type $io-error-outer))
    (export "error" (type $error (eq $io-error-outer)))
    (type $stream-error-type (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-type)))
    (export "output-stream" (type $output-stream (sub resource)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))))
  (alias export $streams "output-stream" (type $output-stream))

  (import "wasi:http/types@0.2.0" (instance $types
    (alias outer $count $output-stream (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    ;; error-code and its payload records, exactly as in types.wit: the
    ;; host checks these structurally.
    (type $dns-error-payload-type (record (field "rcode" (option string)) (field "info-code" (option u16))))
    (export "DNS-error-payload" (type $dns-error-payload (eq $dns-error-payload-type)))
    (type $tls-alert-received-payload-type (record (field "alert-id" (option u8)) (field "alert-message" (option string))))
    (export "TLS-alert-received-payload" (type $tls-alert-received-payload (eq $tls-alert-received-payload-type)))
    (type $field-size-payload-type (record (field "field-name" (option string)) (field "field-size" (option u32))))
    (export "field-size-payload" (type $field-size-payload (eq $field-size-payload-type)))
    (type $error-code-type (variant
      (case "DNS-timeout")
      (case "DNS-error" $dns-error-payload)
      (case "destination-not-found")
      (case "destination-unavailable")
      (case "destination-IP-prohibited")
      (case "destination-IP-unroutable")
      (case "connection-refused")
      (case "connection-terminated")
      (case "connection-timeout")
      (case "connection-read-timeout")
      (case "connection-write-timeout")
      (case "connection-limit-reached")
      (case "TLS-protocol-error")
      (case "TLS-certificate-error")
      (case "TLS-alert-received" $tls-alert-received-payload)
      (case "HTTP-request-denied")
      (case "HTTP-request-length-required")
      (case "HTTP-request-body-size" (option u64))
      (case "HTTP-request-method-invalid")
      (case "HTTP-request-URI-invalid")
      (case "HTTP-request-URI-too-long")
      (case "HTTP-request-header-section-size" (option u32))
      (case "HTTP-request-header-size" (option $field-size-payload))
      (case "HTTP-request-trailer-section-size" (option u32))
      (case "HTTP-request-trailer-size" $field-size-payload)
      (case "HTTP-response-incomplete")
      (case "HTTP-response-header-section-size" (option u32))
      (case "HTTP-response-header-size" $field-size-payload)
      (case "HTTP-response-body-size" (option u64))
      (case "HTTP-response-trailer-section-size" (option u32))
      (case "HTTP-response-trailer-size" $field-size-payload)
      (case "HTTP-response-transfer-coding" (option string))
      (case "HTTP-response-content-coding" (option string))
      (case "HTTP-response-timeout")
      (case "HTTP-upgrade-failed")
      (case "HTTP-protocol-error")
      (case "loop-detected")
      (case "configuration-error")
      (case "internal-error" (option string))))
    (export "error-code" (type $error-code (eq $error-code-type)))
    (type $header-error-type (variant (case "invalid-syntax") (case "forbidden") (case "immutable")))
    (export "header-error" (type $header-error (eq $header-error-type)))
    (export "fields" (type $fields (sub resource)))
    (export "incoming-request" (type $incoming-request (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (export "[static]fields.from-list"
      (func (param "entries" (list (tuple string (list u8))))
            (result (result (own $fields) (error $header-error)))))
    (export "[constructor]outgoing-response"
      (func (param "headers" (own $fields)) (result (own $outgoing-response))))
    (export "[method]outgoing-response.body"
      (func (param "self" (borrow $outgoing-response)) (result (result (own $outgoing-body)))))
    (export "[method]outgoing-body.write"
      (func (param "self" (borrow $outgoing-body)) (result (result (own $output-stream)))))
    (export "[static]outgoing-body.finish"
      (func (param "this" (own $outgoing-body)) (param "trailers" (option (own $fields)))
            (result (result (error $error-code)))))
    (export "[static]response-outparam.set"
      (func (param "param" (own $response-outparam))
            (param "response" (result (own $outgoing-response) (error $error-code)))))))
  (import "wasi:keyvalue/store@0.2.0-draft2" (instance $store
    (type $kv-error-type (variant (case "no-such-store") (case "access-denied") (case "other" string)))
    (export "error" (type $kv-error (eq $kv-error-type)))
    (export "bucket" (type $bucket (sub resource)))
    (export "open" (func (param "identifier" string) (result (result (own $bucket) (error $kv-error)))))))
  (alias export $store "bucket" (type $bucket))
  (alias export $store "error" (type $kv-error))

  (import "wasi:keyvalue/atomics@0.2.0-draft2" (instance $atomics
    (alias outer $count $bucket (type $bucket-outer))
    (export "bucket" (type $bucket (eq $bucket-outer)))
    (alias outer $count $kv-error (type $kv-error-outer))
    (export "error" (type $kv-error (eq $kv-error-outer)))
    (export "increment"
      (func (param "bucket" (borrow $bucket)) (param "key" string) (param "delta" s64) (result (result s64 (error $kv-error)))))))

  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "response-outparam" (type $response-outparam))

  ;; ---- memory and allocator, instantiated first so the lowered imports can use them ----
  (core module $Memory
    (memory (export "memory") 1)
    ;; The host allocates here for error strings.
    (global $heap (mut i32) (i32.const 1024))
    ;; Bump allocator: never frees; the instance lives for one request.
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
      (local $ptr i32) (local $end i32)
      (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $ptr) (local.get $size)))
      (if (i32.gt_u (local.get $end) (i32.shl (memory.size) (i32.const 16)))
        (then (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (local.get $end) (i32.shl (memory.size) (i32.const 16)))
                                                          (i32.const 0xffff))
                                                 (i32.const 16)))
                          (i32.const -1))
                (then unreachable))))
      (if (local.get $old) (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old-size))))
      (global.set $heap (local.get $end))
      (local.get $ptr)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "cabi_realloc" (core func $realloc))

  ;; ---- lowered host functions ----
  (core func $fields-from-list (canon lower (func $types "[static]fields.from-list") (memory $mem) (realloc $realloc)))
  (core func $new-response (canon lower (func $types "[constructor]outgoing-response")))
  (core func $response-body (canon lower (func $types "[method]outgoing-response.body") (memory $mem)))
  (core func $body-write (canon lower (func $types "[method]outgoing-body.write") (memory $mem)))
  (core func $body-finish (canon lower (func $types "[static]outgoing-body.finish") (memory $mem) (realloc $realloc)))
  (core func $outparam-set (canon lower (func $types "[static]response-outparam.set") (memory $mem)))
  (core func $write-and-flush (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem)))
  (core func $drop-output-stream (canon resource.drop $output-stream))
  (core func $drop-incoming-request (canon resource.drop $incoming-request))

  (core func $kv-open (canon lower (func $store "open") (memory $mem) (realloc $realloc)))
  (core func $kv-increment (canon lower (func $atomics "increment") (memory $mem) (realloc $realloc)))
  (core func $drop-bucket (canon resource.drop $bucket))

  (core module $Main
    (import "env" "memory" (memory 1))
    (import "http" "fields-from-list" (func $fields-from-list (param i32 i32 i32)))
    (import "http" "new-response" (func $new-response (param i32) (result i32)))
    (import "http" "response-body" (func $response-body (param i32 i32)))
    (import "http" "body-write" (func $body-write (param i32 i32)))
    (import "http" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    (import "http" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "http" "drop-incoming-request" (func $drop-incoming-request (param i32)))
    (import "io" "write-and-flush" (func $write-and-flush (param i32 i32 i32 i32)))
    (import "io" "drop-output-stream" (func $drop-output-stream (param i32)))
    (import "kv" "open" (func $kv-open (param i32 i32 i32)))
    (import "kv" "increment" (func $kv-increment (param i32 i32 i32 i64 i32)))
    (import "kv" "drop-bucket" (func $drop-bucket (param i32)))

    ;; Bytes 0..15 receive results returned through memory: a discriminant
    ;; byte at 0 and the payload at 4 (at 8 for an s64).
    (global $result i32 (i32.const 0))
    (data (i32.const 16) "\40\00\00\00\0c\00\00\00\50\00\00\00\0a\00\00\00")
    (data (i32.const 64) "content-type")
    (data (i32.const 80) "text/plain")
    (data (i32.const 96) "default")
    (data (i32.const 112) "visits")
    ;; The text before the number; the number and "\n" are written after it.
    (data (i32.const 128) "Visits counted in the key-value store: ")

    ;; The payload of a result<handle, _> written at $result; traps on err.
    (func $ok-handle (result i32)
      (if (i32.load8_u (global.get $result)) (then unreachable))
      (i32.load offset=4 (global.get $result)))

    ;; Writes `value` in decimal at `at`, then a newline; returns the end.
    (func $decimal (param $value i64) (param $at i32) (result i32)
      (local $digits i32) (local $i i32)
      (local.set $digits (i32.const 1))
      (block $done
        (loop $count
          (br_if $done (i64.lt_u (i64.div_u (local.get $value)
            (call $power (local.get $digits))) (i64.const 1)))
          (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
          (br $count)))
      (local.set $i (local.get $digits))
      (block $written
        (loop $write
          (br_if $written (i32.eqz (local.get $i)))
          (local.set $i (i32.sub (local.get $i) (i32.const 1)))
          (i32.store8 (i32.add (local.get $at) (local.get $i))
            (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $value) (i64.const 10)))))
          (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
          (br $write)))
      (i32.store8 (i32.add (local.get $at) (local.get $digits)) (i32.const 10))
      (i32.add (i32.add (local.get $at) (local.get $digits)) (i32.const 1)))

    ;; 10^n, for the digit count above.
    (func $power (param $n i32) (result i64)
      (local $result i64)
      (local.set $result (i64.const 1))
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $n)))
          (local.set $result (i64.mul (local.get $result) (i64.const 10)))
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $next)))
      (local.get $result))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $response i32) (local $body i32) (local $stream i32) (local $bucket i32) (local $end i32)
      (call $drop-incoming-request (local.get $request))
      ;; One more visit, atomically, in the store labelled "default".
      (call $kv-open (i32.const 96) (i32.const 7) (global.get $result))
      (local.set $bucket (call $ok-handle))
      (call $kv-increment (local.get $bucket) (i32.const 112) (i32.const 6) (i64.const 1) (global.get $result))
      (if (i32.load8_u (global.get $result)) (then unreachable))
      (local.set $end (call $decimal (i64.load offset=8 (global.get $result)) (i32.const 167)))
      (call $drop-bucket (local.get $bucket))
      (call $fields-from-list (i32.const 16) (i32.const 1) (global.get $result))
      (local.set $response (call $new-response (call $ok-handle)))
      (call $response-body (local.get $response) (global.get $result))
      (local.set $body (call $ok-handle))
      (call $outparam-set (local.get $response-out) (i32.const 0) (local.get $response)
                          (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $body) (global.get $result))
      (local.set $stream (call $ok-handle))
      (call $write-and-flush (local.get $stream) (i32.const 128) (i32.sub (local.get $end) (i32.const 128)) (global.get $result))
      (if (i32.load8_u (global.get $result)) (then unreachable))
      (call $drop-output-stream (local.get $stream))
      (call $body-finish (local.get $body) (i32.const 0) (i32.const 0) (global.get $result))
      (if (i32.load8_u (global.get $result)) (then unreachable))))

  (core instance $main (instantiate $Main
    (with "env" (instance (export "memory" (memory $mem))))
    (with "http" (instance
      (export "fields-from-list" (func $fields-from-list))
      (export "new-response" (func $new-response))
      (export "response-body" (func $response-body))
      (export "body-write" (func $body-write))
      (export "body-finish" (func $body-finish))
      (export "outparam-set" (func $outparam-set))
      (export "drop-incoming-request" (func $drop-incoming-request))))
    (with "io" (instance
      (export "write-and-flush" (func $write-and-flush))
      (export "drop-output-stream" (func $drop-output-stream))))
    (with "kv" (instance
      (export "open" (func $kv-open))
      (export "increment" (func $kv-increment))
      (export "drop-bucket" (func $drop-bucket))))))

  ;; ---- export: wasi:http/incoming-handler ----
  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "handle")))
  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
