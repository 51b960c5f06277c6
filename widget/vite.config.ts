import { defineConfig } from 'vite';

// The loader is one small classic script for host pages: an IIFE, no module
// syntax, no shared chunks, so `<script async src=".../widget.js">` just works.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2019',
    lib: { entry: 'src/loader.ts', name: 'ParleyLoader', formats: ['iife'], fileName: () => 'widget.js' },
  },
});
