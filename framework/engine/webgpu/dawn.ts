// Dawn (the WebGPU implementation Chrome uses) in Node, through the optional `webgpu` package:
// loading it, choosing an adapter and describing it in one line.
import { platform } from 'node:process';

/** The platform API Dawn drives on this OS (Dawn's Linux builds in the package use Vulkan). */
const GRAPHICS_API: string = platform === 'darwin' ? 'Metal' : platform === 'win32' ? 'D3D12' : 'Vulkan';

/** What Folio needs to know of an adapter before it trains on it. */
export interface AdapterSummary {
  /** The adapter's own name ("NVIDIA H200", "llvmpipe: Mesa 25.0.7 ..."). */
  description: string;
  vendor: string;
  architecture: string;
  /** A CPU implementation (lavapipe, SwiftShader, WARP): correct, but slower than the native engine. */
  software: boolean;
  api: string;
}

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawn: Promise<GPU | undefined> | undefined;

/**
 * Dawn's GPU object, with the WebGPU globals (GPUBufferUsage, GPUBuffer, ...) that tfjs's WebGPU
 * backend reads installed on globalThis; undefined when the package is not installed.
 */
function loadDawn(): Promise<GPU | undefined> {
  dawn ??= (async () => {
    let module: DawnModule;
    try {
      // A variable specifier: the package is optional.
      const specifier: string = 'webgpu';
      module = (await import(specifier)) as DawnModule;
    } catch {
      return undefined;
    }
    for (const [name, value] of Object.entries(module.globals)) {
      if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
    }
    // FOLIO_DAWN_FLAGS passes Dawn options through, e.g. "enable-dawn-features=disable_robustness".
    const gpu = module.create((process.env.FOLIO_DAWN_FLAGS ?? '').split(/\s+/).filter(Boolean));
    // tfjs's WebGPU backend refuses to start unless navigator.gpu exists (Node 20 has no navigator).
    const host = globalThis as { navigator?: { gpu?: GPU } };
    if (host.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
    else if (host.navigator.gpu === undefined) Object.defineProperty(host.navigator, 'gpu', { value: gpu, configurable: true });
    return gpu;
  })();
  return dawn;
}

/** The adapter facts Folio reads (GPUAdapterInfo's, which are getters, copied into plain fields). */
export interface AdapterInfoFields {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter?: boolean;
}

export function summarize(adapter: GPUAdapter): AdapterSummary {
  return summarizeInfo(adapter.info);
}

export function summarizeInfo(info: AdapterInfoFields): AdapterSummary {
  return {
    description: adapterName(info),
    vendor: info.vendor,
    architecture: info.architecture,
    software: info.isFallbackAdapter === true || info.architecture === 'software' || /llvmpipe|lavapipe|swiftshader|warp/i.test(info.description),
    api: GRAPHICS_API,
  };
}

/**
 * A readable name. NVIDIA's Vulkan driver gives its version as the description
 * ("NVIDIA: 580.159.04 ...") and the model only as the device id ("nvidia-h200").
 */
function adapterName(info: AdapterInfoFields): string {
  const driverOnly = /^[\w ]+: [\d.]+/.test(info.description);
  if (info.device && (driverOnly || info.description === '')) {
    const model = info.device.replace(/^nvidia-/i, 'NVIDIA ').replace(/-/g, ' ').replace(/\b([a-z])(\d)/g, (_, letter: string, digit: string) => letter.toUpperCase() + digit);
    return info.description === '' ? model : `${model} (driver ${info.description.replace(/^[\w ]+: /, '')})`;
  }
  return info.description || [info.vendor, info.architecture].filter(Boolean).join(' ') || 'unknown adapter';
}

/** "NVIDIA H200, Vulkan": what a run prints and records about where it trains. */
export function describeAdapter(summary: AdapterSummary): string {
  return `${summary.description}, ${summary.api}${summary.software ? ' (software)' : ''}`;
}

/** The high-performance adapter Dawn offers, or undefined when there is none (or no Dawn). */
export async function requestAdapter(): Promise<GPUAdapter | undefined> {
  const gpu = await loadDawn();
  if (gpu === undefined) return undefined;
  return (await gpu.requestAdapter({ powerPreference: 'high-performance' })) ?? undefined;
}
