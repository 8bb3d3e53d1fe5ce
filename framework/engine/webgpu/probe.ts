// Asking which adapter Dawn would give, in a child process: Dawn reports a missing Vulkan
// loader or a software device's reduced limits on stderr, which `backend: auto` must not
// print on machines where it then trains elsewhere.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { AdapterSummary } from './dawn.js';

/** Finds the adapter a run would get; undefined when there is none (or no Dawn). */
export type AdapterQuery = () => Promise<AdapterSummary | undefined>;

const PROBE_TIMEOUT_MS = 20_000;

function dawnModuleUrl(): string | undefined {
  try {
    return pathToFileURL(createRequire(import.meta.url).resolve('webgpu')).href;
  } catch {
    return undefined;
  }
}

export const probeAdapterQuietly: AdapterQuery = async () => {
  const moduleUrl = dawnModuleUrl();
  if (moduleUrl === undefined) return undefined;
  const dawnUrl = new URL('./dawn.js', import.meta.url).href;
  const script = `
    const { summarize } = await import(${JSON.stringify(dawnUrl)});
    const { create, globals } = await import(${JSON.stringify(moduleUrl)});
    Object.assign(globalThis, globals);
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    process.stdout.write(JSON.stringify(adapter ? summarize(adapter) : null));
    process.exit(0);`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'], timeout: PROBE_TIMEOUT_MS });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', () => resolve(undefined));
    child.on('close', () => {
      try {
        resolve((JSON.parse(out) as AdapterSummary | null) ?? undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
};
