// Fused kernels for the transformer's hot spots: each replaces a chain of tfjs ops (and their
// gradients) with one pass over memory.
#pragma once

#include <utility>
#include <vector>

namespace folio {

// y = (x - mean) * rstd * gain + bias over the last dim of rows x cols; saves mean and rstd.
void layer_norm(const float* x, const float* gain, const float* bias, float* y, float* mean, float* rstd, long rows, long cols,
                float eps);
// Gradients of layer_norm: dx, and dgain/dbias summed over rows (bias may be null).
void layer_norm_grad(const float* dy, const float* x, const float* gain, const float* mean, const float* rstd, float* dx,
                     float* dgain, float* dbias, long rows, long cols);

// A linear layer's gradients, for y = x W + bias with x (rows x in), W (in x out): dx = dy W^T,
// dw = x^T dy, and dbias (out; skipped when null) the column sums of dy.
void linear_grad(const float* dy, const float* x, const float* w, float* dx, float* dw, float* dbias, long rows, long in, long out);

// h = x W + bias and y = gelu(h) (the MLP's first layer), h kept for the gradient.
void linear_gelu(const float* x, const float* w, const float* bias, float* h, float* y, long rows, long in, long out);
// Gradients of linear_gelu from dy and the saved h: those of linear_grad for dh = dy * gelu'(h).
void linear_gelu_grad(const float* dy, const float* h, const float* x, const float* w, float* dx, float* dw, float* dbias, long rows,
                      long in, long out);

// out (count x width) = the rows of table (vocab x width) at ids; an id outside [0, vocab) gives
// a row of zeros (as a one-hot product would).
void embedding(const int* ids, long count, const float* table, long vocab, long width, float* out);
// dtable (vocab x width) = for each id, the sum of the dy rows that looked it up.
void embedding_grad(const float* dy, const int* ids, long count, long vocab, long width, float* dtable);

// GELU, tanh approximation, and its derivative times dy.
void gelu(const float* x, float* y, long size);
void gelu_grad(const float* dy, const float* x, float* dx, long size);

// Mean cross-entropy of rows x cols logits against integer targets; saves softmax probabilities.
float cross_entropy(const float* logits, const int* targets, float* probs, long rows, long cols);
// d(mean loss)/d(logits) scaled by dloss: (probs - onehot(targets)) * dloss / rows.
void cross_entropy_grad(const float* probs, const int* targets, float dloss, float* dlogits, long rows, long cols);

// Where each head's (time x head_size) matrices lie. Head h is head h % heads_per_batch of
// sequence h / heads_per_batch; its rows are row_stride apart. (heads, T, hs) tensors are
// heads_per_batch 1 and row stride hs; the heads inside a (B, T, C) activation (or inside the
// fused (B, T, 3C) projection, q, k and v starting 0, C and 2C in) are C / hs and C (or 3C).
struct AttentionShape {
  long heads, time, head_size;
  long heads_per_batch;
  long in_row_stride;   // q, k, v (and dq, dk, dv)
  long out_row_stride;  // y (and dy)
  long in_offset(long h) const { return offset(h, in_row_stride); }
  long out_offset(long h) const { return offset(h, out_row_stride); }
  long offset(long h, long row_stride) const {
    return (h / heads_per_batch) * time * row_stride + (h % heads_per_batch) * head_size;
  }
  // The fewest elements an array of this layout spans.
  long span(long row_stride) const { return ((heads / heads_per_batch) * time - 1) * row_stride + heads_per_batch * head_size; }
};

// Causal attention over heads: y = dropout(softmax(q k^T * scale + causal mask)) v per head.
// Saves the attention probabilities p (heads, T, T, before dropout) for the gradient; the
// dropout mask (rate 0: none) is regenerated from the seed, element (h, i, j) at index (h*T + i)*T + j.
void causal_attention(const float* q, const float* k, const float* v, float* y, float* p, const AttentionShape& shape, float scale,
                      float dropout_rate, unsigned long long seed);
void causal_attention_grad(const float* dy, const float* q, const float* k, const float* v, const float* p, float* dq, float* dk,
                           float* dv, const AttentionShape& shape, float scale, float dropout_rate, unsigned long long seed);

// One parameter's buffers for an AdamW step; decay is its decoupled weight decay (0: none).
struct AdamWTensor {
  float* param;
  const float* grad;
  float* m;
  float* v;
  long size;
  float decay;
};
struct AdamWStep {
  float lr, beta1, beta2, eps;
  // 1 - beta^t for the step t being taken.
  float bias_correction1, bias_correction2;
};
// One AdamW step of every tensor, in place, as one parallel job; param decays by (1 - lr * decay).
void adamw(const std::vector<AdamWTensor>& tensors, const AdamWStep& step);

// The sum of x[i]^2 over every element of every (data, size) array, accumulated in double
// (for a global gradient norm), as one parallel job.
double sum_of_squares(const std::vector<std::pair<const float*, long>>& arrays);
// x *= factor over every element of every (data, size) array, in place, as one parallel job.
void scale(const std::vector<std::pair<float*, long>>& arrays, float factor);

// Inverted dropout with a counter-based mask: element i is kept when hash(seed, i) >= rate, so
// the gradient regenerates the same mask from the seed instead of storing it.
void dropout(const float* x, float* y, long size, float rate, unsigned long long seed);

}  // namespace folio
