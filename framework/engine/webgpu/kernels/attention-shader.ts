// The WGSL of causal self-attention: one tiled skeleton, three programs. Every program runs a
// workgroup over ROWS rows of one (batch, head) (query rows for the forward and dQ, key rows for
// dK and dV) and steps through the other side in tiles of COLS: a "score" product of two head
// slices (q kᵀ, dy vᵀ or v dyᵀ) into registers, element-wise work on those scores, then a
// "value" product of the resulting weights with a third head slice, accumulated in registers.
// The head size is compiled in (one pipeline per head size and p layout), so each thread's
// register blocks are straight-line code over named vec4s, never arrays indexed at run time.
import { DROPOUT_MASK } from './random.js';

/** Rows per workgroup, 2 per thread row: the lecture model's T=256 gives 8 blocks x 384 (batch, head) = 3072 workgroups. */
export const ROWS = 32;
/** Columns of a score tile, 4 (one vec4) per thread column; wider tiles would overrun the 16 KB of workgroup memory. */
const COLS = 64;
/** 16 x 16 threads: each holds a 2 x 4 block of scores and 2 rows x 4 columns of each head-slice accumulator. */
const THREADS_X = COLS / 4;
const THREADS = (ROWS / 2) * THREADS_X;
/** Head dims staged per step of the score product: 16 keeps both staged tiles in 6 KB. */
const DEPTH_SLICE = 16;
/** vec4s of the staging area shared by the score product's tiles and the value product's rows (6 KB). */
const STAGE_VEC4S = ((ROWS + COLS) * DEPTH_SLICE) / 4;
/** Row stride of the weights tile in vec4s: one vec4 of padding so two thread rows never share a bank. */
const WEIGHTS_STRIDE = COLS / 4 + 1;

/** Everything about a program that depends on the head size. */
interface Layout {
  headSize: number;
  /** Head size rounded up to whole vec4s. */
  padded: number;
  /** Whether qkv, dy, y and dqkv can be read and written as vec4s (every head starts on a multiple of 4). */
  vec4: boolean;
  /** Head dims per score-product step. */
  slice: number;
  /** vec4 groups across a head, and how many of them each thread column accumulates. */
  groups: number;
  groupsPerThread: number;
  /** Rows of the value product's operand staged at once: a power of two that divides COLS. */
  valueRows: number;
  stage: number;
}

function layoutFor(headSize: number): Layout {
  const padded = Math.ceil(headSize / 4) * 4;
  const groups = padded / 4;
  let valueRows = COLS;
  while (valueRows > 4 && valueRows * groups > STAGE_VEC4S) valueRows /= 2;
  return {
    headSize,
    padded,
    vec4: headSize % 4 === 0,
    slice: Math.min(DEPTH_SLICE, padded),
    groups,
    groupsPerThread: Math.ceil(groups / THREADS_X),
    valueRows,
    // Heads wider than 384 need more than the usual 6 KB here (and more than 16 KB in all).
    stage: Math.max(STAGE_VEC4S, valueRows * groups),
  };
}

/** A head slice a product reads: `load(t, d)` gives dims d..d+3 of time step t (zeros past T or hs). */
type Loader = (t: string, d: string) => string;
const qRows: Loader = (t, d) => `load_qkv(${t}, qCol, ${d})`;
const kRows: Loader = (t, d) => `load_qkv(${t}, kCol, ${d})`;
const vRows: Loader = (t, d) => `load_qkv(${t}, vCol, ${d})`;
const dyRows: Loader = (t, d) => `load_dy(${t}, ${d})`;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const COMPONENT = ['x', 'y', 'z', 'w'];

