#include "elementwise.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace folio {
namespace {

constexpr long kGrain = 1L << 16;  // below this many elements, threads cost more than they save

template <typename F>
void binary_loop(const float* a, const long* as, const float* b, const long* bs, float* out, const long* shape, int rank,
                 F f) {
  long inner = shape[rank - 1];
  long a_inner = as[rank - 1], b_inner = bs[rank - 1];
  long rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= shape[d];
  parallel_for(rows, std::max(1L, kGrain / std::max(1L, inner)), [&](long begin, long end) {
    long index[kMaxRank] = {0};
    long a_off = 0, b_off = 0;
    // Position the odometer at row `begin`.
    for (long rest = begin, d = rank - 2; d >= 0; --d) {
      index[d] = rest % shape[d];
      rest /= shape[d];
      a_off += index[d] * as[d];
      b_off += index[d] * bs[d];
    }
    for (long row = begin; row < end; ++row) {
      float* o = out + row * inner;
      const float* pa = a + a_off;
      const float* pb = b + b_off;
      if (a_inner == 1 && b_inner == 1) {
        for (long j = 0; j < inner; ++j) o[j] = f(pa[j], pb[j]);
      } else if (a_inner == 1) {
        float y = pb[0];
        for (long j = 0; j < inner; ++j) o[j] = f(pa[j], y);
      } else if (b_inner == 1) {
        float x = pa[0];
        for (long j = 0; j < inner; ++j) o[j] = f(x, pb[j]);
      } else {
        float v = f(pa[0], pb[0]);
        for (long j = 0; j < inner; ++j) o[j] = v;
      }
      for (long d = rank - 2; d >= 0; --d) {
        a_off += as[d];
        b_off += bs[d];
        if (++index[d] < shape[d]) break;
        a_off -= as[d] * shape[d];
        b_off -= bs[d] * shape[d];
        index[d] = 0;
      }
    }
  });
}

template <typename F>
void unary_loop(const float* x, float* out, long size, F f) {
  parallel_for(size, kGrain, [&](long begin, long end) {
    for (long i = begin; i < end; ++i) out[i] = f(x[i]);
  });
}

}  // namespace

void binary(Binary op, const float* a, const long* as, const float* b, const long* bs, float* out, const long* shape,
            int rank) {
  switch (op) {
    case Binary::Add: return binary_loop(a, as, b, bs, out, shape, rank, [](float x, float y) { return x + y; });
    case Binary::Sub: return binary_loop(a, as, b, bs, out, shape, rank, [](float x, float y) { return x - y; });
    case Binary::Mul: return binary_loop(a, as, b, bs, out, shape, rank, [](float x, float y) { return x * y; });
    case Binary::Div: return binary_loop(a, as, b, bs, out, shape, rank, [](float x, float y) { return x / y; });
    case Binary::Max:
      return binary_loop(a, as, b, bs, out, shape, rank,
                         [](float x, float y) { return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y); });
    case Binary::Min:
      return binary_loop(a, as, b, bs, out, shape, rank,
                         [](float x, float y) { return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y); });
    case Binary::SquaredDifference:
      return binary_loop(a, as, b, bs, out, shape, rank, [](float x, float y) { return (x - y) * (x - y); });
  }
}

void unary(Unary op, const float* x, float* out, long size) {
  switch (op) {
    case Unary::Neg: return unary_loop(x, out, size, [](float v) { return -v; });
    case Unary::Exp: return unary_loop(x, out, size, [](float v) { return std::exp(v); });
    case Unary::Log: return unary_loop(x, out, size, [](float v) { return std::log(v); });
    case Unary::Sqrt: return unary_loop(x, out, size, [](float v) { return std::sqrt(v); });
    case Unary::Rsqrt: return unary_loop(x, out, size, [](float v) { return 1.f / std::sqrt(v); });
    case Unary::Square: return unary_loop(x, out, size, [](float v) { return v * v; });
    case Unary::Tanh: return unary_loop(x, out, size, [](float v) { return std::tanh(v); });
    case Unary::Relu: return unary_loop(x, out, size, [](float v) { return std::isnan(v) ? v : (v > 0 ? v : 0.f); });
    case Unary::Step: return unary_loop(x, out, size, [](float v) { return std::isnan(v) ? v : (v > 0 ? 1.f : 0.f); });
    case Unary::Abs: return unary_loop(x, out, size, [](float v) { return std::fabs(v); });
    case Unary::Sigmoid: return unary_loop(x, out, size, [](float v) { return 1.f / (1.f + std::exp(-v)); });
    case Unary::Reciprocal: return unary_loop(x, out, size, [](float v) { return 1.f / v; });
  }
}

