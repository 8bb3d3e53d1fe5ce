// Byte-level BPE tokenizer (GPT-2's kind): 256 byte tokens plus merges learned from the training
// text, up to vocab_size. Any text encodes (every byte has a token); its state is the merge list.
import { defineComponent, type Tokenizer } from '../../framework/registry/index.js';
import { CHUNK, encodeChunk, learnMerges, pairKey } from './bpe-merges.js';

interface ByteBpeParams {
  vocab_size: number;
}

interface ByteBpeState {
  merges: [number, number][];
}

export class ByteBpeTokenizer implements Tokenizer {
  private merges: [number, number][] = [];
  private ranks = new Map<number, number>(); // pair key -> the id its merge makes
  private bytesOf: Uint8Array[] = [];
  private readonly chunkIds = new Map<string, number[]>(); // chunks repeat: encode each once
  private readonly decoder = new TextDecoder('utf-8'); // invalid or cut sequences become U+FFFD

  constructor(private readonly targetSize: number) {
    this.setMerges([]);
  }

  get vocabSize(): number {
    return 256 + this.merges.length;
  }

  fit(corpus: string): void {
    this.setMerges(learnMerges(corpus, this.targetSize - 256));
  }

  encode(text: string): Int32Array {
    const ids: number[] = [];
    for (const [chunk] of text.matchAll(CHUNK)) {
      let chunkIds = this.chunkIds.get(chunk);
      if (chunkIds === undefined) this.chunkIds.set(chunk, (chunkIds = encodeChunk(chunk, this.ranks)));
      for (const id of chunkIds) ids.push(id);
    }
    return Int32Array.from(ids);
  }

  decode(ids: Iterable<number>): string {
    const parts: Uint8Array[] = [];
    let length = 0;
    for (const id of ids) {
      const bytes = this.bytesOf[id];
      if (bytes === undefined) throw new RangeError(`byte-bpe tokenizer: id ${id} is outside the vocabulary of ${this.vocabSize}`);
      parts.push(bytes);
      length += bytes.length;
    }
    const all = new Uint8Array(length);
    let at = 0;
    for (const part of parts) {
      all.set(part, at);
      at += part.length;
    }
    return this.decoder.decode(all);
  }

  state(): ByteBpeState {
    return { merges: this.merges.map(([left, right]) => [left, right]) };
  }

  restore(state: unknown): void {
    const merges = (state as Partial<ByteBpeState> | null)?.merges;
    const valid =
      Array.isArray(merges) &&
      merges.every((m, i) => Array.isArray(m) && m.length === 2 && m.every((id) => Number.isInteger(id) && id >= 0 && id < 256 + i));
    if (!valid) throw new Error('byte-bpe tokenizer: the saved state has no valid merge list');
    this.setMerges(merges as [number, number][]);
  }

  private setMerges(merges: [number, number][]): void {
    this.merges = merges;
    this.ranks = new Map(merges.map(([left, right], i) => [pairKey(left, right), 256 + i]));
    this.bytesOf = Array.from({ length: 256 }, (_, byte) => Uint8Array.of(byte));
    for (const [left, right] of merges) this.bytesOf.push(Uint8Array.from([...this.bytesOf[left]!, ...this.bytesOf[right]!]));
    this.chunkIds.clear();
  }
}

export default defineComponent({
  kind: 'tokenizer',
  type: 'byte-bpe',
  summary: 'byte-level BPE learned from the training text (GPT-2 style); any text encodes',
  params: {
    type: 'object',
    properties: {
      vocab_size: {
        type: 'integer',
        minimum: 256,
        maximum: 65536,
        default: 512,
        description: 'tokens: the 256 bytes plus vocab_size - 256 learned merges (fewer if the text runs out of repeated pairs)',
      },
    },
  },
  create: (params: ByteBpeParams) => new ByteBpeTokenizer(params.vocab_size),
});
