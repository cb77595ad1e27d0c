;; A wasi:http proxy whose handler returns normally without ever calling
;; response-outparam.set: it drops the outparam (and the request). The host
;; must notice that no response came and answer 500.
(component
  (import "wasi:http/types@0.2.0" (instance $types
    (export "incoming-request" (type (sub resource)))
    (export "response-outparam" (type (sub resource)))))
  (alias export $types "incoming-request" (type $incoming-request))
  (alias export $types "response-outparam" (type $response-outparam))

  (core func $drop-incoming-request (canon resource.drop $incoming-request))
  (core func $drop-response-outparam (canon resource.drop $response-outparam))

  (core module $Main
    (import "http" "drop-incoming-request" (func $drop-incoming-request (param i32)))
    (import "http" "drop-response-outparam" (func $drop-response-outparam (param i32)))
    (func (export "handle") (param $request i32) (param $response-out i32)
      (call $drop-response-outparam (local.get $response-out))
      (call $drop-incoming-request (local.get $request))))
  (core instance $main (instantiate $Main
    (with "http" (instance
      (export "drop-incoming-request" (func $drop-incoming-request))
      (export "drop-response-outparam" (func $drop-response-outparam))))))

  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "handle")))
  (instance $incoming-handler (export "handle" (func $handle)))
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler)))
