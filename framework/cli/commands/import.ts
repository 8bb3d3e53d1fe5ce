// folio import model.safetensors [--meta model.json] [--name NAME] [--store PATH]: a run made from
// exported weights (nanoGPT's names and layouts), to sample from and fine-tune with init_from.
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { RunConfig } from '../../config/types.js';
import { CheckpointError } from '../../training/checkpoint/errors.js';
import { EXPORT_FORMAT, type ExportSidecar } from '../../training/checkpoint/export-format.js';
import { stepFileName } from '../../training/checkpoint/keeper.js';
import { fromNanoGpt } from '../../training/checkpoint/nanogpt.js';
import { readSafetensorsFile } from '../../training/checkpoint/read.js';
import { restoreModel } from '../../training/checkpoint/restore-model.js';
import { snapshotCheckpoint } from '../../training/checkpoint/training-state.js';
import { writeFileAtomically } from '../../training/checkpoint/atomic-write.js';
import { RunStore } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { expectPositionals, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { importsOfOlderExport, locateImports } from '../exported-imports.js';
import { runDir } from '../../tracking/run-files.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { decideImportedCode, importedCodeFiles } from '../import-trust.js';
import { ConfigError } from '../../config/errors.js';
import { STORE_OPTION } from '../common-options.js';
import { loadConfigObject, type StoredConfigOptions } from '../stored-config.js';
import { sidecarPath } from './export.js';

export const importDeclaration = {
  name: 'import',
  summary: 'a run made from exported weights: sample it, or fine-tune from it with init_from',
  positionals: [{ name: '<model.safetensors>', complete: { files: ['safetensors'] } }],
  options: {
    meta: { kind: 'string', value: 'FILE', help: 'the sidecar folio export wrote (default: the .json beside the weights)', complete: { files: ['json'] } },
    name: { kind: 'string', value: 'NAME', help: "the new run's name (default: the exported run's)" },
    imports: { kind: 'string', value: 'DIR', help: 'the folder holding the component files the config imports (default: where the sidecar says)', complete: { files: [] } },
    'trust-imports': { kind: 'boolean', help: "run the component code the sidecar's config imports (listed first); without it, that code never runs" },
    ...STORE_OPTION,
  },
} as const satisfies CommandDeclaration;

export const importUsage = usageLine(importDeclaration);

export async function importCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(importDeclaration, argv, io);
  if (parsed === undefined) return 0;
  const { values, positionals } = parsed;
  expectPositionals(importDeclaration, positionals, 1, 'one .safetensors file');
  const file = resolve(io.cwd, positionals[0]!);
  const metaFile = resolve(io.cwd, values.meta ?? sidecarPath(positionals[0]!));
  const sidecar = readSidecar(metaFile);
  const content = readSafetensorsFile(file);
  const config: RunConfig = { ...sidecar.folio.config, ...(values.name === undefined ? {} : { name: values.name }) };
  delete config.init_from; // the weights are here; where they once started from is history
  const recorded = sidecar.folio.imports ?? importsOfOlderExport(config.imports, dirname(metaFile));
  const importsDir = values.imports === undefined ? undefined : resolve(io.cwd, values.imports);
  if (recorded.length > 0) config.imports = locateImports(recorded, dirname(metaFile), importsDir);
  const configFrom = { dir: dirname(metaFile), name: `${basename(metaFile)}#folio.config`, cwd: io.cwd };
  const codeChoice = await decideImportedCode({
    namedBy: metaFile,
    files: importedCodeFiles(config, dirname(metaFile)),
    trusted: values['trust-imports'],
    loadsWithout: () => loadsWithoutImports(config, configFrom),
    say: (line) => void io.stderr.write(`folio: ${line}\n`),
  });
  if (codeChoice === 'leave-out') delete (config as Partial<RunConfig>).imports;
  const loaded = await loadConfigObject(config, configFrom);
  const tied = (loaded.config.model as { tie_weights?: boolean }).tie_weights === true;
  const weights = fromNanoGpt(file, content.tensors, tied);
  const checkpoint = { file, meta: null, step: sidecar.folio.step, tokenizer: sidecar.tokenizer.state, weights, tensors: weights };
  // Built and checked (every tensor's name and shape) before the store is touched.
  const restored = await restoreModel(checkpoint, loaded.config, loaded.registry, dirname(metaFile));
  const storePath = resolveStorePath(values.store, io);
  const store = RunStore.open(storePath);
  try {
    const { config: resolved, hash } = loaded;
    const runId = store.createRun({ name: resolved.name, config: resolved, configHash: hash, seed: resolved.seed, backend: restored.backend });
    try {
      store.setInfo(runId, { importedFrom: file, configDir: dirname(metaFile), parameters: restored.parameters.count(), vocabSize: restored.tokenizer.vocabSize });
      const bytes = await snapshotCheckpoint(
        { parameters: restored.parameters, optimizer: restored.optimizer, tokenizer: restored.tokenizer, rngs: {} },
        { runId, config: resolved, configHash: hash, step: checkpoint.step, window: { loss: 0, ms: 0, steps: 0 }, elapsedMs: 0, valLoss: null, bestValLoss: null },
      );
      const path = join(runDir(storePath, runId), stepFileName(checkpoint.step));
      await writeCheckpoint(path, [bytes.header, bytes.data]);
      store.addArtifact(runId, 'checkpoint', path, checkpoint.step);
      store.finishRun(runId, 'completed');
    } catch (error) {
      store.finishRun(runId, 'failed', (error as Error).message);
      throw error;
    }
    io.stdout.write(`run ${runId}: ${resolved.name} from ${positionals[0]} (step ${checkpoint.step}); folio sample ${runId}, or init_from: { run: ${runId} } to fine-tune\n`);
    return 0;
  } finally {
    restored.dispose();
    store.close();
  }
}

async function writeCheckpoint(path: string, chunks: Uint8Array[]): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFileAtomically(path, chunks);
  } catch (error) {
    throw new CheckpointError(`cannot write checkpoint ${path}: ${(error as Error).message}`);
  }
}

/** The sidecar `folio export` wrote; what is missing or malformed is named. */
function readSidecar(path: string): ExportSidecar {
  let parsed: Partial<ExportSidecar>;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<ExportSidecar>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file (give the sidecar with --meta)' : 'not JSON';
    throw new CheckpointError(`cannot read ${path}: ${why}`);
  }
  if (parsed.format !== EXPORT_FORMAT || parsed.folio?.config === undefined || parsed.tokenizer === undefined) {
    throw new CheckpointError(`${path}: not a sidecar of folio export (format ${EXPORT_FORMAT} with the folio config and tokenizer)`);
  }
  return parsed as ExportSidecar;
}

/** Whether the config checks with built-in components alone (then the sidecar's code is not needed). */
async function loadsWithoutImports(config: RunConfig, from: StoredConfigOptions): Promise<boolean> {
  const { imports: _left, ...builtInOnly } = config;
  try {
    await loadConfigObject(builtInOnly, from);
    return true;
  } catch (error) {
    if (error instanceof ConfigError) return false;
    throw error;
  }
}
