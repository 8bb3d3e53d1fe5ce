// TensorFlow.js's WebAssembly engine, shipped inside its npm package: works on any machine.
import { defineComponent } from '../../framework/registry/index.js';
import { requireWasm } from '../../framework/engine/backends.js';

export default defineComponent({
  kind: 'backend',
  type: 'wasm',
  summary: 'WebAssembly (XNNPACK, SIMD), embedded',
  params: { type: 'object', properties: {} },
  create: () => ({ activate: requireWasm }),
});
