// A throwaway folder shared by the tests of one file (one training run for many assertions), removed after them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/** Call in a describe block: a fresh folder holding `files`, removed once that block's tests are done. */
export function workspaceForSuite(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'folio-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
