// Problems with the run store that a person can fix (wrong path, foreign file, newer Folio): the CLI shows the message alone.
import { UserMistake } from '../errors.js';

export class StoreError extends UserMistake {
  override readonly name = 'StoreError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
