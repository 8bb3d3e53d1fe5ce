// A horizontal rule with an optional title: "── sample · step 250 ──────────".
import { Text } from 'ink';

export interface RuleProps {
  width: number;
  title?: string;
}

export function Rule({ width, title }: RuleProps) {
  const head = title === undefined || title === '' ? '' : `── ${title} `;
  const shown = head.length > width ? head.slice(0, width) : head;
  return <Text dimColor>{shown + '─'.repeat(Math.max(0, width - shown.length))}</Text>;
}
