// A doc's files: the code blocks headed with a file name (```ts components/ipo.ts), to be written into a
// user's project and type-checked there, so that the docs cannot rot.

/** ```ts path/file.ts ... ``` blocks: the file name after the language, then the text. */
export function namedBlocks(markdown: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const match of markdown.matchAll(/^```\w+ (\S+)\n([\s\S]*?)^```$/gm)) files[match[1]!] = match[2]!;
  return files;
}

/** The tsconfig.json of such a project: its components/ type-checked strictly, nothing emitted. */
export const DOC_PROJECT_TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
  include: ['components/**/*.ts'],
});
