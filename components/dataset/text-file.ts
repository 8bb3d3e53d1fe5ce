// Any local UTF-8 text file as a character corpus.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ComponentInputError, defineComponent, type Dataset } from '../../framework/registry/index.js';
import { decodeUtf8 } from './utf8-text.js';
import { valFractionSchema } from './val-fraction.js';

interface TextFileParams {
  path: string;
  val_fraction: number;
}

export default defineComponent({
  kind: 'dataset',
  type: 'text-file',
  summary: 'a local UTF-8 text file (path relative to the config file)',
  params: {
    type: 'object',
    required: ['path'],
    properties: {
      path: { type: 'string', minLength: 1, description: 'the text file, relative to the config file' },
      val_fraction: valFractionSchema,
    },
  },
  create: (params: TextFileParams, ctx): Dataset => ({
    valFraction: params.val_fraction,
    async load() {
      const path = resolve(ctx.configDir, params.path);
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        throw new ComponentInputError(`text-file dataset: cannot read ${path}: ${reason}`);
      }
      if (bytes.length === 0) throw new ComponentInputError(`text-file dataset: ${path} is empty`);
      const { text, invalidSequences } = decodeUtf8(bytes, path, 'text-file dataset');
      // A few stray bytes train as U+FFFD; the run's record says how many.
      const note = invalidSequences === 0 ? '' : ` (${invalidSequences} invalid UTF-8 sequence${invalidSequences === 1 ? '' : 's'} read as U+FFFD)`;
      return { text, source: `${path}${note}` };
    },
  }),
});
