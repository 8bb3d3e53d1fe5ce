// The environment for a process a test starts: the user's, minus the variables that would point it
// at the user's own Folio data, so that `FOLIO_STORE=~/my.db npm test` neither reads nor writes it
// (and a FOLIO_REDIS_PASSWORD of theirs is not offered to the tests' own Redis servers).
export const USER_DATA_VARIABLES = ['FOLIO_STORE', 'FOLIO_CACHE', 'FOLIO_REDIS_PASSWORD'] as const;

/** process.env without the user's Folio variables, then `overrides` (a test's own temp paths). */
export function isolatedEnv(overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of USER_DATA_VARIABLES) delete env[name];
  return { ...env, ...overrides };
}
