// Tiny Shakespeare (40k lines, 1.1 MB): char-rnn's dataset, the lecture's corpus.
import { defineComponent, type Dataset } from '../../framework/registry/index.js';
import { cachedDownload } from './cached-download.js';
import { valFractionSchema } from './val-fraction.js';

const CANONICAL_URL = 'https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt';
const SHA256 = '86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed';

interface TinyShakespeareParams {
  val_fraction: number;
  url: string;
  sha256: string;
}

export default defineComponent({
  kind: 'dataset',
  type: 'tiny-shakespeare',
  summary: 'Tiny Shakespeare, downloaded once into the cache (FOLIO_CACHE, default ~/.cache/folio)',
  params: {
    type: 'object',
    properties: {
      val_fraction: valFractionSchema,
      url: { type: 'string', default: CANONICAL_URL, description: 'where to download the text from' },
      sha256: { type: 'string', pattern: '^[0-9a-f]{64}$', default: SHA256, description: 'expected SHA-256 of the file' },
    },
  },
  create: (params: TinyShakespeareParams, ctx): Dataset => ({
    valFraction: params.val_fraction,
    async load() {
      const file = { url: params.url, fileName: 'tinyshakespeare.txt', sha256: params.sha256 };
      const { text, path } = await cachedDownload(file, ctx.cacheDir);
      return { text, source: path };
    },
  }),
});
