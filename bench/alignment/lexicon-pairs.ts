// node dist/bench/alignment/lexicon-pairs.js [--text tinyshakespeare.txt] [--pairs 2000] [--length 48] [--out data/lexicon-pairs.jsonl]
// Preference pairs labelled by the shipped cheerful lexicon: two random windows of the text whose
// lexicon scores differ, the higher-scoring one chosen. The data for the reward-model path.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CHEERFUL_LEXICON } from '../../components/reward/cheerful-lexicon.js';
import { lexiconScore, parseLexicon } from '../../components/reward/lexicon-file.js';
import { resolveCacheDir } from '../../framework/cli/cache-dir.js';
import { Rng } from '../../framework/engine/rng.js';

const { values } = parseArgs({
  options: {
    text: { type: 'string' },
    pairs: { type: 'string', default: '2000' },
    length: { type: 'string', default: '48' },
    seed: { type: 'string', default: '20' },
    out: { type: 'string', default: 'data/lexicon-pairs.jsonl' },
  },
});
const text = readFileSync(values.text ?? join(resolveCacheDir(process.env, process.cwd()), 'tinyshakespeare.txt'), 'utf8');
const lexicon = parseLexicon(CHEERFUL_LEXICON, 'the shipped cheerful lexicon');
const rng = new Rng(Number(values.seed));
const length = Number(values.length);
const window = () => {
  const start = rng.int(text.length - length);
  return text.slice(start, start + length);
};
const lines: string[] = [];
while (lines.length < Number(values.pairs)) {
  const [a, b] = [window(), window()];
  const [sa, sb] = [lexiconScore(lexicon, a), lexiconScore(lexicon, b)];
  if (sa === sb) continue;
  lines.push(JSON.stringify({ prompt: '', chosen: sa > sb ? a : b, rejected: sa > sb ? b : a }));
}
writeFileSync(values.out, `${lines.join('\n')}\n`);
console.log(`${lines.length} pairs of ${length}-character windows -> ${values.out}`);
