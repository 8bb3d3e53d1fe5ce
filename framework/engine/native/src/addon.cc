// Node-API bindings: each function works in place on Float32Arrays that tfjs's cpu-style
// backend already holds, so no data is copied between JavaScript and C++.
#include <node_api.h>

#include <cstdint>
#include <string>
#include <vector>

#include "elementwise.h"
#include "fused.h"
#include "gemm.h"
#include "peak.h"
#include "thread_pool.h"

namespace {

struct Floats {
  float* data = nullptr;
  size_t length = 0;
};

bool fail(napi_env env, const std::string& message) {
  napi_throw_type_error(env, nullptr, message.c_str());
  return false;
}

bool get_floats(napi_env env, napi_value value, Floats* out, const char* what) {
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  if (!is_typed) return fail(env, std::string(what) + " must be a Float32Array");
  napi_typedarray_type type;
  void* data = nullptr;
  size_t length = 0;
  napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr);
  if (type != napi_float32_array) return fail(env, std::string(what) + " must be a Float32Array");
  out->data = static_cast<float*>(data);
  out->length = length;
  return true;
}

// A Float32Array, or null: then out->data stays nullptr.
bool get_optional_floats(napi_env env, napi_value value, Floats* out, const char* what) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  return type == napi_null || get_floats(env, value, out, what);
}

// A JavaScript array of Float32Arrays.
bool get_float_list(napi_env env, napi_value value, std::vector<Floats>* out, const char* what) {
  bool is_array = false;
  napi_is_array(env, value, &is_array);
  if (!is_array) return fail(env, std::string(what) + " must be an array of Float32Arrays");
  uint32_t count = 0;
  napi_get_array_length(env, value, &count);
  out->resize(count);
  for (uint32_t i = 0; i < count; ++i) {
    napi_value element;
    napi_get_element(env, value, i, &element);
    if (!get_floats(env, element, &(*out)[i], what)) return false;
  }
  return true;
}

bool get_long(napi_env env, napi_value value, long* out) {
  int64_t v = 0;
  if (napi_get_value_int64(env, value, &v) != napi_ok) return fail(env, "expected an integer");
  *out = static_cast<long>(v);
  return true;
}

// An Int32Array of at most kMaxRank sizes, strides or axes, widened to long.
bool get_dims(napi_env env, napi_value value, long* out, int* rank, const char* what) {
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  napi_typedarray_type type;
  void* data = nullptr;
  size_t length = 0;
  if (is_typed) napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr);
  if (!is_typed || type != napi_int32_array || length > folio::kMaxRank) {
    return fail(env, std::string(what) + " must be an Int32Array of at most 8 entries");
  }
  for (size_t i = 0; i < length; ++i) out[i] = static_cast<const int32_t*>(data)[i];
  *rank = static_cast<int>(length);
  return true;
}

// Reads exactly `count` arguments or throws.
bool get_args(napi_env env, napi_callback_info info, size_t count, napi_value* args, const char* name) {
  size_t argc = count;
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != count) return fail(env, std::string(name) + " expects " + std::to_string(count) + " arguments");
  return true;
}

long product(const long* dims, int rank) {
  long size = 1;
  for (int d = 0; d < rank; ++d) size *= dims[d];
  return size;
}

bool get_bool(napi_env env, napi_value value, bool* out) {
  if (napi_get_value_bool(env, value, out) != napi_ok) return fail(env, "expected a boolean");
  return true;
}

