// `folio export`: weights in nanoGPT's names and layouts, and a JSON sidecar with the vocabulary and
// hyperparameters (nanoGPT's GPTConfig, plus Folio's full config so that `folio import` rebuilds the run).
import type { RunConfig } from '../../config/types.js';
import { CheckpointError } from './errors.js';
import type { LoadedCheckpoint } from './read.js';
import { encodeSafetensors } from './safetensors.js';
import { toNanoGpt } from './nanogpt.js';

export const EXPORT_FORMAT = 'folio-export-1';

/** nanoGPT's GPTConfig fields. */
export interface NanoGptConfig {
  block_size: number;
  vocab_size: number;
  n_layer: number;
  n_head: number;
  n_embd: number;
  dropout: number;
  bias: boolean;
}

export interface ExportSidecar {
  format: typeof EXPORT_FORMAT;
  /** Keyword arguments for nanoGPT's GPTConfig. */
  gpt_config: NanoGptConfig;
  /** The tokenizer's type and state: for the char tokenizer, `chars` (nanoGPT's itos) and `stoi`. */
  tokenizer: { type: string; state: unknown; stoi?: Record<string, number> };
  /** Where this model differs from nanoGPT's GPT, and what to do about it when loading it there. */
  nanogpt_differences: string[];
  /** Folio's own record: the run's config, the step, where it came from. */
  folio: { config: RunConfig; step: number; run_id: number | null; imports?: ExportedComponentFile[] };
}

/** Where a component file the config imports was at export time (written by folio export, read by folio import). */
export interface ExportedComponentFile {
  /** As the config names it. */
  entry: string;
  /** Relative to the folder of the exported weights. */
  relative: string;
  absolute: string;
}

/** The gpt model's config node as the export reads it (its params are components/model/gpt.ts's, resolved). */
type GptNode = Record<'n_layer' | 'n_embd' | 'block_size' | 'dropout', number> &
  Record<'bias' | 'tie_weights', boolean> & {
    block: { type: string };
    attention: { type: string; n_head: number };
    feedforward: { type: string; expansion?: number; activation?: string };
  };

/** The file and its sidecar for a gpt checkpoint; other models are refused (nanoGPT has no place for them). */
export function exportNanoGpt(checkpoint: LoadedCheckpoint, config: RunConfig, runId: number | null): { file: Buffer; sidecar: ExportSidecar } {
  if (config.model.type !== 'gpt') throw new CheckpointError(`run ${runId}: model ${config.model.type} has no nanoGPT counterpart; export supports the gpt model`);
  const model = config.model as unknown as GptNode;
  const tensors = toNanoGpt(checkpoint.weights);
  const vocabSize = tensors.get('transformer.wte.weight')!.shape[0]!;
  const chars = (checkpoint.tokenizer as { chars?: unknown }).chars;
  const sidecar: ExportSidecar = {
    format: EXPORT_FORMAT,
    gpt_config: {
      block_size: model.block_size,
      vocab_size: vocabSize,
      n_layer: model.n_layer,
      n_head: model.attention.n_head,
      n_embd: model.n_embd,
      dropout: model.dropout,
      bias: model.bias,
    },
    tokenizer: {
      type: config.tokenizer.type,
      state: checkpoint.tokenizer,
      ...(Array.isArray(chars) ? { stoi: Object.fromEntries(chars.map((ch: string, id) => [ch, id])) } : {}),
    },
    nanogpt_differences: differences(model),
    folio: { config, step: checkpoint.step, run_id: runId },
  };
  // safetensors.torch writes {"format": "pt"}; transformers and friends look for it.
  return { file: encodeSafetensors({ tensors, metadata: { format: 'pt', folio: EXPORT_FORMAT } }), sidecar };
}

function differences(model: GptNode): string[] {
  const notes = [
    "GELU: Folio uses the tanh approximation (GPT-2's); nanoGPT's MLP uses nn.GELU() (exact): use nn.GELU(approximate='tanh') for the same logits",
  ];
  if (model.bias) notes.push("lm_head.bias: Folio's head has a bias when bias is true, nanoGPT's never does: load with strict=False and add it to the logits, or train with bias: false");
  if (!model.tie_weights) notes.push('lm_head.weight is not tied to transformer.wte.weight (tie_weights: false): nanoGPT ties them, so untie them (a separate nn.Parameter) before load_state_dict');
  if (model.block.type !== 'pre-ln' || model.attention.type !== 'causal-self-attention' || model.feedforward.type !== 'mlp') {
    notes.push(`components ${model.block.type}/${model.attention.type}/${model.feedforward.type} are not nanoGPT's Block/CausalSelfAttention/MLP`);
  }
  if ((model.feedforward.expansion ?? 4) !== 4 || (model.feedforward.activation ?? 'gelu') !== 'gelu') notes.push('the MLP is not 4x wide with GELU as nanoGPT\'s');
  return notes;
}
