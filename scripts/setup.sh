#!/usr/bin/env bash
# Set up everything the notebooks, the tests and the figure export need. Idempotent and
# non-interactive: run it again at any time, it only does what is missing. It prints each step.
#
#   1. Node dependencies (npm ci, offline-safe: the optional native tfjs-node may fail to install).
#   2. `jupyter nbconvert`: an existing one, else a project-local venv (.venv) where pip reaches
#      its index (with Notebook 7 and plotly, whose renderer draws the figures there), else Debian's
#      packages when running as root (with classic Notebook 6).
#   3. A project-local tslab kernelspec in .setup/jupyter/kernels/tslab (the user's own Jupyter
#      configuration is not touched; scripts point JUPYTER_PATH at .setup/jupyter).
#   4. Headless Chromium for static figures: an existing Chrome/Chromium, else Debian's chromium.
#   5. The native training kernel (scripts/buildNative.sh): C++ with OpenBLAS, into .setup/native.
#      As root with apt, g++ and libopenblas-dev are installed when missing and a failed build is
#      an error; otherwise a missing compiler only means training uses the TypeScript kernel or tfjs.
#   6. The library compiled for the notebooks (npm run build: src/ -> build/, JavaScript and type
#      declarations; tslab type-checks every TypeScript file a notebook imports, declarations are quick).
# What was found is written to .setup/tools.json for the other scripts.
set -euo pipefail

REPOSITORY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPOSITORY"
SETUP_DIR="$REPOSITORY/.setup"
mkdir -p "$SETUP_DIR"

say() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '\n[setup] cannot continue: %s\n' "$1" >&2
  shift
  for line in "$@"; do printf '        %s\n' "$line" >&2; done
  exit 1
}

