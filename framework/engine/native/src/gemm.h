// Single-precision matrix products with arbitrary strides (so every transpose is free).
#pragma once

namespace folio {

// A strided view of a rows x cols matrix: element (i, j) is data[i * row_stride + j * col_stride].
struct MatrixView {
  const float* data;
  long row_stride;
  long col_stride;
};

// C (m x n, row-major, leading dimension ldc) = A (m x k) * B (k x n), plus the row vector
// `bias` (n values) on every row when it is given. Runs on the thread pool when `parallel` and
// the product is large enough.
void gemm(long m, long n, long k, MatrixView a, MatrixView b, float* c, long ldc, bool parallel, const float* bias = nullptr);

// The micro-kernel in use: "avx512", "avx2" or "portable".
const char* gemm_kernel_name();

}  // namespace folio
