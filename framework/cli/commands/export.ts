// folio export <run-id> [--checkpoint best|latest|STEP] [--format safetensors] -o model.safetensors:
// the weights under nanoGPT's names and layouts, and model.json beside them (vocabulary, hyperparameters).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { exportNanoGpt } from '../../training/checkpoint/export-format.js';
import { positiveInteger } from '../args.js';
import { UserError, type CommandIO } from '../io.js';
import { writeOutputFiles } from '../output-files.js';
import { readRunCheckpoint } from '../run-checkpoint.js';

export const exportUsage = 'folio export <run-id> [--checkpoint best|latest|STEP] [--format safetensors] -o model.safetensors [--force] [--store PATH]';

/** `model.safetensors` -> `model.json`: the sidecar `folio import` looks for by default. */
export function sidecarPath(file: string): string {
  return file.replace(/\.safetensors$/, '') + '.json';
}

export async function exportCommand(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      checkpoint: { type: 'string', default: 'best' },
      format: { type: 'string', default: 'safetensors' },
      output: { type: 'string', short: 'o' },
      store: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UserError(`expected one run id\nusage: ${exportUsage}`);
  if (values.format !== 'safetensors') throw new UserError(`--format ${values.format}: the one format is safetensors\nusage: ${exportUsage}`);
  if (values.output === undefined) throw new UserError(`where to? give -o model.safetensors\nusage: ${exportUsage}`);
  const runId = positiveInteger(positionals[0]!, 'the run id', exportUsage);

  const { checkpoint, loaded: { config } } = await readRunCheckpoint(runId, values.checkpoint, values.store, io);
  const { file, sidecar } = exportNanoGpt(checkpoint, config, runId);
  const output = resolve(io.cwd, values.output);
  const sidecarText = new TextEncoder().encode(`${JSON.stringify(sidecar, null, 1)}\n`);
  await writeOutputFiles([{ path: output, chunks: [file] }, { path: sidecarPath(output), chunks: [sidecarText] }], { force: values.force });
  io.stdout.write(`${values.output}: run ${runId} at step ${checkpoint.step}, ${file.length} bytes in nanoGPT's names; ${sidecarPath(values.output)}: vocabulary and GPTConfig\n`);
  for (const note of sidecar.nanogpt_differences) io.stdout.write(`  for nanoGPT: ${note}\n`);
  return 0;
}
