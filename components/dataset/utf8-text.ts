// A text file's bytes as UTF-8, counting what is not: a few stray bytes in a large corpus are
// replaced (U+FFFD) and said; a file that is mostly not UTF-8 (random bytes, Latin-1, a binary
// picked by mistake) would explode the character vocabulary and train on noise, so it is refused.
import { ComponentInputError } from '../../framework/registry/index.js';

/** Refused past this share of the bytes in invalid sequences (or past the absolute floor below). */
const MAX_INVALID_SHARE = 0.001;
const ALWAYS_ALLOWED = 10;

export interface DecodedText {
  text: string;
  /** Invalid UTF-8 sequences replaced by U+FFFD. */
  invalidSequences: number;
}

/** `bytes` decoded; throws ComponentInputError naming `path` when too much of it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, path: string, who: string): DecodedText {
  const text = new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes);
  const invalidSequences = countReplacements(text) - countEncodedReplacements(bytes);
  const allowed = Math.max(ALWAYS_ALLOWED, Math.floor(bytes.length * MAX_INVALID_SHARE));
  if (invalidSequences > allowed) {
    const share = ((100 * invalidSequences) / Math.max(1, bytes.length)).toFixed(1);
    throw new ComponentInputError(
      `${who}: ${path} is not UTF-8 text: ${invalidSequences} invalid sequences in ${bytes.length} bytes (${share}%, the first at byte ${firstInvalidByte(bytes, text)}); ` +
        'convert it (e.g. iconv -f latin1 -t utf-8), or check that it is the file you meant',
    );
  }
  return { text, invalidSequences };
}

function countReplacements(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) count++;
  return count;
}

/** U+FFFD written in the file itself (EF BF BD) is text, not a decoding failure. */
function countEncodedReplacements(bytes: Uint8Array): number {
  let count = 0;
  for (let i = 0; i + 2 < bytes.length; i++) if (bytes[i] === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd) count++;
  return count;
}

/** Where the first invalid sequence starts: the text before it decoded as it was written. */
function firstInvalidByte(bytes: Uint8Array, text: string): number {
  let offset = 0;
  let from = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) {
    offset += Buffer.byteLength(text.slice(from, at));
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return offset;
    offset += 3; // a U+FFFD the file holds as text
    from = at + 1;
  }
  return -1;
}
