;; A WAGI guest that sleeps for an hour in one poll_oneoff call before it
;; answers: its deadline must still stop it.
(module
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; One clock subscription at 0 (48 bytes): userdata 0, tag 0 (clock),
  ;; clock id 1 (monotonic) at 16, timeout at 24 (3,600 s in nanoseconds),
  ;; precision 0, flags 0 (relative). Its event goes to 64, the count to 128.
  (data (i32.const 16) "\01\00\00\00")
  (data (i32.const 24) "\00\a0\b8\30\46\03\00\00")
  (func (export "_start")
    (drop (call $poll_oneoff (i32.const 0) (i32.const 64) (i32.const 1) (i32.const 128)))))
