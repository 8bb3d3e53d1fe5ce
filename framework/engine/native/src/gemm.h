// Single-precision matrix products with arbitrary strides (so every transpose is free).
#pragma once

namespace folio {

// A strided view of a rows x cols matrix: element (i, j) is data[i * row_stride + j * col_stride].
struct MatrixView {
  const float* data;
  long row_stride;
  long col_stride;
};

// C (m x n, row-major, leading dimension ldc) = A (m x k) * B (k x n). Runs on the thread pool
// when `parallel` and the product is large enough.
void gemm(long m, long n, long k, MatrixView a, MatrixView b, float* c, long ldc, bool parallel);

// Whether the AVX2/FMA micro-kernel is in use (else the portable one).
bool gemm_uses_avx2();

}  // namespace folio
