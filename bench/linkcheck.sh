#!/usr/bin/env bash
# Link-check benchmark: bibman beside lychee on the shared fake web (loopback only).
#   bench/linkcheck.sh                       # N=1000, latency 50 ms, bibman + lychee
#   bench/linkcheck.sh --n 5000              # any run_peers.py option passes through
# Needs the bench's peers once: ../shared/tools/linkcheck-bench/setup.sh
#
# The fake web lives on 127.0.0.2-9, which bibman refuses by default (non-public
# addresses). The harness passes our environment through, so we allow exactly the
# fake web's range, 127.0.0.0/28, and nothing else: the SSRF bait (169.254.169.254 in
# the bench's network namespace, 127.0.0.254 without one) stays refused. A fresh
# cache file per run keeps the cache from answering for the server.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BENCH="$HERE/../../shared/tools/linkcheck-bench"
CACHE_DIR="$(mktemp -d)"
trap 'rm -rf "$CACHE_DIR"' EXIT
# bibman runs from this source tree: byte-compile it first, as `pip install` does for an
# installed package (this environment sets PYTHONDONTWRITEBYTECODE=1, so otherwise every
# run compiles ~110 modules from source before its first request). __pycache__ is ignored.
src="${PYTHONPATH:-$HERE/..}"
py="$(sed -n '1s/^#!//p' "$(command -v bibman 2>/dev/null || echo /dev/null)" 2>/dev/null)"
"${py:-python3}" -m compileall -q "${src%%:*}/bibman" >/dev/null 2>&1 || true
export BIBMAN_ALLOW_NETWORKS="127.0.0.0/28"
export BIBMAN_CACHE="$CACHE_DIR/links.sqlite"
args=("$@")
has() { for a in "${args[@]+"${args[@]}"}"; do case "$a" in "$1" | "$1"=*) return 0 ;; esac; done; return 1; }
has --n || args+=(--n 1000)
has --latency-ms || args+=(--latency-ms 50)
has --peers || args+=(--peers bibman,lychee)
has --bibman-cmd || args+=(--bibman-cmd 'bibman check {bib} --format json')
exec "$BENCH/run.sh" "${args[@]}"
