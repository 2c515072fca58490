#!/bin/sh
# lsp.sh — `polc lsp` end to end: a JSON-RPC client (lsp.py) drives the server over
# pipes through a multi-file policy with Japanese text (UTF-16 columns of kanji and of
# a character outside the BMP), unsaved buffers over the files on disk, definition,
# references, hover, completion, symbols, rename, and malformed messages; then the
# TextMate grammar of editors/vscode is run over sample lines (lsp-grammar.sh).
#
#   POLC=build/polc BUILD=build sh tests/e2e/lsp.sh     (from the repository root)
set -u
POLC=${POLC:-build/polc}
# POLC may carry a valgrind prefix: split it into words for the client.
# shellcheck disable=SC2086
python3 tests/e2e/lsp.py $POLC || exit 1

# The TextMate grammar, with vscode-textmate and vscode-oniguruma from npm (make e2e
# installs them with npm ci into $BUILD/node). Not skipped: without them this fails.
BUILD=${BUILD:-build}
NODE_MODULES=$BUILD/node/node_modules
if ! command -v node >/dev/null 2>&1 || [ ! -d "$NODE_MODULES/vscode-textmate" ]; then
	echo "not ok - the grammar test needs node and $NODE_MODULES (make e2e runs npm ci)"
	exit 1
fi
NODE_PATH=$NODE_MODULES node tests/e2e/lsp-grammar/test.js || exit 1
