// exp and tanh written so that a loop of them vectorizes: no calls, no branches. std::exp is
// a scalar libm call, and GELU (an exp per element, forward and backward) was the slowest
// kernel of a training step after the matrix products.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

// Loops that use these are compiled for AVX-512, AVX2 and plain x86-64 (GCC's function
// multi-versioning); the loader picks the best the CPU runs.
#if defined(__x86_64__) && defined(__GNUC__)
#define FOLIO_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define FOLIO_CLONES
#endif

namespace folio {

// e^x in float32, within 1 ulp over [-87, 88] (measured): x = n ln2 + r with |r| <= ln2 / 2,
// e^r by a degree-6 polynomial (Cephes's expf coefficients), 2^n put straight into the exponent bits.
inline float exp_approx(float x) {
  x = x > 88.3762626647949f ? 88.3762626647949f : x;
  x = x < -87.3365447504f ? -87.3365447504f : x;
  // Adding and subtracting 1.5 * 2^23 rounds to the nearest integer without a call to floor.
  const float n = (x * 1.44269504088896341f + 12582912.f) - 12582912.f;
  const float r = x - n * 0.693359375f + n * 2.12194440e-4f;  // ln 2 split for exact n ln2_hi
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.f;
  const std::int32_t bits = (static_cast<std::int32_t>(n) + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

// tanh(x) = sign(x) (1 - e^-2|x|) / (1 + e^-2|x|): e^-2|x| lies in (0, 1], so there is nothing
// to clamp, and the sign goes back on with bit operations. (Clamping x to ±9 instead made the
// vectorised loop shuffle masks through general registers: 0.53 against 0.29 ns an element.)
inline float tanh_approx(float x) {
  const float e = exp_approx(-2.f * std::fabs(x));
  return std::copysign((1.f - e) / (1.f + e), x);
}

}  // namespace folio
