// Whether a command may draw a live view: Ink, in a CI job (CI or CONTINUOUS_INTEGRATION set, as
// its is-in-ci dependency reads them), writes only the final frame, so a live view there shows
// nothing until the command ends. Runs and sweeps then print the plain log; the dashboard, which
// the user asked for in a terminal, tells Ink to draw anyway.
import type { CommandIO } from './io.js';

const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const;

export function saysContinuousIntegration(env: NodeJS.ProcessEnv): boolean {
  return CI_VARIABLES.some((name) => {
    const value = env[name];
    return value !== undefined && value !== '0' && value !== 'false';
  });
}

/** The command's output when it is a terminal outside CI, where a live view can be drawn. */
export function liveTerminal(io: CommandIO): NodeJS.WriteStream | undefined {
  const stdout = io.stdout as NodeJS.WriteStream;
  return stdout.isTTY === true && !saysContinuousIntegration(io.env) ? stdout : undefined;
}

/**
 * Makes Ink draw every frame in this process even where the environment says CI. Ink reads the
 * variables once, when it is first imported, so this must run before anything imports it.
 */
export function drawLiveDespiteContinuousIntegration(): void {
  for (const name of CI_VARIABLES) delete process.env[name];
}
