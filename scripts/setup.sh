#!/usr/bin/env bash
# Fetches the pinned Yarn release, then installs the workspace's dependencies with it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/fetch-yarn.sh
if [ "${CI:-}" = "true" ]; then
  yarn install --immutable
else
  yarn install
fi
