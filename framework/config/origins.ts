// Where each value of a merged config came from: a file position or a --set argument.
// Values are addressed by JSON pointer ('' is the root), the same form ajv reports.

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
}

export type Origin =
  | { kind: 'file'; file: string; key?: Position; value: Position }
  | { kind: 'set'; arg: string };

export type Origins = Map<string, Origin>;

export type Segment = string | number;

export function escapeSegment(segment: Segment): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(segments: readonly Segment[]): string {
  return segments.map((s) => `/${escapeSegment(s)}`).join('');
}

export function childPointer(parent: string, segment: Segment): string {
  return `${parent}/${escapeSegment(segment)}`;
}

export function parsePointer(ptr: string): string[] {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function inSubtree(candidate: string, ptr: string): boolean {
  return candidate === ptr || candidate.startsWith(`${ptr}/`);
}

/** Forgets the origins of `ptr` and everything under it. */
export function removeSubtree(origins: Origins, ptr: string): void {
  for (const key of [...origins.keys()]) if (inSubtree(key, ptr)) origins.delete(key);
}

/** Copies the origins of `ptr` and everything under it from `from` into `to`. */
export function copySubtree(from: Origins, to: Origins, ptr: string): void {
  for (const [key, origin] of from) if (inSubtree(key, ptr)) to.set(key, origin);
}

/** The origin of `ptr`, or of its nearest ancestor that has one (`exact` says which). */
export function findOrigin(origins: Origins, ptr: string): { origin: Origin; exact: boolean } | undefined {
  let current = ptr;
  let exact = true;
  for (;;) {
    const origin = origins.get(current);
    if (origin !== undefined) return { origin, exact };
    if (current === '') return undefined;
    current = current.slice(0, current.lastIndexOf('/'));
    exact = false;
  }
}

/** `model.attention.n_head`, `optimizer.betas[1]`: array indices in brackets (the data says which are). */
export function dottedPath(segments: readonly Segment[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const segment of segments) {
    if (Array.isArray(node) && /^\d+$/.test(String(segment))) {
      out += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      out += out === '' ? String(segment) : `.${segment}`;
      node = isRecord(node) && Object.hasOwn(node, segment) ? node[String(segment)] : undefined;
    }
  }
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets an own property even for names like `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
