// npm run bench -- --suite variants --backend native: each built-in variant's training step against
// the main config's. RoPE and fewer kv heads leave the engine's fused attention for a general path,
// and this says what that costs. Configs take turns round after round, so a busy neighbour on a
// shared machine slows them all alike, and each figure is the median over the rounds.
import { join } from 'node:path';
import { median } from './run-config.js';

const BASELINE = 'shakespeare-char';
const VARIANTS = [BASELINE, 'shakespeare-rope', 'shakespeare-rmsnorm', 'shakespeare-swiglu', 'shakespeare-gqa', 'shakespeare-llama', 'shakespeare-bpe'];

export interface VariantFigure {
  name: string;
  value: number;
  unit: string;
}

/** `stepMedian(config)` is the median step time of one run of that config file, in ms. */
export async function variantFigures(configsDir: string, rounds: number, stepMedian: (config: string) => Promise<number>): Promise<VariantFigure[]> {
  const times = new Map<string, number[]>(VARIANTS.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of VARIANTS) times.get(name)!.push(await stepMedian(join(configsDir, `${name}.yaml`)));
  }
  const baseline = median(times.get(BASELINE)!);
  return VARIANTS.flatMap((name) => {
    const ms = median(times.get(name)!);
    const step = { name: `${name} step, median`, value: ms, unit: 'ms' };
    return name === BASELINE ? [step] : [step, { name: `${name} / ${BASELINE}`, value: ms / baseline, unit: 'x' }];
  });
}