function header(layout: Layout, bindings: string[], readsDy: boolean): string {
  return /* wgsl */ `
${bindings.map((binding, i) => `@group(0) @binding(${i}) ${binding};`).join('\n')}
struct Sizes { time: u32, width: u32, heads: u32, scale: f32, threshold: u32, seed: u32, keepScale: f32, }
@group(0) @binding(${bindings.length}) var<uniform> sizes: Sizes;

const HS: u32 = ${layout.headSize}u;
const HSP: u32 = ${layout.padded}u;
const ROWS: u32 = ${ROWS}u;
const COLS: u32 = ${COLS}u;
const SLICE: u32 = ${layout.slice}u;
const SLICE4: u32 = ${layout.slice / 4}u;
const A_VEC4S: u32 = ${(ROWS * layout.slice) / 4}u;
const B_VEC4S: u32 = ${(COLS * layout.slice) / 4}u;
const GROUPS: u32 = ${layout.groups}u;
const VALUE_ROWS: u32 = ${layout.valueRows}u;
const WS: u32 = ${WEIGHTS_STRIDE}u;
const NEG: f32 = -1e30;

// Staged operand tiles: the score product's A (ROWS x SLICE, along d) then B (SLICE x COLS,
// transposed so a thread column reads its 4 columns as one vec4), or VALUE_ROWS rows of a head.
var<workgroup> stage: array<vec4<f32>, ${layout.stage}>;
// The weights (ROWS x COLS) the value product multiplies, or per-thread partial row statistics.
var<workgroup> weights: array<vec4<f32>, ${ROWS * WEIGHTS_STRIDE}>;

var<private> li: u32;
var<private> tx: u32;
var<private> ty: u32;
// Where the workgroup's (batch, head) lives: its first token row, its columns in qkv and dy/y.
var<private> token0: u32;
var<private> qCol: u32;
var<private> kCol: u32;
var<private> vCol: u32;
var<private> headCol: u32;
${DROPOUT_MASK}

// The dropout factor of the attention weight at flat index \`index\` of (B*heads, T, T).
fn kept(index: u32) -> f32 {
  if (sizes.threshold == 0u) { return 1.0; }
  return select(0.0, sizes.keepScale, keep(sizes.seed, index, sizes.threshold));
}
${rowAccess(layout, 'load_qkv', 'qkv', '3u * sizes.width', true)}
${readsDy ? rowAccess(layout, 'load_dy', 'dy', 'sizes.width', false) : ''}`;
}

/** A loader of 4 head dims from a (B, T, width) tensor, vec4 when heads are 4-aligned. */
function rowAccess(layout: Layout, name: string, buffer: string, rowWidth: string, withColumn: boolean): string {
  const column = withColumn ? 'col' : 'headCol';
  const read = layout.vec4
    ? `return ${buffer}[at >> 2u];`
    : `var v = vec4<f32>(${buffer}[at], 0.0, 0.0, 0.0);
  ${range(3).map((k) => `if (d + ${k + 1}u < HS) { v.${COMPONENT[k + 1]} = ${buffer}[at + ${k + 1}u]; }`).join('\n  ')}
  return v;`;
  return /* wgsl */ `
fn ${name}(t: u32, ${withColumn ? 'col: u32, ' : ''}d: u32) -> vec4<f32> {
  if (t >= sizes.time || d >= HS) { return vec4<f32>(0.0); }
  let at = (token0 + t) * ${rowWidth} + ${column} + d;
  ${read}
}`;
}

/** WGSL storing 4 head dims of time step t (< T) into a (B, T, width) output. */
function rowStore(layout: Layout, buffer: string, rowWidth: string, column: string, t: string, d: string, value: string): string {
  if (layout.vec4) return `if (${d} < HS) { ${buffer}[((token0 + ${t}) * ${rowWidth} + ${column} + ${d}) >> 2u] = ${value}; }`;
  return `{ let at = (token0 + ${t}) * ${rowWidth} + ${column} + ${d}; let v = ${value};
    ${range(4).map((k) => `if (${d} + ${k}u < HS) { ${buffer}[at + ${k}u] = v.${COMPONENT[k]}; }`).join(' ')} }`;
}

/**
 * s0, s1 = rows 2ty, 2ty+1 of a(rows r0..) b(rows c0..)ᵀ at columns c0 + 4tx .. +3, over the
 * whole head, staged SLICE dims at a time. Called in uniform control flow (it has barriers).
 */
function scoreProduct(a: Loader, b: Loader, r0: string, c0: string): string {
  return /* wgsl */ `
  var s0 = vec4<f32>(0.0);
  var s1 = vec4<f32>(0.0);
  for (var d0 = 0u; d0 < HSP; d0 += SLICE) {
    if (li < A_VEC4S) { stage[li] = ${a(`${r0} + li / SLICE4`, `d0 + 4u * (li % SLICE4)`)}; }
    if (li < B_VEC4S) {
      // Consecutive threads read consecutive dims of a row; each lands in column col of 4 slice rows.
      let col = li / SLICE4;
      let dd = 4u * (li % SLICE4);
      let v = ${b(`${c0} + col`, 'd0 + dd')};
      ${range(4).map((k) => `stage[A_VEC4S + (dd + ${k}u) * (COLS / 4u) + col / 4u][col % 4u] = v.${COMPONENT[k]};`).join('\n      ')}
    }
    workgroupBarrier();
    for (var g = 0u; g < SLICE4; g++) {
      let a0 = stage[2u * ty * SLICE4 + g];
      let a1 = stage[(2u * ty + 1u) * SLICE4 + g];
      ${range(4)
        .map((k) => `{ let bk = stage[A_VEC4S + (4u * g + ${k}u) * (COLS / 4u) + tx]; s0 += a0.${COMPONENT[k]} * bk; s1 += a1.${COMPONENT[k]} * bk; }`)
        .join('\n      ')}
    }
    workgroupBarrier();
  }`;
}

