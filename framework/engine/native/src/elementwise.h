// Element-wise, broadcast, reduction, softmax and layout kernels over float32 buffers.
#pragma once

namespace folio {

enum class Binary { Add, Sub, Mul, Div, Max, Min, SquaredDifference };
enum class Unary { Neg, Exp, Log, Sqrt, Rsqrt, Square, Tanh, Relu, Step, Abs, Sigmoid, Reciprocal };

constexpr int kMaxRank = 8;

// out[i] = a[i] op b[i] over `rank` output dims `shape`; a_strides/b_strides give each input's
// stride per output dim (0 where it is broadcast).
void binary(Binary op, const float* a, const long* a_strides, const float* b, const long* b_strides, float* out,
            const long* shape, int rank);

void unary(Unary op, const float* x, float* out, long size);

// Sum (or mean) of each row of a rows x cols matrix.
void reduce_rows(const float* x, float* out, long rows, long cols, bool mean, bool max);
// Sum (or mean) over the leading dim of an outer x inner matrix: out[j] = sum_i x[i, j].
void reduce_columns(const float* x, float* out, long outer, long inner, bool mean, bool max);
// The same for columns [begin, end) only, on the calling thread (for use inside a pool task).
void reduce_column_range(const float* x, float* out, long outer, long inner, long begin, long end, bool mean, bool max);

// Softmax over the last dim of a rows x cols matrix.
void softmax_rows(const float* x, float* out, long rows, long cols);

// out = x permuted: out dim d is x dim perm[d].
void transpose(const float* x, float* out, const long* x_shape, const int* perm, int rank);

}  // namespace folio
