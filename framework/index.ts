// The public API, imported by package name: `import { defineComponent, tf, linear } from '@folio-lm/folio'`.
// It is exactly what the built-in components use: the component contracts and defineComponent
// (framework/registry) and the tensor helpers (framework/engine). Nothing else is public.
export * from './registry/index.js';
export * from './engine/index.js';
