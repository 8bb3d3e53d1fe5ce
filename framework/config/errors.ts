// What is wrong with a config, where: one issue per mistake, each pointing at a file position or a --set.
import { isAbsolute, relative } from 'node:path';
import { UserMistake } from '../errors.js';

export interface ConfigIssue {
  /** Absolute path of the file that holds the mistake, or `--set` for a command-line override. */
  file: string;
  /** 1-based; 0 when there is no position (a file that cannot be read, a --set). */
  line: number;
  col: number;
  /** Dotted path of the value, e.g. `model.attention.n_head` or `optimizer.betas[1]`; '' for the whole file. */
  path: string;
  message: string;
  /** For `--set` issues: the argument as given, e.g. `optimizer.lr=abc`. */
  arg?: string;
}

export const SET_FILE = '--set';

export function displayFile(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' || isAbsolute(rel) ? file : rel;
}

/** `<file>:<line>:<col>: <path>: <message>`, or `--set <arg>: <message>`. */
export function formatConfigIssue(issue: ConfigIssue, cwd: string = process.cwd()): string {
  if (issue.file === SET_FILE) return `--set ${issue.arg ?? issue.path}: ${issue.message}`;
  const where = issue.line > 0 ? `${displayFile(issue.file, cwd)}:${issue.line}:${issue.col}` : displayFile(issue.file, cwd);
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

export class ConfigError extends UserMistake {
  readonly issues: ConfigIssue[];

  /** `cwd` only decides how file names are shown in `message`. */
  constructor(issues: ConfigIssue[], cwd: string = process.cwd()) {
    super(issues.map((issue) => formatConfigIssue(issue, cwd)).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** The error's issues, one per line, with file names relative to `cwd`. */
export function formatConfigError(error: ConfigError, cwd: string = process.cwd()): string {
  return error.issues.map((issue) => formatConfigIssue(issue, cwd)).join('\n');
}

/** Removes repeats (ajv may report one mistake twice); orders issues by file, line and column, then --set arguments as given. */
export function tidyIssues(issues: ConfigIssue[], fileOrder: readonly string[] = [], argOrder: readonly string[] = []): ConfigIssue[] {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.file}\0${issue.arg ?? ''}\0${issue.path}\0${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rank = (issue: ConfigIssue): number => {
    if (issue.file === SET_FILE) return fileOrder.length + 1 + Math.max(0, argOrder.indexOf(issue.arg ?? ''));
    const index = fileOrder.indexOf(issue.file);
    return index === -1 ? fileOrder.length : index;
  };
  return unique
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        rank(a.issue) - rank(b.issue) ||
        a.issue.file.localeCompare(b.issue.file) ||
        a.issue.line - b.issue.line ||
        a.issue.col - b.issue.col ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}
