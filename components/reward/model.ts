// Scores a text with a reward model: a run trained with objective: reward-model, read from the store.
import { tf } from '../../framework/engine/index.js';
import { ComponentInputError, defineComponent, type LoadedRunModel, type Reward } from '../../framework/registry/index.js';
import { REWARD_HEAD_BIAS, REWARD_HEAD_WEIGHT, scoreText } from '../objective/reward-head.js';

interface ModelRewardParams {
  run: number | 'newest';
  name: string;
  checkpoint: 'best' | 'latest' | number;
}

/** The scope the objective's weights live under in a run (framework/container/build.ts names it). */
const OBJECTIVE_SCOPE = 'objective.';

class RewardModelScore implements Reward {
  private loading: Promise<LoadedRunModel> | undefined;

  constructor(
    private readonly params: ModelRewardParams,
    private readonly load: () => Promise<LoadedRunModel>,
  ) {}

  async score(texts: readonly string[]): Promise<number[]> {
    const loaded = await (this.loading ??= this.load());
    const weight = loaded.tensor(OBJECTIVE_SCOPE + REWARD_HEAD_WEIGHT);
    const bias = loaded.tensor(OBJECTIVE_SCOPE + REWARD_HEAD_BIAS);
    if (weight === undefined || bias === undefined) {
      throw new ComponentInputError(`reward model: run ${this.params.run === 'newest' ? `newest ${this.params.name}` : this.params.run} has no reward head; train it with objective: { type: reward-model }`);
    }
    const blockSize = loaded.model.blockSize;
    const rows = texts.map((text) => {
      const ids = Array.from(loaded.tokenizer.encode(text)).slice(-blockSize);
      return ids.length > 0 ? ids : [0];
    });
    const length = Math.max(...rows.map((r) => r.length));
    const ids = rows.flatMap((r) => [...r, ...Array<number>(length - r.length).fill(0)]);
    const positions = rows.flatMap((r) => Array.from({ length }, (_, t) => (t < r.length ? 1 / r.length : 0)));
    const scores = tf.tidy(() => {
      const shape: [number, number] = [rows.length, length];
      return scoreText(loaded.model.forward(tf.tensor2d(ids, shape, 'int32'), false), tf.tensor2d(positions, shape), { weight, bias });
    });
    const values = Array.from(await scores.data());
    scores.dispose();
    return values;
  }

  dispose(): void {
    void this.loading?.then((loaded) => loaded.dispose());
  }
}

export default defineComponent({
  kind: 'reward',
  type: 'model',
  summary: 'the scalar head of a run trained with objective: reward-model (in the same store)',
  params: {
    type: 'object',
    required: ['run'],
    properties: {
      run: { anyOf: [{ type: 'integer', minimum: 1 }, { const: 'newest' }], description: 'the reward-model run, or newest: the newest completed run called name' },
      name: { type: 'string', minLength: 1, default: 'shakespeare-reward-model', description: 'with run: newest, the name of the runs to choose from' },
      checkpoint: { anyOf: [{ type: 'string', enum: ['best', 'latest'] }, { type: 'integer', minimum: 0 }], default: 'best', description: "which of the run's checkpoints" },
    },
  },
  create: (params: ModelRewardParams, ctx): Reward => new RewardModelScore(params, () => ctx.loadRun(params)),
});
