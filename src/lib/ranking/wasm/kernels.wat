;; Scan kernels: one query against `count` row-major rows of `dim` values, one score per row.
;; WebAssembly SIMD (v128), hand-written. Built by `npm run build:wasm` (scripts/build-wasm.ts,
;; wabt with the simd feature) into kernels.generated.ts; loaded by kernels.ts.
;;
;; All pointers are byte addresses in the exported memory, which the JS side grows and lays out.
;; Rows need no alignment (v128.load accepts any address; 16-byte alignment is only faster).
;; Each kernel runs a 16-values-per-step SIMD loop over the first dim & ~15 values of a row and
;; a scalar loop over the rest, so any dim >= 1 works. Float sums are kept in float32 lanes.
;;
;;   dot_f32 (q, rows, dim, count, out)                  out[i] = sum_j q[j] * row_i[j]            (f32)
;;   l1_f32  (q, rows, dim, count, out)                  out[i] = sum_j |q[j] - row_i[j]|          (f32)
;;   l2sq_f32(q, rows, dim, count, out)                  out[i] = sum_j (q[j] - row_i[j])^2        (f32)
;;   dot_i8  (q16, rows, scales, qscale, dim, count, out)
;;       rows are int8, q16 is an int8-quantized query stored widened to i16 (2 bytes a value);
;;       exact i32 integer dot (i16x8 dot products), out[i] = f32(acc) * qscale * scales[i]  (f32)
;;   dot_i8f (q, rows, scales, dim, count, out)          float query; int8 rows widened to f32:
;;       out[i] = scales[i] * sum_j q[j] * f32(row_i[j])                                    (f32)
;;   l1_i8   (q, rows, scales, dim, count, out)          out[i] = sum_j |q[j] - scales[i] * row_i[j]|
;;   sum_bytes(ptr, len) -> i32                          wrapping i32 sum of the bytes as i32x4 lanes:
;;       reads memory exactly like a scan does, with the cheapest possible arithmetic (bandwidth reference)
(module
  (memory (export "memory") 1)

  (func $hsum_f32 (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  (func $hsum_i32 (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  ;; ---------------------------------------------------------------- float32 rows

  (func (export "dot_f32") (param $q i32) (param $rows i32) (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32) (local $stride i32) (local $vbytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f32)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $vbytes (i32.shl (i32.and (local.get $dim) (i32.const -16)) (i32.const 2)))
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $x (local.get $p))
        (local.set $qx (local.get $q))
        (local.set $vend (i32.add (local.get $p) (local.get $vbytes)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $qx)) (v128.load (local.get $x)))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $qx)) (v128.load offset=16 (local.get $x)))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $qx)) (v128.load offset=32 (local.get $x)))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $qx)) (v128.load offset=48 (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $v)))
        (local.set $s (call $hsum_f32 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $qx)) (f32.load (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 4)))
            (br $t)))
        (f32.store (local.get $out) (local.get $s))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  (func (export "l1_f32") (param $q i32) (param $rows i32) (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32) (local $stride i32) (local $vbytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f32)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $vbytes (i32.shl (i32.and (local.get $dim) (i32.const -16)) (i32.const 2)))
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $x (local.get $p))
        (local.set $qx (local.get $q))
        (local.set $vend (i32.add (local.get $p) (local.get $vbytes)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.abs (f32x4.sub (v128.load (local.get $qx)) (v128.load (local.get $x))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.abs (f32x4.sub (v128.load offset=16 (local.get $qx)) (v128.load offset=16 (local.get $x))))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.abs (f32x4.sub (v128.load offset=32 (local.get $qx)) (v128.load offset=32 (local.get $x))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.abs (f32x4.sub (v128.load offset=48 (local.get $qx)) (v128.load offset=48 (local.get $x))))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $v)))
        (local.set $s (call $hsum_f32 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $s (f32.add (local.get $s) (f32.abs (f32.sub (f32.load (local.get $qx)) (f32.load (local.get $x))))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 4)))
            (br $t)))
        (f32.store (local.get $out) (local.get $s))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  (func (export "l2sq_f32") (param $q i32) (param $rows i32) (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32) (local $stride i32) (local $vbytes i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $d v128) (local $s f32) (local $e f32)
    (local.set $stride (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $vbytes (i32.shl (i32.and (local.get $dim) (i32.const -16)) (i32.const 2)))
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $x (local.get $p))
        (local.set $qx (local.get $q))
        (local.set $vend (i32.add (local.get $p) (local.get $vbytes)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
            (local.set $d (f32x4.sub (v128.load (local.get $qx)) (v128.load (local.get $x))))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $d (f32x4.sub (v128.load offset=16 (local.get $qx)) (v128.load offset=16 (local.get $x))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $d (f32x4.sub (v128.load offset=32 (local.get $qx)) (v128.load offset=32 (local.get $x))))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $d (f32x4.sub (v128.load offset=48 (local.get $qx)) (v128.load offset=48 (local.get $x))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $d) (local.get $d))))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $v)))
        (local.set $s (call $hsum_f32 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $e (f32.sub (f32.load (local.get $qx)) (f32.load (local.get $x))))
            (local.set $s (f32.add (local.get $s) (f32.mul (local.get $e) (local.get $e))))
            (local.set $x (i32.add (local.get $x) (i32.const 4)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 4)))
            (br $t)))
        (f32.store (local.get $out) (local.get $s))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  ;; ---------------------------------------------------------------- int8 rows, per-row scale

  (func (export "dot_i8") (param $q i32) (param $rows i32) (param $scales i32) (param $qscale f32) (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32) (local $vbytes i32)
    (local $r v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s i32)
    (local.set $vbytes (i32.and (local.get $dim) (i32.const -16)))
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $x (local.get $p))
        (local.set $qx (local.get $q))
        (local.set $vend (i32.add (local.get $p) (local.get $vbytes)))
        ;; 32 values a step while they last, then at most one step of 16
        (block $wdone
          (loop $w
            (br_if $wdone (i32.gt_u (i32.add (local.get $x) (i32.const 32)) (local.get $vend)))
            (local.set $r (v128.load (local.get $x)))
            (local.set $a0 (i32x4.add (local.get $a0)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $r)) (v128.load (local.get $qx)))))
            (local.set $a1 (i32x4.add (local.get $a1)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $r)) (v128.load offset=16 (local.get $qx)))))
            (local.set $r (v128.load offset=16 (local.get $x)))
            (local.set $a2 (i32x4.add (local.get $a2)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $r)) (v128.load offset=32 (local.get $qx)))))
            (local.set $a3 (i32x4.add (local.get $a3)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $r)) (v128.load offset=48 (local.get $qx)))))
            (local.set $x (i32.add (local.get $x) (i32.const 32)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $w)))
        (if (i32.lt_u (local.get $x) (local.get $vend))
          (then
            (local.set $r (v128.load (local.get $x)))
            (local.set $a0 (i32x4.add (local.get $a0)
              (i32x4.dot_i16x8_s (i16x8.extend_low_i8x16_s (local.get $r)) (v128.load (local.get $qx)))))
            (local.set $a1 (i32x4.add (local.get $a1)
              (i32x4.dot_i16x8_s (i16x8.extend_high_i8x16_s (local.get $r)) (v128.load offset=16 (local.get $qx)))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 32)))))
        (local.set $s (call $hsum_i32 (i32x4.add (i32x4.add (local.get $a0) (local.get $a1)) (i32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $dim)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.mul (i32.load16_s (local.get $qx)) (i32.load8_s (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 2)))
            (br $t)))
        (f32.store (local.get $out)
          (f32.mul (f32.mul (f32.convert_i32_s (local.get $s)) (local.get $qscale)) (f32.load (local.get $scales))))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  (func (export "dot_i8f") (param $q i32) (param $rows i32) (param $scales i32) (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32) (local $vbytes i32)
    (local $r v128) (local $h v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s f32)
    (local.set $vbytes (i32.and (local.get $dim) (i32.const -16)))
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $x (local.get $p))
        (local.set $qx (local.get $q))
        (local.set $vend (i32.add (local.get $p) (local.get $vbytes)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
            (local.set $r (v128.load (local.get $x)))
            (local.set $h (i16x8.extend_low_i8x16_s (local.get $r)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (v128.load (local.get $qx))
              (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $h))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (v128.load offset=16 (local.get $qx))
              (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $h))))))
            (local.set $h (i16x8.extend_high_i8x16_s (local.get $r)))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (v128.load offset=32 (local.get $qx))
              (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $h))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (v128.load offset=48 (local.get $qx))
              (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $h))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $v)))
        (local.set $s (call $hsum_f32 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $dim)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $qx)) (f32.convert_i32_s (i32.load8_s (local.get $x))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 4)))
            (br $t)))
        (f32.store (local.get $out) (f32.mul (local.get $s) (f32.load (local.get $scales))))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  (func (export "l1_i8") (param $q i32) (param $rows i32) (param $scales i32) (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32) (local $vbytes i32)
    (local $r v128) (local $h v128) (local $sv v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $s f32) (local $sc f32)
    (local.set $vbytes (i32.and (local.get $dim) (i32.const -16)))
    (local.set $p (local.get $rows))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $count) (i32.const 2))))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a0 (v128.const i64x2 0 0))
        (local.set $a1 (v128.const i64x2 0 0))
        (local.set $a2 (v128.const i64x2 0 0))
        (local.set $a3 (v128.const i64x2 0 0))
        (local.set $sc (f32.load (local.get $scales)))
        (local.set $sv (f32x4.splat (local.get $sc)))
        (local.set $x (local.get $p))
        (local.set $qx (local.get $q))
        (local.set $vend (i32.add (local.get $p) (local.get $vbytes)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
            (local.set $r (v128.load (local.get $x)))
            (local.set $h (i16x8.extend_low_i8x16_s (local.get $r)))
            (local.set $a0 (f32x4.add (local.get $a0) (f32x4.abs (f32x4.sub (v128.load (local.get $qx))
              (f32x4.mul (local.get $sv) (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $h))))))))
            (local.set $a1 (f32x4.add (local.get $a1) (f32x4.abs (f32x4.sub (v128.load offset=16 (local.get $qx))
              (f32x4.mul (local.get $sv) (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $h))))))))
            (local.set $h (i16x8.extend_high_i8x16_s (local.get $r)))
            (local.set $a2 (f32x4.add (local.get $a2) (f32x4.abs (f32x4.sub (v128.load offset=32 (local.get $qx))
              (f32x4.mul (local.get $sv) (f32x4.convert_i32x4_s (i32x4.extend_low_i16x8_s (local.get $h))))))))
            (local.set $a3 (f32x4.add (local.get $a3) (f32x4.abs (f32x4.sub (v128.load offset=48 (local.get $qx))
              (f32x4.mul (local.get $sv) (f32x4.convert_i32x4_s (i32x4.extend_high_i16x8_s (local.get $h))))))))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $v)))
        (local.set $s (call $hsum_f32 (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $dim)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $s (f32.add (local.get $s) (f32.abs (f32.sub (f32.load (local.get $qx))
              (f32.mul (local.get $sc) (f32.convert_i32_s (i32.load8_s (local.get $x))))))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 4)))
            (br $t)))
        (f32.store (local.get $out) (local.get $s))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))

  ;; ---------------------------------------------------------------- bandwidth reference

  (func (export "sum_bytes") (param $ptr i32) (param $len i32) (result i32)
    (local $vend i32) (local $end i32) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s i32)
    (local.set $end (i32.add (local.get $ptr) (local.get $len)))
    (local.set $vend (i32.add (local.get $ptr) (i32.and (local.get $len) (i32.const -64))))
    (block $vdone
      (loop $v
        (br_if $vdone (i32.ge_u (local.get $ptr) (local.get $vend)))
        (local.set $a0 (i32x4.add (local.get $a0) (v128.load (local.get $ptr))))
        (local.set $a1 (i32x4.add (local.get $a1) (v128.load offset=16 (local.get $ptr))))
        (local.set $a2 (i32x4.add (local.get $a2) (v128.load offset=32 (local.get $ptr))))
        (local.set $a3 (i32x4.add (local.get $a3) (v128.load offset=48 (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 64)))
        (br $v)))
    (local.set $s (call $hsum_i32 (i32x4.add (i32x4.add (local.get $a0) (local.get $a1)) (i32x4.add (local.get $a2) (local.get $a3)))))
    (block $tdone
      (loop $t
        (br_if $tdone (i32.ge_u (local.get $ptr) (local.get $end)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $ptr))))
        (local.set $ptr (i32.add (local.get $ptr) (i32.const 1)))
        (br $t)))
    (local.get $s))
)
