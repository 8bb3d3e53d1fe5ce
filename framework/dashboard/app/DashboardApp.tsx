// The dashboard: a stack of screens over the store (runs, run, compare, sweeps, sweep), a header with
// where one is, a footer with the keys, and the keys that work everywhere (? q esc).
import { Box, Text, useApp } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { StoreReader } from '../../tracking/store-reader.js';
import { CompareView } from '../compare/CompareView.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { RunDetailView } from '../run-detail/RunDetailView.js';
import { RunsView } from '../run-list/RunsView.js';
import { initialRunsUi, type RunsUi } from '../run-list/runs-ui.js';
import { SweepDetailView } from '../stored-sweeps/SweepDetailView.js';
import { SweepsView } from '../stored-sweeps/SweepsView.js';
import { FirstRunHint } from './FirstRunHint.js';
import { KeyHelp } from './KeyHelp.js';
import { footerHint } from './keys.js';
import { screenTitle, type Navigation, type Screen, type ScreenProps } from './screens.js';
import { KeyRouterContext, useInputOnce, type KeyRouter } from './useKeys.js';
import { useStoreVersion } from './useStoreVersion.js';

export interface DashboardAppProps {
  /** Opens the store; undefined while there is none (the app keeps looking for it). */
  openReader: () => StoreReader | undefined;
  storePath: string;
  now?: () => number;
  /** How often to look for changes in the store (ms). */
  pollMs?: number;
  /** The terminal's size unless given (tests). */
  width?: number;
  height?: number;
  /** Deletes runs and their files (the one write the dashboard makes, on the user's y); returns what to say. */
  deleteRuns?: (ids: readonly number[]) => string;
}

/** Ink redraws in place only while its output is shorter than the terminal. */
const SPARE_ROWS = 1;
const HEADER_ROWS = 1;
const FOOTER_ROWS = 1;
const NO_NAVIGATION: Navigation = { open: () => undefined, back: () => undefined };

export function DashboardApp(props: DashboardAppProps) {
  const { openReader, pollMs = 500 } = props;
  const [reader, setReader] = useState(openReader);
  useEffect(() => {
    if (reader !== undefined) return () => reader.close();
    // No store yet: look again until a first run creates it.
    const timer = setInterval(() => setReader((current) => current ?? openReader()), pollMs);
    return () => clearInterval(timer);
  }, [reader, openReader, pollMs]);
  if (reader !== undefined) return <Dashboard {...props} reader={reader} />;
  const { storePath, width, height } = props;
  return <Frame screens={[{ kind: 'runs' }]} storePath={storePath} width={width} height={height} body={(screen) => <FirstRunHint storePath={storePath} width={screen.width} />} />;
}

function Dashboard({ reader, storePath, now = Date.now, pollMs = 500, width, height, deleteRuns }: DashboardAppProps & { reader: StoreReader }) {
  const [stack, setStack] = useState<Screen[]>([{ kind: 'runs' }]);
  const [runsUi, setRunsUi] = useState<RunsUi>(initialRunsUi);
  const [message, setMessage] = useState<string | undefined>();
  const [live, setLive] = useState(false);
  const version = useStoreVersion(reader, { pollMs, live });
  const runs = useMemo(() => reader.runs(), [reader, version]);
  const nowMs = useMemo(() => now(), [now, version]);
  useEffect(() => setLive(runs.some((run) => run.status === 'running')), [runs]);

  const navigation: Navigation = useMemo(
    () => ({
      open: (screen) => setStack((s) => [...s, screen]),
      back: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    }),
    [],
  );
  const updateRunsUi = useCallback((update: (ui: RunsUi) => RunsUi) => setRunsUi(update), []);
  const top = stack.at(-1)!;

  return (
    <Frame
      screens={stack}
      storePath={storePath}
      width={width}
      height={height}
      message={message}
      onBack={navigation.back}
      onMessage={setMessage}
      body={(screen: ScreenProps) =>
        top.kind === 'runs' && runs.length === 0 ? (
          <FirstRunHint storePath={storePath} width={screen.width} />
        ) : (
          <ScreenView screen={top} reader={reader} runs={runs} runsUi={runsUi} setRunsUi={updateRunsUi} onMessage={setMessage} deleteRuns={deleteRuns} {...screen} />
        )
      }
      navigation={navigation}
      now={nowMs}
      version={version}
    />
  );
}

