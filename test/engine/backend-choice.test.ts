// backend: auto with a faked adapter query: a hardware adapter gets the run, a software one
// (lavapipe, slower than the native engine) and a missing one leave it to the CPU engines.
import { describe, expect, it } from 'vitest';
import { activateBest, worthTrainingOn } from '../../framework/engine/backends.js';
import { loadAddon } from '../../framework/engine/native/addon.js';
import { describeAdapter, summarize, type AdapterSummary } from '../../framework/engine/webgpu/dawn.js';
import { webGpuPresent } from '../helpers/webgpu.js';

const H200: AdapterSummary = { description: 'NVIDIA H200', vendor: 'nvidia', architecture: 'hopper', software: false, api: 'Vulkan' };
const LAVAPIPE: AdapterSummary = { description: 'llvmpipe: Mesa 25.0.7', vendor: 'mesa', architecture: 'software', software: true, api: 'Vulkan' };
const cpuEngine = loadAddon().addon === undefined ? 'wasm' : 'native';

describe('backend: auto', () => {
  it('trains on a hardware adapter only', () => {
    expect(worthTrainingOn(H200)).toBe(true);
    expect(worthTrainingOn(LAVAPIPE)).toBe(false);
    expect(worthTrainingOn(undefined)).toBe(false);
  });

  it('leaves a software adapter to the CPU engines', async () => {
    expect((await activateBest(async () => LAVAPIPE)).name).toBe(cpuEngine);
  });

  it('falls back without a word when there is no adapter', async () => {
    const active = await activateBest(async () => undefined);
    expect(active.name).toBe(cpuEngine);
    if (cpuEngine === 'native') expect(active.note).not.toMatch(/webgpu|adapter/i);
  });

  it.skipIf(!webGpuPresent)('picks webgpu for a hardware adapter and names the adapter it got', async () => {
    // The query is faked; the adapter the run then opens is whatever Dawn has here (lavapipe in CI).
    const active = await activateBest(async () => H200);
    expect(active.name).toBe('webgpu');
    expect(active.note).toMatch(/, (Vulkan|Metal|D3D12)/);
  });
});

describe.skipIf(!webGpuPresent)('the quiet adapter probe', () => {
  it('describes the same adapter Dawn gives in this process', async () => {
    const { probeAdapterQuietly } = await import('../../framework/engine/webgpu/probe.js');
    const { requestAdapter, summarize } = await import('../../framework/engine/webgpu/dawn.js');
    const probed = await probeAdapterQuietly();
    expect(probed).toEqual(summarize((await requestAdapter())!));
  });
});

describe('adapter names', () => {
  const named = (info: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean }) =>
    describeAdapter(summarize({ info: { vendor: '', architecture: '', device: '', description: '', ...info } } as unknown as GPUAdapter));

  it('names an NVIDIA GPU by its model where the driver reports only its version', () => {
    expect(named({ vendor: 'nvidia', device: 'nvidia-h200', description: 'NVIDIA: 580.159.04 580.159.4.0' })).toMatch(
      /^NVIDIA H200 \(driver 580\.159\.04 580\.159\.4\.0\), (Vulkan|Metal|D3D12)$/,
    );
  });

  it('marks a software adapter', () => {
    expect(named({ vendor: 'mesa', architecture: 'software', device: 'llvmpipe', description: 'llvmpipe: Mesa 25.0.7', isFallbackAdapter: true })).toMatch(
      /^llvmpipe: Mesa 25\.0\.7, \w+ \(software\)$/,
    );
  });
});
