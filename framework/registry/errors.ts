import { UserMistake } from '../errors.js';

/**
 * A component rejected what the user gave it (a missing file, an unknown character,
 * no network for a download). The CLI shows the message alone and exits 2.
 */
export class ComponentInputError extends UserMistake {}
