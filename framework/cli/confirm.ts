// Asking a person before something that cannot be undone; a script must say --yes instead.
import { createInterface } from 'node:readline/promises';
import { UserError, type CommandIO } from './io.js';

/** true for y/yes. Without a terminal to ask on, a UserError tells the caller to pass --yes. */
export async function confirm(question: string, io: CommandIO): Promise<boolean> {
  const input = io.stdin ?? process.stdin;
  if (!(input as NodeJS.ReadStream).isTTY) throw new UserError(`${question} There is no terminal to ask on: pass --yes to go ahead`);
  const prompt = createInterface({ input, output: io.stdout as NodeJS.WritableStream });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    prompt.close();
  }
}
