// The lecture's GPT: token + learned position embeddings, n_layer blocks, final LayerNorm, lm head;
// or rotary positions (in the attention) or none, and RMSNorm (model.positions, model.norm).
import {
  componentRef,
  defineComponent,
  type Block,
  type LanguageModel,
  type ModelContext,
  type ModelDims,
  type NormKind,
  type PositionEncoding,
} from '../../framework/registry/index.js';
import { dropout, embed, INIT_SCHEMES, linear, matMul, normalize, tf, type InitScheme, type Rng } from '../../framework/engine/index.js';

interface GptParams {
  n_layer: number;
  n_embd: number;
  block_size: number;
  dropout: number;
  bias: boolean;
  tie_weights: boolean;
  init: InitScheme;
  positions?: PositionEncoding;
  norm?: NormKind;
  block: { type: string };
  attention: { type: string };
  feedforward: { type: string };
}

/** What every block, attention and feed-forward of this model is built with (and checked against). */
function layerDims(params: GptParams): ModelDims {
  return {
    nEmbd: params.n_embd,
    blockSize: params.block_size,
    nLayer: params.n_layer,
    dropout: params.dropout,
    bias: params.bias,
    // No schema defaults for these two, so that configs written before they existed keep their hash (a sweep's trials resume).
    positions: params.positions ?? 'learned',
    norm: params.norm ?? 'layernorm',
  };
}

class Gpt implements LanguageModel {
  readonly blockSize: number;
  private readonly tokenTable: tf.Variable; // (V, C)
  private readonly positionTable?: tf.Variable; // (block_size, C), only for learned positions
  private readonly blocks: Block[];
  private readonly lnGain: tf.Variable;
  private readonly lnBias?: tf.Variable;
  private readonly head?: tf.Variable; // (C, V), absent when tied to the token table
  private readonly headBias?: tf.Variable;

  private readonly dims: ModelDims;
  private readonly rng: Rng;

  constructor(params: GptParams, ctx: ModelContext) {
    const { vocabSize } = ctx;
    this.rng = ctx.rng;
    this.dims = layerDims(params);
    const width = params.n_embd;
    this.blockSize = params.block_size;
    const weights = ctx.params.withInit(params.init);
    this.tokenTable = weights.embedding('wte', [vocabSize, width]);
    if (this.dims.positions === 'learned') this.positionTable = weights.embedding('wpe', [params.block_size, width]);
    const layers = weights.scope('h');
    this.blocks = Array.from({ length: params.n_layer }, (_, i) => ctx.layers.block(layers.scope(i), this.dims));
    this.lnGain = weights.ones('ln_f.weight', [width]);
    if (params.bias && this.dims.norm === 'layernorm') this.lnBias = weights.zeros('ln_f.bias', [width]);
    if (!params.tie_weights) {
      this.head = weights.linear('lm_head.weight', [width, vocabSize]);
      if (params.bias) this.headBias = weights.zeros('lm_head.bias', [vocabSize]);
    }
  }

  forward(idx: tf.Tensor2D, training: boolean): tf.Tensor3D {
    const [batch, time] = idx.shape;
    if (time > this.blockSize) throw new RangeError(`gpt: context of ${time} tokens exceeds block_size ${this.blockSize}`);
    const tokens = embed(idx, this.tokenTable as tf.Tensor2D); // (B, T, C)
    let x = dropout(this.withPositions(tokens, time), this.dims.dropout, training, this.rng);
    for (const block of this.blocks) x = block.apply(x, training);
    x = normalize(this.dims.norm, x, this.lnGain as tf.Tensor1D, this.lnBias as tf.Tensor1D | undefined);
    if (this.head !== undefined) return linear(x, this.head as tf.Tensor2D, this.headBias as tf.Tensor1D | undefined); // (B, T, V)
    const flat = x.reshape([batch * time, this.dims.nEmbd]);
    const logits = matMul(flat, this.tokenTable, false, true); // (B*T, V) via the shared table
    return logits.reshape([batch, time, this.tokenTable.shape[0]!]);
  }

  /** Adds the learned position table; rotary positions are the attention's business, 'none' adds nothing. */
  private withPositions(tokens: tf.Tensor3D, time: number): tf.Tensor3D {
    if (this.positionTable === undefined) return tokens;
    // Training batches fill the context: the whole table, without a slice (whose gradient is a pad).
    const positions = time === this.blockSize ? this.positionTable : tf.slice(this.positionTable, [0, 0], [time, this.dims.nEmbd]); // (T, C)
    return tf.add(tokens, positions) as tf.Tensor3D;
  }
}

export default defineComponent({
  kind: 'model',
  type: 'gpt',
  summary: 'decoder-only transformer: embeddings, n_layer blocks, final norm, lm head',
  params: {
    type: 'object',
    required: ['n_layer', 'n_embd', 'block_size', 'attention'],
    properties: {
      n_layer: { type: 'integer', minimum: 1, description: 'number of transformer blocks' },
      n_embd: { type: 'integer', minimum: 1, description: 'width of the residual stream' },
      block_size: { type: 'integer', minimum: 1, description: 'longest context, in tokens' },
      dropout: { type: 'number', minimum: 0, maximum: 1, default: 0, description: 'dropout rate everywhere (layers may override)' },
      bias: { type: 'boolean', default: true, description: 'biases in linear layers and LayerNorms' },
      tie_weights: { type: 'boolean', default: false, description: 'share the token embedding with the lm head' },
      init: {
        type: 'string',
        enum: INIT_SCHEMES,
        default: 'gpt2',
        description: "initial weights: gpt2 (N(0, 0.02), nanoGPT) or torch (PyTorch's defaults, as the lecture's code)",
      },
      positions: {
        type: 'string',
        enum: ['learned', 'rope', 'none'],
        description:
          "learned (the default): a position table (GPT-2); rope: rotary embeddings in each attention (its queries and keys); none: the attention's own (ALiBi)",
      },
      norm: {
        type: 'string',
        enum: ['layernorm', 'rmsnorm'],
        description: 'normalisation in the blocks and before the head: layernorm (the default), or rmsnorm (no mean, no bias)',
      },
      block: { ...componentRef('block'), default: { type: 'pre-ln' } },
      attention: componentRef('attention'),
      feedforward: { ...componentRef('feedforward'), default: { type: 'mlp' } },
    },
  },
  create: (params: GptParams, ctx) => new Gpt(params, ctx),
  layerDims,
});
