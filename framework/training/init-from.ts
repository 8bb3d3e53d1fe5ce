// Fine-tuning: a run that starts from another run's (or a file's) weights and vocabulary.
import { resolve } from 'node:path';
import type { InitFromConfig } from '../config/types.js';
import type { Tokenizer } from '../registry/contracts.js';
import type { RunRecorder, RunStore } from '../tracking/store.js';
import { CheckpointError } from './checkpoint/errors.js';
import { locateCheckpoint, runOf } from './checkpoint/locate.js';
import { readCheckpoint, type LoadedCheckpoint } from './checkpoint/read.js';

/** What init_from reads from the store: a run, and (for run: newest) the list of runs. */
export type InitFromStore = Pick<RunRecorder, 'getRun'> & Partial<Pick<RunStore, 'listRuns'>>;

/** The checkpoint `init_from` names: a run's (best, latest or a step) or a file relative to the config. */
export function readInitCheckpoint(initFrom: InitFromConfig, store: InitFromStore, configDir: string): LoadedCheckpoint {
  if (initFrom.path !== undefined) return readCheckpoint(resolve(configDir, initFrom.path));
  const { path } = locateCheckpoint(runOf(store, initFromRun(initFrom, store)), initFrom.checkpoint);
  return readCheckpoint(path);
}

/** The run id init_from names; for run: newest, the newest completed run called init_from.name. */
export function initFromRun(initFrom: InitFromConfig, store: InitFromStore): number {
  if (typeof initFrom.run === 'number') return initFrom.run;
  const name = initFrom.name;
  if (name === undefined) throw new CheckpointError('init_from: run: newest needs init_from.name, the name of the runs to choose from');
  if (store.listRuns === undefined) throw new CheckpointError(`init_from: run: newest cannot be looked up here (a worker has no store); give init_from.run as a number`);
  const newest = store.listRuns().find((run) => run.name === name && run.status === 'completed');
  if (newest === undefined) {
    throw new CheckpointError(`init_from: run: newest: the store has no completed run named ${JSON.stringify(name)}; train one first (e.g. npx folio run configs/${name}.yaml) or give --set init_from.run=N`);
  }
  return newest.id;
}

/**
 * Gives `tokenizer` the pretrained vocabulary and returns the text it can encode: characters
 * outside the vocabulary are an error naming them, or are dropped when the config says so.
 */
export function adoptVocabulary(tokenizer: Tokenizer, checkpoint: LoadedCheckpoint, text: string, initFrom: InitFromConfig): string {
  try {
    tokenizer.restore(checkpoint.tokenizer);
  } catch (error) {
    throw new CheckpointError(`${checkpoint.file}: its tokenizer does not fit this config's: ${(error as Error).message}`);
  }
  const unknown = [...new Set(text)].filter((ch) => !encodes(tokenizer, ch));
  if (unknown.length === 0) return text;
  if (initFrom.unknown_characters === 'drop') {
    const dropped = new Set(unknown);
    return [...text].filter((ch) => !dropped.has(ch)).join('');
  }
  const firstAt = [...text].findIndex((ch) => unknown.includes(ch));
  const shown = unknown.slice(0, 12).map((ch) => JSON.stringify(ch)).join(', ');
  throw new CheckpointError(
    `the dataset has ${unknown.length} character(s) outside the vocabulary of ${checkpoint.file} (${tokenizer.vocabSize} tokens): ${shown}` +
      `${unknown.length > 12 ? ', ...' : ''} (first at offset ${firstAt}); set init_from.unknown_characters: drop to leave them out of the text`,
  );
}

function encodes(tokenizer: Tokenizer, ch: string): boolean {
  try {
    return tokenizer.encode(ch).length > 0;
  } catch {
    return false;
  }
}
