#!/usr/bin/env bash
# Installs and starts what the test suites need beyond Node packages:
# Chromium (end-to-end tests), PostgreSQL (the backend on PostgreSQL), Prometheus with
# promtool (usage read from a real Prometheus) and Debian's PyTorch and boto3 (a generated
# project's training code runs for real, checkpointing to S3).
# Installs with apt when run as root; otherwise stops and names what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
/usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
/usr/bin/python3 -c 'import boto3' >/dev/null 2>&1 || missing+=(python3-boto3)
if [ -z "${POSTGRES_HOST:-}" ]; then
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "The tests need these system packages: ${missing[*]}." >&2
    echo "Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) or run as root." >&2
    exit 1
  fi
fi

# PostgreSQL: a local cluster with a role that may create the per-plugin databases,
# unless POSTGRES_HOST points at a server of your own.
if [ -z "${POSTGRES_HOST:-}" ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "Starting the local PostgreSQL needs root; or set POSTGRES_HOST/PORT/USER/PASSWORD to a server whose user has CREATEDB." >&2
    exit 1
  fi
  version="$(ls /usr/lib/postgresql | sort -n | tail -1)"
  if ! pg_lsclusters -h | grep -q "^$version main"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
  pg_isready -h 127.0.0.1 -p 5432
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='backstage'\"" | grep -q 1 ||
    su postgres -c "psql -q -c \"CREATE ROLE backstage LOGIN PASSWORD 'backstage' CREATEDB\""
fi