// matmul(a, b, out, batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride)
// out[batch, m, n] = op(a)[batch, m, k] @ op(b)[batch, k, n]; a batch stride of 0 broadcasts.
napi_value MatMul(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value args[11];
  napi_get_cb_info(env, info, &argc, args, nullptr, nullptr);
  if (argc != 11) {
    fail(env, "matmul expects 11 arguments");
    return nullptr;
  }
  Floats a, b, out;
  long batch, m, n, k, a_stride, b_stride;
  bool ta, tb;
  if (!get_floats(env, args[0], &a, "a") || !get_floats(env, args[1], &b, "b") || !get_floats(env, args[2], &out, "out") ||
      !get_long(env, args[3], &batch) || !get_long(env, args[4], &m) || !get_long(env, args[5], &n) ||
      !get_long(env, args[6], &k) || !get_bool(env, args[7], &ta) || !get_bool(env, args[8], &tb) ||
      !get_long(env, args[9], &a_stride) || !get_long(env, args[10], &b_stride)) {
    return nullptr;
  }
  auto fits = [](const Floats& f, long batch_stride, long batch, long size) {
    return static_cast<size_t>((batch - 1) * batch_stride + size) <= f.length;
  };
  if (batch < 1 || !fits(a, a_stride, batch, m * k) || !fits(b, b_stride, batch, k * n) ||
      out.length < static_cast<size_t>(batch * m * n)) {
    fail(env, "matmul: array sizes do not match the shapes");
    return nullptr;
  }
  auto product = [&](long i, bool parallel) {
    folio::MatrixView av{a.data + i * a_stride, ta ? 1 : k, ta ? m : 1};
    folio::MatrixView bv{b.data + i * b_stride, tb ? 1 : n, tb ? k : 1};
    folio::gemm(m, n, k, av, bv, out.data + i * m * n, n, parallel);
  };
  // Many small products (attention heads): one product per task. Few large ones: each threaded.
  if (batch > 1 && m * n * k < 256L * 256 * 256) {
    folio::parallel_for(batch, 1, [&](long begin, long end) {
      for (long i = begin; i < end; ++i) product(i, false);
    });
  } else {
    for (long i = 0; i < batch; ++i) product(i, true);
  }
  return nullptr;
}

// binary(op, a, aStrides, b, bStrides, out, shape): strides per output dim, 0 where broadcast.
napi_value Binary(napi_env env, napi_callback_info info) {
  napi_value args[7];
  if (!get_args(env, info, 7, args, "binary")) return nullptr;
  long op, as[folio::kMaxRank], bs[folio::kMaxRank], shape[folio::kMaxRank];
  int a_rank, b_rank, rank;
  Floats a, b, out;
  if (!get_long(env, args[0], &op) || !get_floats(env, args[1], &a, "a") || !get_dims(env, args[2], as, &a_rank, "aStrides") ||
      !get_floats(env, args[3], &b, "b") || !get_dims(env, args[4], bs, &b_rank, "bStrides") ||
      !get_floats(env, args[5], &out, "out") || !get_dims(env, args[6], shape, &rank, "shape")) {
    return nullptr;
  }
  if (op < 0 || op > static_cast<long>(folio::Binary::SquaredDifference) || rank == 0 || a_rank != rank || b_rank != rank ||
      out.length < static_cast<size_t>(product(shape, rank))) {
    fail(env, "binary: bad op or shapes");
    return nullptr;
  }
  // The last element each input is read at must lie inside it.
  auto reach = [&](const long* strides) {
    long last = 0;
    for (int d = 0; d < rank; ++d) last += (shape[d] - 1) * strides[d];
    return last;
  };
  if (product(shape, rank) > 0 && (static_cast<size_t>(reach(as)) >= a.length || static_cast<size_t>(reach(bs)) >= b.length)) {
    fail(env, "binary: strides reach past the end of an input");
    return nullptr;
  }
  folio::binary(static_cast<folio::Binary>(op), a.data, as, b.data, bs, out.data, shape, rank);
  return nullptr;
}

// unary(op, x, out)
napi_value Unary(napi_env env, napi_callback_info info) {
  napi_value args[3];
  if (!get_args(env, info, 3, args, "unary")) return nullptr;
  long op;
  Floats x, out;
  if (!get_long(env, args[0], &op) || !get_floats(env, args[1], &x, "x") || !get_floats(env, args[2], &out, "out")) return nullptr;
  if (op < 0 || op > static_cast<long>(folio::Unary::Reciprocal) || out.length < x.length) {
    fail(env, "unary: bad op or sizes");
    return nullptr;
  }
  folio::unary(static_cast<folio::Unary>(op), x.data, out.data, static_cast<long>(x.length));
  return nullptr;
}

