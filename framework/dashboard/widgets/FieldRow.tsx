// A row of labelled values: one group on the left, one pushed to the right. When both do not fit
// in the width, the right group goes onto a line of its own; anything still too long is clipped.
import { Box } from 'ink';
import { FieldGroup, fieldsLength, type Field } from './FieldGroup.js';

export interface FieldRowProps {
  width: number;
  left: readonly Field[];
  right?: readonly Field[];
  /** Spaces between neighbouring fields. */
  gap?: number;
}

export function FieldRow({ width, left, right = [], gap = 2 }: FieldRowProps) {
  const fits = right.length === 0 || fieldsLength(left, gap) + gap + fieldsLength(right, gap) <= width;
  if (fits) {
    return (
      <Box width={width} justifyContent="space-between" overflowX="hidden">
        <FieldGroup fields={left} gap={gap} />
        {right.length === 0 ? null : <FieldGroup fields={right} gap={gap} />}
      </Box>
    );
  }
  return (
    <Box width={width} flexDirection="column">
      <Box width={width} overflowX="hidden">
        <FieldGroup fields={left} gap={gap} />
      </Box>
      <Box width={width} overflowX="hidden">
        <FieldGroup fields={right} gap={gap} />
      </Box>
    </Box>
  );
}
