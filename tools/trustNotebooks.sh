#!/usr/bin/env bash
# Mark notebooks trusted in the project's own signature database (.setup/jupyter), never the user's,
# so that their figures run plotly.js: the front ends then run the script in each figure's HTML that
# turns its static image into an interactive chart.
# Usage: tools/trustNotebooks.sh NOTEBOOK...   (npm run notebook calls it for notebooks/*.ipynb)
set -euo pipefail
REPOSITORY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHO=trustNotebooks
source "$REPOSITORY/tools/jupyterTools.sh"
if "$JUPYTER" trust --version >/dev/null 2>&1; then
  exec "$JUPYTER" trust "${NOTARY[@]}" "$@"
fi
# Debian's nbformat ships no jupyter-trust command; its module is the same program.
PYTHON="$(head -1 "$JUPYTER" | sed -e 's/^#! *//')"
exec $PYTHON -m nbformat.sign "${NOTARY[@]}" "$@"
