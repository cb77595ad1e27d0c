;; A wasi:http proxy that describes the request it got. The response body is
;; text lines
;;   method=<METHOD>  path-with-query=<...>  scheme=<...>  authority=<...>
;;   header:<name>=<value>   (one per entry, in fields.entries order)
;;   body-bytes=<N>
;; then a blank line and the request body as it arrived. Status is 200, or
;; the value of an `x-status` request header made of three decimal digits.
;; Response headers: content-type: text/plain, x-echo: yes.
(component $echo
  ;; ---- imports: only the resources and functions this guest calls ----
  (import "wasi:io/error@0.2.0" (instance $io-error-instance
    (export "error" (type (sub resource)))))
  (alias export $io-error-instance "error" (type $io-error))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer $echo $io-error (type $io-error-outer))
    (export "error" (type $error (eq $io-error-outer)))
    (type $stream-error-type (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-type)))
    (export "input-stream" (type $input-stream (sub resource)))
    (export "output-stream" (type $output-stream (sub resource)))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $input-stream)) (param "len" u64)
            (result (result (list u8) (error $stream-error)))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "output-stream" (type $output-stream))

  (import "wasi:http/types@0.2.0" (instance $types
    (alias outer $echo $input-stream (type $input-stream-outer))
    (export "input-stream" (type $input-stream (eq $input-stream-outer)))
    (alias outer $echo $output-stream (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
    (type $method-type (variant
      (case "get") (case "head") (case "post") (case "put") (case "delete")
      (case "connect") (case "options") (case "trace") (case "patch") (case "other" string)))
    (export "method" (type $method (eq $method-type)))
    (type $scheme-type (variant (case "HTTP") (case "HTTPS") (case "other" string)))
    (export "scheme" (type $scheme (eq $scheme-type)))
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
    (export "incoming-body" (type $incoming-body (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (export "[static]fields.from-list"
      (func (param "entries" (list (tuple string (list u8))))
            (result (result (own $fields) (error $header-error)))))
    (export "[method]fields.entries"
      (func (param "self" (borrow $fields)) (result (list (tuple string (list u8))))))
    (export "[method]incoming-request.method"
      (func (param "self" (borrow $incoming-request)) (result $method)))
    (export "[method]incoming-request.path-with-query"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
    (export "[method]incoming-request.scheme"
      (func (param "self" (borrow $incoming-request)) (result (option $scheme))))
    (export "[method]incoming-request.authority"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
    (export "[method]incoming-request.headers"
      (func (param "self" (borrow $incoming-request)) (result (own $fields))))
    (export "[method]incoming-request.consume"
      (func (param "self" (borrow $incoming-request)) (result (result (own $incoming-body)))))
    (export "[method]incoming-body.stream"
      (func (param "self" (borrow $incoming-body)) (result (result (own $input-stream)))))
    (export "[constructor]outgoing-response"
      (func (param "headers" (own $fields)) (result (own $outgoing-response))))
    (export "[method]outgoing-response.set-status-code"
      (func (param "self" (borrow $outgoing-response)) (param "status-code" u16) (result (result))))
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
  (alias export $types "fields" (type $fields))
  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "incoming-body" (type $incoming-body))
  (alias export $types "response-outparam" (type $response-outparam))

  ;; ---- memory and allocator, instantiated first so the lowered imports can use them ----
  (core module $Memory
    (memory (export "memory") 1)
    ;; Everything below is static data and result slots.
    (global $heap (export "heap") (mut i32) (i32.const 4096))
    ;; Bump allocator: never frees; the instance lives for one request.
    ;; Grows memory when the heap outruns it.
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32) (result i32)
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
      (local.get $ptr)))
  (core instance $memory (instantiate $Memory))
  (alias core export $memory "memory" (core memory $mem))
  (alias core export $memory "cabi_realloc" (core func $realloc))

  ;; ---- lowered host functions ----
  (core func $fields-from-list (canon lower (func $types "[static]fields.from-list") (memory $mem) (realloc $realloc)))
  (core func $fields-entries (canon lower (func $types "[method]fields.entries") (memory $mem) (realloc $realloc)))
  (core func $request-method (canon lower (func $types "[method]incoming-request.method") (memory $mem) (realloc $realloc)))
  (core func $request-path-with-query (canon lower (func $types "[method]incoming-request.path-with-query") (memory $mem) (realloc $realloc)))
  (core func $request-scheme (canon lower (func $types "[method]incoming-request.scheme") (memory $mem) (realloc $realloc)))
  (core func $request-authority (canon lower (func $types "[method]incoming-request.authority") (memory $mem) (realloc $realloc)))
  (core func $request-headers (canon lower (func $types "[method]incoming-request.headers")))
  (core func $request-consume (canon lower (func $types "[method]incoming-request.consume") (memory $mem)))
  (core func $body-stream (canon lower (func $types "[method]incoming-body.stream") (memory $mem)))
  (core func $new-response (canon lower (func $types "[constructor]outgoing-response")))
  (core func $set-status-code (canon lower (func $types "[method]outgoing-response.set-status-code")))
  (core func $response-body (canon lower (func $types "[method]outgoing-response.body") (memory $mem)))
  (core func $body-write (canon lower (func $types "[method]outgoing-body.write") (memory $mem)))
  (core func $body-finish (canon lower (func $types "[static]outgoing-body.finish") (memory $mem) (realloc $realloc)))
  (core func $outparam-set (canon lower (func $types "[static]response-outparam.set") (memory $mem)))
  (core func $blocking-read (canon lower (func $streams "[method]input-stream.blocking-read") (memory $mem) (realloc $realloc)))
  (core func $write-and-flush (canon lower (func $streams "[method]output-stream.blocking-write-and-flush") (memory $mem)))
  (core func $drop-fields (canon resource.drop $fields))
  (core func $drop-incoming-request (canon resource.drop $incoming-request))
  (core func $drop-incoming-body (canon resource.drop $incoming-body))
  (core func $drop-input-stream (canon resource.drop $input-stream))
  (core func $drop-output-stream (canon resource.drop $output-stream))

  (core module $Main
    (import "env" "memory" (memory 1))
    (import "env" "heap" (global $heap (mut i32)))
    (import "env" "cabi_realloc" (func $realloc (param i32 i32 i32 i32) (result i32)))
    (import "http" "fields-from-list" (func $fields-from-list (param i32 i32 i32)))
    (import "http" "fields-entries" (func $fields-entries (param i32 i32)))
    (import "http" "request-method" (func $request-method (param i32 i32)))
    (import "http" "request-path-with-query" (func $request-path-with-query (param i32 i32)))
    (import "http" "request-scheme" (func $request-scheme (param i32 i32)))
    (import "http" "request-authority" (func $request-authority (param i32 i32)))
    (import "http" "request-headers" (func $request-headers (param i32) (result i32)))
    (import "http" "request-consume" (func $request-consume (param i32 i32)))
    (import "http" "body-stream" (func $body-stream (param i32 i32)))
    (import "http" "new-response" (func $new-response (param i32) (result i32)))
    (import "http" "set-status-code" (func $set-status-code (param i32 i32) (result i32)))
    (import "http" "response-body" (func $response-body (param i32 i32)))
    (import "http" "body-write" (func $body-write (param i32 i32)))
    (import "http" "body-finish" (func $body-finish (param i32 i32 i32 i32)))
    ;; set(param, result<outgoing-response, error-code>) flattens to the
    ;; outparam, the result tag and the slots of error-code's widest case;
    ;; an ok response fills only the first slot, the rest are zero.
    (import "http" "outparam-set" (func $outparam-set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "http" "drop-fields" (func $drop-fields (param i32)))
    (import "http" "drop-incoming-request" (func $drop-incoming-request (param i32)))
    (import "http" "drop-incoming-body" (func $drop-incoming-body (param i32)))
    (import "io" "blocking-read" (func $blocking-read (param i32 i64 i32)))
    (import "io" "write-and-flush" (func $write-and-flush (param i32 i32 i32 i32)))
    (import "io" "drop-input-stream" (func $drop-input-stream (param i32)))
    (import "io" "drop-output-stream" (func $drop-output-stream (param i32)))

    ;; Bytes 0..31 receive results returned through memory; each is read
    ;; before the next call overwrites it.
    (global $result i32 (i32.const 0))
    ;; Response headers for fields.from-list: two (name, value) tuples.
    (data (i32.const 32)
      "\80\00\00\00\0c\00\00\00\90\00\00\00\0a\00\00\00"   ;; content-type: text/plain
      "\a0\00\00\00\06\00\00\00\a8\00\00\00\03\00\00\00")  ;; x-echo: yes
    (data (i32.const 128) "content-type")
    (data (i32.const 144) "text/plain")
    (data (i32.const 160) "x-echo")
    (data (i32.const 168) "yes")
    ;; Method names in the order of the WIT variant, as (offset, length)
    ;; pairs into the string at 320.
    (data (i32.const 256)
      "\40\01\00\00\03\00\00\00"   ;; GET
      "\43\01\00\00\04\00\00\00"   ;; HEAD
      "\47\01\00\00\04\00\00\00"   ;; POST
      "\4b\01\00\00\03\00\00\00"   ;; PUT
      "\4e\01\00\00\06\00\00\00"   ;; DELETE
      "\54\01\00\00\07\00\00\00"   ;; CONNECT
      "\5b\01\00\00\07\00\00\00"   ;; OPTIONS
      "\62\01\00\00\05\00\00\00"   ;; TRACE
      "\67\01\00\00\05\00\00\00")  ;; PATCH
    (data (i32.const 320) "GETHEADPOSTPUTDELETECONNECTOPTIONSTRACEPATCH")
    ;; Line prefixes.
    (data (i32.const 384) "method=")                ;; 7
    (data (i32.const 400) "\npath-with-query=")     ;; 17
    (data (i32.const 432) "\nscheme=")              ;; 8
    (data (i32.const 448) "\nauthority=")           ;; 11
    (data (i32.const 464) "\nheader:")              ;; 8
    (data (i32.const 480) "\nbody-bytes=")          ;; 12
    (data (i32.const 496) "http")
    (data (i32.const 504) "https")
    (data (i32.const 512) "x-status")
    ;; 528..559: scratch for formatting a decimal.

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
    (func $emit-decimal (param $n i64)
      (local $at i32)
      (local.set $at (i32.const 560))
      (loop $digit
        (local.set $at (i32.sub (local.get $at) (i32.const 1)))
        (i32.store8 (local.get $at) (i32.add (i32.const 48) (i32.wrap_i64 (i64.rem_u (local.get $n) (i64.const 10)))))
        (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
        (br_if $digit (i64.ne (local.get $n) (i64.const 0))))
      (call $emit (local.get $at) (i32.sub (i32.const 560) (local.get $at))))

    ;; Appends the option<string> at $result: its text, or nothing for none.
    (func $emit-optional-string
      (if (i32.load8_u (global.get $result))
        (then (call $emit (i32.load offset=4 (global.get $result)) (i32.load offset=8 (global.get $result))))))

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

    ;; The payload of a result<handle, _> at $result; traps on err.
    (func $ok-handle (result i32)
      (if (i32.load8_u (global.get $result)) (then unreachable))
      (i32.load offset=4 (global.get $result)))

    ;; Writes len bytes in pieces of at most 4096, the most one
    ;; blocking-write-and-flush may take.
    (func $write-all (param $stream i32) (param $ptr i32) (param $len i32)
      (local $piece i32)
      (block $done
        (loop $next
          (br_if $done (i32.eqz (local.get $len)))
          (local.set $piece (select (i32.const 4096) (local.get $len) (i32.gt_u (local.get $len) (i32.const 4096))))
          (call $write-and-flush (local.get $stream) (local.get $ptr) (local.get $piece) (global.get $result))
          (if (i32.load8_u (global.get $result)) (then unreachable))
          (local.set $ptr (i32.add (local.get $ptr) (local.get $piece)))
          (local.set $len (i32.sub (local.get $len) (local.get $piece)))
          (br $next))))

    (func (export "handle") (param $request i32) (param $response-out i32)
      (local $status i32) (local $parsed i32)
      (local $method-case i32) (local $method-ptr i32) (local $method-len i32)
      (local $path-present i32) (local $path-ptr i32) (local $path-len i32)
      (local $scheme-case i32) (local $scheme-ptr i32) (local $scheme-len i32)
      (local $authority-present i32) (local $authority-ptr i32) (local $authority-len i32)
      (local $headers i32) (local $entries-ptr i32) (local $entries-count i32) (local $entry i32) (local $entries-end i32)
      (local $incoming-body i32) (local $input i32) (local $chunk-ptr i32) (local $chunk-len i32)
      (local $body-start i32) (local $body-len i32) (local $text-start i32) (local $text-len i32)
      (local $response i32) (local $outgoing-body i32) (local $output i32)
      (local.set $status (i32.const 200))

      ;; Ask for everything first; the host puts strings on the heap.
      (call $request-method (local.get $request) (global.get $result))
      (local.set $method-case (i32.load8_u (global.get $result)))
      (local.set $method-ptr (i32.load offset=4 (global.get $result)))
      (local.set $method-len (i32.load offset=8 (global.get $result)))
      (if (i32.lt_u (local.get $method-case) (i32.const 9))
        (then (local.set $method-ptr (i32.load offset=256 (i32.shl (local.get $method-case) (i32.const 3))))
              (local.set $method-len (i32.load offset=260 (i32.shl (local.get $method-case) (i32.const 3))))))
      (call $request-path-with-query (local.get $request) (global.get $result))
      (local.set $path-present (i32.load8_u (global.get $result)))
      (local.set $path-ptr (i32.load offset=4 (global.get $result)))
      (local.set $path-len (i32.load offset=8 (global.get $result)))
      ;; option<scheme>: option tag at 0, scheme tag at 4, other's string at 8.
      (call $request-scheme (local.get $request) (global.get $result))
      (local.set $scheme-case (select (i32.load8_u offset=4 (global.get $result)) (i32.const -1)
                                      (i32.load8_u (global.get $result))))
      (local.set $scheme-ptr (i32.load offset=8 (global.get $result)))
      (local.set $scheme-len (i32.load offset=12 (global.get $result)))
      (call $request-authority (local.get $request) (global.get $result))
      (local.set $authority-present (i32.load8_u (global.get $result)))
      (local.set $authority-ptr (i32.load offset=4 (global.get $result)))
      (local.set $authority-len (i32.load offset=8 (global.get $result)))
      (local.set $headers (call $request-headers (local.get $request)))
      (call $fields-entries (local.get $headers) (global.get $result))
      (local.set $entries-ptr (i32.load (global.get $result)))
      (local.set $entries-count (i32.load offset=4 (global.get $result)))
      (call $drop-fields (local.get $headers))

      ;; Read the body to its end. Each chunk the host allocates lands at
      ;; the heap top; moving it down to the end of the previous one keeps
      ;; the body in one piece even if the allocator ever pads.
      (call $request-consume (local.get $request) (global.get $result))
      (local.set $incoming-body (call $ok-handle))
      (call $body-stream (local.get $incoming-body) (global.get $result))
      (local.set $input (call $ok-handle))
      (local.set $body-start (global.get $heap))
      (block $end-of-body
        (loop $read
          (call $blocking-read (local.get $input) (i64.const 65536) (global.get $result))
          (if (i32.load8_u (global.get $result))
            (then
              ;; stream-error: closed (1) is the end; a failed read traps.
              (br_if $end-of-body (i32.eq (i32.load8_u offset=4 (global.get $result)) (i32.const 1)))
              unreachable))
          (local.set $chunk-ptr (i32.load offset=4 (global.get $result)))
          (local.set $chunk-len (i32.load offset=8 (global.get $result)))
          (if (i32.ne (local.get $chunk-ptr) (i32.add (local.get $body-start) (local.get $body-len)))
            (then (memory.copy (i32.add (local.get $body-start) (local.get $body-len))
                               (local.get $chunk-ptr) (local.get $chunk-len))))
          (local.set $body-len (i32.add (local.get $body-len) (local.get $chunk-len)))
          (global.set $heap (i32.add (local.get $body-start) (local.get $body-len)))
          (br $read)))
      (call $drop-input-stream (local.get $input))
      (call $drop-incoming-body (local.get $incoming-body))
      (call $drop-incoming-request (local.get $request))

      ;; Build the text lines above the body.
      (local.set $text-start (global.get $heap))
      (call $emit (i32.const 384) (i32.const 7))
      (call $emit (local.get $method-ptr) (local.get $method-len))
      (call $emit (i32.const 400) (i32.const 17))
      (if (local.get $path-present) (then (call $emit (local.get $path-ptr) (local.get $path-len))))
      (call $emit (i32.const 432) (i32.const 8))
      (if (i32.eqz (local.get $scheme-case)) (then (call $emit (i32.const 496) (i32.const 4))))
      (if (i32.eq (local.get $scheme-case) (i32.const 1)) (then (call $emit (i32.const 504) (i32.const 5))))
      (if (i32.eq (local.get $scheme-case) (i32.const 2)) (then (call $emit (local.get $scheme-ptr) (local.get $scheme-len))))
      (call $emit (i32.const 448) (i32.const 11))
      (if (local.get $authority-present) (then (call $emit (local.get $authority-ptr) (local.get $authority-len))))
      ;; Each entry is (name ptr, name len, value ptr, value len).
      (local.set $entry (local.get $entries-ptr))
      (local.set $entries-end (i32.add (local.get $entries-ptr) (i32.shl (local.get $entries-count) (i32.const 4))))
      (block $no-more-entries
        (loop $next-entry
          (br_if $no-more-entries (i32.ge_u (local.get $entry) (local.get $entries-end)))
          (call $emit (i32.const 464) (i32.const 8))
          (call $emit (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry)))
          (call $emit-byte (i32.const 61))  ;; '='
          (call $emit (i32.load offset=8 (local.get $entry)) (i32.load offset=12 (local.get $entry)))
          (if (call $is-x-status (i32.load (local.get $entry)) (i32.load offset=4 (local.get $entry)))
            (then
              (local.set $parsed (call $three-digit-status (i32.load offset=8 (local.get $entry))
                                                            (i32.load offset=12 (local.get $entry))))
              (if (i32.ge_s (local.get $parsed) (i32.const 0)) (then (local.set $status (local.get $parsed))))))
          (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
          (br $next-entry)))
      (call $emit (i32.const 480) (i32.const 12))
      (call $emit-decimal (i64.extend_i32_u (local.get $body-len)))
      (call $emit-byte (i32.const 10))
      (call $emit-byte (i32.const 10))
      (local.set $text-len (i32.sub (global.get $heap) (local.get $text-start)))

      ;; Respond. A status the host rejects (below 100) leaves 200.
      (call $fields-from-list (i32.const 32) (i32.const 2) (global.get $result))
      (local.set $response (call $new-response (call $ok-handle)))
      (if (i32.ne (local.get $status) (i32.const 200))
        (then (drop (call $set-status-code (local.get $response) (local.get $status)))))
      (call $response-body (local.get $response) (global.get $result))
      (local.set $outgoing-body (call $ok-handle))
      ;; Hand the response over before writing: the host starts sending it
      ;; then, and a body larger than its buffer would otherwise block.
      (call $outparam-set (local.get $response-out) (i32.const 0) (local.get $response)
                          (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body-write (local.get $outgoing-body) (global.get $result))
      (local.set $output (call $ok-handle))
      (call $write-all (local.get $output) (local.get $text-start) (local.get $text-len))
      (call $write-all (local.get $output) (local.get $body-start) (local.get $body-len))
      (call $drop-output-stream (local.get $output))
      (call $body-finish (local.get $outgoing-body) (i32.const 0) (i32.const 0) (global.get $result))
      (if (i32.load8_u (global.get $result)) (then unreachable))))

  (core instance $main (instantiate $Main
    (with "env" (instance $memory))
    (with "http" (instance
      (export "fields-from-list" (func $fields-from-list))
      (export "fields-entries" (func $fields-entries))
      (export "request-method" (func $request-method))
      (export "request-path-with-query" (func $request-path-with-query))
      (export "request-scheme" (func $request-scheme))
      (export "request-authority" (func $request-authority))
      (export "request-headers" (func $request-headers))
      (export "request-consume" (func $request-consume))
      (export "body-stream" (func $body-stream))
      (export "new-response" (func $new-response))
      (export "set-status-code" (func $set-status-code))
      (export "response-body" (func $response-body))
      (export "body-write" (func $body-write))
      (export "body-finish" (func $body-finish))
      (export "outparam-set" (func $outparam-set))
      (export "drop-fields" (func $drop-fields))
      (export "drop-incoming-request" (func $drop-incoming-request))
      (export "drop-incoming-body" (func $drop-incoming-body))))
    (with "io" (instance
      (export "blocking-read" (func $blocking-read))
      (export "write-and-flush" (func $write-and-flush))
      (export "drop-input-stream" (func $drop-input-stream))
      (export "drop-output-stream" (func $drop-output-stream))))))

  ;; ---- export: wasi:http/incoming-handler ----
  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "handle")))
  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