is_root() { [ "$(id -u)" = 0 ]; }
has_apt() { command -v apt-get >/dev/null 2>&1; }
APT_UPDATED=0
apt_install() {
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- 1. Node.js and the node dependencies ----------------------------------------------------
command -v node >/dev/null 2>&1 || fail "Node.js is not installed." "Install Node.js 20 or later (https://nodejs.org or your package manager), then run: npm run setup"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || fail "Node.js $(node --version) is too old." "Install Node.js 20 or later, then run: npm run setup"
say "Node.js $(node --version), npm $(npm --version)"

LOCK_HASH="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ -f node_modules/.setup-lock-hash ] && [ "$(cat node_modules/.setup-lock-hash)" = "$LOCK_HASH" ]; then
  say "node dependencies: up to date with package-lock.json"
else
  say "node dependencies: npm ci (the optional native tfjs-node needs a download from outside the npm registry; where that fails it is skipped)"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$LOCK_HASH" > node_modules/.setup-lock-hash
fi

# --- 2. jupyter nbconvert ----------------------------------------------------------------------
works_nbconvert() { [ -n "$1" ] && [ -x "$1" ] && "$1" nbconvert --version >/dev/null 2>&1; }
find_jupyter() {
  local candidate
  for candidate in "$REPOSITORY/.venv/bin/jupyter" "$(command -v jupyter 2>/dev/null || true)" /usr/bin/jupyter /usr/local/bin/jupyter; do
    if works_nbconvert "$candidate"; then echo "$candidate"; return 0; fi
  done
  return 1
}

JUPYTER="$(find_jupyter || true)"
if [ -n "$JUPYTER" ]; then
  say "jupyter nbconvert: using $JUPYTER (nbconvert $("$JUPYTER" nbconvert --version))"
else
  PYTHON="$(command -v python3 || true)"
  if [ -n "$PYTHON" ] && "$PYTHON" -m venv --help >/dev/null 2>&1; then
    say "jupyter nbconvert: trying a project-local venv in .venv with pip"
    if "$PYTHON" -m venv "$REPOSITORY/.venv" >/dev/null 2>&1 \
      && "$REPOSITORY/.venv/bin/pip" install --quiet --disable-pip-version-check --retries 0 --timeout 15 \
           nbconvert nbclient jupyter_client ipykernel notebook plotly >/dev/null 2>&1; then
      JUPYTER="$REPOSITORY/.venv/bin/jupyter"
    else
      say "jupyter nbconvert: pip could not install into .venv (no package index reachable?); removing .venv"
      rm -rf "$REPOSITORY/.venv"
    fi
  fi
  if [ -z "$JUPYTER" ] && is_root && has_apt; then
    say "jupyter nbconvert: installing Debian's packages"
    apt_install jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook
    JUPYTER="$(find_jupyter || true)"
  fi
  [ -n "$JUPYTER" ] || fail "no working 'jupyter nbconvert' could be found or installed." \
    "Install it one of these ways, then run: npm run setup" \
    "  Debian/Ubuntu (as root): apt-get install jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook" \
    "  pip:                     python3 -m pip install nbconvert nbclient jupyter_client notebook plotly"
  say "jupyter nbconvert: using $JUPYTER (nbconvert $("$JUPYTER" nbconvert --version))"
fi

# jsonschema, which nbconvert and the Jupyter server import, imports rfc3987-syntax wherever it is
# installed (pip brings it with jupyter-events), and that package builds some 35 Earley parsers as it
# is imported: 0.9 s of every nbconvert run and server start here. It only checks the "iri" string
# format, which no Jupyter schema uses, so the project's own venv goes without it.
if [ "$JUPYTER" = "$REPOSITORY/.venv/bin/jupyter" ] && compgen -G "$REPOSITORY/.venv/lib/python3*/site-packages/rfc3987_syntax" >/dev/null; then
  say "jupyter: removing rfc3987-syntax from .venv (0.9 s of every Jupyter start; it only checks IRIs, which no Jupyter schema uses)"
  "$REPOSITORY/.venv/bin/pip" uninstall --quiet --yes --disable-pip-version-check rfc3987-syntax >/dev/null 2>&1 \
    || say "jupyter: pip could not remove rfc3987-syntax; each Jupyter start takes 0.9 s longer"
fi

# In trusted notebooks (npm run notebook trusts the project's) every front end draws the figures with
# their own HTML; Notebook 7 and JupyterLab can also draw their plotly JSON with plotly's renderer
# (shipped in the plotly wheel). Installed where the Jupyter is the project's own venv; optional.
if "$JUPYTER" labextension --version >/dev/null 2>&1; then
  EXTENSIONS="$("$JUPYTER" labextension list 2>&1 || true)"
  if [[ "$EXTENSIONS" == *jupyterlab-plotly* ]]; then
    say "plotly renderer for Notebook 7 and JupyterLab: installed"
  elif [ "$JUPYTER" = "$REPOSITORY/.venv/bin/jupyter" ]; then
    say "plotly renderer for Notebook 7 and JupyterLab: installing plotly into .venv with pip"
    "$REPOSITORY/.venv/bin/pip" install --quiet --disable-pip-version-check --retries 0 --timeout 15 plotly >/dev/null 2>&1 \
      || say "plotly renderer: pip could not install plotly; Notebook 7 and JupyterLab draw the figures with their own HTML instead"
  else
    say "plotly renderer for Notebook 7 and JupyterLab: not in $JUPYTER (optional: the figures' own HTML draws them; $(dirname "$JUPYTER")/pip install plotly adds it)"
  fi
fi

# --- 3. the project-local tslab kernelspec -----------------------------------------------------
# The kernel starts in the repository root whatever folder the notebook is in, so that
# notebooks import './src/...' and read 'data/...'; tslab fixes its TypeScript root to that folder.
[ -x "$REPOSITORY/node_modules/.bin/tslab" ] || fail "node_modules/.bin/tslab is missing after npm ci." "Run: npm ci"
KERNEL_DIR="$SETUP_DIR/jupyter/kernels/tslab"
mkdir -p "$KERNEL_DIR"
node -e '
  const [dir, repo] = process.argv.slice(1);
  const spec = {
    argv: ["/bin/sh", "-c", "cd \"$1\" && exec ./node_modules/.bin/tslab kernel --config-path \"$0\"", "{connection_file}", repo],
    display_name: "TypeScript (tslab)",
    language: "typescript",
    metadata: { project: repo },
  };
  require("fs").writeFileSync(dir + "/kernel.json", JSON.stringify(spec, null, 2) + "\n");
' "$KERNEL_DIR" "$REPOSITORY"
# (Captured first: with pipefail, `jupyter ... | grep -q` fails at random when grep exits before jupyter has written everything.)
KERNELS="$(JUPYTER_PATH="$SETUP_DIR/jupyter" "$JUPYTER" kernelspec list 2>/dev/null || true)"
if [[ "$KERNELS" == *"$KERNEL_DIR"* ]]; then
  say "kernelspec: tslab -> $KERNEL_DIR (used through JUPYTER_PATH only; your Jupyter is unchanged)"
else
  fail "Jupyter does not see the kernelspec written to $KERNEL_DIR." "Check that JUPYTER_PATH is honoured by $JUPYTER."
fi

# --- 4. headless Chromium ----------------------------------------------------------------------
find_chromium() {
  local candidate
  for candidate in "${CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    [ -n "$candidate" ] || continue
    candidate="$(command -v "$candidate" 2>/dev/null || true)"
    if [ -n "$candidate" ] && "$candidate" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
CHROME="$(find_chromium || true)"
if [ -z "$CHROME" ] && is_root && has_apt; then
  say "chromium: installing Debian's package"
  apt_install chromium
  CHROME="$(find_chromium || true)"
fi
[ -n "$CHROME" ] || fail "no Chrome or Chromium found; static figure images need one." \
  "Install it, then run: npm run setup" \
  "  Debian/Ubuntu (as root): apt-get install chromium" \
  "  or set CHROMIUM=/path/to/chrome"
say "chromium: using $CHROME ($("$CHROME" --headless --no-sandbox --disable-gpu --version 2>/dev/null | head -1))"

# --- 5. the native training kernel ------------------------------------------------------------
NATIVE=""
if is_root && has_apt; then
  MISSING=()
  command -v g++ >/dev/null 2>&1 || command -v c++ >/dev/null 2>&1 || MISSING+=(g++)
  dpkg -s libopenblas-dev >/dev/null 2>&1 || MISSING+=(libopenblas-dev)
  if [ "${#MISSING[@]}" -gt 0 ]; then
    say "native kernel: installing Debian's ${MISSING[*]}"
    apt_install "${MISSING[@]}"
  fi
fi
if bash "$REPOSITORY/scripts/buildNative.sh"; then
  NATIVE="$SETUP_DIR/native/recurrent.node"
elif is_root && has_apt; then
  fail "the native training kernel did not build although its compiler and libraries were installed." "See the compiler's messages above."
else
  say "native kernel: not built; training uses the TypeScript kernel or tfjs (slower). To build it, install a C++ compiler"
  say "  (Debian/Ubuntu: apt-get install g++ libopenblas-dev), then run: npm run setup"
fi

# --- 6. the library compiled for the notebooks ------------------------------------------------
say "library: compiling src/ into build/ for the notebooks (npm run build)"
npm run --silent build

# --- record what was found ---------------------------------------------------------------------
node -e '
  const [file, jupyter, chromium, kernelDir, native] = process.argv.slice(1);
  require("fs").writeFileSync(file, JSON.stringify({ jupyter, chromium, jupyterPath: require("path").dirname(require("path").dirname(kernelDir)), native: native || null }, null, 2) + "\n");
' "$SETUP_DIR/tools.json" "$JUPYTER" "$CHROME" "$KERNEL_DIR" "$NATIVE"
say "tools recorded in .setup/tools.json"

# A figure cache from an earlier set-up is no longer used.
rm -rf "$SETUP_DIR/figure-cache"
say "done"
