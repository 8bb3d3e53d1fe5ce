// Fine-tuning: a run that starts from another run's (or a file's) weights and vocabulary.
import { resolve } from 'node:path';
import type { InitFromConfig } from '../config/types.js';
import type { Tokenizer } from '../registry/contracts.js';
import type { RunRecorder } from '../tracking/store.js';
import { CheckpointError } from './checkpoint/errors.js';
import { locateCheckpoint, runOf } from './checkpoint/locate.js';
import { readCheckpoint, type LoadedCheckpoint } from './checkpoint/read.js';

/** The checkpoint `init_from` names: a run's (best, latest or a step) or a file relative to the config. */
export function readInitCheckpoint(initFrom: InitFromConfig, store: Pick<RunRecorder, 'getRun'>, configDir: string): LoadedCheckpoint {
  if (initFrom.path !== undefined) return readCheckpoint(resolve(configDir, initFrom.path));
  const { path } = locateCheckpoint(runOf(store, initFrom.run!), initFrom.checkpoint);
  return readCheckpoint(path);
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
