// A dim label followed by its value: "loss 2.1234". Never wraps.
import { Text } from 'ink';

export interface KeyValueProps {
  label?: string;
  value: string;
  color?: string;
  bold?: boolean;
  dim?: boolean;
}

export function KeyValue({ label, value, color, bold, dim }: KeyValueProps) {
  return (
    <Text wrap="truncate-end">
      {label === undefined ? null : <Text dimColor>{label} </Text>}
      <Text color={color} bold={bold} dimColor={dim}>
        {value}
      </Text>
    </Text>
  );
}

/** Columns a KeyValue takes (its text is expected to be one column a character). */
export function keyValueLength({ label, value }: KeyValueProps): number {
  return (label === undefined ? 0 : label.length + 1) + value.length;
}
