;; Memory 0 against memory 1: the same loop of a store and a load on each.
;; wasm-tools parse loop.wat -o loop.wasm; spin wasm run --invoke zero|one loop.wasm 100000000
;; (RATIONALE.md, "Multiple memories behind a switch").
(module
  (memory $a 1)
  (memory $b 1)
  (func (export "zero") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (i32.store $a (i32.and (local.get $i) (i32.const 4092)) (local.get $i))
      (local.set $s (i32.add (local.get $s) (i32.load $a (i32.and (i32.add (local.get $i) (i32.const 4)) (i32.const 4092)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s))
  (func (export "one") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (i32.store $b (i32.and (local.get $i) (i32.const 4092)) (local.get $i))
      (local.set $s (i32.add (local.get $s) (i32.load $b (i32.and (i32.add (local.get $i) (i32.const 4)) (i32.const 4092)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))
