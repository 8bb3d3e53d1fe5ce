// Runs the dashboard full screen until the user quits: the terminal's alternate screen (so the
// shell's scrollback is left as it was), Ink drawing the app, the normal screen restored on the way out.
import { render } from 'ink';
import { deleteRunsAt, type DeleteOutcome } from '../../tracking/cleanup.js';
import { StoreReader } from '../../tracking/store-reader.js';
import { DashboardApp } from './DashboardApp.js';
import { ThemeContext, themeFor } from './theme.js';

export interface DashboardTerminal {
  stdout: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
}

const ENTER_ALTERNATE_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALTERNATE_SCREEN = '\u001b[?1049l';

/**
 * `reader` is the store opened by the caller (so that a store Folio must refuse is reported before
 * the screen changes), or undefined when there is none yet: the app then waits for one to appear.
 */
export async function mountDashboard(storePath: string, reader: StoreReader | undefined, terminal: DashboardTerminal): Promise<void> {
  let first: StoreReader | undefined = reader;
  const openReader = () => {
    const opened = first ?? openQuietly(storePath);
    first = undefined;
    return opened;
  };
  terminal.stdout.write(ENTER_ALTERNATE_SCREEN);
  try {
    const instance = render(
      <ThemeContext.Provider value={themeFor(terminal.env)}>
        <DashboardApp openReader={openReader} storePath={storePath} deleteRuns={(ids) => describeDelete(deleteRunsAt(storePath, ids))} />
      </ThemeContext.Provider>,
      { stdout: terminal.stdout, stdin: terminal.stdin, patchConsole: false },
    );
    await instance.waitUntilExit();
  } finally {
    terminal.stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}

/** A store that appears while the dashboard waits; one that cannot be read yet is tried again later. */
function openQuietly(path: string): StoreReader | undefined {
  try {
    return StoreReader.open(path);
  } catch {
    return undefined;
  }
}

/** The footer's line after a delete. */
export function describeDelete(outcome: DeleteOutcome): string {
  if ('refused' in outcome) return `nothing deleted: ${outcome.refused}`;
  const { removed, freed } = outcome;
  const megabytes = (freed.bytes / 1e6).toFixed(1);
  return `deleted ${removed.map((id) => `#${id}`).join(' ')} and ${freed.files} file${freed.files === 1 ? '' : 's'} (${megabytes} MB); folio gc compacts the database`;
}
