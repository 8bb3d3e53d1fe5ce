// folio resume <run-id> [--set key=value]... [--plain] [--store PATH]: continue an interrupted,
// crashed or failed run from its newest checkpoint (or extend a finished one with --set).
import { hostname } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { isProcessAlive } from '../../tracking/process-liveness.js';
import { locateCheckpoint, runOf } from '../../training/checkpoint/locate.js';
import { readCheckpoint, type LoadedCheckpoint } from '../../training/checkpoint/read.js';
import type { TrainSettings } from '../../config/types.js';
import { RunStore, type RunDetail } from '../../tracking/store.js';
import { resolveStorePath } from '../../tracking/store-path.js';
import { expectPositionals, idArgument, parseCommand, usageLine, type CommandDeclaration } from '../args.js';
import { UserError } from '../../errors.js';
import type { CommandIO } from '../io.js';
import { loadStoredConfig } from '../stored-config.js';
import { TRAIN_OPTIONS } from '../common-options.js';
import { trainFromCli } from '../train-session.js';

export const resumeDeclaration = {
  name: 'resume',
  summary: 'continue an interrupted, crashed or failed run from its newest checkpoint; --set extends a finished one',
  positionals: [{ name: '<run-id>', complete: 'run-ids' }],
  options: TRAIN_OPTIONS,
  notes: ['only train.*, sample.*, checkpoint.*, schedule.*, optimizer.lr and backend can change; e.g. --set train.max_iters=4000'],
} as const satisfies CommandDeclaration;

export const resumeUsage = usageLine(resumeDeclaration);

/**
 * What may change when a run continues: how long, how it is logged, and its learning rate (to
 * continue a diverged run more gently), not what it trains. The optimizer's moments fit any lr.
 */
const RESUMABLE_KEYS = ['train.*', 'sample.*', 'checkpoint.*', 'schedule.*', 'optimizer.lr', 'backend'];

export async function resumeCommand(argv: string[], io: CommandIO): Promise<number> {
  const parsed = parseCommand(resumeDeclaration, argv, io);
  if (parsed === undefined) return 0;
  expectPositionals(resumeDeclaration, parsed.positionals, 1, 'one run id');
  const args = parsed.values;
  const runId = idArgument(resumeDeclaration, parsed.positionals[0]!, 'the run id');
  for (const override of args.set) checkOverride(override);
  const storePath = resolveStorePath(args.store, io);
  const store = RunStore.open(storePath);
  try {
    const run = runOf(store, runId);
    refuseLiveRun(run);
    if (typeof run.info.importedFrom === 'string') {
      throw new UserError(`run ${runId} was imported from ${run.info.importedFrom}: it holds weights, not a training state to continue; fine-tune from it with init_from: { run: ${runId} }`);
    }
    // Everything is checked before the run is touched: a bad checkpoint or --set leaves the store as it was.
    const checkpoint = readCheckpoint(locateCheckpoint(run, 'latest').path);
    if (checkpoint.meta === null) {
      throw new UserError(`${checkpoint.file} was written by an earlier Folio and holds only the weights, so run ${runId} cannot be resumed; fine-tune from it with init_from: { run: ${runId} }`);
    }
    const resolved = await loadStoredConfig(checkpoint.meta.config, run, { cwd: io.cwd, overrides: args.set });
    refuseFinished(run, checkpoint, resolved.config.train);
    if (checkpoint.meta.optimizer === null) {
      io.stderr.write(
        `note: optimizer ${resolved.config.optimizer.type} saves no state (it has no saveState), so it starts afresh: the losses will not be those of an uninterrupted run\n`,
      );
    }
    io.stdout.write(`resuming run ${runId} from step ${checkpoint.step} (${shownPath(io.cwd, checkpoint.file)})\n`);
    return await trainFromCli(resolved, {
      io,
      store,
      storePath,
      plain: args.plain,
      resume: { runId, checkpoint },
    });
  } finally {
    store.close(); // trainFromCli closed it already; closing twice does nothing
  }
}

function checkOverride(override: string): void {
  const key = override.split('=')[0]!.trim();
  const allowed = RESUMABLE_KEYS.some((pattern) => (pattern.endsWith('.*') ? key.startsWith(pattern.slice(0, -1)) || key === pattern.slice(0, -2) : key === pattern));
  if (!allowed) {
    throw new UserError(
      `--set ${override}: a resumed run keeps its model, data, optimizer and seed; only ${RESUMABLE_KEYS.join(', ')} can change (to train something else from its weights, use init_from in a new config)`,
    );
  }
}

/** A run still training in a live process on this machine is not resumed under it. */
function refuseLiveRun(run: RunDetail): void {
  if (run.status !== 'running') return;
  const { pid, host } = run.info;
  if (typeof pid === 'number' && host === hostname() && isProcessAlive(pid)) {
    throw new UserError(`run ${run.id} is still running (process ${pid}); stop it first (Ctrl-C keeps a checkpoint), then resume it`);
  }
}

function refuseFinished(run: RunDetail, checkpoint: LoadedCheckpoint, train: TrainSettings): void {
  if (checkpoint.step >= train.max_iters) {
    throw new UserError(`run ${run.id} has trained all its ${train.max_iters} steps (checkpoint at step ${checkpoint.step}); extend it with --set train.max_iters=${train.max_iters * 2}`);
  }
  const spentMinutes = (checkpoint.meta?.elapsedMs ?? 0) / 60_000;
  if (train.max_minutes !== undefined && spentMinutes >= train.max_minutes) {
    throw new UserError(`run ${run.id} has trained its train.max_minutes (${train.max_minutes}); extend it with --set train.max_minutes=${train.max_minutes * 2}`);
  }
}

/** A path as the user would type it from where they are: relative below the working folder, absolute elsewhere. */
function shownPath(cwd: string, path: string): string {
  const below = relative(cwd, path);
  return below === '' || below.startsWith('..') || isAbsolute(below) ? path : below;
}
