// One YAML file to plain data, remembering the line and column of every key and value.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { ConfigIssue } from './errors.js';
import { childPointer, setOwn, type Origins, type Position } from './origins.js';

export interface ParsedFile {
  value: unknown;
  origins: Origins;
  issues: ConfigIssue[];
}

/** Drops the code frame yaml appends (" at line 3, column 5:\n\n  …"): the position is shown separately. */
function shortYamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

/**
 * The most values one file may expand to. A real config has a few hundred; aliases that nest
 * aliases (`b: &b [*a,*a,...]` nine deep) expand to billions, which would hang the loader and
 * fill the memory: that file is refused at the alias that crossed the line.
 */
export const MAX_EXPANDED_VALUES = 100_000;

/** Unwinds the walk once a file expands past MAX_EXPANDED_VALUES (its issue is recorded first). */
class ExpandedTooFar extends Error {}

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const issues: ConfigIssue[] = [];
  const origins: Origins = new Map();
  const position = (offset: number): Position => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const { line, col } = position(error.pos[0]);
      issues.push({ file, line, col, path: '', message: `YAML syntax: ${shortYamlMessage(error.message)}` });
    }
    return { value: undefined, origins, issues };
  }

  const contents = doc.contents as Node | null;
  const rootPosition = contents?.range ? position(contents.range[0]) : { line: 1, col: 1 };
  origins.set('', { kind: 'file', file, value: rootPosition });
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    // An empty file (or only comments) sets nothing.
    return { value: {}, origins, issues };
  }
  const walker = new Walker(doc, file, position, origins, issues);
  let value: unknown;
  try {
    value = walker.toValue(contents, '', '');
  } catch (error) {
    if (error instanceof ExpandedTooFar) return { value: undefined, origins: new Map(), issues };
    throw error;
  }
  if (!isMap(contents) && !(isAlias(contents) && isMap(contents.resolve(doc)))) {
    issues.push({
      file,
      ...rootPosition,
      path: '',
      message: `expected key: value settings at the top level, got ${isSeq(contents) ? 'a list' : 'a single value'}`,
    });
  }
  return { value, origins, issues };
}

class Walker {
  private readonly active = new Set<Node>();
  private expanded = 0;
  private expanding: { node: Node; path: string } | undefined;

  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly position: (offset: number) => Position,
    private readonly origins: Origins,
    private readonly issues: ConfigIssue[],
  ) {}

  private at(node: Node | null | undefined): Position | undefined {
    return node?.range ? this.position(node.range[0]) : undefined;
  }

  private issue(node: Node | null | undefined, path: string, message: string): void {
    this.issues.push({ file: this.file, ...(this.at(node) ?? { line: 1, col: 1 }), path, message });
  }

  toValue(node: Node | null | undefined, ptr: string, path: string): unknown {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      // Blamed on the outermost alias being expanded: the line the user wrote that multiplies.
      const outermost = this.expanding ?? { node, path };
      if (this.expanded > MAX_EXPANDED_VALUES) {
        this.issue(outermost.node, outermost.path, `aliases expand this file past ${MAX_EXPANDED_VALUES} values (aliases of aliases multiply); write the values out, or alias less`);
        throw new ExpandedTooFar();
      }
      const target = node.resolve(this.doc);
      if (target === undefined) {
        this.issue(node, path, `unknown alias *${node.source}`);
        return null;
      }
      if (this.active.has(target)) {
        this.issue(node, path, `alias *${node.source} refers to itself`);
        return null;
      }
      this.expanding = outermost;
      try {
        return this.toValue(target, ptr, path);
      } finally {
        if (outermost.node === node) this.expanding = undefined;
      }
    }
    this.expanded++;
    this.active.add(node);
    try {
      if (isMap(node)) {
        const out: Record<string, unknown> = {};
        for (const pair of node.items) {
          const keyNode = pair.key as Node | null;
          if (!isScalar(keyNode) || (keyNode.value !== null && typeof keyNode.value === 'object')) {
            this.issue(keyNode ?? node, path, 'keys must be plain words');
            continue;
          }
          const key = String(keyNode.value);
          const valueNode = pair.value as Node | null;
          const keyPosition = this.at(keyNode) ?? { line: 1, col: 1 };
          // An empty value (`key:` alone) has no text of its own: point at the key.
          const emptyValue = valueNode === null || (isScalar(valueNode) && valueNode.source === '' && valueNode.value === null);
          const childPtr = childPointer(ptr, key);
          const childPath = path === '' ? key : `${path}.${key}`;
          this.origins.set(childPtr, {
            kind: 'file',
            file: this.file,
            key: keyPosition,
            value: emptyValue ? keyPosition : (this.at(valueNode) ?? keyPosition),
          });
          setOwn(out, key, this.toValue(valueNode, childPtr, childPath));
        }
        return out;
      }
      if (isSeq(node)) {
        return node.items.map((item, index) => {
          const itemNode = item as Node | null;
          const childPtr = childPointer(ptr, index);
          const parentPosition = this.at(node) ?? { line: 1, col: 1 };
          this.origins.set(childPtr, { kind: 'file', file: this.file, value: this.at(itemNode) ?? parentPosition });
          return this.toValue(itemNode, childPtr, `${path}[${index}]`);
        });
      }
      if (isScalar(node)) return node.value;
      this.issue(node, path, 'unsupported YAML value');
      return null;
    } finally {
      this.active.delete(node);
    }
  }
}
