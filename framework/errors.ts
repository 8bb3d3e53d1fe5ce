// Errors that are the user's to fix, at the bottom of Folio: every layer may import this file, and it imports
// nothing of Folio, so an error never has to reach up (to the CLI) for its base class.

/**
 * A mistake the user can fix (a bad config, a missing file, a store from a newer Folio): the CLI prints
 * the message alone, with no stack trace, and exits with `exitCode`. Each area's own errors extend it.
 */
export class UserMistake extends Error {
  /** The exit status the CLI ends with. */
  readonly exitCode: number = 2;
}

/**
 * A component rejected what the user gave it (a missing file, an unknown character, no network for a
 * download, a backend this machine lacks). The CLI shows the message alone and exits 2.
 */
export class ComponentInputError extends UserMistake {}

/** A mistake in how a command was called or in what it was given: exit code 2 unless told otherwise. */
export class UserError extends UserMistake {
  constructor(
    message: string,
    override readonly exitCode = 2,
  ) {
    super(message);
  }
}