void reduce_rows(const float* x, float* out, long rows, long cols, bool mean, bool max) {
  parallel_for(rows, std::max(1L, kGrain / std::max(1L, cols)), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) {
      const float* row = x + r * cols;
      if (max) {
        float m = -std::numeric_limits<float>::infinity();
        for (long j = 0; j < cols; ++j) m = (std::isnan(row[j]) || row[j] > m) ? row[j] : m;
        out[r] = m;
        continue;
      }
      // A double accumulator: float32 sums of long rows drift from an exact sum.
      double s = 0;
      for (long j = 0; j < cols; ++j) s += row[j];
      out[r] = static_cast<float>(mean ? s / cols : s);
    }
  });
}

void reduce_column_range(const float* x, float* out, long outer, long inner, long begin, long end, bool mean, bool max) {
  for (long j = begin; j < end; ++j) out[j] = max ? -std::numeric_limits<float>::infinity() : 0.f;
  if (max) {
    for (long i = 0; i < outer; ++i)
      for (long j = begin; j < end; ++j) {
        float v = x[i * inner + j];
        if (std::isnan(v) || v > out[j]) out[j] = v;
      }
    return;
  }
  // Accumulate in double per column, streaming rows for cache-friendly access.
  std::vector<double> sums(end - begin, 0.0);
  for (long i = 0; i < outer; ++i) {
    const float* row = x + i * inner;
    for (long j = begin; j < end; ++j) sums[j - begin] += row[j];
  }
  for (long j = begin; j < end; ++j) out[j] = static_cast<float>(mean ? sums[j - begin] / outer : sums[j - begin]);
}

void reduce_columns(const float* x, float* out, long outer, long inner, bool mean, bool max) {
  parallel_for(inner, std::max(1L, kGrain / std::max(1L, outer)),
               [&](long begin, long end) { reduce_column_range(x, out, outer, inner, begin, end, mean, max); });
}

void softmax_rows(const float* x, float* out, long rows, long cols) {
  parallel_for(rows, std::max(1L, kGrain / std::max(1L, cols)), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) {
      const float* in = x + r * cols;
      float* o = out + r * cols;
      float m = -std::numeric_limits<float>::infinity();
      for (long j = 0; j < cols; ++j) m = std::max(m, in[j]);
      double total = 0;
      for (long j = 0; j < cols; ++j) {
        o[j] = std::exp(in[j] - m);
        total += o[j];
      }
      float scale = static_cast<float>(1.0 / total);
      for (long j = 0; j < cols; ++j) o[j] *= scale;
    }
  });
}

void transpose(const float* x, float* out, const long* x_shape, const int* perm, int rank) {
  long x_strides[kMaxRank], out_shape[kMaxRank], in_strides[kMaxRank];
  x_strides[rank - 1] = 1;
  for (int d = rank - 2; d >= 0; --d) x_strides[d] = x_strides[d + 1] * x_shape[d + 1];
  for (int d = 0; d < rank; ++d) {
    out_shape[d] = x_shape[perm[d]];
    in_strides[d] = x_strides[perm[d]];
  }
  long inner = out_shape[rank - 1], inner_stride = in_strides[rank - 1];
  long rows = 1;
  for (int d = 0; d < rank - 1; ++d) rows *= out_shape[d];
  parallel_for(rows, std::max(1L, kGrain / std::max(1L, inner)), [&](long begin, long end) {
    long index[kMaxRank] = {0};
    long off = 0;
    for (long rest = begin, d = rank - 2; d >= 0; --d) {
      index[d] = rest % out_shape[d];
      rest /= out_shape[d];
      off += index[d] * in_strides[d];
    }
    for (long row = begin; row < end; ++row) {
      float* o = out + row * inner;
      const float* in = x + off;
      for (long j = 0; j < inner; ++j) o[j] = in[j * inner_stride];
      for (long d = rank - 2; d >= 0; --d) {
        off += in_strides[d];
        if (++index[d] < out_shape[d]) break;
        off -= in_strides[d] * out_shape[d];
        index[d] = 0;
      }
    }
  });
}

}  // namespace folio
