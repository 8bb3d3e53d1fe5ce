// The environment for a process a test starts: the user's, minus the variables that would point it
// at the user's own Folio data, so that `FOLIO_STORE=~/my.db npm test` neither reads nor writes it
// (and a FOLIO_REDIS_PASSWORD of theirs is not offered to the tests' own Redis servers), and minus
// those that change what a command prints (colours, CI's final-frame-only drawing): a test that
// depends on one sets it itself.
export const USER_DATA_VARIABLES = ['FOLIO_STORE', 'FOLIO_CACHE', 'FOLIO_REDIS_PASSWORD'] as const;
export const OUTPUT_VARIABLES = ['NO_COLOR', 'FORCE_COLOR', 'CI', 'CONTINUOUS_INTEGRATION'] as const;

/** Removes the user's Folio and output variables from `env` (a copy of process.env, or process.env itself). */
export function removeUserVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  for (const name of [...USER_DATA_VARIABLES, ...OUTPUT_VARIABLES]) delete env[name];
  return env;
}

/** process.env without the user's Folio and output variables, then `overrides` (a test's own temp paths). */
export function isolatedEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...removeUserVariables({ ...process.env }), ...overrides };
}
