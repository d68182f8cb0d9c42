import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const assetsDir = fileURLToPath(new URL('../assets', import.meta.url));
const uiDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
    fs: { allow: [uiDir, assetsDir] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Fonts and the logo stay files, never inlined, so the CSP's font-src/img-src 'self' covers them.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    restoreMocks: true,
    // As in CI: the machine's zone is UTC, so a test that shows Karachi time proves the conversion.
    env: { TZ: 'UTC' },
    // Whole-app tests type and click through several screens; on a two-core machine that
    // is busy compiling they can pass the default 5 s without anything being wrong.
    testTimeout: 15_000,
  },
});
