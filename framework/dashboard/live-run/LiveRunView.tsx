// The live picture of one training run: progress, losses, speed, the latest sample, and how it ended.
import { Box, Text } from 'ink';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { EvalRow } from './sections/EvalRow.js';
import { LossRow } from './sections/LossRow.js';
import { RunEnding } from './sections/RunEnding.js';
import { RunHeader } from './sections/RunHeader.js';
import { RunProgress } from './sections/RunProgress.js';
import { SamplePanel } from './sections/SamplePanel.js';
import { SpeedRow } from './sections/SpeedRow.js';
import type { LiveRunState } from './useLiveRun.js';

export interface LiveRunViewProps {
  state: LiveRunState;
  /** Columns to lay out in; defaults to the terminal's, capped at MAX_VIEW_WIDTH. */
  width?: number;
}

export const MAX_VIEW_WIDTH = 100;
/** Lines of the latest sample shown (its end, where the newest text is). */
export const SAMPLE_LINES = 8;

// The frame takes two columns of border and two of padding.
const FRAME = 4;
const MIN_INNER = 30;

export function LiveRunView({ state, width }: LiveRunViewProps) {
  const terminalWidth = useTerminalSize().columns;
  const outer = Math.max(FRAME + MIN_INNER, Math.min(width ?? terminalWidth, MAX_VIEW_WIDTH));
  const inner = outer - FRAME;
  return (
    <Box flexDirection="column" width={outer} borderStyle="round" borderColor="gray" paddingX={1}>
      {state.run === undefined ? (
        <Text dimColor>waiting for the run to start…</Text>
      ) : (
        <>
          <RunHeader state={state} width={inner} />
          <RunProgress state={state} width={inner} />
          <LossRow state={state} width={inner} />
          <EvalRow state={state} width={inner} />
          <SpeedRow state={state} width={inner} />
          <SamplePanel state={state} width={inner} maxLines={SAMPLE_LINES} />
        </>
      )}
      <RunEnding state={state} />
    </Box>
  );
}
