#include "fused.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "fast_math.h"
#include "gemm.h"
#include "thread_pool.h"

namespace folio {
namespace {
constexpr long kGrain = 1L << 16;
long rows_grain(long cols) { return std::max(1L, kGrain / std::max(1L, cols)); }
}  // namespace

void layer_norm(const float* x, const float* gain, const float* bias, float* y, float* mean, float* rstd, long rows, long cols,
                float eps) {
  parallel_for(rows, rows_grain(cols), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) {
      const float* in = x + r * cols;
      double sum = 0;
      for (long j = 0; j < cols; ++j) sum += in[j];
      float mu = static_cast<float>(sum / cols);
      double squares = 0;
      for (long j = 0; j < cols; ++j) squares += (in[j] - mu) * (in[j] - mu);
      float inv = 1.f / std::sqrt(static_cast<float>(squares / cols) + eps);
      float* out = y + r * cols;
      for (long j = 0; j < cols; ++j) out[j] = (in[j] - mu) * inv * gain[j] + (bias ? bias[j] : 0.f);
      mean[r] = mu;
      rstd[r] = inv;
    }
  });
}

void layer_norm_grad(const float* dy, const float* x, const float* gain, const float* mean, const float* rstd, float* dx,
                     float* dgain, float* dbias, long rows, long cols) {
  // dx per row: rstd * (g*dy - mean(g*dy) - xhat * mean(g*dy*xhat)).
  parallel_for(rows, rows_grain(cols), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) {
      const float* in = x + r * cols;
      const float* d = dy + r * cols;
      double mean_gdy = 0, mean_gdy_xhat = 0;
      for (long j = 0; j < cols; ++j) {
        float xhat = (in[j] - mean[r]) * rstd[r];
        float gdy = gain[j] * d[j];
        mean_gdy += gdy;
        mean_gdy_xhat += gdy * xhat;
      }
      float a = static_cast<float>(mean_gdy / cols), b = static_cast<float>(mean_gdy_xhat / cols);
      float* out = dx + r * cols;
      for (long j = 0; j < cols; ++j) {
        float xhat = (in[j] - mean[r]) * rstd[r];
        out[j] = rstd[r] * (gain[j] * d[j] - a - xhat * b);
      }
    }
  });
  // dgain and dbias sum over rows: split the columns between threads.
  parallel_for(cols, std::max(1L, kGrain / std::max(1L, rows)), [&](long begin, long end) {
    std::vector<double> g(end - begin, 0.0), bsum(end - begin, 0.0);
    for (long r = 0; r < rows; ++r) {
      const float* in = x + r * cols;
      const float* d = dy + r * cols;
      for (long j = begin; j < end; ++j) {
        g[j - begin] += d[j] * (in[j] - mean[r]) * rstd[r];
        bsum[j - begin] += d[j];
      }
    }
    for (long j = begin; j < end; ++j) {
      dgain[j] = static_cast<float>(g[j - begin]);
      if (dbias) dbias[j] = static_cast<float>(bsum[j - begin]);
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

float cross_entropy(const float* logits, const int* targets, float* probs, long rows, long cols) {
  std::vector<double> losses(rows);
  parallel_for(rows, rows_grain(cols), [&](long begin, long end) {
    for (long r = begin; r < end; ++r) {
      const float* in = logits + r * cols;
      float* p = probs + r * cols;
      float m = -std::numeric_limits<float>::infinity();
      for (long j = 0; j < cols; ++j) m = std::max(m, in[j]);
      double total = 0;
      for (long j = 0; j < cols; ++j) total += std::exp(static_cast<double>(in[j] - m));
      double log_total = std::log(total);
      for (long j = 0; j < cols; ++j) p[j] = static_cast<float>(std::exp(in[j] - m - log_total));
      long t = targets[r];
      losses[r] = (t >= 0 && t < cols) ? -(in[t] - m - log_total) : std::numeric_limits<double>::quiet_NaN();
    }
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
// SplitMix64 of (seed, index) mapped to [0, 1): independent of thread count and chunking.
inline float uniform(unsigned long long seed, unsigned long long index) {
  unsigned long long z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<float>(z >> 40) * (1.f / 16777216.f);
}
}  // namespace

// Writes p (time x time, already softmaxed) with the dropout mask applied and scaled into `out`.
void apply_dropout(const float* p, float* out, long time, long first_index, float rate, unsigned long long seed) {
  float scale = 1.f / (1.f - rate);
  for (long i = 0; i < time; ++i) {
    for (long j = 0; j <= i; ++j) {
      long index = first_index + i * time + j;
      out[i * time + j] = uniform(seed, static_cast<unsigned long long>(index)) >= rate ? p[i * time + j] * scale : 0.f;
    }
    for (long j = i + 1; j < time; ++j) out[i * time + j] = 0.f;
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

void causal_attention(const float* q, const float* k, const float* v, float* y, float* p, long heads, long time, long head_size,
                      float scale, float dropout_rate, unsigned long long seed) {
  parallel_for(heads, 1, [&](long begin, long end) {
    std::vector<float> dropped(dropout_rate > 0 ? time * time : 0);
    for (long h = begin; h < end; ++h) {
      const float* qh = q + h * time * head_size;
      const float* kh = k + h * time * head_size;
      const float* vh = v + h * time * head_size;
      float* ph = p + h * time * time;
      // scores = q k^T (time x time); only the causal (lower) triangle is used.
      gemm(time, time, head_size, {qh, head_size, 1}, {kh, 1, head_size}, ph, time, false);
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
      gemm(time, head_size, time, {weights, time, 1}, {vh, head_size, 1}, y + h * time * head_size, head_size, false);
    }
  });
}

void causal_attention_grad(const float* dy, const float* q, const float* k, const float* v, const float* p, float* dq, float* dk,
                           float* dv, long heads, long time, long head_size, float scale, float dropout_rate,
                           unsigned long long seed) {
  parallel_for(heads, 1, [&](long begin, long end) {
    std::vector<float> ds(time * time);
    std::vector<float> dropped(dropout_rate > 0 ? time * time : 0);
    for (long h = begin; h < end; ++h) {
      long off = h * time * head_size;
      const float* ph = p + h * time * time;
      const float* weights = ph;
      if (dropout_rate > 0) {
        apply_dropout(ph, dropped.data(), time, h * time * time, dropout_rate, seed);
        weights = dropped.data();
      }
      // dv = weights^T dy;  d(weights) = dy v^T
      gemm(time, head_size, time, {weights, 1, time}, {dy + off, head_size, 1}, dv + off, head_size, false);
      gemm(time, time, head_size, {dy + off, head_size, 1}, {v + off, 1, head_size}, ds.data(), time, false);
      if (dropout_rate > 0) {
        // Through the dropout: the same mask and scale (a zero in `weights` where p was dropped).
        float keep_scale = 1.f / (1.f - dropout_rate);
        for (long i = 0; i < time; ++i)
          for (long j = 0; j <= i; ++j) {
            long index = h * time * time + i * time + j;
            ds[i * time + j] = uniform(seed, static_cast<unsigned long long>(index)) >= dropout_rate ? ds[i * time + j] * keep_scale : 0.f;
          }
      }
      // ds = p * (dp - rowsum(dp * p)) * scale  (softmax backward, then the score scale)
      for (long i = 0; i < time; ++i) {
        float* row = ds.data() + i * time;
        const float* prow = ph + i * time;
        double dot = 0;
        for (long j = 0; j <= i; ++j) dot += row[j] * prow[j];
        for (long j = 0; j <= i; ++j) row[j] = prow[j] * (row[j] - static_cast<float>(dot)) * scale;
        for (long j = i + 1; j < time; ++j) row[j] = 0.f;
      }
      // dq = ds k;  dk = ds^T q
      gemm(time, head_size, time, {ds.data(), time, 1}, {k + off, head_size, 1}, dq + off, head_size, false);
      gemm(time, head_size, time, {ds.data(), 1, time}, {q + off, head_size, 1}, dk + off, head_size, false);
    }
  });
}


void dropout(const float* x, float* y, long size, float rate, unsigned long long seed) {
  float scale = 1.f / (1.f - rate);
  parallel_for(size, kGrain, [&](long begin, long end) {
    for (long i = begin; i < end; ++i) y[i] = uniform(seed, static_cast<unsigned long long>(i)) >= rate ? x[i] * scale : 0.f;
  });
}

double sum_of_squares(const float* x, long size) {
  double sums[4] = {0, 0, 0, 0};
  long i = 0;
  for (; i + 4 <= size; i += 4) {
    for (int u = 0; u < 4; ++u) sums[u] += static_cast<double>(x[i + u]) * x[i + u];
  }
  for (; i < size; ++i) sums[0] += static_cast<double>(x[i]) * x[i];
  return sums[0] + sums[1] + sums[2] + sums[3];
}

void adamw(float* param, const float* grad, float* m, float* v, long size, float lr, float beta1, float beta2, float eps,
           float decay, float bias_correction1, float bias_correction2) {
  parallel_for(size, kGrain, [&](long begin, long end) {
    for (long i = begin; i < end; ++i) {
      float g = grad[i];
      m[i] = beta1 * m[i] + (1.f - beta1) * g;
      v[i] = beta2 * v[i] + (1.f - beta2) * g * g;
      float m_hat = m[i] / bias_correction1;
      float v_hat = v[i] / bias_correction2;
      param[i] = param[i] * (1.f - lr * decay) - lr * m_hat / (std::sqrt(v_hat) + eps);
    }
  });
}

}  // namespace folio
