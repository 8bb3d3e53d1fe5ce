// Asking which adapter Dawn would give, in a child process: Dawn reports a missing Vulkan
// loader or a software device's reduced limits on stderr, which `backend: auto` must not
// print on machines where it then trains elsewhere.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { summarizeInfo, type AdapterInfoFields, type AdapterSummary } from './dawn.js';

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
  // Self-contained (the child cannot import this module when it runs as TypeScript in tests).
  const script = `
    const { create, globals } = await import(${JSON.stringify(moduleUrl)});
    Object.assign(globalThis, globals);
    const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
    const info = adapter?.info;
    const fields = info && { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description, isFallbackAdapter: info.isFallbackAdapter };
    process.stdout.write(JSON.stringify(fields ?? null));
    process.exit(0);`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'], timeout: PROBE_TIMEOUT_MS });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', () => resolve(undefined));
    child.on('close', () => {
      try {
        const fields = JSON.parse(out) as AdapterInfoFields | null;
        resolve(fields === null ? undefined : summarizeInfo(fields));
      } catch {
        resolve(undefined);
      }
    });
  });
};
