// Fused kernels for the transformer's hot spots: each replaces a chain of tfjs ops (and their
// gradients) with one pass over memory.
#pragma once

namespace folio {

// y = (x - mean) * rstd * gain + bias over the last dim of rows x cols; saves mean and rstd.
void layer_norm(const float* x, const float* gain, const float* bias, float* y, float* mean, float* rstd, long rows, long cols,
                float eps);
// Gradients of layer_norm: dx, and dgain/dbias summed over rows (bias may be null).
void layer_norm_grad(const float* dy, const float* x, const float* gain, const float* mean, const float* rstd, float* dx,
                     float* dgain, float* dbias, long rows, long cols);

// GELU, tanh approximation, and its derivative times dy.
void gelu(const float* x, float* y, long size);
void gelu_grad(const float* dy, const float* x, float* dx, long size);

// Mean cross-entropy of rows x cols logits against integer targets; saves softmax probabilities.
float cross_entropy(const float* logits, const int* targets, float* probs, long rows, long cols);
// d(mean loss)/d(logits) scaled by dloss: (probs - onehot(targets)) * dloss / rows.
void cross_entropy_grad(const float* probs, const int* targets, float dloss, float* dlogits, long rows, long cols);

// Causal attention over heads: q, k, v are (heads, T, hs); y = dropout(softmax(q k^T * scale + causal
// mask)) v. Saves the attention probabilities p (heads, T, T, before dropout) for the gradient; the
// dropout mask (rate 0: none) is regenerated from the seed, element (h, i, j) at index (h*T + i)*T + j.
void causal_attention(const float* q, const float* k, const float* v, float* y, float* p, long heads, long time, long head_size,
                      float scale, float dropout_rate, unsigned long long seed);
void causal_attention_grad(const float* dy, const float* q, const float* k, const float* v, const float* p, float* dq, float* dk,
                           float* dv, long heads, long time, long head_size, float scale, float dropout_rate,
                           unsigned long long seed);

// One AdamW step in place: m, v moments; decoupled decay multiplies param by (1 - lr * decay).
void adamw(float* param, const float* grad, float* m, float* v, long size, float lr, float beta1, float beta2, float eps,
           float decay, float bias_correction1, float bias_correction2);

// The sum of x[i]^2 over one array, accumulated in double (for a global gradient norm).
double sum_of_squares(const float* x, long size);

// Inverted dropout with a counter-based mask: element i is kept when hash(seed, i) >= rate, so
// the gradient regenerates the same mask from the seed instead of storing it.
void dropout(const float* x, float* y, long size, float rate, unsigned long long seed);

}  // namespace folio
