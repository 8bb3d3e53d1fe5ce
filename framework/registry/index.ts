// The public component API: everything a component (built-in or a user's) may import.
export * from './contracts.js';
export type * from './alignment.js';
export type * from './kinds.js';
export { componentRef, defineComponent, COMPONENT_KINDS } from './define.js';
export type { CheckContext, CheckProblem, ComponentConfig, ComponentDefinition, ComponentKind, JsonSchema } from './define.js';
export { ComponentInputError } from './errors.js';
