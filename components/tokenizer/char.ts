// Character-level tokenizer: one id per distinct character of the training text (the lecture's).
import { ComponentInputError, defineComponent, type Tokenizer } from '../../framework/registry/index.js';

export class CharTokenizer implements Tokenizer {
  private chars: string[] = [];
  private ids = new Map<string, number>();

  get vocabSize(): number {
    return this.chars.length;
  }

  fit(corpus: string): void {
    this.setVocabulary([...new Set(corpus)].sort());
  }

  encode(text: string): Int32Array {
    const out = new Int32Array(text.length);
    const unknown = new Set<string>();
    let firstUnknownAt = -1;
    let i = 0;
    for (const ch of text) {
      const id = this.ids.get(ch);
      if (id === undefined) {
        unknown.add(ch);
        if (firstUnknownAt < 0) firstUnknownAt = i;
      } else out[i] = id;
      i++;
    }
    if (unknown.size > 0) {
      const shown = [...unknown].slice(0, 10).map((c) => JSON.stringify(c)).join(', ');
      throw new ComponentInputError(
        `char tokenizer: ${unknown.size} character(s) not in the vocabulary: ${shown}` +
          ` (first at offset ${firstUnknownAt}); the vocabulary comes from the training text`,
      );
    }
    // Characters outside the BMP take two UTF-16 units but one id.
    return i === out.length ? out : out.slice(0, i);
  }

  decode(ids: Iterable<number>): string {
    let text = '';
    for (const id of ids) {
      const ch = this.chars[id];
      if (ch === undefined) throw new RangeError(`char tokenizer: id ${id} is outside the vocabulary of ${this.vocabSize}`);
      text += ch;
    }
    return text;
  }

  state(): { chars: string[] } {
    return { chars: [...this.chars] };
  }

  restore(state: unknown): void {
    const chars = (state as { chars?: unknown }).chars;
    if (!Array.isArray(chars) || !chars.every((c) => typeof c === 'string')) {
      throw new Error('char tokenizer: checkpoint has no character list');
    }
    this.setVocabulary(chars as string[]);
  }

  private setVocabulary(chars: string[]): void {
    this.chars = chars;
    this.ids = new Map(chars.map((ch, id) => [ch, id]));
  }
}

export default defineComponent({
  kind: 'tokenizer',
  type: 'char',
  summary: 'one token per character; the vocabulary is every character of the training text',
  params: { type: 'object', properties: {} },
  create: () => new CharTokenizer(),
});
