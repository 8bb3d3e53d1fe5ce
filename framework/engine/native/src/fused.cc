#include "fused.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "elementwise.h"
#include "fast_math.h"
#include "gemm.h"
#include "thread_pool.h"

namespace folio {
namespace {
constexpr long kGrain = 1L << 16;
long rows_grain(long cols) { return std::max(1L, kGrain / std::max(1L, cols)); }
}  // namespace

namespace {
// Σ term(j) for j in [0, n), in 16 float partial sums: a fixed-width inner loop that compiles to
// vector adds (a single running sum would be one long dependency chain, never vectorised).
template <typename Term>
inline float lane_sum(long n, Term term) {
  constexpr int kLanes = 16;
  float lanes[kLanes] = {};
  long j = 0;
  for (; j + kLanes <= n; j += kLanes) {
    for (int u = 0; u < kLanes; ++u) lanes[u] += term(j + u);
  }
  float total = 0;
  for (; j < n; ++j) total += term(j);
  for (float lane : lanes) total += lane;
  return total;
}

FOLIO_CLONES void layer_norm_rows(const float* x, const float* gain, const float* bias, float* y, float* mean, float* rstd, long begin,
                                  long end, long cols, float eps) {
  for (long r = begin; r < end; ++r) {
    const float* in = x + r * cols;
    const float mu = lane_sum(cols, [&](long j) { return in[j]; }) / cols;
    const float variance = lane_sum(cols, [&](long j) { return (in[j] - mu) * (in[j] - mu); }) / cols;
    const float inv = 1.f / std::sqrt(variance + eps);
    float* out = y + r * cols;
    if (bias != nullptr) {
      for (long j = 0; j < cols; ++j) out[j] = (in[j] - mu) * inv * gain[j] + bias[j];
    } else {
      for (long j = 0; j < cols; ++j) out[j] = (in[j] - mu) * inv * gain[j];
    }
    mean[r] = mu;
    rstd[r] = inv;
  }
}

// dx per row: rstd * (g*dy - mean(g*dy) - xhat * mean(g*dy*xhat)). Without contraction into
// fused multiply-adds, so that g*dy - mean(g*dy) is exactly 0 where it should be (one column).
FOLIO_CLONES __attribute__((optimize("fp-contract=off"))) void layer_norm_input_grad_rows(const float* dy, const float* x, const float* gain, const float* mean, const float* rstd,
                                             float* dx, long begin, long end, long cols) {
  for (long r = begin; r < end; ++r) {
    const float* in = x + r * cols;
    const float* d = dy + r * cols;
    const float mu = mean[r], inv = rstd[r];
    const float a = lane_sum(cols, [&](long j) { return gain[j] * d[j]; }) / cols;
    const float b = lane_sum(cols, [&](long j) { return gain[j] * d[j] * (in[j] - mu) * inv; }) / cols;
    float* out = dx + r * cols;
    for (long j = 0; j < cols; ++j) out[j] = inv * (gain[j] * d[j] - a - (in[j] - mu) * inv * b);
  }
}

// dgain and dbias for columns [begin, end): sums over every row, in double (rows run to the
// tens of thousands in a large batch).
FOLIO_CLONES void layer_norm_param_grads(const float* dy, const float* x, const float* mean, const float* rstd, float* dgain, float* dbias,
                                         long rows, long cols, long begin, long end) {
  std::vector<double> g(end - begin, 0.0), bsum(end - begin, 0.0);
  double* __restrict gs = g.data();
  double* __restrict bs = bsum.data();
  for (long r = 0; r < rows; ++r) {
    const float* in = x + r * cols + begin;
    const float* d = dy + r * cols + begin;
    const float mu = mean[r], inv = rstd[r];
    for (long j = 0; j < end - begin; ++j) {
      gs[j] += d[j] * ((in[j] - mu) * inv);
      bs[j] += d[j];
    }
  }
  for (long j = begin; j < end; ++j) {
    dgain[j] = static_cast<float>(g[j - begin]);
    if (dbias != nullptr) dbias[j] = static_cast<float>(bsum[j - begin]);
  }
}
}  // namespace

void layer_norm(const float* x, const float* gain, const float* bias, float* y, float* mean, float* rstd, long rows, long cols,
                float eps) {
  parallel_for(rows, rows_grain(cols), [&](long begin, long end) { layer_norm_rows(x, gain, bias, y, mean, rstd, begin, end, cols, eps); });
}

void layer_norm_grad(const float* dy, const float* x, const float* gain, const float* mean, const float* rstd, float* dx,
                     float* dgain, float* dbias, long rows, long cols) {
  parallel_for(rows, rows_grain(cols), [&](long begin, long end) { layer_norm_input_grad_rows(dy, x, gain, mean, rstd, dx, begin, end, cols); });
  // dgain and dbias sum over rows: split the columns between threads.
  parallel_for(cols, std::max(1L, kGrain / std::max(1L, rows)), [&](long begin, long end) {
    layer_norm_param_grads(dy, x, mean, rstd, dgain, dbias, rows, cols, begin, end);
  });
}

namespace {
// [begin, end) of `part` out of `parts` equal shares of n, cut at multiples of 32.
std::pair<long, long> share(long n, long part, long parts) {
  const long chunk = ((n + parts - 1) / parts + 31) / 32 * 32;
  return {std::min(n, part * chunk), std::min(n, (part + 1) * chunk)};
}
}  // namespace

void linear_grad(const float* dy, const float* x, const float* w, float* dx, float* dw, float* dbias, long rows, long in, long out) {
  if (rows * in * out >= (1L << 28)) {
    // Large layers: each product split across every thread in turn scales well.
    gemm(rows, in, out, {dy, out, 1}, {w, 1, out}, dx, in, true);
    gemm(in, out, rows, {x, 1, in}, {dy, out, 1}, dw, out, true);
    if (dbias != nullptr) reduce_columns(dy, dbias, rows, out, false, false);
    return;
  }
  // Small layers: one job of independent pieces, with no barrier inside any: dx in row blocks,
  // the bias sums, then dw in blocks (of columns when dy is wider than x, so that each piece
  // repacks the smaller operand). The caller takes pieces from the front, workers from the
  // back: with two threads, one does dx and the other dw, and either takes the middle.
  // (Measured in training steps of the small model on two threads, runs taken in turn: 9.35 ms
  // for its 17 layer gradients with dx and dw one per thread, 9.05 ms this way.)
  const long parts = pool().size();
  const bool dw_by_columns = out > in;
  const int tasks = static_cast<int>(2 * parts + (dbias != nullptr ? 1 : 0));
  pool().run(tasks, [&](int task) {
    if (task < parts) {
      const auto [r0, r1] = share(rows, task, parts);
      if (r0 < r1) gemm(r1 - r0, in, out, {dy + r0 * out, out, 1}, {w, 1, out}, dx + r0 * in, in, false);
    } else if (dbias != nullptr && task == parts) {
      reduce_column_range(dy, dbias, rows, out, 0, out, false, false);
    } else {
      const long part = task - parts - (dbias != nullptr ? 1 : 0);
      if (dw_by_columns) {
        const auto [j0, j1] = share(out, part, parts);
        if (j0 < j1) gemm(in, j1 - j0, rows, {x, 1, in}, {dy + j0, out, 1}, dw + j0, out, false);
      } else {
        const auto [i0, i1] = share(in, part, parts);
        if (i0 < i1) gemm(i1 - i0, out, rows, {x + i0, 1, in}, {dy, out, 1}, dw + i0 * out, out, false);
      }
    }
  });
}

void embedding(const int* ids, long count, const float* table, long vocab, long width, float* out) {
  parallel_for(count, rows_grain(width), [&](long begin, long end) {
    for (long i = begin; i < end; ++i) {
      float* row = out + i * width;
      const long id = ids[i];
      if (id >= 0 && id < vocab) {
        std::memcpy(row, table + id * width, width * sizeof(float));
      } else {
        std::fill(row, row + width, 0.f);
      }
    }
  });
}

void embedding_grad(const float* dy, const int* ids, long count, long vocab, long width, float* dtable) {
  // Threads take columns, so that no two of them add into the same element.
  parallel_for(width, std::max(1L, kGrain / std::max(1L, count)), [&](long begin, long end) {
    for (long v = 0; v < vocab; ++v) std::fill(dtable + v * width + begin, dtable + v * width + end, 0.f);
    for (long i = 0; i < count; ++i) {
      const long id = ids[i];
      if (id < 0 || id >= vocab) continue;
      float* to = dtable + id * width;
      const float* from = dy + i * width;
      for (long j = begin; j < end; ++j) to[j] += from[j];
    }
  });
}

namespace {
constexpr float kGeluC = 0.7978845608028654f;  // sqrt(2 / pi)
constexpr float kGeluA = 0.044715f;

FOLIO_CLONES void gelu_range(const float* x, float* y, long begin, long end) {
  for (long i = begin; i < end; ++i) {
    float v = x[i];
    y[i] = 0.5f * v * (1.f + tanh_approx(kGeluC * (v + kGeluA * v * v * v)));
  }
}

FOLIO_CLONES void gelu_grad_range(const float* dy, const float* x, float* dx, long begin, long end) {
  for (long i = begin; i < end; ++i) {
    float v = x[i];
    float t = tanh_approx(kGeluC * (v + kGeluA * v * v * v));
    float dt = (1.f - t * t) * kGeluC * (1.f + 3.f * kGeluA * v * v);
    dx[i] = dy[i] * (0.5f * (1.f + t) + 0.5f * v * dt);
  }
}
}  // namespace

void gelu(const float* x, float* y, long size) {
  parallel_for(size, kGrain, [&](long begin, long end) { gelu_range(x, y, begin, end); });
}

void gelu_grad(const float* dy, const float* x, float* dx, long size) {
  parallel_for(size, kGrain, [&](long begin, long end) { gelu_grad_range(dy, x, dx, begin, end); });
}

void linear_gelu(const float* x, const float* w, const float* bias, float* h, float* y, long rows, long in, long out) {
  if (rows * in * out >= (1L << 28)) {
    // Large layers: the product split across every thread, then GELU in a second pass.
    gemm(rows, out, in, {x, in, 1}, {w, out, 1}, h, out, true, bias);
    gelu(h, y, rows * out);
    return;
  }
  // Small layers: each thread multiplies a block of rows and applies GELU to it while it is in
  // cache. Every element is the same product in the same order as one gemm over all rows, and
  // the same gelu_range, so this is bit for bit gelu(linear(x)).
  const long parts = pool().size();
  pool().run(static_cast<int>(parts), [&](int task) {
    const auto [r0, r1] = share(rows, task, parts);
    if (r0 >= r1) return;
    gemm(r1 - r0, out, in, {x + r0 * in, in, 1}, {w, out, 1}, h + r0 * out, out, false, bias);
    gelu_range(h, y, r0 * out, r1 * out);
  });
}

void linear_gelu_grad(const float* dy, const float* h, const float* x, const float* w, float* dx, float* dw, float* dbias, long rows,
                      long in, long out) {
  // dh = dy * gelu'(h), kept for the calling thread's next call (a fresh array each time costs
  // page faults on first touch), then the linear layer's gradients of dh.
  static thread_local std::vector<float> dh;
  if (dh.size() < static_cast<size_t>(rows * out)) dh.resize(rows * out);
  gelu_grad(dy, h, dh.data(), rows * out);
  linear_grad(dh.data(), x, w, dx, dw, dbias, rows, in, out);
}

namespace {
// One row of cross_entropy: fills probs, returns -log p[target] (NaN for a target out of range).
FOLIO_CLONES double cross_entropy_row(const float* in, long target, float* p, long cols) {
  float m = -std::numeric_limits<float>::infinity();
  for (long j = 0; j < cols; ++j) m = std::max(m, in[j]);
  for (long j = 0; j < cols; ++j) p[j] = exp_approx(in[j] - m);
  double total = 0;
  for (long j = 0; j < cols; ++j) total += p[j];
  const float inv = static_cast<float>(1.0 / total);
  for (long j = 0; j < cols; ++j) p[j] *= inv;
  if (target < 0 || target >= cols) return std::numeric_limits<double>::quiet_NaN();
  return std::log(total) - (in[target] - m);
}
}  // namespace

float cross_entropy(const float* logits, const int* targets, float* probs, long rows, long cols) {
  std::vector<double> losses(rows);
  // An exp per element: worth a thread from a few thousand elements on.
  parallel_for(rows, std::max(1L, 4096 / std::max(1L, cols)), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) losses[r] = cross_entropy_row(logits + r * cols, targets[r], probs + r * cols, cols);
  });
  double sum = 0;
  for (double l : losses) sum += l;
  return static_cast<float>(sum / rows);
}

