import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const outDir = fileURLToPath(new URL('../src/chiefops/web/dist', import.meta.url));

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir,
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    assetsInlineLimit: 0,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:23000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:23000', changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/unit/setup.ts'],
    restoreMocks: true,
    coverage: {
      provider: 'v8',
      include: ['src/stores/**', 'src/lib/**', 'src/api/**'],
      exclude: ['src/api/schema.d.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: {
        'src/stores/**': { lines: 80 },
        'src/lib/**': { lines: 80 },
        'src/api/**': { lines: 80 },
      },
    },
  },
});
