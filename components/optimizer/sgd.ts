// Stochastic gradient descent with (optional) momentum and L2 weight decay.
import { defineComponent, type Optimizer } from '../../framework/registry/index.js';
import { tf } from '../../framework/engine/index.js';
import { eachGradient, withL2 } from './gradients.js';
import { ownedVariable } from './owned-variable.js';

interface SgdParams {
  lr: number;
  momentum: number;
  weight_decay: number;
}

export default defineComponent({
  kind: 'optimizer',
  type: 'sgd',
  summary: 'SGD with momentum',
  params: {
    type: 'object',
    required: ['lr'],
    properties: {
      lr: { type: 'number', exclusiveMinimum: 0, description: 'peak learning rate (the schedule scales it)' },
      momentum: { type: 'number', minimum: 0, exclusiveMaximum: 1, default: 0 },
      weight_decay: { type: 'number', minimum: 0, default: 0 },
    },
  },
  create: (settings: SgdParams): Optimizer => {
    const velocities = new Map<string, tf.Variable>();
    return {
      step(params, grads, lr) {
        tf.tidy(() =>
          eachGradient(params, grads, (param, rawGrad) => {
            let grad = withL2(param, rawGrad, settings.weight_decay);
            if (settings.momentum > 0) {
              let velocity = velocities.get(param.name);
              if (velocity === undefined) {
                velocity = tf.variable(tf.zerosLike(param.variable), false); // zerosLike is tidied, the variable is not
                velocities.set(param.name, velocity);
              }
              velocity.assign(tf.add(tf.mul(velocity, settings.momentum), grad));
              grad = velocity;
            }
            param.variable.assign(tf.sub(param.variable, tf.mul(grad, lr)));
          }),
        );
      },
      // PyTorch's name for the velocity; plain SGD keeps no state but its step count, which nothing reads.
      saveState: () => ({ steps: 0, slots: { momentum_buffer: Object.fromEntries(velocities) } }),
      loadState(state) {
        this.dispose();
        for (const [name, saved] of Object.entries(state.slots.momentum_buffer ?? {})) velocities.set(name, ownedVariable(saved));
      },
      dispose: () => {
        for (const v of velocities.values()) v.dispose();
        velocities.clear();
      },
    };
  },
});