/** Names of the accumulator vec4s: row i (0, 1), group j of the thread's head groups. */
const acc = (name: string, i: number, j: number): string => `${name}${i}_${j}`;

function declareAccumulator(layout: Layout, name: string): string {
  return range(2)
    .flatMap((i) => range(layout.groupsPerThread).map((j) => `var ${acc(name, i, j)} = vec4<f32>(0.0);`))
    .join('\n  ');
}

/**
 * name += weights (ROWS x COLS, in workgroup memory) · b(rows c0 ..c0+COLS), skipping the
 * staged row blocks outside [lo, hi), where the weights are all zero. Uniform control flow.
 */
function valueProduct(layout: Layout, b: Loader, name: string, c0: string, lo: string, hi: string): string {
  const updates = range(4).flatMap((k) =>
    range(layout.groupsPerThread).map((j) => {
      const group = `tx + ${j * THREADS_X}u`;
      const update = `{ let v = stage[(c + ${k}u) * GROUPS + ${group}]; ${acc(name, 0, j)} += w0.${COMPONENT[k]} * v; ${acc(name, 1, j)} += w1.${COMPONENT[k]} * v; }`;
      // Thread columns past the head's last group have nothing to do (narrow heads only).
      return (j + 1) * THREADS_X > layout.groups ? `if (${group} < GROUPS) ${update}` : update;
    }),
  );
  return /* wgsl */ `
  for (var v0 = 0u; v0 < COLS; v0 += VALUE_ROWS) {
    let first = ${c0} + v0;
    if (first < ${hi} && first + VALUE_ROWS > ${lo}) {
      for (var e = li; e < VALUE_ROWS * GROUPS; e += ${THREADS}u) {
        stage[e] = ${b('first + e / GROUPS', '4u * (e % GROUPS)')};
      }
      workgroupBarrier();
      for (var c = 0u; c < VALUE_ROWS; c += 4u) {
        let w0 = weights[2u * ty * WS + (v0 + c) / 4u];
        let w1 = weights[(2u * ty + 1u) * WS + (v0 + c) / 4u];
        ${updates.join('\n        ')}
      }
      workgroupBarrier();
    }
  }`;
}

/** WGSL storing accumulator `name` (times `factor`) as rows r0 + 2ty + i of a (B, T, width) output. */
function storeAccumulator(layout: Layout, name: string, factor: string, store: (t: string, d: string, value: string) => string, r0: string): string {
  return range(2)
    .flatMap((i) =>
      range(layout.groupsPerThread).map(
        (j) => `if (${r0} + 2u * ty + ${i}u < sizes.time) { ${store(`${r0} + 2u * ty + ${i}u`, `4u * (tx + ${j * THREADS_X}u)`, `${acc(name, i, j)}${factor}`)} }`,
      ),
    )
    .join('\n  ');
}

/** Where the workgroup's head lives; r0 = its first row. */
const PROLOGUE = /* wgsl */ `
  li = local;
  tx = local % ${THREADS_X}u;
  ty = local / ${THREADS_X}u;
  let T = sizes.time;
  let bh = group.y;
  let b = bh / sizes.heads;
  let h = bh - b * sizes.heads;
  token0 = b * T;
  headCol = h * HS;
  qCol = headCol;
  kCol = sizes.width + headCol;
  vCol = 2u * sizes.width + headCol;
  let pBase = bh * T * T;
  let r0 = group.x * ROWS;
  let rowEnd = min(r0 + ROWS, T);`;

const ENTRY = `@compute @workgroup_size(${THREADS})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) local: u32) {`;

/** p (B*heads, T, T) bound as vec4s when T is a multiple of 4 (every row then starts on a vec4). */
const pType = (pVec4: boolean): string => `array<${pVec4 ? 'vec4<f32>' : 'f32'}>`;

