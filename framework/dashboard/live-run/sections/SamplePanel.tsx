// The end of the latest generated sample (prompt and continuation), one terminal line per text line.
import { Box, Text } from 'ink';
import { printable } from '../../../present/format.js';
import { Rule } from '../../widgets/Rule.js';
import type { SectionProps } from './shared.js';

export interface SamplePanelProps extends SectionProps {
  /** Most lines shown; the newest text is at the end, so the end is kept. */
  maxLines: number;
}

export function SamplePanel({ state, width, maxLines }: SamplePanelProps) {
  const sample = state.sample;
  if (sample === undefined) return null;
  const lines = lastLines(sample.prompt + sample.text, maxLines);
  return (
    <Box flexDirection="column" width={width}>
      <Rule width={width} title={`sample · step ${sample.step}`} />
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}

/** The last `count` lines of the text, blank lines at either end dropped, made safe to print. */
export function lastLines(text: string, count: number): string[] {
  const lines = printable(text).split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines.at(-1)!.trim() === '') lines.pop();
  return count > 0 ? lines.slice(-count) : [];
}
