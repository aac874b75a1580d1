#!/usr/bin/env bash
# Open the notebooks in Jupyter with the project's tslab kernel: Notebook (classic 6 or the
# JupyterLab-based 7, whichever is installed), or JupyterLab with --lab. Other arguments go to
# Jupyter, e.g. --port 8899 --no-browser.
#
# The server starts in the repository root (open notebooks/ there), so that the figures' HTML finds
# plotly.js under /files/node_modules. The project's own notebooks are marked trusted first, in a
# signature database of the project's (.setup/jupyter), so that classic Notebook runs the script
# that turns each figure's static image into an interactive chart, and so do Notebook 7 and JupyterLab
# (or plotly's renderer, where the plotly package is installed next to them).
set -euo pipefail
REPOSITORY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WHO=notebook
# JUPYTER, JUPYTER_DIR and the signature database's flags (NOTARY), shared with trustNotebooks.sh.
source "$REPOSITORY/tools/jupyterTools.sh"
export JUPYTER_PATH="$JUPYTER_DIR${JUPYTER_PATH:+:$JUPYTER_PATH}"

# The notebooks import the library compiled into build/ (src/notebook/libraryBuild.ts says why):
# compiled again when a source file is newer than the last build, as the notebooks' check sees it.
if [ ! -f "$REPOSITORY/build/.built" ] || [ -n "$(find "$REPOSITORY/src" -name '*.ts' -newer "$REPOSITORY/build/.built" -print -quit)" ]; then
  npm run --silent --prefix "$REPOSITORY" build
fi

APPS=(notebook lab)
if [ "${1:-}" = "--lab" ]; then
  APPS=(lab)
  shift
fi

# The project's notebooks, marked trusted in the database (NOTARY) the server reads.
shopt -s nullglob
NOTEBOOKS=("$REPOSITORY"/notebooks/*.ipynb)
if [ "${#NOTEBOOKS[@]}" -gt 0 ]; then
  # Signed again only when a notebook or the signing key changed, or the signature database was
  # replaced, since the last signing (recorded in a file next to the signatures; the database itself
  # changes whenever Jupyter opens a notebook): signing takes a Python start and a hash of every
  # notebook. Where stat cannot say (not GNU stat), they are signed every time.
  TRUSTED="$JUPYTER_DIR/trusted-notebooks"
  state() {
    stat -c '%n %s %.9Y' "${NOTEBOOKS[@]}" "$JUPYTER_DIR/notebook_secret" 2>/dev/null \
      && stat -c '%n inode %i' "$JUPYTER_DIR/nbsignatures.db" 2>/dev/null || true
  }
  STATE="$(state)"
  if { [ -n "$STATE" ] && [ -f "$TRUSTED" ] && [ "$(cat "$TRUSTED")" = "$STATE" ]; } \
    || { "$REPOSITORY/tools/trustNotebooks.sh" "${NOTEBOOKS[@]}" >/dev/null 2>&1 && state > "$TRUSTED"; }; then
    echo "notebook: the ${#NOTEBOOKS[@]} notebooks in notebooks/ are trusted (their figures run plotly.js)"
  else
    echo "notebook: could not mark the notebooks trusted; in classic Notebook, use File > Trust Notebook to make the figures interactive" >&2
  fi
fi

# Jupyter refuses to run as root unless told; the set-up runs as root on CI machines and containers.
EXTRA=()
[ "$(id -u)" = 0 ] && EXTRA+=(--allow-root)
for app in "${APPS[@]}"; do
  # Jupyter runs `jupyter APP` as the program jupyter-APP, next to it or on the PATH.
  if [ -x "$(dirname "$JUPYTER")/jupyter-$app" ] || command -v "jupyter-$app" >/dev/null; then
    echo "notebook: starting jupyter $app in $REPOSITORY (open notebooks/) with the tslab kernel from $JUPYTER_DIR"
    exec "$JUPYTER" "$app" --notebook-dir="$REPOSITORY" "${NOTARY[@]}" "${EXTRA[@]}" "$@"
  fi
done
echo "notebook: $JUPYTER has no '${APPS[*]}'. Install one, e.g." >&2
echo "  Debian/Ubuntu (as root): apt-get install jupyter-notebook" >&2
echo "  pip:                     python3 -m pip install notebook plotly" >&2
exit 1
