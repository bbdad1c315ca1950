import { defineConfig } from '@playwright/test'

// End-to-end tests in Debian's Chromium (never a downloaded browser) against a running suite:
// system-tests' WebAppIT starts one and sets DEPOT_URL; by hand, `./depot up` then `npm run test:e2e`.
export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: process.env.DEPOT_URL ?? 'http://127.0.0.1:8080',
    browserName: 'chromium',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.DEPOT_CHROMIUM ?? '/usr/bin/chromium',
      // This machine's network is closed: no background connections, no first-run work.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    },
  },
})
