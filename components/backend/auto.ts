// The fastest engine that starts here: tfjs-node(-gpu) if installed, else a hardware GPU through WebGPU, else native, else wasm, else cpu.
import { defineComponent } from '../../framework/registry/index.js';
import { activateBest } from '../../framework/engine/backends.js';

export default defineComponent({
  kind: 'backend',
  type: 'auto',
  summary: 'tensorflow (tfjs-node-gpu / tfjs-node) when installed, else webgpu on a hardware adapter, else native, else wasm, else cpu',
  params: { type: 'object', properties: {} },
  create: () => ({ activate: () => activateBest() }),
});