// reduce(x, out, outer, inner, axis, mode): over the rows (axis 1: out has `outer` values)
// or the columns (axis 0: out has `inner` values) of an outer x inner matrix; mode 0 sum, 1 mean, 2 max.
napi_value Reduce(napi_env env, napi_callback_info info) {
  napi_value args[6];
  if (!get_args(env, info, 6, args, "reduce")) return nullptr;
  Floats x, out;
  long outer, inner, axis, mode;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &out, "out") || !get_long(env, args[2], &outer) ||
      !get_long(env, args[3], &inner) || !get_long(env, args[4], &axis) || !get_long(env, args[5], &mode)) {
    return nullptr;
  }
  if (x.length < static_cast<size_t>(outer * inner) || out.length < static_cast<size_t>(axis == 1 ? outer : inner) ||
      mode < 0 || mode > 2) {
    fail(env, "reduce: bad sizes or mode");
    return nullptr;
  }
  if (axis == 1) {
    folio::reduce_rows(x.data, out.data, outer, inner, mode == 1, mode == 2);
  } else {
    folio::reduce_columns(x.data, out.data, outer, inner, mode == 1, mode == 2);
  }
  return nullptr;
}

// softmax(x, out, rows, cols): over the last dim.
napi_value Softmax(napi_env env, napi_callback_info info) {
  napi_value args[4];
  if (!get_args(env, info, 4, args, "softmax")) return nullptr;
  Floats x, out;
  long rows, cols;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &out, "out") || !get_long(env, args[2], &rows) ||
      !get_long(env, args[3], &cols)) {
    return nullptr;
  }
  if (x.length < static_cast<size_t>(rows * cols) || out.length < static_cast<size_t>(rows * cols)) {
    fail(env, "softmax: bad sizes");
    return nullptr;
  }
  folio::softmax_rows(x.data, out.data, rows, cols);
  return nullptr;
}

// transpose(x, out, shape, perm)
napi_value Transpose(napi_env env, napi_callback_info info) {
  napi_value args[4];
  if (!get_args(env, info, 4, args, "transpose")) return nullptr;
  Floats x, out;
  long shape[folio::kMaxRank], perm_long[folio::kMaxRank];
  int rank, perm_rank;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &out, "out") ||
      !get_dims(env, args[2], shape, &rank, "shape") || !get_dims(env, args[3], perm_long, &perm_rank, "perm")) {
    return nullptr;
  }
  int perm[folio::kMaxRank];
  bool seen[folio::kMaxRank] = {false};
  for (int d = 0; d < perm_rank; ++d) {
    perm[d] = static_cast<int>(perm_long[d]);
    if (perm[d] < 0 || perm[d] >= rank || seen[perm[d]]) {
      fail(env, "transpose: perm is not a permutation of the dims");
      return nullptr;
    }
    seen[perm[d]] = true;
  }
  if (rank == 0 || perm_rank != rank || x.length < static_cast<size_t>(product(shape, rank)) || out.length < x.length) {
    fail(env, "transpose: bad sizes");
    return nullptr;
  }
  folio::transpose(x.data, out.data, shape, perm, rank);
  return nullptr;
}

bool get_ints(napi_env env, napi_value value, const int32_t** out, size_t* length, const char* what) {
  bool is_typed = false;
  napi_is_typedarray(env, value, &is_typed);
  napi_typedarray_type type;
  void* data = nullptr;
  if (is_typed) napi_get_typedarray_info(env, value, &type, length, &data, nullptr, nullptr);
  if (!is_typed || type != napi_int32_array) return fail(env, std::string(what) + " must be an Int32Array");
  *out = static_cast<const int32_t*>(data);
  return true;
}

bool get_float(napi_env env, napi_value value, float* out) {
  double v = 0;
  if (napi_get_value_double(env, value, &v) != napi_ok) return fail(env, "expected a number");
  *out = static_cast<float>(v);
  return true;
}

bool dropout_rate_ok(napi_env env, float rate) {
  if (rate >= 0.f && rate < 1.f) return true;
  return fail(env, "dropout rate must be in [0, 1)");
}

bool has(const Floats& f, long size, napi_env env, const char* what) {
  if (f.length < static_cast<size_t>(size)) return fail(env, std::string(what) + " is too small for the given sizes");
  return true;
}

bool has_optional(const Floats& f, long size, napi_env env, const char* what) { return f.data == nullptr || has(f, size, env, what); }

