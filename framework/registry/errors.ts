// The component API's error, defined at the bottom (framework/errors.ts) so that the engine can throw it too.
export { ComponentInputError } from '../errors.js';
