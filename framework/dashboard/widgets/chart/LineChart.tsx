// plotChart drawn by Ink: each run of like cells one <Text>, in its series' colour.
import { Box, Text } from 'ink';
import { plotChart, type ChartOptions, type ChartSeries } from '../../../present/chart/plot.js';

export interface LineChartProps extends ChartOptions {
  series: readonly ChartSeries[];
}

export function LineChart({ series, ...options }: LineChartProps) {
  const lines = plotChart(series, options);
  return (
    <Box flexDirection="column">
      {lines.map((line, row) => (
        <Text key={row} wrap="truncate-end">
          {line.map((segment, i) => (
            <Text key={i} color={segment.color} dimColor={segment.dim}>
              {segment.text}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
