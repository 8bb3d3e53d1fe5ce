import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Training tests run real (tiny) models on wasm; two workers keep the 2-core machines busy but not thrashing.
    testTimeout: 120_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    // The user's NO_COLOR, CI, FOLIO_STORE... are removed before each test file (see the file).
    setupFiles: ['test/helpers/clean-environment.ts'],
    // Mesa (lavapipe, for the WebGPU tests) caches compiled shaders under ~/.cache unless told otherwise.
    env: { MESA_SHADER_CACHE_DIR: mkdtempSync(join(tmpdir(), 'folio-mesa-cache-')) },
  },
});
