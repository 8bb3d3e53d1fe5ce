// "run 3 shakespeare-char            wasm · 0.81M params · 768 tok/step"
import { Box, Text } from 'ink';
import { formatParams, printable } from '../../../present/format.js';
import { FieldRow } from '../../widgets/FieldRow.js';
import type { SectionProps } from './shared.js';

export function RunHeader({ state, width }: SectionProps) {
  const run = state.run;
  if (run === undefined) return null;
  const setup = `${printable(run.backend)} · ${formatParams(run.parameterCount)} params · ${run.tokensPerStep} tok/step`;
  const header = (
    <FieldRow
      width={width}
      gap={1}
      left={[{ value: `run ${run.runId}`, bold: true }, { value: printable(run.name) }]}
      right={[{ value: setup, dim: true }]}
    />
  );
  const notes = [run.backendNote, run.initFrom].filter((note) => note !== undefined);
  if (notes.length === 0) return header;
  return (
    <Box flexDirection="column">
      {header}
      {notes.map((note) => (
        <Text key={note} dimColor wrap="truncate-end">
          {printable(note)}
        </Text>
      ))}
    </Box>
  );
}