// layerNorm(x, gain, bias|null, y, mean, rstd, rows, cols, eps)
napi_value LayerNorm(napi_env env, napi_callback_info info) {
  napi_value args[9];
  if (!get_args(env, info, 9, args, "layerNorm")) return nullptr;
  Floats x, gain, bias, y, mean, rstd;
  long rows, cols;
  float eps;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &gain, "gain") || !get_optional_floats(env, args[2], &bias, "bias") ||
      !get_floats(env, args[3], &y, "y") || !get_floats(env, args[4], &mean, "mean") || !get_floats(env, args[5], &rstd, "rstd") ||
      !get_long(env, args[6], &rows) || !get_long(env, args[7], &cols) || !get_float(env, args[8], &eps) ||
      !has(x, rows * cols, env, "x") || !has(y, rows * cols, env, "y") || !has(gain, cols, env, "gain") ||
      !has_optional(bias, cols, env, "bias") || !has(mean, rows, env, "mean") || !has(rstd, rows, env, "rstd")) {
    return nullptr;
  }
  folio::layer_norm(x.data, gain.data, bias.data, y.data, mean.data, rstd.data, rows, cols, eps);
  return nullptr;
}

// layerNormGrad(dy, x, gain, mean, rstd, dx, dgain, dbias|null, rows, cols)
napi_value LayerNormGrad(napi_env env, napi_callback_info info) {
  napi_value args[10];
  if (!get_args(env, info, 10, args, "layerNormGrad")) return nullptr;
  Floats dy, x, gain, mean, rstd, dx, dgain, dbias;
  long rows, cols;
  if (!get_floats(env, args[0], &dy, "dy") || !get_floats(env, args[1], &x, "x") || !get_floats(env, args[2], &gain, "gain") ||
      !get_floats(env, args[3], &mean, "mean") || !get_floats(env, args[4], &rstd, "rstd") ||
      !get_floats(env, args[5], &dx, "dx") || !get_floats(env, args[6], &dgain, "dgain") ||
      !get_optional_floats(env, args[7], &dbias, "dbias") || !get_long(env, args[8], &rows) ||
      !get_long(env, args[9], &cols) || !has(dy, rows * cols, env, "dy") || !has(x, rows * cols, env, "x") ||
      !has(dx, rows * cols, env, "dx") || !has(gain, cols, env, "gain") || !has(dgain, cols, env, "dgain") ||
      !has_optional(dbias, cols, env, "dbias") || !has(mean, rows, env, "mean") || !has(rstd, rows, env, "rstd")) {
    return nullptr;
  }
  folio::layer_norm_grad(dy.data, x.data, gain.data, mean.data, rstd.data, dx.data, dgain.data, dbias.data, rows, cols);
  return nullptr;
}

// linear(x, w, bias|null, y, rows, in, out): y (rows x out) = x (rows x in) w (in x out) + bias.
napi_value Linear(napi_env env, napi_callback_info info) {
  napi_value args[7];
  if (!get_args(env, info, 7, args, "linear")) return nullptr;
  Floats x, w, bias, y;
  long rows, in, out;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &w, "w") || !get_optional_floats(env, args[2], &bias, "bias") ||
      !get_floats(env, args[3], &y, "y") || !get_long(env, args[4], &rows) || !get_long(env, args[5], &in) ||
      !get_long(env, args[6], &out) || !has(x, rows * in, env, "x") || !has(w, in * out, env, "w") ||
      !has_optional(bias, out, env, "bias") || !has(y, rows * out, env, "y")) {
    return nullptr;
  }
  folio::gemm(rows, out, in, {x.data, in, 1}, {w.data, out, 1}, y.data, out, true, bias.data);
  return nullptr;
}

// linearGrad(dy, x, w, dx, dw, dbias|null, rows, in, out)
napi_value LinearGrad(napi_env env, napi_callback_info info) {
  napi_value args[9];
  if (!get_args(env, info, 9, args, "linearGrad")) return nullptr;
  Floats dy, x, w, dx, dw, dbias;
  long rows, in, out;
  if (!get_floats(env, args[0], &dy, "dy") || !get_floats(env, args[1], &x, "x") || !get_floats(env, args[2], &w, "w") ||
      !get_floats(env, args[3], &dx, "dx") || !get_floats(env, args[4], &dw, "dw") || !get_optional_floats(env, args[5], &dbias, "dbias") ||
      !get_long(env, args[6], &rows) || !get_long(env, args[7], &in) || !get_long(env, args[8], &out) ||
      !has(dy, rows * out, env, "dy") || !has(x, rows * in, env, "x") || !has(w, in * out, env, "w") ||
      !has(dx, rows * in, env, "dx") || !has(dw, in * out, env, "dw") || !has_optional(dbias, out, env, "dbias")) {
    return nullptr;
  }
  folio::linear_grad(dy.data, x.data, w.data, dx.data, dw.data, dbias.data, rows, in, out);
  return nullptr;
}

