import { UserMistake } from '../../errors.js';

/**
 * A checkpoint that cannot be used (truncated, corrupt, another model's shapes or vocabulary), or
 * one that cannot be written (disk full, a read-only folder). The message names the file and what
 * is wrong; the CLI shows it alone and exits 2.
 */
export class CheckpointError extends UserMistake {}
