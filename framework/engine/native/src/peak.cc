#include "peak.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FOLIO_X86 1
#endif

#include <chrono>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "thread_pool.h"

namespace folio {
namespace {

constexpr long kIterations = 20'000'000;
constexpr int kChains = 12;  // more independent chains than FMA latency x FMA units

// Each returns the flops it did and leaves a result the compiler cannot discard.
#ifdef FOLIO_X86
__attribute__((target("avx512f"))) double chains_avx512(float* sink) {
  __m512 acc[kChains];
  const __m512 x = _mm512_set1_ps(0.999999f), y = _mm512_set1_ps(1e-7f);
  for (auto& a : acc) a = _mm512_set1_ps(1.f);
  for (long i = 0; i < kIterations; ++i) {
#pragma GCC unroll 12
    for (int c = 0; c < kChains; ++c) acc[c] = _mm512_fmadd_ps(acc[c], x, y);
  }
  for (int c = 1; c < kChains; ++c) acc[0] = _mm512_add_ps(acc[0], acc[c]);
  *sink = _mm512_reduce_add_ps(acc[0]);
  return 2.0 * 16 * kChains * kIterations;
}

__attribute__((target("avx2,fma"))) double chains_avx2(float* sink) {
  __m256 acc[kChains];
  const __m256 x = _mm256_set1_ps(0.999999f), y = _mm256_set1_ps(1e-7f);
  for (auto& a : acc) a = _mm256_set1_ps(1.f);
  for (long i = 0; i < kIterations; ++i) {
#pragma GCC unroll 12
    for (int c = 0; c < kChains; ++c) acc[c] = _mm256_fmadd_ps(acc[c], x, y);
  }
  alignas(32) float lanes[8];
  for (int c = 1; c < kChains; ++c) acc[0] = _mm256_add_ps(acc[0], acc[c]);
  _mm256_store_ps(lanes, acc[0]);
  *sink = lanes[0];
  return 2.0 * 8 * kChains * kIterations;
}
#endif

double chains_scalar(float* sink) {
  float acc[kChains];
  for (auto& a : acc) a = 1.f;
  for (long i = 0; i < kIterations / 16; ++i) {
    for (int c = 0; c < kChains; ++c) acc[c] = acc[c] * 0.999999f + 1e-7f;
  }
  *sink = acc[0];
  return 2.0 * kChains * (kIterations / 16);
}

}  // namespace

double fma_peak_gflops() {
  const char* simd = gemm_kernel_name();
  auto chains = chains_scalar;
#ifdef FOLIO_X86
  if (std::strcmp(simd, "avx512") == 0) chains = chains_avx512;
  if (std::strcmp(simd, "avx2") == 0) chains = chains_avx2;
#endif
  const int threads = pool().size();
  std::vector<float> sinks(threads * 16);  // a cache line apiece
  std::vector<double> flops(threads);
  auto start = std::chrono::steady_clock::now();
  pool().run(threads, [&](int t) { flops[t] = chains(&sinks[t * 16]); });
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double total = 0;
  for (double f : flops) total += f;
  return total / seconds / 1e9;
}

}  // namespace folio