// linearGelu(x, w, bias|null, h, y, rows, in, out): h = x w + bias, y = gelu(h).
napi_value LinearGelu(napi_env env, napi_callback_info info) {
  napi_value args[8];
  if (!get_args(env, info, 8, args, "linearGelu")) return nullptr;
  Floats x, w, bias, h, y;
  long rows, in, out;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &w, "w") || !get_optional_floats(env, args[2], &bias, "bias") ||
      !get_floats(env, args[3], &h, "h") || !get_floats(env, args[4], &y, "y") || !get_long(env, args[5], &rows) ||
      !get_long(env, args[6], &in) || !get_long(env, args[7], &out) || !has(x, rows * in, env, "x") || !has(w, in * out, env, "w") ||
      !has_optional(bias, out, env, "bias") || !has(h, rows * out, env, "h") || !has(y, rows * out, env, "y")) {
    return nullptr;
  }
  folio::linear_gelu(x.data, w.data, bias.data, h.data, y.data, rows, in, out);
  return nullptr;
}

// linearGeluGrad(dy, h, x, w, dx, dw, dbias|null, rows, in, out)
napi_value LinearGeluGrad(napi_env env, napi_callback_info info) {
  napi_value args[10];
  if (!get_args(env, info, 10, args, "linearGeluGrad")) return nullptr;
  Floats dy, h, x, w, dx, dw, dbias;
  long rows, in, out;
  if (!get_floats(env, args[0], &dy, "dy") || !get_floats(env, args[1], &h, "h") || !get_floats(env, args[2], &x, "x") ||
      !get_floats(env, args[3], &w, "w") || !get_floats(env, args[4], &dx, "dx") || !get_floats(env, args[5], &dw, "dw") ||
      !get_optional_floats(env, args[6], &dbias, "dbias") || !get_long(env, args[7], &rows) || !get_long(env, args[8], &in) ||
      !get_long(env, args[9], &out) || !has(dy, rows * out, env, "dy") || !has(h, rows * out, env, "h") || !has(x, rows * in, env, "x") ||
      !has(w, in * out, env, "w") || !has(dx, rows * in, env, "dx") || !has(dw, in * out, env, "dw") ||
      !has_optional(dbias, out, env, "dbias")) {
    return nullptr;
  }
  folio::linear_gelu_grad(dy.data, h.data, x.data, w.data, dx.data, dw.data, dbias.data, rows, in, out);
  return nullptr;
}

// embedding(ids, table, out, vocab, width)
napi_value Embedding(napi_env env, napi_callback_info info) {
  napi_value args[5];
  if (!get_args(env, info, 5, args, "embedding")) return nullptr;
  const int32_t* ids;
  size_t count;
  Floats table, out;
  long vocab, width;
  if (!get_ints(env, args[0], &ids, &count, "ids") || !get_floats(env, args[1], &table, "table") || !get_floats(env, args[2], &out, "out") ||
      !get_long(env, args[3], &vocab) || !get_long(env, args[4], &width) || !has(table, vocab * width, env, "table") ||
      !has(out, static_cast<long>(count) * width, env, "out")) {
    return nullptr;
  }
  folio::embedding(ids, static_cast<long>(count), table.data, vocab, width, out.data);
  return nullptr;
}

// embeddingGrad(dy, ids, dtable, vocab, width)
napi_value EmbeddingGrad(napi_env env, napi_callback_info info) {
  napi_value args[5];
  if (!get_args(env, info, 5, args, "embeddingGrad")) return nullptr;
  const int32_t* ids;
  size_t count;
  Floats dy, dtable;
  long vocab, width;
  if (!get_floats(env, args[0], &dy, "dy") || !get_ints(env, args[1], &ids, &count, "ids") || !get_floats(env, args[2], &dtable, "dtable") ||
      !get_long(env, args[3], &vocab) || !get_long(env, args[4], &width) || !has(dy, static_cast<long>(count) * width, env, "dy") ||
      !has(dtable, vocab * width, env, "dtable")) {
    return nullptr;
  }
  folio::embedding_grad(dy.data, ids, static_cast<long>(count), vocab, width, dtable.data);
  return nullptr;
}

