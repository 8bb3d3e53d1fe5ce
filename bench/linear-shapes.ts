// GFLOP/s of the native engine's linear layer, forward and gradient, on the products a training
// step of the main config makes (rows = batch x context): the GEMM on small, skinny shapes,
// which is where a step spends most of its kernel time (`--suite profile`).
import type { NativeAddon } from '../framework/engine/native/addon.js';

export interface LinearShape {
  name: string;
  rows: number;
  inputs: number;
  outputs: number;
}

/** The linear layers of one transformer block, C wide, over `rows` tokens. */
export function blockLinearShapes(rows: number, width: number): LinearShape[] {
  return [
    { name: 'qkv', rows, inputs: width, outputs: 3 * width },
    { name: 'proj', rows, inputs: width, outputs: width },
    { name: 'fc', rows, inputs: width, outputs: 4 * width },
    { name: 'fc2', rows, inputs: 4 * width, outputs: width },
  ];
}

const filled = (n: number) => Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);

/** Best-of-`repeats` GFLOP/s of forward (2·r·in·out) and gradient (dx and dW: 4·r·in·out) for each shape. */
export function linearGflops(addon: NativeAddon, shapes: readonly LinearShape[], repeats = 30): { name: string; forward: number; gradient: number }[] {
  return shapes.map(({ name, rows, inputs, outputs }) => {
    const [x, w, b, dy] = [filled(rows * inputs), filled(inputs * outputs), filled(outputs), filled(rows * outputs)];
    const [y, dx, dw, db] = [new Float32Array(rows * outputs), new Float32Array(rows * inputs), new Float32Array(inputs * outputs), new Float32Array(outputs)];
    const best = (work: () => void) => {
      work();
      let fastest = Infinity;
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        work();
        fastest = Math.min(fastest, performance.now() - started);
      }
      return fastest;
    };
    const flop = 2 * rows * inputs * outputs;
    const forwardMs = best(() => addon.linear(x, w, b, y, rows, inputs, outputs));
    const gradientMs = best(() => addon.linearGrad(dy, x, w, dx, dw, db, rows, inputs, outputs));
    return { name: `${name} ${rows}x${inputs} @ ${inputs}x${outputs}`, forward: flop / forwardMs / 1e6, gradient: (2 * flop) / gradientMs / 1e6 };
  });
}
