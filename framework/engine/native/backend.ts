// The `native` tfjs backend: tfjs's JavaScript cpu backend (same storage, every kernel) with
// the hot kernels replaced by compiled, multi-threaded ones from the Node addon.
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { DataId, KernelConfig, KernelFunc, backend_util } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { loadAddon, type NativeAddon } from './addon.js';
import { isPooled, recycle } from './buffers.js';
import { binaryKernels, unaryKernels } from './kernels/elementwise.js';
import { fusedKernels } from './kernels/fused.js';
import { addNKernel, concatKernel, sliceKernel, splitKernel, transposeKernel } from './kernels/layout.js';
import { matMulKernel } from './kernels/matmul.js';
import { reductionKernels, softmaxKernel } from './kernels/reductions.js';
import { NATIVE } from './kernels/values.js';

export { NATIVE };

let registered = false;

/** The cpu backend's storage, recycling the native kernels' output buffers (see buffers.ts). */
class NativeBackend extends MathBackendCPU {
  override disposeData(dataId: DataId, force = false): boolean {
    const values = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && isPooled(values)) recycle(values);
    return released;
  }

  /** A copy of recycled buffers: what dataSync() returns must not change after a dispose. */
  override readSync(dataId: DataId): backend_util.BackendValues {
    const values = super.readSync(dataId);
    return isPooled(values) ? values.slice() : values;
  }
}

/** Registers the backend once; returns why not when the addon is missing. */
export function registerNativeBackend(): { ok: true; addon: NativeAddon } | { ok: false; reason: string } {
  const load = loadAddon();
  if (load.addon === undefined) return { ok: false, reason: load.reason };
  if (!registered) {
    registered = true;
    // Importing @tensorflow/tfjs registered the cpu backend's kernels; native starts from all of them.
    const cpuKernels = new Map(tf.getKernelsForBackend('cpu').map((k) => [k.kernelName, k]));
    const fallback = (name: string): KernelFunc => cpuKernels.get(name)!.kernelFunc;
    const { addon } = load;
    const native: KernelConfig[] = [
      matMulKernel(addon, fallback('BatchMatMul')),
      ...binaryKernels(addon, fallback),
      ...unaryKernels(addon, fallback),
      ...reductionKernels(addon, fallback),
      softmaxKernel(addon, fallback('Softmax')),
      transposeKernel(addon, fallback('Transpose')),
      splitKernel(fallback('SplitV')),
      concatKernel(fallback('Concat')),
      sliceKernel(fallback('Slice')),
      addNKernel(fallback('AddN')),
      ...fusedKernels(addon),
    ];
    const replaced = new Set(native.map((k) => k.kernelName));
    for (const kernel of cpuKernels.values()) {
      if (!replaced.has(kernel.kernelName)) tf.registerKernel({ ...kernel, backendName: NATIVE });
    }
    for (const kernel of native) tf.registerKernel(kernel);
    tf.registerBackend(NATIVE, () => new NativeBackend(), 3);
  }
  return { ok: true, addon: load.addon };
}