/** Reads of p: 4 consecutive columns col..col+3 of one row at flat index `at` (columns ≥ T read 0), or one entry. */
function pReaders(pVec4: boolean): string {
  const read4 = pVec4
    ? `if (col >= sizes.time) { return vec4<f32>(0.0); }
  return p[at >> 2u];`
    : `var v = vec4<f32>(0.0);
  ${range(4).map((k) => `if (col + ${k}u < sizes.time) { v.${COMPONENT[k]} = p[at + ${k}u]; }`).join('\n  ')}
  return v;`;
  return /* wgsl */ `
fn p_read4(at: u32, col: u32) -> vec4<f32> {
  ${read4}
}
fn p_read(at: u32) -> f32 {
  ${pVec4 ? 'return p[at >> 2u][at & 3u];' : 'return p[at];'}
}`;
}

/** The (B, T, width) tensors as vec4 or f32 arrays. */
const rowType = (layout: Layout): string => (layout.vec4 ? 'array<vec4<f32>>' : 'array<f32>');

/**
 * qkv (B, T, 3C) -> y (B, T, C), p (B*heads, T, T) = softmax probabilities before dropout.
 * Two sweeps over the key tiles up to the diagonal: the first finds each row's max and sum
 * (so p is written once, normalised), the second writes p and accumulates dropout(p) v.
 */
export function forwardProgram(headSize: number, pVec4: boolean): { key: string; code: () => string } {
  const layout = layoutFor(headSize);
  const writeP = pVec4
    ? 'if (col < T) { p[at >> 2u] = prob; }'
    : range(4).map((k) => `if (col + ${k}u < T) { p[at + ${k}u] = prob.${COMPONENT[k]}; }`).join(' ');
  const sweep = (body: (i: number) => string) => range(2).map((i) => `{
      let row = r0 + 2u * ty + ${i}u;
      let col = c0 + 4u * tx;
      let s = s${i} * sizes.scale;
      let valid = vec4<bool>(col <= row, col + 1u <= row, col + 2u <= row, col + 3u <= row) & vec4<bool>(row < T);
      ${body(i)}
    }`).join('\n    ');
  return {
    key: `folio-attention-forward-${headSize}-${pVec4 ? 'vec4' : 'f32'}`,
    code: () => /* wgsl */ `
${header(layout, [`var<storage, read> qkv: ${rowType(layout)}`, `var<storage, read_write> y: ${rowType(layout)}`, `var<storage, read_write> p: ${pType(pVec4)}`], false)}
${ENTRY}
${PROLOGUE}
  // Key tiles that reach the block's last row; every later column is masked.
  let tiles = (rowEnd - 1u) / COLS + 1u;
  var rowMax = array<f32, 2>(NEG, NEG);
  var rowSum = array<f32, 2>(0.0, 0.0);
  for (var tile = 0u; tile < tiles; tile++) {
    let c0 = tile * COLS;
    ${scoreProduct(qRows, kRows, 'r0', 'c0')}
    ${sweep(
      (i) => `let tileMax = max(max(select(NEG, s.x, valid.x), select(NEG, s.y, valid.y)), max(select(NEG, s.z, valid.z), select(NEG, s.w, valid.w)));
      let m = max(rowMax[${i}], tileMax);
      let e = select(vec4<f32>(0.0), exp(s - m), valid);
      rowSum[${i}] = rowSum[${i}] * exp(rowMax[${i}] - m) + e.x + e.y + e.z + e.w;
      rowMax[${i}] = m;`,
    )}
  }
  // Each row's statistics are spread over the 16 thread columns: combine them.
  weights[2u * ty * WS + tx] = vec4<f32>(rowMax[0], rowSum[0], 0.0, 0.0);
  weights[(2u * ty + 1u) * WS + tx] = vec4<f32>(rowMax[1], rowSum[1], 0.0, 0.0);
  workgroupBarrier();
  var rowInv = array<f32, 2>(0.0, 0.0);
  ${range(2)
    .map(
      (i) => `{
    var m = NEG;
    for (var t = 0u; t < ${THREADS_X}u; t++) { m = max(m, weights[(2u * ty + ${i}u) * WS + t].x); }
    var total = 0.0;
    for (var t = 0u; t < ${THREADS_X}u; t++) {
      let part = weights[(2u * ty + ${i}u) * WS + t];
      total += part.y * exp(part.x - m);
    }
    rowMax[${i}] = m;
    rowInv[${i}] = select(0.0, 1.0 / total, total > 0.0);
  }`,
    )
    .join('\n  ')}
  workgroupBarrier();

  ${declareAccumulator(layout, 'out')}
  for (var tile = 0u; tile < tiles; tile++) {
    let c0 = tile * COLS;
    ${scoreProduct(qRows, kRows, 'r0', 'c0')}
    ${sweep(
      (i) => `let prob = select(vec4<f32>(0.0), exp(s - rowMax[${i}]) * rowInv[${i}], valid);
      let at = pBase + row * T + col;
      if (row < T) { ${writeP} }
      weights[(2u * ty + ${i}u) * WS + tx] = prob * vec4<f32>(kept(at), kept(at + 1u), kept(at + 2u), kept(at + 3u));`,
    )}
    workgroupBarrier();
    ${valueProduct(layout, vRows, 'out', 'c0', '0u', 'rowEnd')}
  }
  // Columns past the last tile are above the diagonal for every row of the block.
  for (var row = r0; row < rowEnd; row++) {
    ${
      pVec4
        ? `for (var c = tiles * COLS / 4u + li; c < T / 4u; c += ${THREADS}u) { p[(pBase + row * T) / 4u + c] = vec4<f32>(0.0); }`
        : `for (var c = tiles * COLS + li; c < T; c += ${THREADS}u) { p[pBase + row * T + c] = 0.0; }`
    }
  }
  ${storeAccumulator(layout, 'out', '', (t, d, v) => rowStore(layout, 'y', 'sizes.width', 'headCol', t, d, v), 'r0')}
}`,
  };
}

