// Deleting runs with their files (`folio runs rm`) and what no run refers to (`folio gc`): the
// store's rows go first, in one transaction, so a failure half-way leaves at worst files that the
// next gc finds, never a record that points at nothing.
import { lstatSync, readdirSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { runDir, runFilesDir } from './run-files.js';
import { isLiveRun } from './live-run.js';
import { RunStore, type RunDetail } from './store.js';

/**
 * Files in a recorded run's folder that gc may delete when no row refers to them: checkpoints, and
 * the partial files of an interrupted write. (An earlier Folio's checkpoint.json + weights.bin pair
 * is recorded by one of its names, so such files are left alone.)
 */
const CHECKPOINT_FILE = /(\.safetensors|\.partial)$/;

export interface Freed {
  files: number;
  bytes: number;
}

/**
 * The folder of run `id`'s files: the store's own `<store>.runs/<id>/` (run-files.ts). Runs of
 * older Folios wrote to `<store folder>/<id>/`, a folder that other stores beside it share: of
 * those, only the files the run recorded are removed, never the folder's other contents.
 */
export function runFolder(storePath: string, id: number): string {
  return runDir(storePath, id);
}

/** Bytes on disk of the run's checkpoint files (its artifacts and its folder). */
export function runFileBytes(run: RunDetail, storePath: string): number {
  const paths = new Set([...run.artifacts.map((a) => a.path), ...filesUnder(runFolder(storePath, run.id))]);
  return [...paths].reduce((sum, path) => sum + (statOf(path)?.size ?? 0), 0);
}

export type DeleteOutcome = { removed: number[]; freed: Freed } | { refused: string };

/**
 * Deletes runs `ids` from the store at `storePath` with their files, or none of them when one is
 * live or missing (the dashboard's delete: it reads through its own connection and writes here).
 */
export function deleteRunsAt(storePath: string, ids: readonly number[]): DeleteOutcome {
  const store = RunStore.open(storePath);
  try {
    const runs = ids.map((id) => store.getRun(id));
    const missing = ids.filter((_, i) => runs[i] === undefined);
    if (missing.length > 0) return { refused: `run ${missing.join(', ')} is not in the store any more` };
    const found = runs as RunDetail[];
    const live = found.filter(isLiveRun);
    if (live.length > 0) return { refused: `run ${live.map((run) => run.id).join(', ')} is still running: stop it first` };
    return { removed: [...ids], freed: removeRuns(store, found, storePath) };
  } finally {
    store.close();
  }
}

/** Deletes `runs` (none of them live: the caller checked) and their files. */
export function removeRuns(store: RunStore, runs: readonly RunDetail[], storePath: string): Freed {
  const live = runs.filter(isLiveRun);
  if (live.length > 0) throw new Error(`removeRuns: run ${live.map((r) => r.id).join(', ')} is live`);
  store.deleteRuns(runs.map((run) => run.id));
  const freed: Freed = { files: 0, bytes: 0 };
  for (const run of runs) {
    for (const artifact of run.artifacts) removeFile(artifact.path, freed);
    const folder = runFolder(storePath, run.id);
    for (const path of filesUnder(folder)) removeFile(path, freed);
    rmSync(folder, { recursive: true, force: true });
  }
  return freed;
}

export interface GarbageReport extends Freed {
  /** Artifact rows whose file was gone, now forgotten. */
  danglingRows: number;
  databaseBefore: number;
  databaseAfter: number;
}

/**
 * Removes the checkpoint files under the store's own runs folder (<store>.runs/) that no artifact row refers to (in the
 * folders of deleted runs, or left by runs that crashed mid-write), forgets artifact rows whose
 * file is gone, then VACUUMs. Folders of live runs are left alone: their newest checkpoint may be
 * written but not recorded yet.
 */
export function collectGarbage(store: RunStore, storePath: string): GarbageReport {
  const databaseBefore = databaseBytes(storePath);
  const referenced = store.artifactPaths();
  const known = new Set(referenced.map((a) => a.path));
  const ids = store.runIds();
  // A path recorded relative to some working folder cannot be matched with certainty: leave that run's folder be.
  const unsure = new Set(referenced.filter((a) => !isAbsolute(a.path)).map((a) => a.runId));
  const freed: Freed = { files: 0, bytes: 0 };
  const runsFolder = runFilesDir(storePath);
  for (const entry of readdirSafe(runsFolder)) {
    if (!/^\d+$/.test(entry)) continue;
    const id = Number(entry);
    const folder = join(runsFolder, entry);
    if (!statOf(folder)?.isDirectory()) continue;
    if (unsure.has(id)) continue;
    if (ids.has(id)) {
      const run = store.getRun(id);
      if (run !== undefined && isLiveRun(run)) continue;
    }
    // The folder of a deleted run is all leftovers; in a recorded run's, only unrecorded checkpoints are.
    const orphaned = !ids.has(id);
    for (const path of filesUnder(folder)) {
      if (!known.has(path) && (orphaned || CHECKPOINT_FILE.test(basename(path)))) removeFile(path, freed);
    }
    if (orphaned && filesUnder(folder).length === 0) rmSync(folder, { recursive: true, force: true });
  }
  let danglingRows = 0;
  for (const artifact of referenced) {
    if (!isAbsolute(artifact.path) || statOf(artifact.path) !== undefined) continue;
    store.removeArtifact(artifact.runId, artifact.path);
    danglingRows += 1;
  }
  store.vacuum();
  return { ...freed, danglingRows, databaseBefore, databaseAfter: databaseBytes(storePath) };
}

/** The database with its write-ahead log and shared memory files. */
function databaseBytes(storePath: string): number {
  return ['', '-wal', '-shm'].reduce((sum, suffix) => sum + (statOf(storePath + suffix)?.size ?? 0), 0);
}

function removeFile(path: string, freed: Freed): void {
  const stats = statOf(path);
  if (stats === undefined || stats.isDirectory()) return;
  rmSync(path, { force: true });
  freed.files += 1;
  // A hard link (best.safetensors beside its step file) frees its bytes with the last name.
  if (stats.nlink <= 1) freed.bytes += stats.size;
}

/** Every file below `folder` (none when it does not exist). */
function filesUnder(folder: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSafe(folder)) {
    const path = join(folder, entry);
    const stats = lstatSafe(path);
    if (stats?.isDirectory()) files.push(...filesUnder(path));
    else if (stats !== undefined) files.push(path);
  }
  return files;
}

function readdirSafe(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lstatSafe(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
