// Choosing and starting a tfjs backend: the optional native TensorFlow (tfjs-node-gpu,
// tfjs-node), a GPU through WebGPU, Folio's native engine, WebAssembly, or plain JavaScript.
import { ComponentInputError } from '../errors.js';
import { tf } from './tf.js';
import { registerNativeBackend } from './native/backend.js';
import { installMatMulGradient } from './workarounds.js';
import { describeAdapter, type AdapterSummary } from './webgpu/dawn.js';
import { probeAdapterQuietly, type AdapterQuery } from './webgpu/probe.js';
import { registerDefaultWebGpuBackend, WEBGPU } from './webgpu/backend.js';

/** Packages that provide the `tensorflow` backend, most capable first; neither is a dependency. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

async function use(name: string): Promise<boolean> {
  // PROD skips tfjs's debug checks and its "install tfjs-node" banner.
  tf.env().set('PROD', true);
  installMatMulGradient();
  try {
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}


/** The backend a run got: defined here, with the code that activates it; the component API re-exports it. */
export interface ActiveBackend {
  /** The tfjs backend actually in use (recorded with the run). */
  name: string;
  /** Why this one was chosen, when it was not the one asked for. */
  note?: string;
}

export async function activateWasm(): Promise<ActiveBackend | undefined> {
  await import('@tensorflow/tfjs-backend-wasm');
  return (await use('wasm')) ? { name: 'wasm' } : undefined;
}

const SIMD_NAMES = { avx512: 'AVX-512', avx2: 'AVX2/FMA', portable: 'portable' } as const;

/** Folio's compiled engine; undefined (with the reason) when the addon was not built. */
export async function activateNative(): Promise<ActiveBackend | { name: undefined; reason: string }> {
  const registration = registerNativeBackend();
  if (!registration.ok) return { name: undefined, reason: registration.reason };
  if (!(await use('native'))) return { name: undefined, reason: 'the native engine failed to start' };
  const { simd, threads } = registration.addon.info();
  return { name: 'native', note: `${threads} threads, ${SIMD_NAMES[simd]} kernels` };
}

export async function requireNative(): Promise<ActiveBackend> {
  const active = await activateNative();
  if (active.name === undefined) throw new ComponentInputError(`backend native: ${active.reason}. Use backend: auto or wasm instead.`);
  return active;
}

export async function activateCpu(): Promise<ActiveBackend> {
  if (!(await use('cpu'))) throw new Error('the tfjs cpu backend failed to start');
  return { name: 'cpu' };
}

/** Loads tfjs-node-gpu or tfjs-node if the user installed one; undefined when neither loads. */
export async function activateTensorflow(): Promise<ActiveBackend | undefined> {
  for (const pkg of NATIVE_PACKAGES) {
    try {
      // A variable specifier: these packages are optional and usually absent.
      const specifier: string = pkg;
      await import(specifier);
    } catch {
      continue;
    }
    if (await use('tensorflow')) return { name: 'tensorflow', note: `via ${pkg}` };
  }
  return undefined;
}

export async function requireTensorflow(): Promise<ActiveBackend> {
  const active = await activateTensorflow();
  if (active === undefined) {
    throw new ComponentInputError(
      'backend tensorflow needs @tensorflow/tfjs-node-gpu or @tensorflow/tfjs-node ' +
        '(npm install @tensorflow/tfjs-node-gpu@4.22.0); neither is installed. Use backend: auto or wasm instead.',
    );
  }
  return active;
}

/** The GPU through Dawn; undefined (with the reason) when no adapter or device can be had. */
export async function activateWebGpu(): Promise<ActiveBackend | { name: undefined; reason: string }> {
  const summary = await registerDefaultWebGpuBackend();
  if (summary === undefined) return { name: undefined, reason: 'no WebGPU adapter (the webgpu package, or a GPU driver Dawn can use, is missing)' };
  if (!(await use(WEBGPU))) return { name: undefined, reason: `the WebGPU device on ${describeAdapter(summary)} failed to start` };
  return { name: WEBGPU, note: describeAdapter(summary) };
}

export async function requireWebGpu(): Promise<ActiveBackend> {
  const active = await activateWebGpu();
  if (active.name === undefined) throw new ComponentInputError(`backend webgpu: ${active.reason}. Use backend: auto instead.`);
  return active;
}

export async function requireWasm(): Promise<ActiveBackend> {
  const active = await activateWasm();
  if (active === undefined) throw new Error('the tfjs wasm backend failed to start');
  return active;
}

/** Whether auto should train on this adapter: a software one is slower than the CPU engines. */
export function worthTrainingOn(adapter: AdapterSummary | undefined): adapter is AdapterSummary {
  return adapter !== undefined && !adapter.software;
}

/**
 * auto: TensorFlow when installed, else a hardware WebGPU adapter, else Folio's native engine,
 * else wasm, else plain JavaScript. `queryAdapter` is replaceable for tests.
 */
export async function activateBest(queryAdapter: AdapterQuery = probeAdapterQuietly): Promise<ActiveBackend> {
  const tensorflow = await activateTensorflow();
  if (tensorflow !== undefined) return tensorflow;
  if (worthTrainingOn(await queryAdapter())) {
    const gpu = await activateWebGpu();
    if (gpu.name !== undefined) return gpu as ActiveBackend;
  }
  const native = await activateNative();
  if (native.name !== undefined) return native as ActiveBackend;
  const wasm = await activateWasm();
  if (wasm !== undefined) return { ...wasm, note: `${native.reason}; using wasm` };
  const cpu = await activateCpu();
  return { ...cpu, note: `${native.reason}, and wasm failed to start; using the slow JavaScript backend` };
}
