// Byte-level BPE: learning merges from a corpus, and applying them to a chunk of text.
// Text is first cut into chunks (a word with its leading space, a number, a run of punctuation,
// whitespace); merges never cross a chunk, so " the" becomes one token, never "e t".

/** Cuts text into chunks; every character falls in exactly one, so joining them gives the text back. */
export const CHUNK = / ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** A pair of adjacent ids as one number (ids stay below 2^16, the largest vocabulary allowed). */
export const pairKey = (left: number, right: number): number => left * 65536 + right;

const utf8 = new TextEncoder();

interface Word {
  symbols: number[];
  count: number;
}

/**
 * Up to `count` merges, most frequent pair first (ties: the smaller pair key, so the result never
 * depends on Map order). Merge i makes id 256 + i. Pair counts are updated only for the words
 * that hold the merged pair, so each merge costs about its own occurrences, not the corpus.
 */
export function learnMerges(corpus: string, count: number): [number, number][] {
  const chunkCounts = new Map<string, number>();
  for (const [chunk] of corpus.matchAll(CHUNK)) chunkCounts.set(chunk, (chunkCounts.get(chunk) ?? 0) + 1);
  const words: Word[] = [...chunkCounts].map(([chunk, n]) => ({ symbols: [...utf8.encode(chunk)], count: n }));

  const pairCounts = new Map<number, number>();
  const wordsWith = new Map<number, Set<number>>();
  const tally = (word: Word, index: number, sign: 1 | -1) => {
    for (let i = 0; i + 1 < word.symbols.length; i++) {
      const key = pairKey(word.symbols[i]!, word.symbols[i + 1]!);
      const n = (pairCounts.get(key) ?? 0) + sign * word.count;
      if (n === 0) pairCounts.delete(key);
      else pairCounts.set(key, n);
      if (sign === 1) {
        let holders = wordsWith.get(key);
        if (holders === undefined) wordsWith.set(key, (holders = new Set()));
        holders.add(index);
      }
    }
  };
  words.forEach((word, index) => tally(word, index, 1));

  const merges: [number, number][] = [];
  while (merges.length < count) {
    let best = -1;
    let bestCount = 1; // a pair seen once is not worth a token
    for (const [key, n] of pairCounts) {
      if (n > bestCount || (n === bestCount && best !== -1 && key < best)) [best, bestCount] = [key, n];
    }
    if (best === -1) break;
    const left = Math.floor(best / 65536);
    const right = best % 65536;
    const id = 256 + merges.length;
    merges.push([left, right]);
    for (const index of wordsWith.get(best) ?? []) {
      const word = words[index]!;
      tally(word, index, -1);
      word.symbols = mergePair(word.symbols, left, right, id);
      tally(word, index, 1);
    }
    pairCounts.delete(best);
    wordsWith.delete(best);
  }
  return merges;
}

/** `symbols` with every adjacent (left, right) replaced by `id`, left to right. */
export function mergePair(symbols: readonly number[], left: number, right: number, id: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === left && symbols[i + 1] === right) {
      out.push(id);
      i++;
    } else out.push(symbols[i]!);
  }
  return out;
}

/** A chunk's ids: its bytes, then the earliest-learned merge present, again and again (as when learned). */
export function encodeChunk(chunk: string, ranks: ReadonlyMap<number, number>): number[] {
  let symbols: number[] = [...utf8.encode(chunk)];
  for (;;) {
    let bestId = Infinity;
    let bestAt = -1;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const id = ranks.get(pairKey(symbols[i]!, symbols[i + 1]!));
      if (id !== undefined && id < bestId) [bestId, bestAt] = [id, i];
    }
    if (bestAt === -1) return symbols;
    symbols = mergePair(symbols, symbols[bestAt]!, symbols[bestAt + 1]!, bestId);
  }
}
