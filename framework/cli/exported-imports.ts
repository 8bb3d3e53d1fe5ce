// The component files a run's config imports, as `folio export` records them in its sidecar and
// `folio import` finds them again: the export may have moved to another folder or machine.
import { existsSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ExportedComponentFile } from '../training/checkpoint/export-format.js';
import { UserError } from '../errors.js';

/** One entry of a config's `imports:`, with where the file was when the run was exported. */
export type ExportedImport = ExportedComponentFile;

/** The config's imports (relative to `configDir`) as seen from `exportDir`. */
export function recordImports(imports: readonly string[] | undefined, configDir: string, exportDir: string): ExportedImport[] {
  return (imports ?? []).map((entry) => {
    const absolute = resolve(configDir, entry);
    return { entry, relative: relative(exportDir, absolute).split(sep).join('/'), absolute };
  });
}

/**
 * Where each imported component is now, as absolute paths, in the order the config lists them:
 * first under `importsDir` (given with --imports), then where the sidecar says relative to
 * itself, then at its old absolute path. What is nowhere is a UserError naming every file tried.
 */
export function locateImports(recorded: readonly ExportedImport[], sidecarDir: string, importsDir: string | undefined): string[] {
  return recorded.map((item) => {
    const candidates = candidatesFor(item, sidecarDir, importsDir);
    const found = candidates.find((path) => existsSync(path));
    if (found !== undefined) return found;
    const hint = importsDir === undefined ? '; give the folder that holds it with --imports DIR' : '';
    throw new UserError(`cannot find the component file ${JSON.stringify(item.entry)} the exported config imports (looked for ${candidates.join(', ')})${hint}`);
  });
}

function candidatesFor(item: ExportedImport, sidecarDir: string, importsDir: string | undefined): string[] {
  const candidates: string[] = [];
  if (importsDir !== undefined) {
    if (!isAbsolute(item.entry)) candidates.push(join(importsDir, item.entry));
    candidates.push(join(importsDir, basename(item.absolute)));
  }
  candidates.push(resolve(sidecarDir, item.relative), item.absolute);
  return [...new Set(candidates)];
}

/** For sidecars of exports made before Folio recorded them: the config's entries, relative to the sidecar. */
export function importsOfOlderExport(imports: readonly string[] | undefined, sidecarDir: string): ExportedImport[] {
  return (imports ?? []).map((entry) => {
    const absolute = resolve(sidecarDir, entry);
    return { entry, relative: relative(sidecarDir, absolute).split(sep).join('/'), absolute };
  });
}
