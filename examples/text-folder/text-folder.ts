// A dataset of every text file in a folder: the user's own corpus without joining it by hand.
// Files are read in name order, so the validation split (the end of the text) is the last files.
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ComponentInputError, defineComponent, type Dataset } from '@folio-lm/folio';

interface TextFolderParams {
  path: string;
  extension: string;
  val_fraction: number;
}

async function filesIn(folder: string, extension: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    throw new ComponentInputError(`text-folder dataset: cannot read the folder ${folder}`);
  }
  const texts = names.filter((name) => name.endsWith(extension)).sort();
  if (texts.length === 0) throw new ComponentInputError(`text-folder dataset: no ${extension} files in ${folder}`);
  return texts.map((name) => join(folder, name));
}

export default defineComponent({
  kind: 'dataset',
  type: 'text-folder',
  summary: 'every text file in a folder, in name order, one after another',
  params: {
    type: 'object',
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1, description: 'the folder, relative to the config file' },
      extension: { type: 'string', default: '.txt', description: 'which files to read, by the end of their name' },
      val_fraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.1, description: 'fraction held out from the end' },
    },
  },
  create: (params: TextFolderParams, ctx): Dataset => ({
    valFraction: params.val_fraction,
    async load() {
      const folder = resolve(ctx.configDir, params.path);
      const files = await filesIn(folder, params.extension);
      const texts = await Promise.all(files.map((file) => readFile(file, 'utf8')));
      // A blank line between files, so that one file's last word never runs into the next one's first.
      return { text: texts.map((text) => text.trimEnd()).join('\n\n'), source: `${folder} (${files.length} files)` };
    },
  }),
});