/**
 * dy (B, T, C), qkv, p -> dq (the q third of dqkv (B, T, 3C)), delta (B*heads, T) = rowsum(dP ∘ P),
 * per block of query rows: one sweep over the key tiles for delta, one for dS k.
 */
export function queryGradProgram(headSize: number, pVec4: boolean): { key: string; code: () => string } {
  const layout = layoutFor(headSize);
  // dP (dropout undone) and P at rows 2ty+i, columns c0+4tx..; zero outside the causal triangle.
  const sweep = (body: (i: number) => string) => range(2).map((i) => `{
      let row = r0 + 2u * ty + ${i}u;
      let col = c0 + 4u * tx;
      let at = pBase + row * T + col;
      let valid = vec4<bool>(col <= row, col + 1u <= row, col + 2u <= row, col + 3u <= row) & vec4<bool>(row < T);
      let prob = select(vec4<f32>(0.0), p_read4(at, col), valid);
      let dprob = s${i} * vec4<f32>(kept(at), kept(at + 1u), kept(at + 2u), kept(at + 3u));
      ${body(i)}
    }`).join('\n    ');
  return {
    key: `folio-attention-grad-q-${headSize}-${pVec4 ? 'vec4' : 'f32'}`,
    code: () => /* wgsl */ `
${header(layout, [
  `var<storage, read> dy: ${rowType(layout)}`,
  `var<storage, read> qkv: ${rowType(layout)}`,
  `var<storage, read> p: ${pType(pVec4)}`,
  `var<storage, read_write> dqkv: ${rowType(layout)}`,
  'var<storage, read_write> delta: array<f32>',
], true)}
${pReaders(pVec4)}
${ENTRY}
${PROLOGUE}
  let tiles = (rowEnd - 1u) / COLS + 1u;
  var partial = array<f32, 2>(0.0, 0.0);
  for (var tile = 0u; tile < tiles; tile++) {
    let c0 = tile * COLS;
    ${scoreProduct(dyRows, vRows, 'r0', 'c0')}
    ${sweep((i) => `partial[${i}] += dot(dprob, prob);`)}
  }
  weights[2u * ty * WS + tx] = vec4<f32>(partial[0], 0.0, 0.0, 0.0);
  weights[(2u * ty + 1u) * WS + tx] = vec4<f32>(partial[1], 0.0, 0.0, 0.0);
  workgroupBarrier();
  var rowDelta = array<f32, 2>(0.0, 0.0);
  ${range(2)
    .map(
      (i) => `{
    var total = 0.0;
    for (var t = 0u; t < ${THREADS_X}u; t++) { total += weights[(2u * ty + ${i}u) * WS + t].x; }
    rowDelta[${i}] = total;
    let row = r0 + 2u * ty + ${i}u;
    if (tx == 0u && row < T) { delta[bh * T + row] = total; }
  }`,
    )
    .join('\n  ')}
  workgroupBarrier();

  ${declareAccumulator(layout, 'dq')}
  for (var tile = 0u; tile < tiles; tile++) {
    let c0 = tile * COLS;
    ${scoreProduct(dyRows, vRows, 'r0', 'c0')}
    ${sweep((i) => `weights[(2u * ty + ${i}u) * WS + tx] = prob * (dprob - rowDelta[${i}]);`)}
    workgroupBarrier();
    ${valueProduct(layout, kRows, 'dq', 'c0', '0u', 'rowEnd')}
  }
  ${storeAccumulator(layout, 'dq', ' * sizes.scale', (t, d, v) => rowStore(layout, 'dqkv', '3u * sizes.width', 'qCol', t, d, v), 'r0')}
}`,
  };
}

