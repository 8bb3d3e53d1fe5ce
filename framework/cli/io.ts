// What a command may touch: its streams, environment and working directory (tests pass their own).
import { stdoutClosedWhileWorking } from './closed-stdout.js';

export interface CommandIO {
  stdout: NodeJS.WriteStream | NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Where a question is answered (`folio runs rm` asks); process.stdin when absent. */
  stdin?: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIO(): CommandIO {
  // `folio ... | head` closes the pipe early: the reader has what it wanted, so end quietly
  // (the usual exit status of a writer whose pipe closed) instead of throwing EPIPE. A run that
  // trains goes on without printing (closed-stdout.ts); EIO is a terminal that went away.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (stdoutClosedWhileWorking()) return;
    if (error.code !== 'EPIPE' && error.code !== 'EIO') throw error;
    process.exit(141);
  });
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