void cross_entropy_grad(const float* probs, const int* targets, float dloss, float* dlogits, long rows, long cols) {
  float scale = dloss / rows;
  parallel_for(rows, rows_grain(cols), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) {
      const float* p = probs + r * cols;
      float* d = dlogits + r * cols;
      for (long j = 0; j < cols; ++j) d[j] = p[j] * scale;
      long t = targets[r];
      if (t >= 0 && t < cols) d[t] -= scale;
    }
  });
}

namespace {
// out[j] = in[j] * scale where element first_index + j is kept, else 0, for j in [0, count).
// An element is kept when SplitMix64(seed, index), read as a fraction of 2^64 to 24 bits, is at
// least the rate: a function of (seed, index) alone, whatever the threads or vector width. The
// comparison is made on the integer (rate * 2^24 is exact in float), so the loop vectorises.
FOLIO_CLONES void masked_scale(const float* in, float* out, long count, unsigned long long first_index, float rate, float scale,
                               unsigned long long seed) {
  const std::uint32_t threshold = static_cast<std::uint32_t>(std::ceil(static_cast<double>(rate) * 16777216.0));
  for (long j = 0; j < count; ++j) {
    unsigned long long z = seed + 0x9e3779b97f4a7c15ULL * (first_index + static_cast<unsigned long long>(j) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    const float scaled = in[j] * scale;  // read unconditionally: a select, not a branch
    out[j] = static_cast<std::uint32_t>(z >> 40) >= threshold ? scaled : 0.f;
  }
}
}  // namespace

// Writes p (time x time, already softmaxed) with the dropout mask applied and scaled into `out`.
void apply_dropout(const float* p, float* out, long time, long first_index, float rate, unsigned long long seed) {
  float scale = 1.f / (1.f - rate);
  for (long i = 0; i < time; ++i) {
    masked_scale(p + i * time, out + i * time, i + 1, first_index + i * time, rate, scale, seed);
    std::fill(out + i * time + i + 1, out + (i + 1) * time, 0.f);
  }
}

namespace {
// row[0, count) = softmax(row * scale), in place.
FOLIO_CLONES void scaled_softmax(float* row, long count, float scale) {
  float m = -std::numeric_limits<float>::infinity();
  for (long j = 0; j < count; ++j) m = std::max(m, row[j] * scale);
  for (long j = 0; j < count; ++j) row[j] = exp_approx(row[j] * scale - m);
  // Four double accumulators: exact enough, and not one long dependency chain.
  double sums[4] = {0, 0, 0, 0};
  long j = 0;
  for (; j + 4 <= count; j += 4) {
    for (int u = 0; u < 4; ++u) sums[u] += row[j + u];
  }
  for (; j < count; ++j) sums[0] += row[j];
  const float inv = static_cast<float>(1.0 / (sums[0] + sums[1] + sums[2] + sums[3]));
  for (long c = 0; c < count; ++c) row[c] *= inv;
}
}  // namespace

namespace {
// Rows of a head go through the products in blocks of this many: block r needs only the
// columns up to its last row (the causal triangle), which skips most of the masked half.
constexpr long kCausalBlock = 32;

// row[0, count) = prow * (row - sum(row * prow)) * scale: the softmax's backward pass (with
// the scores' scale), in place on the gradient of the weights.
FOLIO_CLONES void softmax_backward_row(float* row, const float* prow, long count, float scale) {
  double sums[4] = {0, 0, 0, 0};
  long j = 0;
  for (; j + 4 <= count; j += 4) {
    for (int u = 0; u < 4; ++u) sums[u] += row[j + u] * prow[j + u];
  }
  for (; j < count; ++j) sums[0] += row[j] * prow[j];
  const float dot = static_cast<float>(sums[0] + sums[1] + sums[2] + sums[3]);
  for (long c = 0; c < count; ++c) row[c] = prow[c] * (row[c] - dot) * scale;
}
}  // namespace

void causal_attention(const float* q, const float* k, const float* v, float* y, float* p, const AttentionShape& shape, float scale,
                      float dropout_rate, unsigned long long seed) {
  const long time = shape.time, head_size = shape.head_size, in_row = shape.in_row_stride, out_row = shape.out_row_stride;
  parallel_for(shape.heads, 1, [&](long begin, long end) {
    std::vector<float> dropped(dropout_rate > 0 ? time * time : 0);
    for (long h = begin; h < end; ++h) {
      const long in = shape.in_offset(h);
      float* ph = p + h * time * time;
      // scores = q k^T, block by block of rows, each only as far as the causal triangle reaches.
      for (long r0 = 0; r0 < time; r0 += kCausalBlock) {
        const long rows = std::min(kCausalBlock, time - r0), cols = r0 + rows;
        gemm(rows, cols, head_size, {q + in + r0 * in_row, in_row, 1}, {k + in, 1, in_row}, ph + r0 * time, time, false);
      }
      for (long i = 0; i < time; ++i) {
        float* row = ph + i * time;
        scaled_softmax(row, i + 1, scale);
        std::fill(row + i + 1, row + time, 0.f);
      }
      const float* weights = ph;
      if (dropout_rate > 0) {
        apply_dropout(ph, dropped.data(), time, h * time * time, dropout_rate, seed);
        weights = dropped.data();
      }
      float* yh = y + shape.out_offset(h);
      for (long r0 = 0; r0 < time; r0 += kCausalBlock) {
        const long rows = std::min(kCausalBlock, time - r0), cols = r0 + rows;
        gemm(rows, head_size, cols, {weights + r0 * time, time, 1}, {v + in, in_row, 1}, yh + r0 * out_row, out_row, false);
      }
    }
  });
}

void causal_attention_grad(const float* dy, const float* q, const float* k, const float* v, const float* p, float* dq, float* dk,
                           float* dv, const AttentionShape& shape, float scale, float dropout_rate, unsigned long long seed) {
  const long time = shape.time, head_size = shape.head_size, in_row = shape.in_row_stride, out_row = shape.out_row_stride;
  parallel_for(shape.heads, 1, [&](long begin, long end) {
    std::vector<float> ds(time * time);
    std::vector<float> dropped(dropout_rate > 0 ? time * time : 0);
    for (long h = begin; h < end; ++h) {
      const long in = shape.in_offset(h);
      const float* dyh = dy + shape.out_offset(h);
      const float* ph = p + h * time * time;
      const float* weights = ph;
      if (dropout_rate > 0) {
        apply_dropout(ph, dropped.data(), time, h * time * time, dropout_rate, seed);
        weights = dropped.data();
      }
      // Row blocks r0 read columns [0, r0 + rows); column blocks c0 read rows [c0, time): the
      // weights (and ds) are zero above the diagonal, so nothing outside those ranges counts.
      for (long c0 = 0; c0 < time; c0 += kCausalBlock) {
        // dv = weights^T dy
        const long cols = std::min(kCausalBlock, time - c0);
        gemm(cols, head_size, time - c0, {weights + c0 * time + c0, 1, time}, {dyh + c0 * out_row, out_row, 1}, dv + in + c0 * in_row,
             in_row, false);
      }
      for (long r0 = 0; r0 < time; r0 += kCausalBlock) {
        // d(weights) = dy v^T
        const long rows = std::min(kCausalBlock, time - r0), cols = r0 + rows;
        gemm(rows, cols, head_size, {dyh + r0 * out_row, out_row, 1}, {v + in, 1, in_row}, ds.data() + r0 * time, time, false);
      }
      if (dropout_rate > 0) {
        // Through the dropout: the same mask and scale (a zero in `weights` where p was dropped).
        float keep_scale = 1.f / (1.f - dropout_rate);
        for (long i = 0; i < time; ++i) {
          float* row = ds.data() + i * time;
          masked_scale(row, row, i + 1, h * time * time + i * time, dropout_rate, keep_scale, seed);
        }
      }
      // ds = p * (dp - rowsum(dp * p)) * scale  (softmax backward, then the score scale)
      for (long i = 0; i < time; ++i) {
        float* row = ds.data() + i * time;
        softmax_backward_row(row, ph + i * time, i + 1, scale);
        std::fill(row + i + 1, row + time, 0.f);
      }
      for (long r0 = 0; r0 < time; r0 += kCausalBlock) {
        // dq = ds k
        const long rows = std::min(kCausalBlock, time - r0), cols = r0 + rows;
        gemm(rows, head_size, cols, {ds.data() + r0 * time, time, 1}, {k + in, in_row, 1}, dq + in + r0 * in_row, in_row, false);
      }
      for (long c0 = 0; c0 < time; c0 += kCausalBlock) {
        // dk = ds^T q
        const long cols = std::min(kCausalBlock, time - c0);
        gemm(cols, head_size, time - c0, {ds.data() + c0 * time + c0, 1, time}, {q + in + c0 * in_row, in_row, 1}, dk + in + c0 * in_row,
             in_row, false);
      }
    }
  });
}

void dropout(const float* x, float* y, long size, float rate, unsigned long long seed) {
  float scale = 1.f / (1.f - rate);
  parallel_for(size, kGrain, [&](long begin, long end) {
    masked_scale(x + begin, y + begin, end - begin, static_cast<unsigned long long>(begin), rate, scale, seed);
  });
}

namespace {
FOLIO_CLONES double sum_of_squares_range(const float* x, long begin, long end) {
  // Eight double accumulators: vectorizable, and exact enough for a norm.
  double sums[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  long i = begin;
  for (; i + 8 <= end; i += 8) {
    for (int u = 0; u < 8; ++u) sums[u] += static_cast<double>(x[i + u]) * x[i + u];
  }
  for (; i < end; ++i) sums[0] += static_cast<double>(x[i]) * x[i];
  double total = 0;
  for (double s : sums) total += s;
  return total;
}
}  // namespace

double sum_of_squares(const std::vector<std::pair<const float*, long>>& arrays) {
  std::vector<long> sizes;
  for (const auto& array : arrays) sizes.push_back(array.second);
  const std::vector<Piece> pieces = pieces_of(sizes, 1L << 15);
  std::vector<double> sums(pieces.size());
  pool().run(static_cast<int>(pieces.size()), [&](int i) {
    const Piece& piece = pieces[i];
    sums[i] = sum_of_squares_range(arrays[piece.array].first, piece.begin, piece.end);
  });
  double total = 0;
  for (double s : sums) total += s;
  return total;
}

void scale(const std::vector<std::pair<float*, long>>& arrays, float factor) {
  std::vector<long> sizes;
  for (const auto& array : arrays) sizes.push_back(array.second);
  const std::vector<Piece> pieces = pieces_of(sizes, 1L << 15);
  pool().run(static_cast<int>(pieces.size()), [&](int i) {
    const Piece& piece = pieces[i];
    float* x = arrays[piece.array].first;
    for (long j = piece.begin; j < piece.end; ++j) x[j] *= factor;
  });
}

namespace {
// The update of one stretch of one parameter. Per element: one sqrt and one division, with
// the bias corrections folded into the step size and eps (the same algebra as torch.optim.AdamW).
FOLIO_CLONES void adamw_range(const AdamWTensor& t, long begin, long end, const AdamWStep& s) {
  const float keep = 1.f - s.lr * t.decay;
  const float step_size = s.lr / s.bias_correction1;
  const float inv_sqrt_c2 = 1.f / std::sqrt(s.bias_correction2);
  const float b1 = s.beta1, b2 = s.beta2, one_b1 = 1.f - s.beta1, one_b2 = 1.f - s.beta2, eps = s.eps;
  float* __restrict param = t.param;
  const float* __restrict grad = t.grad;
  float* __restrict m = t.m;
  float* __restrict v = t.v;
  for (long i = begin; i < end; ++i) {
    const float g = grad[i];
    const float mi = b1 * m[i] + one_b1 * g;
    const float vi = b2 * v[i] + one_b2 * g * g;
    m[i] = mi;
    v[i] = vi;
    param[i] = param[i] * keep - step_size * mi / (std::sqrt(vi) * inv_sqrt_c2 + eps);
  }
}
}  // namespace

void adamw(const std::vector<AdamWTensor>& tensors, const AdamWStep& step) {
  std::vector<long> sizes;
  for (const AdamWTensor& t : tensors) sizes.push_back(t.size);
  const std::vector<Piece> pieces = pieces_of(sizes, 1L << 14);
  pool().run(static_cast<int>(pieces.size()), [&](int i) {
    const Piece& piece = pieces[i];
    adamw_range(tensors[piece.array], piece.begin, piece.end, step);
  });
}

}  // namespace folio
