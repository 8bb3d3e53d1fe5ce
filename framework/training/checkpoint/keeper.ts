// When checkpoints are written, where, and which are kept: every N steps (or at each evaluation),
// the K newest, plus the best by val loss. The loop waits only for the copy; the file is written
// (atomically) while training goes on.
import { copyFile, link, readdir, rename, rm } from 'node:fs/promises';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CheckpointConfig } from '../../config/types.js';
import { syncFolder, writeFileAtomically } from './atomic-write.js';
import { CheckpointError } from './errors.js';
import { snapshotCheckpoint, type CheckpointMeta, type LoopWindow, type TrainingState } from './training-state.js';

/** The store's record of a run's files. */
export interface ArtifactLog {
  add(kind: CheckpointKind, path: string, step: number): void;
  remove(path: string): void;
}

export type CheckpointKind = 'checkpoint' | 'checkpoint-best';

/** A step at which the loop has settled its losses (and evaluated, if `evaluated`). */
export interface CheckpointPoint {
  step: number;
  window: LoopWindow;
  elapsedMs: number;
  /** The latest evaluation's val loss. */
  valLoss: number | null;
  evaluated: boolean;
  /** The run ends here (finished or interrupted): always written. */
  final: boolean;
}

export const BEST_FILE = 'best.safetensors';
const STEP_FILE = /^step-(\d+)\.safetensors$/;
const PARTIAL_FILE = /\.partial$/;

export function stepFileName(step: number): string {
  return `step-${String(step).padStart(7, '0')}.safetensors`;
}

export interface KeeperOptions {
  dir: string;
  settings: CheckpointConfig;
  state: TrainingState;
  /** What every checkpoint of this run records besides the loop's counters. */
  run: Pick<CheckpointMeta, 'runId' | 'config' | 'configHash'>;
  artifacts: ArtifactLog;
  /** The lowest val loss of the run so far (a resumed run's, from its checkpoint). */
  bestValLoss?: number | null;
}

export class CheckpointKeeper {
  private bestValLoss: number | null;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;
  private lastWritten = -1;
  /** The last snapshot's data, written by the time the next one is taken: its memory is used again. */
  private spare: Buffer | undefined;

  constructor(private readonly options: KeeperOptions) {
    this.bestValLoss = options.bestValLoss ?? null;
    try {
      mkdirSync(options.dir, { recursive: true });
    } catch (error) {
      throw new CheckpointError(`cannot create the checkpoint folder ${options.dir}: ${(error as Error).message}`);
    }
    // A process that died mid-write (kill -9, a second Ctrl-C) left its temporary file; no one will finish it.
    for (const name of readdirSync(options.dir)) if (PARTIAL_FILE.test(name)) rmSync(join(options.dir, name), { force: true, recursive: true });
  }

  /** Whether `step` is an N-step checkpoint (evaluation steps are settled anyway). */
  dueAt(step: number): boolean {
    const { every } = this.options.settings;
    return every !== undefined && step % every === 0;
  }

  /** Writes a checkpoint at `point` if the policy says so; returns once its copy is taken. */
  async save(point: CheckpointPoint): Promise<void> {
    const improved = point.evaluated && point.valLoss !== null && (this.bestValLoss === null || point.valLoss < this.bestValLoss);
    if (improved) this.bestValLoss = point.valLoss;
    const periodic = this.options.settings.every === undefined ? point.evaluated : this.dueAt(point.step);
    const asBest = improved && this.options.settings.best;
    if (!(point.final || periodic || asBest) || point.step === this.lastWritten) return;
    await this.flush(); // one write at a time: at most one copy of the state in memory
    const bytes = await snapshotCheckpoint(this.options.state, {
      ...this.options.run,
      step: point.step,
      window: point.window,
      elapsedMs: point.elapsedMs,
      valLoss: point.valLoss,
      bestValLoss: this.bestValLoss,
    }, this.spare);
    this.spare = bytes.data;
    this.lastWritten = point.step;
    this.writing = this.write(point.step, [bytes.header, bytes.data], asBest).catch((error: unknown) => {
      this.failure = error instanceof Error ? error : new Error(String(error));
    });
  }

  /** Throws the error of a write that failed in the background. */
  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for the write in flight; throws its error. */
  async flush(): Promise<void> {
    await this.writing;
    this.throwIfFailed();
  }

  private async write(step: number, chunks: Uint8Array[], asBest: boolean): Promise<void> {
    const { dir, artifacts } = this.options;
    const path = join(dir, stepFileName(step));
    try {
      await writeFileAtomically(path, chunks);
      if (asBest) await linkAtomically(path, join(dir, BEST_FILE));
    } catch (error) {
      throw new CheckpointError(`cannot write checkpoint ${path}: ${(error as Error).message}; the previous checkpoint is intact`);
    }
    artifacts.add('checkpoint', path, step);
    if (asBest) artifacts.add('checkpoint-best', join(dir, BEST_FILE), step);
    await this.prune();
  }

  /** Removes all but the newest `keep` step files (best.safetensors is a link of its own). */
  private async prune(): Promise<void> {
    const steps = (await readdir(this.options.dir))
      .map((name) => STEP_FILE.exec(name))
      .filter((match) => match !== null)
      .map((match) => ({ name: match[0], step: Number(match[1]) }))
      .sort((a, b) => b.step - a.step);
    for (const old of steps.slice(this.options.settings.keep)) {
      const path = join(this.options.dir, old.name);
      await rm(path, { force: true });
      this.options.artifacts.remove(path);
    }
  }
}

/** Makes `target` a second name of `source` (no copy), replacing it in one rename. */
async function linkAtomically(source: string, target: string): Promise<void> {
  const partial = `${target}.${process.pid}.partial`;
  await rm(partial, { force: true });
  try {
    await link(source, partial);
  } catch {
    await copyFile(source, partial); // a file system without hard links
  }
  await rename(partial, target);
  await syncFolder(dirname(target));
}
