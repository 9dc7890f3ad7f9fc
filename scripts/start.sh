#!/usr/bin/env bash
# `npm start`: set up, then run the portal (frontend :3000, backend :7007) on the sandbox.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
exec backstage-cli repo start "$@"
