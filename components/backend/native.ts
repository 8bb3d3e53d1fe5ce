// Folio's compiled engine: tfjs kernels in C++ (multi-threaded, AVX-512 or AVX2/FMA), built by npm ci.
import { defineComponent } from '../../framework/registry/index.js';
import { requireNative } from '../../framework/engine/backends.js';

export default defineComponent({
  kind: 'backend',
  type: 'native',
  summary: "Folio's compiled kernels (Node addon, all cores, AVX-512 or AVX2/FMA); the rest from tfjs's cpu backend",
  params: { type: 'object', properties: {} },
  create: () => ({ activate: requireNative }),
});
