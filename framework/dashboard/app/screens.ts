// The dashboard's screens and how they stack: esc goes back to the one below.

export type Screen =
  | { kind: 'runs' }
  | { kind: 'run'; runId: number }
  | { kind: 'compare'; runIds: number[] }
  | { kind: 'sweeps' }
  | { kind: 'sweep'; sweepId: number };

/** What a screen's view may do to the stack. */
export interface Navigation {
  open(screen: Screen): void;
  back(): void;
}

/** What every screen's view is given. */
export interface ScreenProps {
  /** Goes up whenever the store changed: views reload what they show. */
  version: number;
  width: number;
  height: number;
  now: number;
  navigation: Navigation;
  /** False while the key help is shown: the view ignores keys then. */
  active: boolean;
}

export function screenTitle(screen: Screen): string {
  switch (screen.kind) {
    case 'runs':
      return 'runs';
    case 'run':
      return `run #${screen.runId}`;
    case 'compare':
      return `compare ${screen.runIds.map((id) => `#${id}`).join(' ')}`;
    case 'sweeps':
      return 'sweeps';
    case 'sweep':
      return `sweep ${screen.sweepId}`;
  }
}
