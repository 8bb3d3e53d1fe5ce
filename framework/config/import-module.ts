// Loads a user's component file named under `imports:`: .js/.mjs as they are, .ts/.mts through tsx.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform, type TransformFailure } from 'esbuild';
import { tsImport } from 'tsx/esm/api';

const IMPORTABLE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'] as const;

/** Why a file could not be imported, in words that name the file (and line:col for a syntax error). */
export class ModuleLoadError extends Error {}

/**
 * Modules already loaded, by path and modification time: a sweep loads its base config once per
 * point, and each tsImport would register its hooks and evaluate the file again.
 */
const loaded = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Imports `path` (absolute) and returns its module namespace. tsx's tsImport scopes its hooks to
 * this one import, so the rest of the process resolves modules as before; type errors are not
 * checked (that is the user's editor's or tsc's job), only syntax.
 */
export async function importModule(path: string, shownAs: string): Promise<Record<string, unknown>> {
  const key = `${path}\0${(await stat(path)).mtimeMs}\0${shownAs}`;
  let module = loaded.get(key);
  if (module === undefined) {
    module = load(path, shownAs);
    loaded.set(key, module);
  }
  return module;
}

async function load(path: string, shownAs: string): Promise<Record<string, unknown>> {
  const extension = extname(path);
  if (!(IMPORTABLE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new ModuleLoadError(`${shownAs}: cannot import a "${extension}" file; components are ${IMPORTABLE_EXTENSIONS.join(', ')} files`);
  }
  try {
    const url = pathToFileURL(path).href;
    const namespace = (extension === '.ts' || extension === '.mts' ? await tsImport(url, import.meta.url) : await import(url)) as Record<string, unknown>;
    // A .ts file outside a "type": "module" package runs as CommonJS: its ES exports sit one level down.
    const inner = namespace.default as Record<string, unknown> | undefined;
    return typeof inner === 'object' && inner !== null && inner.__esModule === true ? inner : namespace;
  } catch (error) {
    const where = await syntaxErrorAt(path, shownAs, extension);
    throw new ModuleLoadError(where ?? `${shownAs}: ${messageOf(error)}`);
  }
}

/**
 * `file:line:col: message` of the first syntax error in the file, or undefined when it parses
 * (the import failed for another reason). Node reports a syntax error in an ES module without
 * its position, and tsx's message carries an absolute path, so both go through esbuild here.
 */
async function syntaxErrorAt(path: string, shownAs: string, extension: string): Promise<string | undefined> {
  let source: string;
  try {
    source = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    await transform(source, { loader: extension === '.ts' || extension === '.mts' ? 'ts' : 'js', format: 'esm', sourcefile: shownAs });
    return undefined;
  } catch (error) {
    const first = (error as TransformFailure).errors?.[0];
    if (first?.location == null) return undefined;
    // esbuild counts columns from 0; editors and every other Folio message count from 1.
    return `${shownAs}:${first.location.line}:${first.location.column + 1}: syntax error: ${first.text}`;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