// gelu(x, y) and geluGrad(dy, x, dx)
napi_value Gelu(napi_env env, napi_callback_info info) {
  napi_value args[2];
  if (!get_args(env, info, 2, args, "gelu")) return nullptr;
  Floats x, y;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &y, "y") || !has(y, x.length, env, "y")) return nullptr;
  folio::gelu(x.data, y.data, static_cast<long>(x.length));
  return nullptr;
}

napi_value GeluGrad(napi_env env, napi_callback_info info) {
  napi_value args[3];
  if (!get_args(env, info, 3, args, "geluGrad")) return nullptr;
  Floats dy, x, dx;
  if (!get_floats(env, args[0], &dy, "dy") || !get_floats(env, args[1], &x, "x") || !get_floats(env, args[2], &dx, "dx") ||
      !has(dy, x.length, env, "dy") || !has(dx, x.length, env, "dx")) {
    return nullptr;
  }
  folio::gelu_grad(dy.data, x.data, dx.data, static_cast<long>(x.length));
  return nullptr;
}

// crossEntropy(logits, targets, probs, rows, cols) -> mean loss
napi_value CrossEntropy(napi_env env, napi_callback_info info) {
  napi_value args[5];
  if (!get_args(env, info, 5, args, "crossEntropy")) return nullptr;
  Floats logits, probs;
  const int32_t* targets;
  size_t target_count;
  long rows, cols;
  if (!get_floats(env, args[0], &logits, "logits") || !get_ints(env, args[1], &targets, &target_count, "targets") ||
      !get_floats(env, args[2], &probs, "probs") || !get_long(env, args[3], &rows) || !get_long(env, args[4], &cols) ||
      !has(logits, rows * cols, env, "logits") || !has(probs, rows * cols, env, "probs") ||
      (target_count < static_cast<size_t>(rows) && fail(env, "targets is too small"))) {
    return nullptr;
  }
  napi_value loss;
  napi_create_double(env, folio::cross_entropy(logits.data, targets, probs.data, rows, cols), &loss);
  return loss;
}

// crossEntropyGrad(probs, targets, dloss, dlogits, rows, cols)
napi_value CrossEntropyGrad(napi_env env, napi_callback_info info) {
  napi_value args[6];
  if (!get_args(env, info, 6, args, "crossEntropyGrad")) return nullptr;
  Floats probs, dlogits;
  const int32_t* targets;
  size_t target_count;
  float dloss;
  long rows, cols;
  if (!get_floats(env, args[0], &probs, "probs") || !get_ints(env, args[1], &targets, &target_count, "targets") ||
      !get_float(env, args[2], &dloss) || !get_floats(env, args[3], &dlogits, "dlogits") || !get_long(env, args[4], &rows) ||
      !get_long(env, args[5], &cols) || !has(probs, rows * cols, env, "probs") || !has(dlogits, rows * cols, env, "dlogits") ||
      (target_count < static_cast<size_t>(rows) && fail(env, "targets is too small"))) {
    return nullptr;
  }
  folio::cross_entropy_grad(probs.data, targets, dloss, dlogits.data, rows, cols);
  return nullptr;
}

// An Int32Array [heads, time, headSize, headsPerBatch, inRowStride, outRowStride] (fused.h).
bool get_attention_shape(napi_env env, napi_value value, folio::AttentionShape* out) {
  long dims[folio::kMaxRank];
  int count = 0;
  if (!get_dims(env, value, dims, &count, "layout")) return false;
  if (count != 6) return fail(env, "layout must hold heads, time, headSize, headsPerBatch, inRowStride, outRowStride");
  *out = {dims[0], dims[1], dims[2], dims[3], dims[4], dims[5]};
  const long width = out->heads_per_batch * out->head_size;
  if (out->heads < 1 || out->time < 1 || out->head_size < 1 || out->heads_per_batch < 1 || out->heads % out->heads_per_batch != 0 ||
      out->in_row_stride < width || out->out_row_stride < width) {
    return fail(env, "layout: heads must be a multiple of headsPerBatch, and rows wide enough for them");
  }
  return true;
}

