#!/usr/bin/env bash
# Build the native training kernel (src/engines/native/recurrent.cc) into .setup/native/recurrent.node.
# Called by scripts/setup.sh; safe to run on its own. Rebuilds only when the source, the flags or
# the compiler changed. Needs a C++ compiler; links OpenBLAS where its headers are found (else the
# kernel's own loops do the matrix products). The Node-API headers come from the node-api-headers
# npm package, so no Node source download is needed.
#
# Exit status: 0 built or up to date, 1 could not build (setup.sh then stops where it could
# install the compiler itself, as root with apt; elsewhere training uses the TypeScript kernel).
set -euo pipefail

REPOSITORY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$REPOSITORY/src/engines/native/recurrent.cc"
# NATIVE_OUT_DIR and NATIVE_BLAS=none (the kernel's own loops even where OpenBLAS is installed) are
# for the tests, which build that variant too.
OUT_DIR="${NATIVE_OUT_DIR:-$REPOSITORY/.setup/native}"
OUT="$OUT_DIR/recurrent.node"
say() { printf '[setup] native kernel: %s\n' "$*"; }

CXX="${CXX:-}"
if [ -z "$CXX" ]; then
  for candidate in g++ c++ clang++; do
    if command -v "$candidate" >/dev/null 2>&1; then CXX="$candidate"; break; fi
  done
fi
[ -n "$CXX" ] || { say "no C++ compiler (g++, c++ or clang++) found"; exit 1; }

INCLUDE="$REPOSITORY/node_modules/node-api-headers/include"
[ -f "$INCLUDE/node_api.h" ] || { say "node_modules/node-api-headers is missing (run npm ci)"; exit 1; }

FLAGS=(-O3 -march=native -pthread -fno-trapping-math -fno-math-errno -std=c++17 -shared -fPIC -fvisibility=hidden -DNAPI_VERSION=8 -DNODE_GYP_MODULE_NAME=recurrent -I"$INCLUDE")
LIBS=()
BLAS=none
# OpenBLAS: Debian's libopenblas-dev puts cblas.h in the multiarch include folder.
CBLAS_PROBE='#include <cblas.h>
int main() { openblas_set_num_threads(1); float a = 1, b = 1, c = 0; cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 1, 1, 1, 1.0f, &a, 1, &b, 1, 0.0f, &c, 1); return c == 1.0f ? 0 : 1; }'
PROBE_DIR="$(mktemp -d)"
trap 'rm -rf "$PROBE_DIR"' EXIT
if [ "${NATIVE_BLAS:-auto}" != none ] && printf '%s\n' "$CBLAS_PROBE" > "$PROBE_DIR/probe.cc" && "$CXX" "$PROBE_DIR/probe.cc" -o "$PROBE_DIR/probe" -lopenblas >/dev/null 2>&1 && "$PROBE_DIR/probe"; then
  FLAGS+=(-DUSE_CBLAS)
  LIBS+=(-lopenblas)
  BLAS=openblas
fi

# -march=native: the build is for this CPU, so the CPU is part of what a rebuild depends on.
CPU="$(uname -m) $(grep -m1 -E '^(model name|flags)' /proc/cpuinfo 2>/dev/null || true)"
STAMP="$( { sha256sum "$SRC" | cut -d' ' -f1; echo "${FLAGS[*]} ${LIBS[*]}"; "$CXX" --version | head -1; echo "$CPU"; } | sha256sum | cut -d' ' -f1)"
if [ -f "$OUT" ] && [ -f "$OUT_DIR/stamp" ] && [ "$(cat "$OUT_DIR/stamp")" = "$STAMP" ]; then
  say "up to date ($OUT_DIR/recurrent.node, BLAS: $BLAS)"
  exit 0
fi

mkdir -p "$OUT_DIR"
say "compiling with $CXX (BLAS: $BLAS)"
TMP="$OUT_DIR/recurrent.tmp.node"  # .node: require() loads it by extension
if ! "$CXX" "${FLAGS[@]}" "$SRC" -o "$TMP" "${LIBS[@]}"; then
  rm -f "$TMP"
  say "compilation failed"
  exit 1
fi
# Load it once before putting it in place: a module that cannot load never replaces a good one.
if ! node -e 'const m = require(process.argv[1]); if (typeof m.create !== "function") process.exit(1);' "$TMP"; then
  rm -f "$TMP"
  say "the compiled module does not load"
  exit 1
fi
mv -f "$TMP" "$OUT"
echo "$STAMP" > "$OUT_DIR/stamp"
say "built $OUT (BLAS: $BLAS)"
