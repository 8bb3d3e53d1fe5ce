// The trials ranked by their current value, one row each: status mark, run, parameters, metric,
// step/maxSteps, seed. The best point's trials stand out; running trials stay in view when the
// table has to be cut to fit.
import { Box, Text } from 'ink';
import { printable } from '../../../present/format.js';
import { formatObjective, formatParameterValue } from '../../../present/sweep-format.js';
import { formatTable } from '../../../present/table.js';
import { bestPoint, parameterPaths, rankedTrials, type LiveTrial } from '../../../sweep/live-state.js';
import { STATUS_LOOKS } from '../../../present/status-look.js';
import type { SectionProps } from './shared.js';

export interface LeaderboardProps extends SectionProps {
  /** Lines the table may take, its header included. */
  maxLines: number;
}

export function Leaderboard({ state, width, maxLines }: LeaderboardProps) {
  if (state.sweep === undefined) return null;
  if (state.trials.length === 0) return <Text dimColor>no trial started yet…</Text>;
  const ranked = rankedTrials(state);
  const shown = visibleTrials(ranked, Math.max(1, maxLines - 1));
  const hidden = ranked.length - shown.length;
  const best = new Set(bestPoint(state)?.trials.map((trial) => trial.trialKey));
  const paths = parameterPaths(state);
  const [header, ...lines] = formatTable(
    ['run', ...paths.map(printable), printable(state.sweep.metric), 'step', 'seed'],
    shown.map((trial) => [
      String(trial.runId),
      ...paths.map((path) => formatParameterValue(trial.point[path])),
      formatObjective(trial.value),
      `${trial.lastStep}/${trial.maxSteps}`,
      String(trial.seed),
    ]),
  )
    .trimEnd()
    .split('\n');
  return (
    <Box flexDirection="column" width={width}>
      <Text dimColor wrap="truncate-end">{`  ${header}`}</Text>
      {shown.map((trial, i) => {
        const look = STATUS_LOOKS[trial.status];
        const isBest = best.has(trial.trialKey);
        return (
          <Text key={trial.trialKey} wrap="truncate-end">
            <Text color={look.color}>{look.mark}</Text>{' '}
            <Text bold={isBest} color={isBest ? 'green' : undefined} dimColor={!isBest && look.dim}>
              {lines[i]}
            </Text>
          </Text>
        );
      })}
      {hidden > 0 ? <Text dimColor>{`  … ${hidden} more trial${hidden === 1 ? '' : 's'}`}</Text> : null}
    </Box>
  );
}

/**
 * At most `rows` rows of the ranking (one of them given to "… N more" when some are left out):
 * the running trials first, since those are the ones being watched, then the best of the rest,
 * shown in ranked order.
 */
export function visibleTrials(ranked: readonly LiveTrial[], rows: number): LiveTrial[] {
  if (ranked.length <= rows) return [...ranked];
  const slots = Math.max(0, rows - 1);
  const running = ranked.filter((trial) => trial.status === 'running').slice(0, slots);
  const others = ranked.filter((trial) => trial.status !== 'running').slice(0, slots - running.length);
  const keep = new Set([...running, ...others]);
  return ranked.filter((trial) => keep.has(trial));
}
