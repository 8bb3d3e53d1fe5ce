// The keys of the current screen and the global ones, in place of the screen until ? or esc.
import { Box, Text } from 'ink';
import { GLOBAL_KEYS, keysOf, type KeyList } from './keys.js';
import { screenTitle, type Screen } from './screens.js';

export function KeyHelp({ screen, width, height }: { screen: Screen; width: number; height: number }) {
  const rows: [string, KeyList][] = [
    [screenTitle(screen), keysOf(screen)],
    ['everywhere', GLOBAL_KEYS],
  ];
  const keyWidth = Math.max(...rows.flatMap(([, keys]) => keys.map(([k]) => k.length)));
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.map(([title, keys]) => (
        <Box key={title} flexDirection="column" marginBottom={1}>
          <Text bold>{`keys: ${title}`}</Text>
          {keys.map(([k, what]) => (
            <Text key={k} wrap="truncate-end">
              {`  ${k.padEnd(keyWidth)}  `}
              <Text dimColor>{what}</Text>
            </Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
