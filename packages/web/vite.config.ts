import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/*
 * The web UI, served by the Patchbay server from dist/ (packages/server/src/web). Asset names carry a
 * content hash (Vite's default `assets/[name]-[hash].[ext]`): the server caches them for a year and
 * never caches index.html. Nothing inline: the server's Content-Security-Policy allows no inline
 * script or style, so small assets are not inlined as data: URIs either.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: 'es2022',
    reportCompressedSize: false,
    // No module-preload polyfill: every supported browser has modulepreload, and the polyfill is code on the first screen.
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/oauth': 'http://127.0.0.1:8080' } },
});
