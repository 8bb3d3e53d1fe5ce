// Asking a person before something that cannot be undone; a script must say --yes instead.
import { createInterface } from 'node:readline/promises';
import { UserError } from '../errors.js';
import type { CommandIO } from './io.js';

/** Throws, telling the caller to pass --yes, where there is no terminal to ask `question` on. */
export function assertCanAsk(question: string, io: CommandIO): void {
  if (!(inputOf(io) as NodeJS.ReadStream).isTTY) throw new UserError(`${question} There is no terminal to ask on: pass --yes to go ahead`);
}

/** true for y/yes. Without a terminal to ask on, a UserError tells the caller to pass --yes. */
export async function confirm(question: string, io: CommandIO): Promise<boolean> {
  assertCanAsk(question, io);
  const input = inputOf(io);
  const prompt = createInterface({ input, output: io.stdout as NodeJS.WritableStream });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    prompt.close();
  }
}

function inputOf(io: CommandIO): NodeJS.ReadableStream {
  return io.stdin ?? process.stdin;
}