// attention(q, k, v, y, p, layout, scale, dropoutRate, seed)
napi_value Attention(napi_env env, napi_callback_info info) {
  napi_value args[9];
  if (!get_args(env, info, 9, args, "attention")) return nullptr;
  Floats q, k, v, y, p;
  folio::AttentionShape shape;
  long seed;
  float scale, rate;
  if (!get_floats(env, args[0], &q, "q") || !get_floats(env, args[1], &k, "k") || !get_floats(env, args[2], &v, "v") ||
      !get_floats(env, args[3], &y, "y") || !get_floats(env, args[4], &p, "p") || !get_attention_shape(env, args[5], &shape) ||
      !get_float(env, args[6], &scale) || !get_float(env, args[7], &rate) || !get_long(env, args[8], &seed) ||
      !dropout_rate_ok(env, rate)) {
    return nullptr;
  }
  long in = shape.span(shape.in_row_stride);
  if (!has(q, in, env, "q") || !has(k, in, env, "k") || !has(v, in, env, "v") || !has(y, shape.span(shape.out_row_stride), env, "y") ||
      !has(p, shape.heads * shape.time * shape.time, env, "p")) {
    return nullptr;
  }
  folio::causal_attention(q.data, k.data, v.data, y.data, p.data, shape, scale, rate, static_cast<unsigned long long>(seed));
  return nullptr;
}

// attentionGrad(dy, q, k, v, p, dq, dk, dv, layout, scale, dropoutRate, seed)
napi_value AttentionGrad(napi_env env, napi_callback_info info) {
  napi_value args[12];
  if (!get_args(env, info, 12, args, "attentionGrad")) return nullptr;
  Floats dy, q, k, v, p, dq, dk, dv;
  folio::AttentionShape shape;
  long seed;
  float scale, rate;
  if (!get_floats(env, args[0], &dy, "dy") || !get_floats(env, args[1], &q, "q") || !get_floats(env, args[2], &k, "k") ||
      !get_floats(env, args[3], &v, "v") || !get_floats(env, args[4], &p, "p") || !get_floats(env, args[5], &dq, "dq") ||
      !get_floats(env, args[6], &dk, "dk") || !get_floats(env, args[7], &dv, "dv") || !get_attention_shape(env, args[8], &shape) ||
      !get_float(env, args[9], &scale) || !get_float(env, args[10], &rate) || !get_long(env, args[11], &seed) ||
      !dropout_rate_ok(env, rate)) {
    return nullptr;
  }
  long in = shape.span(shape.in_row_stride);
  if (!has(dy, shape.span(shape.out_row_stride), env, "dy") || !has(q, in, env, "q") || !has(k, in, env, "k") || !has(v, in, env, "v") ||
      !has(dq, in, env, "dq") || !has(dk, in, env, "dk") || !has(dv, in, env, "dv") ||
      !has(p, shape.heads * shape.time * shape.time, env, "p")) {
    return nullptr;
  }
  folio::causal_attention_grad(dy.data, q.data, k.data, v.data, p.data, dq.data, dk.data, dv.data, shape, scale, rate,
                               static_cast<unsigned long long>(seed));
  return nullptr;
}

// adamw(params, grads, ms, vs, decays, lr, beta1, beta2, eps, biasCorrection1, biasCorrection2): every
// parameter in one call, in place; the first four are equally long arrays of Float32Arrays.
napi_value AdamW(napi_env env, napi_callback_info info) {
  napi_value args[11];
  if (!get_args(env, info, 11, args, "adamw")) return nullptr;
  std::vector<Floats> params, grads, ms, vs;
  Floats decays;
  folio::AdamWStep step;
  if (!get_float_list(env, args[0], &params, "params") || !get_float_list(env, args[1], &grads, "grads") ||
      !get_float_list(env, args[2], &ms, "ms") || !get_float_list(env, args[3], &vs, "vs") ||
      !get_floats(env, args[4], &decays, "decays") || !get_float(env, args[5], &step.lr) || !get_float(env, args[6], &step.beta1) ||
      !get_float(env, args[7], &step.beta2) || !get_float(env, args[8], &step.eps) ||
      !get_float(env, args[9], &step.bias_correction1) || !get_float(env, args[10], &step.bias_correction2)) {
    return nullptr;
  }
  size_t count = params.size();
  if (grads.size() != count || ms.size() != count || vs.size() != count || decays.length != count) {
    fail(env, "adamw: params, grads, ms, vs and decays differ in length");
    return nullptr;
  }
  std::vector<folio::AdamWTensor> tensors;
  tensors.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    long size = static_cast<long>(params[i].length);
    if (!has(grads[i], size, env, "grad") || !has(ms[i], size, env, "m") || !has(vs[i], size, env, "v")) return nullptr;
    tensors.push_back({params[i].data, grads[i].data, ms[i].data, vs[i].data, size, decays.data[i]});
  }
  folio::adamw(tensors, step);
  return nullptr;
}

