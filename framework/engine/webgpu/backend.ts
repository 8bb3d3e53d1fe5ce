// The `webgpu` tfjs backend on Dawn: tfjs's WebGPU backend (every kernel) on the adapter Folio
// chose, with the hot kernels of a GPT step replaced by Folio's own WGSL (kernels/).
import type { WebGPUBackend as WebGPUBackendType } from '@tensorflow/tfjs-backend-webgpu';
import { tf } from '../tf.js';
import { requestAdapter, summarize, type AdapterSummary } from './dawn.js';
import { webGpuKernels } from './kernels/index.js';
import { WEBGPU } from './kernels/kernel.js';

export { WEBGPU };

/**
 * Dispatches recorded into one command buffer before it is submitted. tfjs submits every 15;
 * a training step issues a few hundred, and each submit costs CPU time in Dawn.
 */
const DISPATCHES_PER_SUBMIT = 64;

/** The adapter the backend was started on, for the run's note. */
let activeAdapter: AdapterSummary | undefined;

export function webGpuAdapter(): AdapterSummary | undefined {
  return tf.getBackend() === WEBGPU ? activeAdapter : undefined;
}

let registration: Promise<AdapterSummary | undefined> | undefined;

/**
 * Registers `webgpu` on Dawn's high-performance adapter, once per process (one device, so
 * compiled pipelines are kept across runs); undefined when there is no adapter.
 */
export function registerDefaultWebGpuBackend(): Promise<AdapterSummary | undefined> {
  registration ??= requestAdapter().then((adapter) => (adapter === undefined ? undefined : registerWebGpuBackend(adapter)));
  return registration;
}

/**
 * Registers `webgpu` on `adapter` and Folio's kernels for it (once: see above). tfjs's package
 * registers its kernels when imported, and its own backend factory where `navigator.gpu` exists
 * (loadDawn sets it): this factory replaces that one, on the adapter Folio chose.
 */
async function registerWebGpuBackend(adapter: GPUAdapter): Promise<AdapterSummary> {
  const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');
  const summary = summarize(adapter);
  // An adapter gives one device; the factory may run again (after tf.removeBackend, say).
  const device = requestDevice(adapter);
  if (tf.findBackendFactory(WEBGPU) !== null) tf.removeBackend(WEBGPU);
  tf.registerBackend(WEBGPU, async () => new WebGPUBackend(await device, adapter.info) as WebGPUBackendType, 2);
  for (const kernel of webGpuKernels()) tf.registerKernel(kernel);
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', DISPATCHES_PER_SUBMIT);
  activeAdapter = summary;
  return summary;
}

/** A device with the adapter's full limits: tfjs sizes workgroups and buffers from them. */
async function requestDevice(adapter: GPUAdapter): Promise<GPUDevice> {
  const limits = adapter.limits;
  const requiredFeatures: GPUFeatureName[] = adapter.features.has('timestamp-query') ? ['timestamp-query'] : [];
  return adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxComputeWorkgroupStorageSize: limits.maxComputeWorkgroupStorageSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxComputeInvocationsPerWorkgroup: limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: limits.maxStorageBuffersPerShaderStage,
    },
  });
}
