;; The int8 dot kernel on Relaxed SIMD (i32x4.relaxed_dot_i8x16_i7x16_add_s), in a module of its
;; own because engines without relaxed SIMD reject the whole module; kernels.ts instantiates it
;; only where it validates, on the memory of the main kernels (kernels.wat), where the rows are.
;;
;;   dot_i8_relaxed(qb, rows, rowsums, scales, qscale, dim, count, out)
;;       rows are int8; the query is quantized to [-63, 63] (quantizeQueryI7) and stored biased,
;;       qb[j] = q[j] + 64 in [1, 127], because the instruction defines its second operand only
;;       for bytes below 128. Then sum_j row[j] * qb[j] = dot(row, q) + 64 * rowsum, so
;;       out[i] = f32(acc - 64 * rowsums[i]) * qscale * scales[i]    (rowsums: i32, sum of row i)
;;       Pairs of products stay within i16 (2 * 127 * 127 < 32768), so no platform saturates and
;;       the integer dot is exact: the same integers as dot_i8 with the same query.
(module
  (import "kernels" "memory" (memory 1))

  (func $hsum_i32 (param $v v128) (result i32)
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 1 (local.get $v)))
      (i32.add (i32x4.extract_lane 2 (local.get $v)) (i32x4.extract_lane 3 (local.get $v)))))

  (func (export "dot_i8_relaxed") (param $qb i32) (param $rows i32) (param $rowsums i32) (param $scales i32) (param $qscale f32)
        (param $dim i32) (param $count i32) (param $out i32)
    (local $p i32) (local $x i32) (local $qx i32) (local $vend i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $s i32)
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
        (local.set $qx (local.get $qb))
        (local.set $vend (i32.add (local.get $p) (i32.and (local.get $dim) (i32.const -16))))
        ;; 64 values a step while they last, then steps of 16
        (block $wdone
          (loop $w
            (br_if $wdone (i32.gt_u (i32.add (local.get $x) (i32.const 64)) (local.get $vend)))
            (local.set $a0 (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.load (local.get $x)) (v128.load (local.get $qx)) (local.get $a0)))
            (local.set $a1 (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.load offset=16 (local.get $x)) (v128.load offset=16 (local.get $qx)) (local.get $a1)))
            (local.set $a2 (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.load offset=32 (local.get $x)) (v128.load offset=32 (local.get $qx)) (local.get $a2)))
            (local.set $a3 (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.load offset=48 (local.get $x)) (v128.load offset=48 (local.get $qx)) (local.get $a3)))
            (local.set $x (i32.add (local.get $x) (i32.const 64)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 64)))
            (br $w)))
        (block $vdone
          (loop $v
            (br_if $vdone (i32.ge_u (local.get $x) (local.get $vend)))
            (local.set $a0 (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.load (local.get $x)) (v128.load (local.get $qx)) (local.get $a0)))
            (local.set $x (i32.add (local.get $x) (i32.const 16)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 16)))
            (br $v)))
        (local.set $s (call $hsum_i32 (i32x4.add (i32x4.add (local.get $a0) (local.get $a1)) (i32x4.add (local.get $a2) (local.get $a3)))))
        (local.set $p (i32.add (local.get $p) (local.get $dim)))
        (block $tdone
          (loop $t
            (br_if $tdone (i32.ge_u (local.get $x) (local.get $p)))
            (local.set $s (i32.add (local.get $s) (i32.mul (i32.load8_u (local.get $qx)) (i32.load8_s (local.get $x)))))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (local.set $qx (i32.add (local.get $qx) (i32.const 1)))
            (br $t)))
        (local.set $s (i32.sub (local.get $s) (i32.shl (i32.load (local.get $rowsums)) (i32.const 6))))
        (f32.store (local.get $out)
          (f32.mul (f32.mul (f32.convert_i32_s (local.get $s)) (local.get $qscale)) (f32.load (local.get $scales))))
        (local.set $rowsums (i32.add (local.get $rowsums) (i32.const 4)))
        (local.set $scales (i32.add (local.get $scales) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $row))))
)
