# Sourced by bin/notebook.sh and tools/trustNotebooks.sh, with REPOSITORY set to the repository and
# WHO to the caller's name (for its messages): the Jupyter that `npm run setup` recorded, the
# project's kernelspec folder, and the project's own notebook signature database (.setup/jupyter),
# which `jupyter trust` writes and the server reads; never the user's.
# shellcheck shell=bash
TOOLS="$REPOSITORY/.setup/tools.json"
[ -f "$TOOLS" ] || { echo "$WHO: $TOOLS is missing; run: npm run setup" >&2; exit 1; }
JUPYTER="$(node -p "require(process.argv[1]).jupyter" "$TOOLS")"
JUPYTER_DIR="$(node -p "require(process.argv[1]).jupyterPath" "$TOOLS")"
NOTARY=(--NotebookNotary.db_file="$JUPYTER_DIR/nbsignatures.db" --NotebookNotary.secret_file="$JUPYTER_DIR/notebook_secret")
