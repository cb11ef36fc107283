;; C[M×N] = A[M×K] · B[K×N] in float64 with 128-bit SIMD (two doubles per lane pair).
;; Row-major, byte offsets a, b, c into this module's memory; M and N multiples of 4 (the caller
;; pads with zeros). A 4×4 tile of C lives in eight f64x2 accumulators; every output sums p in
;; order 0 … K−1 in a double, exactly like the JavaScript kernel in ../numeric.ts (same results).
(module
  (memory (export "memory") 1)
  (func (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $N i32) (param $K i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $rowBytesA i32) (local $rowBytesB i32) (local $ap i32) (local $bp i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowBytesA (i32.shl (local.get $K) (i32.const 3)))
    (local.set $rowBytesB (i32.shl (local.get $N) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $N)))
            (local.set $c00 (v128.const f64x2 0 0)) (local.set $c01 (v128.const f64x2 0 0))
            (local.set $c10 (v128.const f64x2 0 0)) (local.set $c11 (v128.const f64x2 0 0))
            (local.set $c20 (v128.const f64x2 0 0)) (local.set $c21 (v128.const f64x2 0 0))
            (local.set $c30 (v128.const f64x2 0 0)) (local.set $c31 (v128.const f64x2 0 0))
            ;; ap = &A[i, 0], bp = &B[0, j]
            (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytesA))))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $p (i32.const 0))
            (block $sumDone
              (loop $sum
                (br_if $sumDone (i32.ge_u (local.get $p) (local.get $K)))
                (local.set $b0 (v128.load (local.get $bp)))
                (local.set $b1 (v128.load offset=16 (local.get $bp)))
                ;; row i
                (local.set $x (f64x2.splat (f64.load (local.get $ap))))
                (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
                ;; row i + 1
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $ap) (local.get $rowBytesA)))))
                (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
                ;; row i + 2
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $ap) (i32.shl (local.get $rowBytesA) (i32.const 1))))))
                (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
                ;; row i + 3
                (local.set $x (f64x2.splat (f64.load (i32.add (local.get $ap) (i32.mul (local.get $rowBytesA) (i32.const 3))))))
                (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
                (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
                (local.set $ap (i32.add (local.get $ap) (i32.const 8)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowBytesB)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $sum)))
            ;; cp = &C[i, j]
            (local.set $cp (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $N)) (local.get $j)) (i32.const 3))))
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c10))
            (v128.store offset=16 (local.get $cp) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c20))
            (v128.store offset=16 (local.get $cp) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c30))
            (v128.store offset=16 (local.get $cp) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  ;; C[M×N] += A[M×K] · B[K×N] in float32 with 128-bit SIMD (four floats per lane group), for
  ;; training the character model (its products in float32, as tfjs and PyTorch train). A is
  ;; read with strides in elements, A(i, p) = a[i·rowStride + p·colStride], so a transposed
  ;; operand needs no copy; B and C are row-major, N a multiple of 8, M a multiple of 4 (rows of
  ;; A past M are read but their outputs are dropped by the caller). A 4×8 tile of C lives in
  ;; eight f32x4 accumulators; every output sums p in order 0 … K−1.
  (func (export "gemm32")
    (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $N i32) (param $K i32)
    (param $rowStride i32) (param $colStride i32)
    (local $i i32) (local $j i32) (local $p i32)
    (local $rowBytes i32) (local $colBytes i32) (local $rowBytesB i32)
    (local $ap i32) (local $bp i32) (local $cp i32)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $rowBytes (i32.shl (local.get $rowStride) (i32.const 2)))
    (local.set $colBytes (i32.shl (local.get $colStride) (i32.const 2)))
    (local.set $rowBytesB (i32.shl (local.get $N) (i32.const 2)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $M)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $N)))
            ;; cp = &C[i, j]; the tile starts from what C holds (the caller zeroes it, then adds
            ;; one block of p at a time: the same float32 sums, with B's block kept in cache)
            (local.set $cp (i32.add (local.get $c)
              (i32.shl (i32.add (i32.mul (local.get $i) (local.get $N)) (local.get $j)) (i32.const 2))))
            (local.set $c00 (v128.load (local.get $cp)))
            (local.set $c01 (v128.load offset=16 (local.get $cp)))
            (local.set $c10 (v128.load (i32.add (local.get $cp) (local.get $rowBytesB))))
            (local.set $c11 (v128.load offset=16 (i32.add (local.get $cp) (local.get $rowBytesB))))
            (local.set $c20 (v128.load (i32.add (local.get $cp) (i32.shl (local.get $rowBytesB) (i32.const 1)))))
            (local.set $c21 (v128.load offset=16 (i32.add (local.get $cp) (i32.shl (local.get $rowBytesB) (i32.const 1)))))
            (local.set $c30 (v128.load (i32.add (local.get $cp) (i32.mul (local.get $rowBytesB) (i32.const 3)))))
            (local.set $c31 (v128.load offset=16 (i32.add (local.get $cp) (i32.mul (local.get $rowBytesB) (i32.const 3)))))
            ;; ap = &A(i, 0), bp = &B[0, j]
            (local.set $ap (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
            (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $p (i32.const 0))
            (block $sumDone
              (loop $sum
                (br_if $sumDone (i32.ge_u (local.get $p) (local.get $K)))
                (local.set $b0 (v128.load (local.get $bp)))
                (local.set $b1 (v128.load offset=16 (local.get $bp)))
                ;; row i
                (local.set $x (f32x4.splat (f32.load (local.get $ap))))
                (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
                ;; row i + 1
                (local.set $x (f32x4.splat (f32.load (i32.add (local.get $ap) (local.get $rowBytes)))))
                (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
                ;; row i + 2
                (local.set $x (f32x4.splat (f32.load (i32.add (local.get $ap) (i32.shl (local.get $rowBytes) (i32.const 1))))))
                (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
                ;; row i + 3
                (local.set $x (f32x4.splat (f32.load (i32.add (local.get $ap) (i32.mul (local.get $rowBytes) (i32.const 3))))))
                (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
                (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
                (local.set $ap (i32.add (local.get $ap) (local.get $colBytes)))
                (local.set $bp (i32.add (local.get $bp) (local.get $rowBytesB)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $sum)))
            (v128.store (local.get $cp) (local.get $c00))
            (v128.store offset=16 (local.get $cp) (local.get $c01))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c10))
            (v128.store offset=16 (local.get $cp) (local.get $c11))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c20))
            (v128.store offset=16 (local.get $cp) (local.get $c21))
            (local.set $cp (i32.add (local.get $cp) (local.get $rowBytesB)))
            (v128.store (local.get $cp) (local.get $c30))
            (v128.store offset=16 (local.get $cp) (local.get $c31))
            (local.set $j (i32.add (local.get $j) (i32.const 8)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))))
