// Shape arithmetic the engines' kernels share (native and webgpu).

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((size, dim) => size * dim, 1);
}

/** Rows and columns of a tensor viewed as a matrix over its last dim. */
export function matrix(shape: readonly number[]): [number, number] {
  return [sizeOf(shape.slice(0, -1)), shape[shape.length - 1] ?? 1];
}
