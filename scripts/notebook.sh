#!/usr/bin/env bash
# Open the notebooks in Jupyter (classic Notebook, or JupyterLab where that is what is installed)
# with the project's tslab kernel. Extra arguments go to Jupyter, e.g. --port 8899 --no-browser.
# The server starts in the repository root (open notebooks/ there), so that the figures find
# plotly.js under /files/node_modules and draw interactively.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO/.setup/tools.json"
[ -f "$TOOLS" ] || { echo "notebook: $TOOLS is missing; run: npm run setup" >&2; exit 1; }
JUPYTER="$(node -p "require(process.argv[1]).jupyter" "$TOOLS")"
JUPYTER_DIR="$(node -p "require(process.argv[1]).jupyterPath" "$TOOLS")"
export JUPYTER_PATH="$JUPYTER_DIR${JUPYTER_PATH:+:$JUPYTER_PATH}"
# Jupyter refuses to run as root unless told; the set-up runs as root on CI machines and containers.
EXTRA=()
[ "$(id -u)" = 0 ] && EXTRA+=(--allow-root)
for app in notebook lab; do
  if "$JUPYTER" "$app" --version >/dev/null 2>&1; then
    echo "notebook: starting jupyter $app in $REPO (open notebooks/) with the tslab kernel from $JUPYTER_DIR"
    exec "$JUPYTER" "$app" --notebook-dir="$REPO" "${EXTRA[@]}" "$@"
  fi
done
echo "notebook: $JUPYTER has neither 'notebook' nor 'lab'. Install one, e.g." >&2
echo "  Debian/Ubuntu (as root): apt-get install jupyter-notebook" >&2
echo "  pip:                     python3 -m pip install notebook" >&2
exit 1