interface FrameProps {
  screens: Screen[];
  storePath: string;
  width?: number;
  height?: number;
  message?: string;
  onBack?: () => void;
  onMessage?: (message: string | undefined) => void;
  navigation?: Navigation;
  now?: number;
  version?: number;
  body: (screen: ScreenProps) => ReactNode;
}

/** Header, the current screen (or the key help), footer; the keys that work on every screen. */
function Frame({ screens, storePath, message, onBack, onMessage, navigation, now = 0, version = 0, body, ...size }: FrameProps) {
  const terminal = useTerminalSize();
  const { exit } = useApp();
  const [help, setHelp] = useState(false);
  const width = size.width ?? terminal.columns;
  const height = (size.height ?? terminal.rows) - SPARE_ROWS;
  const top = screens.at(-1)!;
  const router = useRef<KeyRouter>({ current: undefined }).current;
  useInputOnce((input, key) => {
    const screen = router.current?.handler;
    if (router.current?.capturesText?.()) screen?.(input, key);
    else if (input === 'q') exit();
    else if (input === '?') setHelp((shown) => !shown);
    else if (key.escape) {
      if (help) setHelp(false);
      else onBack?.();
      onMessage?.(undefined);
    } else if (!help) screen?.(input, key);
  });
  const bodyHeight = Math.max(3, height - HEADER_ROWS - FOOTER_ROWS);
  const where = screens.map(screenTitle).join(' › ');
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <Box width={width} justifyContent="space-between">
        <Text bold wrap="truncate-end">{`folio · ${where}`}</Text>
        <Text dimColor wrap="truncate-start">{` ${storePath}`}</Text>
      </Box>
      {help ? <KeyHelp screen={top} width={width} height={bodyHeight} /> : null}
      {/* Hidden rather than unmounted under the help, so the screen keeps its place. */}
      <Box display={help ? 'none' : 'flex'} flexDirection="column">
        <KeyRouterContext.Provider value={router}>
          {body({ width, height: bodyHeight, now, version, active: !help, navigation: navigation ?? NO_NAVIGATION })}
        </KeyRouterContext.Provider>
      </Box>
      <Text dimColor wrap="truncate-end">{message ?? footerHint(top)}</Text>
    </Box>
  );
}

interface ScreenViewProps extends ScreenProps {
  screen: Screen;
  reader: StoreReader;
  runs: ReturnType<StoreReader['runs']>;
  runsUi: RunsUi;
  setRunsUi: (update: (ui: RunsUi) => RunsUi) => void;
  onMessage: (message: string | undefined) => void;
  deleteRuns: ((ids: readonly number[]) => string) | undefined;
}

function ScreenView({ screen, reader, runs, runsUi, setRunsUi, onMessage, deleteRuns, ...props }: ScreenViewProps) {
  switch (screen.kind) {
    case 'runs':
      return <RunsView {...props} runs={runs} ui={runsUi} setUi={setRunsUi} onMessage={onMessage} {...(deleteRuns === undefined ? {} : { onDelete: deleteRuns })} />;
    case 'run':
      return <RunDetailView {...props} key={screen.runId} reader={reader} runId={screen.runId} />;
    case 'compare':
      return <CompareView {...props} reader={reader} runIds={screen.runIds} />;
    case 'sweeps':
      return <SweepsView {...props} reader={reader} />;
    case 'sweep':
      return <SweepDetailView {...props} key={screen.sweepId} reader={reader} sweepId={screen.sweepId} />;
  }
}
