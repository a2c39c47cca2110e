import { defineConfig } from 'vite';

// The dashboard page (dashboard/) is built into dist/dashboard/, which the emulator serves at
// /_ecs-trail/ (server/http/dashboard-routes.ts). Everything is bundled: the page works offline.
export default defineConfig({
  root: 'dashboard',
  base: '/_ecs-trail/',
  logLevel: 'warn',
  build: {
    outDir: '../dist/dashboard',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
});
