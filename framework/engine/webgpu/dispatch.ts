// Running a hand-written WGSL compute shader on tfjs's WebGPU backend, with any number of
// outputs (tfjs's own programs have exactly one) and tensors updated in place (AdamW).
//
// The dispatch goes into tfjs's own command encoder and compute pass, so it is ordered with
// every tfjs kernel around it and submitted with them. That needs a few of the backend's
// private fields (pinned tfjs 4.22.0): `Internals` names exactly which.
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';

/** A compute shader. Bindings (group 0) in order: inputs (read), outputs (read_write), then a uniform struct if any. */
export interface WgslProgram {
  /** Unique per distinct source: the pipeline cache key. */
  key: string;
  /** The WGSL source; built once per key. */
  code: () => string;
}

export type UniformValue = { type: 'u32' | 'i32' | 'f32'; value: number };
export const u32 = (value: number): UniformValue => ({ type: 'u32', value });
export const i32 = (value: number): UniformValue => ({ type: 'i32', value });
export const f32 = (value: number): UniformValue => ({ type: 'f32', value });

export interface OutputSpec {
  shape: number[];
  dtype?: DataType;
  /** Start from zeros (for outputs a shader accumulates into); otherwise the shader writes every element. */
  zeroed?: boolean;
}

export interface Launch {
  program: WgslProgram;
  inputs: TensorInfo[];
  /** Fresh tensors the shader writes. */
  outputs?: OutputSpec[];
  /** Existing tensors the shader reads and writes in place, bound after the fresh outputs. */
  inPlace?: TensorInfo[];
  /** Scalars, in the order of the shader's uniform struct (each field 4 bytes). */
  uniforms?: UniformValue[];
  workgroups: [number, number?, number?];
}

/** The backend's private state a dispatch joins (see backend_webgpu.js in tfjs 4.22.0). */
interface Internals {
  commandEncoder: GPUCommandEncoder | null;
  computePassEncoder: GPUComputePassEncoder | null;
  commandQueueOwnedIds: WeakSet<object>;
  dispatchCountInPass: number;
  uniformPendingDisposal: GPUBuffer[];
  // Profiling (backend.time(), as tf.profile and bench/gpu use): one timed pass per program.
  activeTimers: { name: string; query: Promise<number> }[] | null;
  supportTimestampQuery: boolean;
  querySet: GPUQuerySet | null;
  querySetCount: number;
  getQueryTime(): Promise<number>;
}

/** Inside backend.time(): a pass of its own with timestamps, so that the kernel shows in the profile by name. */
function beginTimedPass(backend: WebGPUBackend, internals: Internals): GPUComputePassEncoder {
  backend.endComputePassEncoder();
  internals.querySet ??= backend.device.createQuerySet({ type: 'timestamp', count: internals.querySetCount });
  return internals.commandEncoder!.beginComputePass({
    timestampWrites: { querySet: internals.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 },
  });
}

const pipelines = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

function pipelineFor(device: GPUDevice, program: WgslProgram): GPUComputePipeline {
  let cache = pipelines.get(device);
  if (cache === undefined) pipelines.set(device, (cache = new Map()));
  let pipeline = cache.get(program.key);
  if (pipeline === undefined) {
    const module = device.createShaderModule({ code: program.code(), label: program.key });
    pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint: 'main' }, label: program.key });
    cache.set(program.key, pipeline);
  }
  return pipeline;
}

function uniformBuffer(backend: WebGPUBackend, values: readonly UniformValue[]): GPUBuffer {
  // A struct of 4-byte scalars, its size rounded up to 16 bytes as uniform buffers require.
  const bytes = Math.max(16, Math.ceil((values.length * 4) / 16) * 16);
  const data = new ArrayBuffer(bytes);
  const view = new DataView(data);
  values.forEach(({ type, value }, i) => {
    if (type === 'f32') view.setFloat32(i * 4, value, true);
    else if (type === 'i32') view.setInt32(i * 4, value, true);
    else view.setUint32(i * 4, value, true);
  });
  const buffer = backend.bufferManager.acquireBuffer(bytes, GPUBufferUsage.COPY_DST | GPUBufferUsage.UNIFORM);
  backend.queue.writeBuffer(buffer, 0, data, 0, bytes);
  (backend as unknown as Internals).uniformPendingDisposal.push(buffer);
  return buffer;
}

