// The machine's arithmetic peak, measured: what the matrix-product benchmark is held against.
#pragma once

namespace folio {

// Float32 GFLOP/s of independent fused multiply-adds on every pool thread, with the widest
// vectors the GEMM kernel uses. No memory traffic: an upper bound no real kernel reaches.
double fma_peak_gflops();

}  // namespace folio
