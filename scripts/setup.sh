#!/usr/bin/env bash
# Installs the workspace's dependencies with the committed Yarn release.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
if [ "${CI:-}" = "true" ]; then
  yarn install --immutable
else
  yarn install
fi
