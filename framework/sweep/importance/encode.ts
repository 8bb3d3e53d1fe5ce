// Puts each parameter's value on [0, 1], the unit box the forest is fitted in and fANOVA integrates
// over: a distribution by its own bounds (log-uniform on a log scale), a list of values or a choice
// as equal cells, one per value, so that a split between two cells falls on the cell boundary.
import type { ParameterSpace, Point } from '../types.js';

/** How one parameter maps to [0, 1]. */
export interface Encoding {
  path: string;
  /** The position of a value in [0, 1]; undefined for a value outside the space. */
  encode(value: unknown): number | undefined;
}

export function encodingOf(parameter: ParameterSpace, observed: readonly unknown[]): Encoding {
  const { path } = parameter;
  switch (parameter.kind) {
    case 'uniform':
    case 'int-uniform':
      return { path, encode: (value) => scaled(value, parameter.min, parameter.max, (x) => x) };
    case 'log-uniform':
      return { path, encode: (value) => scaled(value, parameter.min, parameter.max, Math.log) };
    case 'values':
    case 'choice':
      return cellsOf(path, parameter.values);
    default:
      // A spec of another Folio: the values the trials took are the space.
      return cellsOf(path, observed);
  }
}

/** Each distinct value its own cell of width 1/k, in the order listed; a value at its cell's centre. */
function cellsOf(path: string, values: readonly unknown[]): Encoding {
  const keys = [...new Set(values.map((value) => JSON.stringify(value)))];
  return {
    path,
    encode: (value) => {
      const index = keys.indexOf(JSON.stringify(value));
      return index < 0 ? undefined : (index + 0.5) / keys.length;
    },
  };
}

function scaled(value: unknown, min: number, max: number, transform: (x: number) => number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const low = transform(min);
  const span = transform(max) - low;
  if (!(span > 0)) return 0.5;
  return Math.min(1, Math.max(0, (transform(value) - low) / span));
}

/** The encoded row of a point, or undefined when any parameter's value is missing or outside its space. */
export function encodePoint(point: Point, encodings: readonly Encoding[]): number[] | undefined {
  const row: number[] = [];
  for (const encoding of encodings) {
    const x = encoding.encode(point[encoding.path]);
    if (x === undefined) return undefined;
    row.push(x);
  }
  return row;
}
