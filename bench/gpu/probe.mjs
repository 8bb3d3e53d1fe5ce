// node probe.mjs [OUT.json] — every adapter Dawn offers here, and whether compute works on the
// high-performance one. device.sh copies it beside the bundle, whose node_modules hold webgpu.
import { writeFileSync } from 'node:fs';
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const gpu = create([]);
const LIMITS = [
  'maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupsPerDimension',
];
const QUERIES = {
  'high-performance': { powerPreference: 'high-performance' },
  'low-power': { powerPreference: 'low-power' },
  fallback: { forceFallbackAdapter: true },
};
const log = (line) => process.stderr.write(`${line}\n`);

const adapters = {};
for (const [name, options] of Object.entries(QUERIES)) {
  const started = performance.now();
  const adapter = await gpu.requestAdapter(options).catch((error) => (log(`${name}: ${error.message}`), null));
  if (!adapter) {
    adapters[name] = null;
    log(`${name}: no adapter`);
    continue;
  }
  const { vendor, architecture, device, description, isFallbackAdapter } = adapter.info;
  adapters[name] = {
    vendor, architecture, device, description, isFallbackAdapter,
    requestMs: performance.now() - started,
    features: [...adapter.features].sort(),
    limits: Object.fromEntries(LIMITS.map((key) => [key, adapter.limits[key]])),
  };
  log(`${name}: ${description} (vendor ${vendor}, architecture ${architecture}, device ${device}${isFallbackAdapter ? ', fallback' : ''})`);
}

const report = { adapters, compute: await computeCheck() };
if (process.argv[2]) writeFileSync(process.argv[2], `${JSON.stringify(report, null, 1)}\n`);
process.exit(report.compute.ok ? 0 : 1);

/**
 * Doubles 2^20 floats ten times on the high-performance adapter and reads them back, and times
 * an empty round trip (submit, wait for the queue): the floor under any step that reads a loss.
 */
async function computeCheck() {
  try {
    const adapter = await gpu.requestAdapter(QUERIES['high-performance']);
    if (!adapter) return { ok: false, error: 'no adapter' };
    const device = await adapter.requestDevice();
    const n = 1 << 20;
    const code = `@group(0) @binding(0) var<storage, read_write> x: array<f32>;
      @compute @workgroup_size(256) fn main(@builtin(global_invocation_id) id: vec3u) {
        if (id.x < arrayLength(&x)) { x[id.x] = x[id.x] * 2.0; }
      }`;
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module: device.createShaderModule({ code }), entryPoint: 'main' } });
    const data = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const readback = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(data, 0, Float32Array.from({ length: n }, (_, i) => i));
    const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries: [{ binding: 0, resource: { buffer: data } }] });
    const dispatch = (times) => {
      const encoder = device.createCommandEncoder();
      for (let i = 0; i < times; i++) {
        const pass = encoder.beginComputePass();
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(n / 256);
        pass.end();
      }
      return encoder;
    };
    const started = performance.now();
    const encoder = dispatch(10);
    encoder.copyBufferToBuffer(data, 0, readback, 0, n * 4);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const firstMs = performance.now() - started;
    const values = new Float32Array(readback.getMappedRange());
    const wrong = values.findIndex((value, i) => value !== i * 1024);
    readback.unmap();
    const roundTrips = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      device.queue.submit([dispatch(1).finish()]);
      await device.queue.onSubmittedWorkDone();
      roundTrips.push(performance.now() - t);
    }
    roundTrips.sort((a, b) => a - b);
    const result = { ok: wrong === -1, firstMs, roundTripMedianMs: roundTrips[10], ...(wrong === -1 ? {} : { wrongAt: wrong, got: values[wrong] }) };
    log(`compute: ${result.ok ? 'ok' : `WRONG at ${wrong}`}, first dispatch and read ${firstMs.toFixed(1)} ms, a 4 MB dispatch round trip ${roundTrips[10].toFixed(2)} ms (median of 20)`);
    device.destroy();
    return result;
  } catch (error) {
    log(`compute: ${error.message}`);
    return { ok: false, error: error.message };
  }
}
