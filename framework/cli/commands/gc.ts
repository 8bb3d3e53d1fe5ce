// folio gc [--store PATH]: the checkpoint files no run refers to, artifact records whose file is
// gone, then VACUUM; prints what it freed.
import { existsSync } from 'node:fs';
import { collectGarbage } from '../../tracking/cleanup.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { RunStore } from '../../tracking/store.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { formatBytes } from '../../present/format.js';
import type { CommandIO } from '../io.js';
import { STORE_OPTION } from '../common-options.js';

export const gcDeclaration = {
  name: 'gc',
  summary: 'free the disk: checkpoint files no run refers to, then the database compacted (VACUUM)',
  positionals: [],
  options: STORE_OPTION,
  notes: ['live runs and their folders are left alone; folio runs rm deletes runs themselves'],
} as const satisfies CommandDeclaration;

export const gcUsage = usageLine(gcDeclaration);

export async function gcCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(gcDeclaration, argv, io);
  if (parsed === undefined) return 0;
  expectPositionals(gcDeclaration, parsed.positionals, 0, 'no arguments');
  const path = resolveStorePath(parsed.values.store, io);
  if (!existsSync(path)) {
    io.stdout.write(`nothing to clean: no store at ${path}\n`);
    return 0;
  }
  const store = RunStore.open(path);
  try {
    const report = collectGarbage(store, path);
    const database = report.databaseBefore - report.databaseAfter;
    const lines = [
      `removed ${report.files} unreferenced checkpoint file${report.files === 1 ? '' : 's'} (${formatBytes(report.bytes)})`,
      ...(report.danglingRows > 0 ? [`forgot ${report.danglingRows} artifact record${report.danglingRows === 1 ? '' : 's'} whose file was gone`] : []),
      `database ${formatBytes(report.databaseBefore)} -> ${formatBytes(report.databaseAfter)} (${database >= 0 ? 'freed' : 'grew by'} ${formatBytes(Math.abs(database))})`,
      `freed ${formatBytes(report.bytes + Math.max(0, database))} in all`,
    ];
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}
