// The live leaderboard of a sweep: what it searches, how far it is, its trials ranked, the best point.
import { Box, Text } from 'ink';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { BestPoint } from './sections/BestPoint.js';
import { Leaderboard } from './sections/Leaderboard.js';
import { SweepEnding, sweepEndingLine } from './sections/SweepEnding.js';
import { SweepHeader, sweepHeaderRows } from './sections/SweepHeader.js';
import { SweepProgress, sweepProgressDetail } from './sections/SweepProgress.js';
import { bestPoint, type SweepState } from '../../sweep/live-state.js';

export interface SweepViewProps {
  state: SweepState;
  /** The clock's current time (ms): elapsed time and ETA are measured to it. */
  now: number;
  /** Columns to lay out in; defaults to the terminal's, capped at MAX_VIEW_WIDTH. */
  width?: number;
  /** Rows the whole view may take (the terminal's height); the table is cut to fit. */
  height?: number;
}

export const MAX_VIEW_WIDTH = 120;
const DEFAULT_HEIGHT = 24;

// The frame takes two columns of border and two of padding, and two rows of border.
const FRAME = 4;
const FRAME_ROWS = 2;
const MIN_INNER = 30;
/** Ink redraws in place only while its output is shorter than the terminal. */
const SPARE_ROWS = 1;
const MIN_TABLE_LINES = 3;

export function SweepView({ state, now, width, height = DEFAULT_HEIGHT }: SweepViewProps) {
  const terminalWidth = useTerminalSize().columns;
  const outer = Math.max(FRAME + MIN_INNER, Math.min(width ?? terminalWidth, MAX_VIEW_WIDTH));
  const inner = outer - FRAME;
  const props = { state, now, width: inner };
  return (
    <Box flexDirection="column" width={outer} borderStyle="round" borderColor="gray" paddingX={1}>
      {state.sweep === undefined ? (
        <Text dimColor>waiting for the sweep to start…</Text>
      ) : (
        <>
          <SweepHeader {...props} />
          <SweepProgress {...props} />
          <Leaderboard {...props} maxLines={Math.max(MIN_TABLE_LINES, height - chromeRows(state, now, inner))} />
          <BestPoint {...props} />
        </>
      )}
      {state.notice === undefined ? null : <Text color="yellow" wrap="wrap">{state.notice}</Text>}
      <SweepEnding {...props} />
    </Box>
  );
}

/** Rows everything but the table takes, so that the whole view fits in the terminal's height. */
function chromeRows(state: SweepState, now: number, width: number): number {
  const progressRows = sweepProgressDetail(state) === undefined ? 1 : 2;
  const bestRows = bestPoint(state) === undefined ? 0 : 1;
  const ending = sweepEndingLine(state, now)?.text;
  const endingRows = ending === undefined ? 0 : Math.ceil([...ending].length / width);
  const noticeRows = state.notice === undefined ? 0 : Math.ceil([...state.notice].length / width);
  return FRAME_ROWS + SPARE_ROWS + sweepHeaderRows(state, width) + progressRows + bestRows + endingRows + noticeRows;
}
