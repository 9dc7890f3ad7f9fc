import { defineConfig } from '@playwright/test';

/** Port of the backend that serves the built app during end-to-end tests. */
const port = Number(process.env.E2E_PORT ?? 7107);
const baseURL = `http://localhost:${port}`;

/**
 * End-to-end tests in Debian's Chromium (Playwright cannot download browsers here)
 * against the real backend serving the production build of the app.
 * `npm test` builds the app first (`yarn workspace app build`).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: 'node_modules/.cache/e2e-test-results',
  webServer: {
    command:
      'yarn workspace backend start --config ../../app-config.yaml --config ../../test/app-config.test.yaml',
    url: `${baseURL}/.backstage/health/v1/readiness`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      APP_CONFIG_app_baseUrl: baseURL,
      APP_CONFIG_backend_baseUrl: baseURL,
      APP_CONFIG_backend_listen_port: String(port),
    },
  },
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
