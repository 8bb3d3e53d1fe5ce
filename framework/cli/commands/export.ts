// folio export <run-id> [--checkpoint best|latest|STEP] [--format safetensors] -o model.safetensors:
// the weights under nanoGPT's names and layouts, and model.json beside them (vocabulary, hyperparameters,
// and where the component files the config imports are, for folio import elsewhere).
import { dirname, resolve } from 'node:path';
import { exportNanoGpt } from '../../training/checkpoint/export-format.js';
import { expectPositionals, idArgument, mistake, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { recordImports } from '../exported-imports.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { writeOutputFiles } from '../output-files.js';
import { readRunCheckpoint } from '../run-checkpoint.js';
import { configDirOf } from '../stored-config.js';
import { STORE_OPTION } from '../common-options.js';

export const exportDeclaration = {
  name: 'export',
  summary: "a run's weights under nanoGPT's tensor names and layouts, with a JSON sidecar (vocabulary, GPTConfig)",
  positionals: [{ name: '<run-id>', complete: 'run-ids' }],
  options: {
    checkpoint: { kind: 'string', value: 'best|latest|STEP', default: 'best', help: 'which checkpoint: the best val loss, the newest, or the one at a step' },
    format: { kind: 'string', choices: ['safetensors'], default: 'safetensors', help: 'the file format' },
    output: { kind: 'string', short: 'o', value: 'FILE', help: 'where to write the weights (required); the sidecar goes beside it as .json', complete: { files: ['safetensors'] } },
    force: { kind: 'boolean', help: 'replace an existing regular file (never a link, folder or device)' },
    ...STORE_OPTION,
  },
} as const satisfies CommandDeclaration;

export const exportUsage = usageLine(exportDeclaration);

/** `model.safetensors` -> `model.json`: the sidecar `folio import` looks for by default. */
export function sidecarPath(file: string): string {
  return file.replace(/\.safetensors$/, '') + '.json';
}

export async function exportCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(exportDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(exportDeclaration, positionals, 1, 'one run id');
  if (values.output === undefined) throw mistake(exportDeclaration, 'where to? give -o model.safetensors');
  const runId = idArgument(exportDeclaration, positionals[0]!, 'the run id');

  const { run, checkpoint, loaded: { config } } = await readRunCheckpoint(runId, values.checkpoint, values.store, io);
  const { file, sidecar } = exportNanoGpt(checkpoint, config, runId);
  const output = resolve(io.cwd, values.output);
  const imports = recordImports(config.imports, configDirOf(run, io.cwd), dirname(output));
  if (imports.length > 0) sidecar.folio.imports = imports;
  const sidecarText = new TextEncoder().encode(`${JSON.stringify(sidecar, null, 1)}\n`);
  await writeOutputFiles([{ path: output, chunks: [file] }, { path: sidecarPath(output), chunks: [sidecarText] }], { force: values.force });
  io.stdout.write(`${values.output}: run ${runId} at step ${checkpoint.step}, ${file.length} bytes in nanoGPT's names; ${sidecarPath(values.output)}: vocabulary and GPTConfig\n`);
  for (const item of imports) io.stdout.write(`  imports ${item.entry}: recorded as ${item.relative} (from the export) and ${item.absolute}; keep it beside the export, or give --imports DIR to folio import\n`);
  for (const note of sidecar.nanogpt_differences) io.stdout.write(`  for nanoGPT: ${note}\n`);
  return 0;
}
