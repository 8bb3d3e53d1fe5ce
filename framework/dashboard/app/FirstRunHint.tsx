// What an empty or missing store shows: how to get a first run into it, not an error.
import { Box, Text } from 'ink';
import { useTheme } from './theme.js';

export function FirstRunHint({ storePath, width }: { storePath: string; width: number }) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" width={width} paddingX={1}>
      <Text bold>No runs yet.</Text>
      <Text wrap="wrap">{`The store ${storePath} has no runs. Start one in another terminal and it appears here:`}</Text>
      <Text> </Text>
      <Text color={theme.color('cyan')}>{'  npx folio run configs/shakespeare-char.yaml'}</Text>
      <Text color={theme.color('cyan')}>{'  npx folio sweep experiments/shakespeare-char-lr.yaml'}</Text>
      <Text> </Text>
      <Text dimColor wrap="wrap">
        Another store: folio dashboard --store PATH (or FOLIO_STORE). q quits.
      </Text>
    </Box>
  );
}
