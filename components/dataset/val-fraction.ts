// The validation split every built-in dataset shares: the last 10% of the text, as in the lecture.
import type { JsonSchema } from '../../framework/registry/index.js';

export const valFractionSchema: JsonSchema = {
  type: 'number',
  exclusiveMinimum: 0,
  exclusiveMaximum: 1,
  default: 0.1,
  description: 'fraction of the text, from its end, held out for validation',
};
