# Sourced by scripts/notebook.sh and scripts/trustNotebooks.sh, with JUPYTER_DIR set: the project's
# own notebook signature database (.setup/jupyter), which `jupyter trust` writes and the server
# reads; never the user's.
# shellcheck shell=bash
NOTARY=(--NotebookNotary.db_file="$JUPYTER_DIR/nbsignatures.db" --NotebookNotary.secret_file="$JUPYTER_DIR/notebook_secret")