/**
 * dy, qkv, p, delta -> dk, dv (the other two thirds of dqkv, updated in place), per block of
 * key rows, sweeping the query tiles from the block's diagonal down: no sums across workgroups.
 */
export function keyGradProgram(headSize: number, pVec4: boolean): { key: string; code: () => string } {
  const layout = layoutFor(headSize);
  return {
    key: `folio-attention-grad-kv-${headSize}-${pVec4 ? 'vec4' : 'f32'}`,
    code: () => /* wgsl */ `
${header(layout, [
  `var<storage, read> dy: ${rowType(layout)}`,
  `var<storage, read> qkv: ${rowType(layout)}`,
  `var<storage, read> p: ${pType(pVec4)}`,
  'var<storage, read> delta: array<f32>',
  `var<storage, read_write> dqkv: ${rowType(layout)}`,
], true)}
${pReaders(pVec4)}
${ENTRY}
${PROLOGUE}
  // Here the workgroup's rows are keys r0.. and the tiles' columns are queries.
  ${declareAccumulator(layout, 'dv')}
  ${declareAccumulator(layout, 'dk')}
  let tiles = (T - 1u) / COLS + 1u;
  for (var tile = r0 / COLS; tile < tiles; tile++) {
    let c0 = tile * COLS;
    ${scoreProduct(vRows, dyRows, 'r0', 'c0')}
    var dropped: array<vec4<f32>, 2>;
    var dscore: array<vec4<f32>, 2>;
    let query = c0 + 4u * tx;
    var queryDelta = vec4<f32>(0.0);
    ${range(4).map((j) => `if (query + ${j}u < T) { queryDelta.${COMPONENT[j]} = delta[bh * T + query + ${j}u]; }`).join('\n    ')}
    ${range(2)
      .map(
        (i) => `{
      let key = r0 + 2u * ty + ${i}u;
      // p is (query, key): a column of it, read through the cache a 32-key block at a time.
      var prob = vec4<f32>(0.0);
      var keep4 = vec4<f32>(0.0);
      ${range(4)
        .map(
          (j) => `if (key <= query + ${j}u && query + ${j}u < T) {
        let at = pBase + (query + ${j}u) * T + key;
        prob.${COMPONENT[j]} = p_read(at);
        keep4.${COMPONENT[j]} = kept(at);
      }`,
        )
        .join('\n      ')}
      dropped[${i}] = prob * keep4;
      dscore[${i}] = prob * (s${i} * keep4 - queryDelta);
    }`,
      )
      .join('\n    ')}
    weights[2u * ty * WS + tx] = dropped[0];
    weights[(2u * ty + 1u) * WS + tx] = dropped[1];
    workgroupBarrier();
    ${valueProduct(layout, dyRows, 'dv', 'c0', 'r0', 'T')}
    // The value product skips its barriers when no staged block is in range: fence the weights here.
    workgroupBarrier();
    weights[2u * ty * WS + tx] = dscore[0];
    weights[(2u * ty + 1u) * WS + tx] = dscore[1];
    workgroupBarrier();
    ${valueProduct(layout, qRows, 'dk', 'c0', 'r0', 'T')}
    workgroupBarrier();
  }
  ${storeAccumulator(layout, 'dv', '', (t, d, v) => rowStore(layout, 'dqkv', '3u * sizes.width', 'vCol', t, d, v), 'r0')}
  ${storeAccumulator(layout, 'dk', ' * sizes.scale', (t, d, v) => rowStore(layout, 'dqkv', '3u * sizes.width', 'kCol', t, d, v), 'r0')}
}`,
  };
}