function gpuBuffer(backend: WebGPUBackend, tensor: TensorInfo): GPUBuffer {
  backend.uploadToGPU(tensor.dataId);
  const resource = backend.tensorMap.get(tensor.dataId).resource;
  if (!(resource instanceof GPUBuffer)) throw new Error('webgpu: Folio kernels take tensors held in GPU buffers');
  return resource;
}

/** Records one dispatch of `launch.program`; returns the fresh outputs, in order. */
export function dispatch(backend: WebGPUBackend, launch: Launch): TensorInfo[] {
  const internals = backend as unknown as Internals;
  const outputs = (launch.outputs ?? []).map((spec) => backend.makeTensorInfo(spec.shape, spec.dtype ?? 'float32'));
  const bound = [...launch.inputs, ...outputs, ...(launch.inPlace ?? [])];
  // Nothing to compute (and WebGPU refuses empty buffers): the empty outputs are already right.
  if (launch.workgroups[0] === 0 || bound.some((t) => tf.util.sizeFromShape(t.shape) === 0)) return outputs;
  const buffers = bound.map((tensor) => gpuBuffer(backend, tensor));
  const zeroed = (launch.outputs ?? []).flatMap((spec, i) => (spec.zeroed ? [buffers[launch.inputs.length + i]!] : []));
  // tfjs keeps a CPU copy of values it has read; a tensor written in place now holds newer ones.
  for (const tensor of launch.inPlace ?? []) (backend.tensorMap.get(tensor.dataId) as { values: unknown }).values = null;

  const pipeline = pipelineFor(backend.device, launch.program);
  const entries: GPUBindGroupEntry[] = buffers.map((buffer, binding) => ({ binding, resource: { buffer } }));
  if (launch.uniforms !== undefined && launch.uniforms.length > 0) {
    entries.push({ binding: buffers.length, resource: { buffer: uniformBuffer(backend, launch.uniforms) } });
  }
  const bindGroup = backend.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
  // Tensors a pending command reads or writes must outlive it: tfjs defers their release to the submit.
  for (const tensor of bound) internals.commandQueueOwnedIds.add(tensor.dataId);

  backend.ensureCommandEncoderReady();
  if (zeroed.length > 0) {
    backend.endComputePassEncoder();
    for (const buffer of zeroed) internals.commandEncoder!.clearBuffer(buffer);
  }
  const timed = internals.activeTimers !== null && internals.activeTimers !== undefined && internals.supportTimestampQuery;
  if (timed) internals.computePassEncoder = beginTimedPass(backend, internals);
  internals.computePassEncoder ??= internals.commandEncoder!.beginComputePass();
  const pass = internals.computePassEncoder;
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(launch.workgroups[0], launch.workgroups[1] ?? 1, launch.workgroups[2] ?? 1);
  internals.dispatchCountInPass++;
  if (timed) {
    backend.endComputePassEncoder();
    internals.activeTimers!.push({ name: launch.program.key, query: internals.getQueryTime() });
  } else if (internals.dispatchCountInPass >= (tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE') as number)) {
    backend.endComputePassEncoder();
    backend.submitQueue();
  }
  return outputs;
}

/**
 * The workgroup count that covers `items` with `perGroup` each, folded into 2-D past the 65535
 * limit; a shader dispatched so finds its item with `foldedIndex(perGroup)`.
 */
export function groupsFor(items: number, perGroup: number): [number, number] {
  const groups = Math.ceil(items / perGroup);
  if (groups <= 65535) return [groups, 1];
  const rows = Math.ceil(groups / 65535);
  return [Math.ceil(groups / rows), rows];
}

/** WGSL: the item of a `groupsFor` grid, from builtins named `gid` (global_invocation_id) and `groups` (num_workgroups). */
export function foldedIndex(perGroup: number): string {
  return `gid.y * groups.x * ${perGroup}u + gid.x`;
}
