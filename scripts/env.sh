# Sourced by the setup, start and test scripts: the environment every step needs
# on a machine that has only Node and npm.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/scripts/bin:$ROOT/node_modules/.bin:$PATH"

# Yarn does not read .npmrc: take the registry and Node headers from npm's own config.
if command -v npm >/dev/null 2>&1; then
  if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
    YARN_NPM_REGISTRY_SERVER="$(npm config get registry 2>/dev/null | sed 's#/*$##')"
    export YARN_NPM_REGISTRY_SERVER
  fi
  if [ -z "${npm_config_nodedir:-}" ]; then
    nodedir="$(npm config get nodedir 2>/dev/null)"
    if [ -n "$nodedir" ] && [ "$nodedir" != "undefined" ] && [ "$nodedir" != "null" ]; then
      export npm_config_nodedir="$nodedir"
    fi
  fi
fi
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_CLI_NO_UPDATE_CHECK=1

node_major="$(node -p 'process.versions.node.split(".")[0]')"
case "$node_major" in
  20|22|24) ;;
  *) echo "Node $node_major is not supported: use Node 20, 22 or 24." >&2; exit 1 ;;
esac
