import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// `npm run dev` serves the app with hot reload and passes the API to a running suite
// (./depot up: the gateway on 127.0.0.1:8080, or DEPOT_URL).
const target = process.env.DEPOT_URL ?? 'http://127.0.0.1:8080'
const api = { target, changeOrigin: false, xfwd: true }

export default defineConfig({
  plugins: [vue()],
  server: {
    port: 5173,
    proxy: { '/api': api, '/cdn': api, '/.well-known': api },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
    // Vite's module preload polyfill is an inline-free script, but the CSP allows no inline script at all.
    modulePreload: { polyfill: false },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
})
