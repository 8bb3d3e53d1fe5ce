// Folio's GPT weights under the names and layouts of nanoGPT's `GPT` module (model.py), and back.
// Folio stores a linear layer's weight as (in, out), to multiply x @ W; torch.nn.Linear stores
// (out, in) and computes x @ W.T. Embedding tables are (rows, width) in both.
import { CheckpointError } from './errors.js';
import type { NamedTensor } from './safetensors.js';

/** Folio parameter names of the gpt model that nanoGPT's GPT also has, without the `transformer.` prefix. */
const LAYER_PARAMETER = /^h\.\d+\.(ln_1|ln_2)\.(weight|bias)$|^h\.\d+\.(attn\.c_attn|attn\.c_proj|mlp\.c_fc|mlp\.c_proj)\.(weight|bias)$/;
const TOP_PARAMETER = /^(wte|wpe)$|^ln_f\.(weight|bias)$/;
const EMBEDDINGS = new Set(['wte', 'wpe']);

/** The nanoGPT name of a Folio gpt parameter; undefined for one nanoGPT has no place for. */
function nanoGptName(name: string): string | undefined {
  if (name === 'lm_head.weight' || name === 'lm_head.bias') return name;
  if (EMBEDDINGS.has(name)) return `transformer.${name}.weight`;
  if (TOP_PARAMETER.test(name) || LAYER_PARAMETER.test(name)) return `transformer.${name}`;
  return undefined;
}

/** Folio's name for a nanoGPT tensor name (the inverse of nanoGptName). */
function folioName(name: string): string | undefined {
  if (name === 'lm_head.weight' || name === 'lm_head.bias') return name;
  if (!name.startsWith('transformer.')) return undefined;
  const inner = name.slice('transformer.'.length);
  const embedding = /^(wte|wpe)\.weight$/.exec(inner);
  if (embedding !== null) return embedding[1];
  return TOP_PARAMETER.test(inner) || LAYER_PARAMETER.test(inner) ? inner : undefined;
}

/** A linear layer's weight (rank 2, not an embedding table): transposed between the two layouts. */
function isLinearWeight(folio: string, tensor: NamedTensor): boolean {
  return tensor.shape.length === 2 && !EMBEDDINGS.has(folio);
}

/**
 * Folio gpt weights -> nanoGPT's state_dict names and layouts. A model whose lm head is tied to the
 * token table (tie_weights) gets `lm_head.weight` as a copy of it, as nanoGPT's state_dict lists both.
 */
export function toNanoGpt(weights: ReadonlyMap<string, NamedTensor>): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const [name, tensor] of weights) {
    const target = nanoGptName(name);
    if (target === undefined) throw new CheckpointError(`parameter ${name} has no counterpart in nanoGPT's GPT: export supports the gpt model with pre-ln blocks, causal-self-attention and mlp`);
    out.set(target, isLinearWeight(name, tensor) ? transpose(tensor) : tensor);
  }
  if (!out.has('lm_head.weight') && out.has('transformer.wte.weight')) out.set('lm_head.weight', out.get('transformer.wte.weight')!);
  return sortedLikeNanoGpt(out);
}

/** nanoGPT names and layouts -> Folio's, for a model whose lm head is (`tied`) or is not the token table. */
export function fromNanoGpt(file: string, tensors: ReadonlyMap<string, NamedTensor>, tied: boolean): Map<string, NamedTensor> {
  const out = new Map<string, NamedTensor>();
  for (const [name, tensor] of tensors) {
    const target = folioName(name);
    if (target === undefined) throw new CheckpointError(`${file}: tensor ${name} is not one of nanoGPT's GPT`);
    if (tied && target === 'lm_head.weight') continue; // the token table itself
    out.set(target, isLinearWeight(target, tensor) ? transpose(tensor) : tensor);
  }
  return out;
}

/** The order of nanoGPT's state_dict: embeddings, blocks in order, final norm, head. */
function sortedLikeNanoGpt(tensors: Map<string, NamedTensor>): Map<string, NamedTensor> {
  const rank = (name: string) => {
    const block = /^transformer\.h\.(\d+)\./.exec(name);
    if (block !== null) return 10 + Number(block[1]);
    if (name.startsWith('transformer.wte')) return 0;
    if (name.startsWith('transformer.wpe')) return 1;
    if (name.startsWith('transformer.ln_f')) return 1e9;
    return 2e9;
  };
  return new Map([...tensors].sort(([a], [b]) => rank(a) - rank(b)));
}

function transpose(tensor: NamedTensor): NamedTensor {
  const [rows, cols] = tensor.shape as [number, number];
  const source = tensor.data;
  const data = new Float32Array(source.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[c * rows + r] = source[r * cols + c]!;
  return { dtype: tensor.dtype, shape: [cols, rows], data };
}
