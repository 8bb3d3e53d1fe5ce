// Blocked GEMM in the BLIS/GotoBLAS layout: B packed in KC x NR slivers (shared), A packed in
// MR x KC slivers (per task), a register-blocked micro-kernel: 12x32 with AVX-512, 6x16 with
// AVX2/FMA, a portable one elsewhere. Transposes only change how the packing routines read
// their source, so all four variants run at the same speed.
#include "gemm.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FOLIO_X86 1
#endif

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "thread_pool.h"

namespace folio {
namespace {

// The largest micro-tile of any kernel (AVX-512: 12 x 32), for the accumulator scratch.
constexpr long kMaxTile = 12 * 32;
constexpr long KC = 256;
constexpr long MC = 96;  // a multiple of every kernel's MR
constexpr long NC = 3072;

struct AlignedBuffer {
  float* data = nullptr;
  long capacity = 0;
  float* reserve(long floats) {
    if (floats > capacity) {
      std::free(data);
      long bytes = ((floats * 4 + 63) / 64) * 64;
      data = static_cast<float*>(std::aligned_alloc(64, bytes));
      capacity = floats;
    }
    return data;
  }
  ~AlignedBuffer() { std::free(data); }
};

// Packs A[i0:i0+mc, p0:p0+kc] into mr-row slivers: sliver s holds, for each p, mr values.
void pack_a(const MatrixView& a, long i0, long p0, long mc, long kc, long mr, float* out) {
  for (long s = 0; s < mc; s += mr) {
    long rows = std::min(mr, mc - s);
    for (long p = 0; p < kc; ++p) {
      const float* src = a.data + (i0 + s) * a.row_stride + (p0 + p) * a.col_stride;
      long r = 0;
      for (; r < rows; ++r) out[r] = src[r * a.row_stride];
      for (; r < mr; ++r) out[r] = 0.f;
      out += mr;
    }
  }
}

// Packs B[p0:p0+kc, j0:j0+nc] into nr-column slivers: sliver s holds, for each p, nr values.
void pack_b(const MatrixView& b, long p0, long j0, long kc, long nc, long nr, float* out, bool parallel) {
  long slivers = (nc + nr - 1) / nr;
  auto pack = [&](long begin, long end) {
    for (long s = begin; s < end; ++s) {
      long cols = std::min(nr, nc - s * nr);
      float* dst = out + s * nr * kc;
      const float* src = b.data + p0 * b.row_stride + (j0 + s * nr) * b.col_stride;
      if (b.col_stride == 1) {
        for (long p = 0; p < kc; ++p, dst += nr) {
          const float* row = src + p * b.row_stride;
          if (cols == nr) {
            std::memcpy(dst, row, nr * sizeof(float));
          } else {
            std::memcpy(dst, row, cols * sizeof(float));
            std::fill(dst + cols, dst + nr, 0.f);
          }
        }
      } else {
        // A transposed B: walk each column down its contiguous run of k values, and scatter
        // into the sliver (which stays in cache) rather than gather with a stride of k.
        for (long c = 0; c < cols; ++c) {
          const float* column = src + c * b.col_stride;
          for (long p = 0; p < kc; ++p) dst[p * nr + c] = column[p * b.row_stride];
        }
        for (long c = cols; c < nr; ++c)
          for (long p = 0; p < kc; ++p) dst[p * nr + c] = 0.f;
      }
    }
  };
  if (parallel) {
    parallel_for(slivers, 2, pack);
  } else {
    pack(0, slivers);
  }
}

// What a micro-kernel does with its finished tile of the product, acc (MR x NR): write it to C,
// write it plus the bias row, or add it to C (every k block after the first). Done in registers
// for a full tile: going through a scratch tile cost a store, a load and a store per element,
// a tenth of the work when k is the 96 of a small model's layers. The additions are the same,
// in the same order, as through the scratch tile, so results are bit for bit unchanged.
enum class Epilogue { kStore, kStoreBias, kAdd };

#ifdef FOLIO_X86
// C (MR x NR, leading dimension ldc) <- sum over p of packed A column p times packed B row p.
#define FOLIO_ROW256(r)                                   \
  x = _mm256_broadcast_ss(a + r);                         \
  c##r##0 = _mm256_fmadd_ps(x, b0, c##r##0);              \
  c##r##1 = _mm256_fmadd_ps(x, b1, c##r##1);
#define FOLIO_ZERO256(r) __m256 c##r##0 = _mm256_setzero_ps(), c##r##1 = _mm256_setzero_ps();
#define FOLIO_STORE256(r)                                                                        \
  {                                                                                              \
    float* row = c + (r) * ldc;                                                                  \
    if (epilogue == Epilogue::kAdd) {                                                            \
      c##r##0 = _mm256_add_ps(_mm256_loadu_ps(row), c##r##0);                                    \
      c##r##1 = _mm256_add_ps(_mm256_loadu_ps(row + 8), c##r##1);                                \
    } else if (epilogue == Epilogue::kStoreBias) {                                               \
      c##r##0 = _mm256_add_ps(c##r##0, _mm256_loadu_ps(bias));                                   \
      c##r##1 = _mm256_add_ps(c##r##1, _mm256_loadu_ps(bias + 8));                               \
    }                                                                                            \
    _mm256_storeu_ps(row, c##r##0);                                                              \
    _mm256_storeu_ps(row + 8, c##r##1);                                                          \
  }
__attribute__((target("avx2,fma"))) void kernel_avx2(long kc, const float* a, const float* b, float* c, long ldc, Epilogue epilogue,
                                                     const float* bias) {
  constexpr long MR = 6, NR = 16;
  FOLIO_ZERO256(0) FOLIO_ZERO256(1) FOLIO_ZERO256(2) FOLIO_ZERO256(3) FOLIO_ZERO256(4) FOLIO_ZERO256(5)
  for (long p = 0; p < kc; ++p) {
    __m256 b0 = _mm256_load_ps(b);
    __m256 b1 = _mm256_load_ps(b + 8);
    __m256 x;
    FOLIO_ROW256(0) FOLIO_ROW256(1) FOLIO_ROW256(2) FOLIO_ROW256(3) FOLIO_ROW256(4) FOLIO_ROW256(5)
    a += MR;
    b += NR;
  }
  FOLIO_STORE256(0) FOLIO_STORE256(1) FOLIO_STORE256(2) FOLIO_STORE256(3) FOLIO_STORE256(4) FOLIO_STORE256(5)
}
#undef FOLIO_ROW256
#undef FOLIO_ZERO256
#undef FOLIO_STORE256

// The same with 512-bit vectors: 24 accumulators hold a 12 x 32 tile, which leaves registers
// for two B vectors and the broadcast, and gives each FMA unit enough independent chains.
#define FOLIO_ROW512(r)                                         \
  x = _mm512_set1_ps(a[r]);                                     \
  c##r##0 = _mm512_fmadd_ps(x, b0, c##r##0);                    \
  c##r##1 = _mm512_fmadd_ps(x, b1, c##r##1);
#define FOLIO_ZERO512(r) __m512 c##r##0 = _mm512_setzero_ps(), c##r##1 = _mm512_setzero_ps();
#define FOLIO_STORE512(r)                                                                        \
  {                                                                                              \
    float* row = c + (r) * ldc;                                                                  \
    if (epilogue == Epilogue::kAdd) {                                                            \
      c##r##0 = _mm512_add_ps(_mm512_loadu_ps(row), c##r##0);                                    \
      c##r##1 = _mm512_add_ps(_mm512_loadu_ps(row + 16), c##r##1);                               \
    } else if (epilogue == Epilogue::kStoreBias) {                                               \
      c##r##0 = _mm512_add_ps(c##r##0, _mm512_loadu_ps(bias));                                   \
      c##r##1 = _mm512_add_ps(c##r##1, _mm512_loadu_ps(bias + 16));                              \
    }                                                                                            \
    _mm512_storeu_ps(row, c##r##0);                                                              \
    _mm512_storeu_ps(row + 16, c##r##1);                                                         \
  }
__attribute__((target("avx512f"))) void kernel_avx512(long kc, const float* a, const float* b, float* c, long ldc, Epilogue epilogue,
                                                      const float* bias) {
  constexpr long MR = 12, NR = 32;
  FOLIO_ZERO512(0) FOLIO_ZERO512(1) FOLIO_ZERO512(2) FOLIO_ZERO512(3) FOLIO_ZERO512(4) FOLIO_ZERO512(5)
  FOLIO_ZERO512(6) FOLIO_ZERO512(7) FOLIO_ZERO512(8) FOLIO_ZERO512(9) FOLIO_ZERO512(10) FOLIO_ZERO512(11)
  for (long p = 0; p < kc; ++p) {
    __m512 b0 = _mm512_load_ps(b);
    __m512 b1 = _mm512_load_ps(b + 16);
    __m512 x;
    FOLIO_ROW512(0) FOLIO_ROW512(1) FOLIO_ROW512(2) FOLIO_ROW512(3) FOLIO_ROW512(4) FOLIO_ROW512(5)
    FOLIO_ROW512(6) FOLIO_ROW512(7) FOLIO_ROW512(8) FOLIO_ROW512(9) FOLIO_ROW512(10) FOLIO_ROW512(11)
    a += MR;
    b += NR;
  }
  FOLIO_STORE512(0) FOLIO_STORE512(1) FOLIO_STORE512(2) FOLIO_STORE512(3) FOLIO_STORE512(4) FOLIO_STORE512(5)
  FOLIO_STORE512(6) FOLIO_STORE512(7) FOLIO_STORE512(8) FOLIO_STORE512(9) FOLIO_STORE512(10) FOLIO_STORE512(11)
}
#undef FOLIO_ROW512
#undef FOLIO_ZERO512
#undef FOLIO_STORE512
#endif

void kernel_portable(long kc, const float* a, const float* b, float* c, long ldc, Epilogue epilogue, const float* bias) {
  constexpr long MR = 6, NR = 16;
  float acc[MR * NR] = {0};
  for (long p = 0; p < kc; ++p) {
    for (long r = 0; r < MR; ++r) {
      float x = a[r];
      for (long j = 0; j < NR; ++j) acc[r * NR + j] += x * b[j];
    }
    a += MR;
    b += NR;
  }
  for (long r = 0; r < MR; ++r) {
    float* row = c + r * ldc;
    for (long j = 0; j < NR; ++j) {
      const float v = acc[r * NR + j];
      row[j] = epilogue == Epilogue::kAdd ? row[j] + v : epilogue == Epilogue::kStoreBias ? v + bias[j] : v;
    }
  }
}

struct MicroKernel {
  long mr, nr;
  void (*run)(long kc, const float* a, const float* b, float* c, long ldc, Epilogue epilogue, const float* bias);
  const char* name;
};

// FOLIO_SIMD=avx2 or =portable caps the instruction set, to compare kernels or to test the
// fallbacks on a machine that has more.
MicroKernel select_kernel() {
  const MicroKernel portable{6, 16, kernel_portable, "portable"};
#ifdef FOLIO_X86
  const char* cap = std::getenv("FOLIO_SIMD");
  const std::string limit = cap == nullptr ? "" : cap;
  __builtin_cpu_init();
  bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && limit != "portable";
  bool avx512 = avx2 && __builtin_cpu_supports("avx512f") && limit != "avx2";
  if (avx512) return {12, 32, kernel_avx512, "avx512"};
  if (avx2) return {6, 16, kernel_avx2, "avx2"};
#endif
  return portable;
}

const MicroKernel kKernel = select_kernel();

// Multiplies one packed A block (mc x kc) with packed B slivers [s0, s1), adding into C (or,
// on the first k block, overwriting it: with the product plus bias when a bias is given).
void macro_kernel(long mc, long nc, long kc, long s0, long s1, const float* packed_a, const float* packed_b, float* c,
                  long ldc, bool first, const float* bias) {
  const long mr = kKernel.mr, nr = kKernel.nr;
  const Epilogue full = !first ? Epilogue::kAdd : bias != nullptr ? Epilogue::kStoreBias : Epilogue::kStore;
  alignas(64) float acc[kMaxTile];
  for (long s = s0; s < s1; ++s) {
    long cols = std::min(nr, nc - s * nr);
    const float* bp = packed_b + s * nr * kc;
    const float* tile_bias = bias == nullptr ? nullptr : bias + s * nr;
    for (long i = 0; i < mc; i += mr) {
      long rows = std::min(mr, mc - i);
      float* dst = c + i * ldc + s * nr;
      if (rows == mr && cols == nr) {
        kKernel.run(kc, packed_a + i * kc, bp, dst, ldc, full, tile_bias);
        continue;
      }
      // An edge tile: the product into scratch, then only the rows and columns C has.
      kKernel.run(kc, packed_a + i * kc, bp, acc, nr, Epilogue::kStore, nullptr);
      for (long r = 0; r < rows; ++r) {
        float* row = dst + r * ldc;
        const float* src = acc + r * nr;
        if (full == Epilogue::kStoreBias) {
          for (long j = 0; j < cols; ++j) row[j] = src[j] + tile_bias[j];
        } else if (full == Epilogue::kStore) {
          for (long j = 0; j < cols; ++j) row[j] = src[j];
        } else {
          for (long j = 0; j < cols; ++j) row[j] += src[j];
        }
      }
    }
  }
}

}  // namespace

const char* gemm_kernel_name() { return kKernel.name; }

void gemm(long m, long n, long k, MatrixView a, MatrixView b, float* c, long ldc, bool parallel, const float* bias) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (long i = 0; i < m; ++i) {
      if (bias != nullptr) {
        std::memcpy(c + i * ldc, bias, n * sizeof(float));
      } else {
        std::memset(c + i * ldc, 0, n * sizeof(float));
      }
    }
    return;
  }
  const long mr = kKernel.mr, nr = kKernel.nr;
  static thread_local AlignedBuffer b_buffer;
  bool threaded = parallel && pool().size() > 1 && m * n * k >= 64L * 64 * 64;
  for (long j0 = 0; j0 < n; j0 += NC) {
    long nc = std::min(NC, n - j0);
    long slivers = (nc + nr - 1) / nr;
    for (long p0 = 0; p0 < k; p0 += KC) {
      long kc = std::min(KC, k - p0);
      float* packed_b = b_buffer.reserve(slivers * nr * kc);
      pack_b(b, p0, j0, kc, nc, nr, packed_b, threaded);
      long a_blocks = (m + MC - 1) / MC;
      // Threaded, there is a row block per thread at least (when there are rows enough), and
      // the blocks are made equal, a multiple of mr each: 128 rows as 72 + 56, not 96 + 32,
      // which would leave one thread idle for a third of the product.
      if (threaded && m >= pool().size() * mr) a_blocks = std::max<long>(a_blocks, pool().size());
      long block_rows = threaded ? ((m + a_blocks - 1) / a_blocks + mr - 1) / mr * mr : MC;
      a_blocks = (m + block_rows - 1) / block_rows;
      // Split the columns too when there are few row blocks, so both threads get work.
      long col_parts = threaded ? std::max(1L, std::min(slivers / 4, (2L * pool().size() + a_blocks - 1) / a_blocks)) : 1;
      long slivers_per_part = (slivers + col_parts - 1) / col_parts;
      auto task = [&](long t) {
        static thread_local AlignedBuffer a_buffer;
        long block = t / col_parts, part = t % col_parts;
        long i0 = block * block_rows, mc = std::min(block_rows, m - i0);
        long s0 = part * slivers_per_part, s1 = std::min(slivers, s0 + slivers_per_part);
        if (s0 >= s1) return;
        float* packed_a = a_buffer.reserve(((mc + mr - 1) / mr) * mr * kc);
        pack_a(a, i0, p0, mc, kc, mr, packed_a);
        macro_kernel(mc, nc, kc, s0, s1, packed_a, packed_b, c + i0 * ldc + j0, ldc, p0 == 0, bias == nullptr ? nullptr : bias + j0);
      };
      long tasks = a_blocks * col_parts;
      if (threaded) {
        pool().run(static_cast<int>(tasks), [&](int t) { task(t); });
      } else {
        for (long t = 0; t < tasks; ++t) task(t);
      }
    }
  }
}

}  // namespace folio
