// What each kind of component produces, and what its factory is given besides its params.
import type { Objective, ObjectiveContext, PreferenceSource, PreferencesContext, Reward, RewardContext } from './alignment.js';
import type {
  Attention, Backend, BaseContext, Block, Dataset, DatasetContext, FeedForward, LanguageModel, LayerContext, ModelContext,
  Optimizer, Schedule, ScheduleContext, Tokenizer,
} from './contracts.js';

/** What each kind of component produces. */
export interface ComponentProducts {
  tokenizer: Tokenizer;
  dataset: Dataset;
  model: LanguageModel;
  block: Block;
  attention: Attention;
  feedforward: FeedForward;
  optimizer: Optimizer;
  schedule: Schedule;
  backend: Backend;
  objective: Objective;
  reward: Reward;
  preferences: PreferenceSource;
}

/** What each kind's factory is given besides its params. */
export interface ComponentContexts {
  tokenizer: BaseContext;
  dataset: DatasetContext;
  model: ModelContext;
  block: LayerContext;
  attention: LayerContext;
  feedforward: LayerContext;
  optimizer: BaseContext;
  schedule: ScheduleContext;
  backend: BaseContext;
  objective: ObjectiveContext;
  reward: RewardContext;
  preferences: PreferencesContext;
}
