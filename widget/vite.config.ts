import { defineConfig } from 'vite';

/**
 * Two artefacts, two builds (`npm run build` runs both):
 * - default: the loader, `dist/widget.js` — one small classic script for host pages: an IIFE,
 *   no module syntax, no shared chunks, so `<script async src=".../widget.js">` just works;
 * - `--mode frame`: the chat frame app, `dist/frame.html` (the server fills its
 *   `<!--parley-boot-->` marker) with fingerprinted assets in `dist/widget-assets/`, served at
 *   `/widget-assets/…`.
 */
export default defineConfig(({ mode }) =>
  mode === 'frame'
    ? {
        root: 'src/frame',
        base: '/',
        esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
        build: {
          outDir: '../../dist',
          emptyOutDir: false,
          target: 'es2020',
          assetsDir: 'widget-assets',
          // Every browser that runs the frame supports modulepreload or does not need it.
          modulePreload: { polyfill: false },
          rollupOptions: { input: 'src/frame/frame.html' },
        },
      }
    : {
        build: {
          outDir: 'dist',
          emptyOutDir: true,
          target: 'es2019',
          lib: { entry: 'src/loader.ts', name: 'ParleyLoader', formats: ['iife'], fileName: () => 'widget.js' },
        },
      },
);
