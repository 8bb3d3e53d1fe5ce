// The gate between a model someone shared and their code: a sidecar's config may name component
// files (`imports:`), and loading those runs them. `folio import` runs them only when the user says
// so (--trust-imports), after listing them; otherwise it leaves them out when the model does not
// need them, and refuses, naming the files, when it does.
import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../errors.js';

export type ImportedCodeChoice = 'run' | 'leave-out';

export interface ImportedCodeQuestion {
  /** The file that named the code (the sidecar), for messages. */
  namedBy: string;
  /** Absolute paths of the code files it names. */
  files: readonly string[];
  /** The user passed --trust-imports. */
  trusted: boolean;
  /** Whether the model loads from built-in components alone (its config checked without `imports`). */
  loadsWithout: () => Promise<boolean>;
  /** Where the list of files goes before any of them runs (stderr). */
  say: (line: string) => void;
}

/** 'run' (trusted: the files were listed first), 'leave-out' (not needed), or a UserError naming the files. */
export async function decideImportedCode(question: ImportedCodeQuestion): Promise<ImportedCodeChoice> {
  const { files, namedBy } = question;
  if (files.length === 0) return 'run';
  const list = files.map((file) => `  ${file}`).join('\n');
  if (question.trusted) {
    question.say(`running the code that ${namedBy} names (--trust-imports):\n${list}`);
    return 'run';
  }
  if (await question.loadsWithout()) {
    question.say(`left out the code that ${namedBy} names (the model needs only built-in components; --trust-imports would run it):\n${list}`);
    return 'leave-out';
  }
  throw new UserError(
    `${namedBy} names code that the model needs, and importing it would run that code:\n${list}\n` +
      'read those files, then give --trust-imports to run them (nothing was recorded)',
  );
}

/** The absolute paths of the files a config's `imports:` names, relative paths against `dir`. */
export function importedCodeFiles(config: { imports?: unknown }, dir: string): string[] {
  const list = Array.isArray(config.imports) ? config.imports : [];
  return list.filter((item): item is string => typeof item === 'string' && item !== '').map((item) => (isAbsolute(item) ? item : resolve(dir, item)));
}