// dropout(x, y, rate, seed): seed is a non-negative integer below 2^53.
napi_value Dropout(napi_env env, napi_callback_info info) {
  napi_value args[4];
  if (!get_args(env, info, 4, args, "dropout")) return nullptr;
  Floats x, y;
  float rate;
  long seed;
  if (!get_floats(env, args[0], &x, "x") || !get_floats(env, args[1], &y, "y") || !get_float(env, args[2], &rate) ||
      !get_long(env, args[3], &seed) || !has(y, static_cast<long>(x.length), env, "y")) {
    return nullptr;
  }
  if (!dropout_rate_ok(env, rate)) return nullptr;
  folio::dropout(x.data, y.data, static_cast<long>(x.length), rate, static_cast<unsigned long long>(seed));
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, simd, threads;
  napi_create_object(env, &result);
  napi_create_string_utf8(env, folio::gemm_kernel_name(), NAPI_AUTO_LENGTH, &simd);
  napi_create_int32(env, folio::pool().size(), &threads);
  napi_set_named_property(env, result, "simd", simd);
  napi_set_named_property(env, result, "threads", threads);
  return result;
}

// The sum of squares of every element of an array of Float32Arrays: one call for a global norm.
napi_value SumOfSquares(napi_env env, napi_callback_info info) {
  napi_value args[1];
  std::vector<Floats> arrays;
  if (!get_args(env, info, 1, args, "sumOfSquares") || !get_float_list(env, args[0], &arrays, "each entry")) return nullptr;
  std::vector<std::pair<const float*, long>> spans;
  for (const Floats& x : arrays) spans.emplace_back(x.data, static_cast<long>(x.length));
  double total = folio::sum_of_squares(spans);
  napi_value result;
  napi_create_double(env, total, &result);
  return result;
}

// scale(arrays, factor): every element of every Float32Array times factor, in place.
napi_value Scale(napi_env env, napi_callback_info info) {
  napi_value args[2];
  std::vector<Floats> arrays;
  float factor;
  if (!get_args(env, info, 2, args, "scale") || !get_float_list(env, args[0], &arrays, "each entry") || !get_float(env, args[1], &factor)) {
    return nullptr;
  }
  std::vector<std::pair<float*, long>> spans;
  for (const Floats& x : arrays) spans.emplace_back(x.data, static_cast<long>(x.length));
  folio::scale(spans, factor);
  return nullptr;
}

napi_value PeakGflops(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_double(env, folio::fma_peak_gflops(), &result);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"matmul", nullptr, MatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumOfSquares", nullptr, SumOfSquares, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"scale", nullptr, Scale, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"peakGflops", nullptr, PeakGflops, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unary", nullptr, Unary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"reduce", nullptr, Reduce, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"softmax", nullptr, Softmax, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"transpose", nullptr, Transpose, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNorm", nullptr, LayerNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"layerNormGrad", nullptr, LayerNormGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"linear", nullptr, Linear, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"linearGrad", nullptr, LinearGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"linearGelu", nullptr, LinearGelu, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"linearGeluGrad", nullptr, LinearGeluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"embedding", nullptr, Embedding, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"embeddingGrad", nullptr, EmbeddingGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"gelu", nullptr, Gelu, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"geluGrad", nullptr, GeluGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"crossEntropy", nullptr, CrossEntropy, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"crossEntropyGrad", nullptr, CrossEntropyGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attention", nullptr, Attention, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"attentionGrad", nullptr, AttentionGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"dropout", nullptr, Dropout, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"adamw", nullptr, AdamW, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
