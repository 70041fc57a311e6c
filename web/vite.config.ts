import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

// The built files are served by `docket serve --web web/dist`: files under
// assets/ carry a content hash and are cached for a year, index.html is
// revalidated, and every other path falls back to index.html for the router.
export default defineConfig({
  plugins: [preact()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
