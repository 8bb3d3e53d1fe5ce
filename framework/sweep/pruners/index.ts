// Pruners: judge a running trial's curve against the other trials' and say whether to stop it.
export { createPruner } from './create-pruner.js';
export { isBetter, type Pruner } from './pruner.js';
