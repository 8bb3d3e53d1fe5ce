// Vitest setup file: every test file starts without the user's Folio and output variables (NO_COLOR,
// FORCE_COLOR, CI, FOLIO_STORE, ...), before any module reads them at import (Ink, chalk): the
// tests see the same environment on every machine, and set what they depend on themselves.
import { removeUserVariables } from './isolated-env.js';

removeUserVariables(process.env);
