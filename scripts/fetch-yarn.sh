#!/usr/bin/env bash
# Fetches the pinned Yarn release (.yarnrc.yml yarnPath) with npm, from the registry npm
# is configured with, so no registry hostname is committed with a vendored Yarn binary.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION=4.13.0
SHA256=730e0619753d39754c9e7613c7e57f084ea18b3244f5ba9a5a60bd3da048450b
target="$ROOT/.yarn/releases/yarn-$VERSION.cjs"

if [ -f "$target" ] && echo "$SHA256  $target" | sha256sum -c --status; then
  exit 0
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "@yarnpkg/cli-dist@$VERSION" >/dev/null)
tar -xzf "$tmp"/yarnpkg-cli-dist-$VERSION.tgz -C "$tmp" package/bin/yarn.js
if ! echo "$SHA256  $tmp/package/bin/yarn.js" | sha256sum -c --status; then
  echo "The fetched Yarn $VERSION does not match the pinned checksum; refusing to use it." >&2
  exit 1
fi
mkdir -p "$(dirname "$target")"
cp "$tmp/package/bin/yarn.js" "$target"
