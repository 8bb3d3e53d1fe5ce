// Labelled values side by side, `gap` spaces apart; never shrinks or wraps (its parent clips it).
import { Box } from 'ink';
import { KeyValue, keyValueLength, type KeyValueProps } from './KeyValue.js';

export type Field = KeyValueProps;

export interface FieldGroupProps {
  fields: readonly Field[];
  gap?: number;
}

export function FieldGroup({ fields, gap = 2 }: FieldGroupProps) {
  return (
    <Box flexShrink={0}>
      {fields.map((field, i) => (
        <Box key={i} flexShrink={0} marginLeft={i === 0 ? 0 : gap}>
          <KeyValue {...field} />
        </Box>
      ))}
    </Box>
  );
}

/** Columns the fields take side by side. */
export function fieldsLength(fields: readonly Field[], gap = 2): number {
  if (fields.length === 0) return 0;
  return fields.reduce((sum, field) => sum + keyValueLength(field), 0) + gap * (fields.length - 1);
}
