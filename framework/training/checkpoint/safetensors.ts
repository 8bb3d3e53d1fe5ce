// The safetensors container: an 8-byte little-endian header length, a JSON header naming each
// tensor's dtype, shape and byte range, then the raw little-endian data. Readable by PyTorch
// (safetensors.torch.load_file), NumPy and every other framework that speaks the format.

/** The dtypes Folio writes and reads (float32 weights and moments, int32 ids). */
export type SafetensorsDtype = 'F32' | 'I32';

export interface NamedTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface SafetensorsContent {
  tensors: Map<string, NamedTensor>;
  /** `__metadata__`: string to string, as the format requires. */
  metadata: Record<string, string>;
}

/** A file that is not valid safetensors, or not one Folio can use; `message` says what is wrong. */
export class SafetensorsFormatError extends Error {}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const HEADER_ALIGNMENT = 8;
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** The header (length prefix and JSON, padded so the data starts 8-byte aligned) and each tensor's byte range. */
export function encodeHeader(tensors: ReadonlyMap<string, Pick<NamedTensor, 'dtype' | 'shape'> & { byteLength: number }>, metadata: Record<string, string>): { header: Buffer; dataBytes: number } {
  const entries: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, tensor] of tensors) {
    entries[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + tensor.byteLength] };
    offset += tensor.byteLength;
  }
  let json = JSON.stringify(entries);
  // Spaces after the JSON are the format's own padding; aligned data lets readers map it as floats.
  json += ' '.repeat((HEADER_ALIGNMENT - ((8 + Buffer.byteLength(json)) % HEADER_ALIGNMENT)) % HEADER_ALIGNMENT);
  const jsonBytes = Buffer.from(json, 'utf8');
  const header = Buffer.alloc(8 + jsonBytes.length);
  header.writeBigUInt64LE(BigInt(jsonBytes.length), 0);
  jsonBytes.copy(header, 8);
  return { header, dataBytes: offset };
}

/** The whole file in one buffer: header, then each tensor's bytes in order (little-endian, as on every platform Node runs on). */
export function encodeSafetensors(content: SafetensorsContent): Buffer {
  const sized = new Map([...content.tensors].map(([name, t]) => [name, { dtype: t.dtype, shape: t.shape, byteLength: t.data.byteLength }]));
  const { header, dataBytes } = encodeHeader(sized, content.metadata);
  const file = Buffer.allocUnsafe(header.length + dataBytes);
  header.copy(file, 0);
  let at = header.length;
  for (const tensor of content.tensors.values()) {
    file.set(new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength), at);
    at += tensor.data.byteLength;
  }
  return file;
}

/** Parses a safetensors file, checking that every byte range is in bounds and matches its shape. */
export function decodeSafetensors(bytes: Uint8Array): SafetensorsContent {
  if (bytes.length < 8) throw new SafetensorsFormatError(`the file is ${bytes.length} bytes long, shorter than a safetensors header`);
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = Number(view.readBigUInt64LE(0));
  if (headerBytes > MAX_HEADER_BYTES || 8 + headerBytes > bytes.length) {
    throw new SafetensorsFormatError(`its header claims ${headerBytes} bytes but the file has ${bytes.length}: truncated or not safetensors`);
  }
  const header = parseHeader(view.subarray(8, 8 + headerBytes).toString('utf8'));
  const data = view.subarray(8 + headerBytes);
  const tensors = new Map<string, NamedTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') metadata = checkMetadata(entry);
    else tensors.set(name, readTensor(name, entry, data));
  }
  return { tensors, metadata };
}

function parseHeader(json: string): Record<string, unknown> {
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch {
    throw new SafetensorsFormatError('its header is not JSON: corrupt or not safetensors');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new SafetensorsFormatError('its header is not a JSON object');
  return header as Record<string, unknown>;
}

function checkMetadata(entry: unknown): Record<string, string> {
  if (typeof entry !== 'object' || entry === null || !Object.values(entry).every((v) => typeof v === 'string')) {
    throw new SafetensorsFormatError('its __metadata__ is not a map of strings');
  }
  return entry as Record<string, string>;
}

function readTensor(name: string, raw: unknown, data: Buffer): NamedTensor {
  const entry = raw as Partial<HeaderEntry>;
  const [begin, end] = Array.isArray(entry.data_offsets) ? entry.data_offsets : [NaN, NaN];
  if (!Array.isArray(entry.shape) || !entry.shape.every((d) => Number.isInteger(d) && d >= 0) || !Number.isInteger(begin) || !Number.isInteger(end)) {
    throw new SafetensorsFormatError(`tensor ${name} has a malformed header entry`);
  }
  if (entry.dtype !== 'F32' && entry.dtype !== 'I32') throw new SafetensorsFormatError(`tensor ${name} has dtype ${String(entry.dtype)}; Folio reads F32 and I32`);
  if (end > data.length || begin > end) {
    throw new SafetensorsFormatError(`tensor ${name} ends at byte ${end} of the data, which holds ${data.length}: the file is truncated`);
  }
  const elements = entry.shape.reduce((a, b) => a * b, 1);
  if (end - begin !== elements * 4) throw new SafetensorsFormatError(`tensor ${name} has ${end - begin} bytes for shape [${entry.shape.join(', ')}]`);
  // A copy: aligned for the typed array, and independent of the file's buffer.
  const copy = new Uint8Array(end - begin);
  copy.set(data.subarray(begin, end));
  const values = entry.dtype === 'F32' ? new Float32Array(copy.buffer) : new Int32Array(copy.buffer);
  return { dtype: entry.dtype, shape: entry.shape, data: values };
}
