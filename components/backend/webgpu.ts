// The GPU through WebGPU: tfjs's WebGPU backend on Dawn (Vulkan, Metal or D3D12), with Folio's WGSL kernels.
import { defineComponent } from '../../framework/registry/index.js';
import { requireWebGpu } from '../../framework/engine/backends.js';

export default defineComponent({
  kind: 'backend',
  type: 'webgpu',
  summary: "the GPU through WebGPU on Dawn (the webgpu package), Folio's WGSL kernels for the hot ops",
  params: { type: 'object', properties: {} },
  create: () => ({ activate: requireWebGpu }),
});
