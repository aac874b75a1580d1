#!/usr/bin/env bash
# Mark notebooks trusted in the project's own signature database (.setup/jupyter), never the user's,
# so that their figures run plotly.js: classic Notebook then runs the script that turns each figure's
# static image into an interactive chart, and Notebook 7 and JupyterLab draw it with plotly's renderer.
# Usage: scripts/trustNotebooks.sh NOTEBOOK...   (npm run notebook calls it for notebooks/*.ipynb)
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO/.setup/tools.json"
[ -f "$TOOLS" ] || { echo "trustNotebooks: $TOOLS is missing; run: npm run setup" >&2; exit 1; }
JUPYTER="$(node -p "require(process.argv[1]).jupyter" "$TOOLS")"
JUPYTER_DIR="$(node -p "require(process.argv[1]).jupyterPath" "$TOOLS")"
NOTARY=(--NotebookNotary.db_file="$JUPYTER_DIR/nbsignatures.db" --NotebookNotary.secret_file="$JUPYTER_DIR/notebook_secret")
if "$JUPYTER" trust --version >/dev/null 2>&1; then
  exec "$JUPYTER" trust "${NOTARY[@]}" "$@"
fi
# Debian's nbformat ships no jupyter-trust command; its module is the same program.
PYTHON="$(head -1 "$JUPYTER" | sed -e 's/^#! *//')"
exec $PYTHON -m nbformat.sign "${NOTARY[@]}" "$@"
