#!/bin/sh
# lsp.sh — `polc lsp` end to end, and the editor files of editors/:
#   1. lsp.py, a JSON-RPC client, drives the server over pipes through a multi-file
#      policy with Japanese text (UTF-16 columns of kanji and of a character outside
#      the BMP), unsaved buffers over the files on disk, definition, references,
#      hover, completion, symbols, rename, and malformed messages;
#   2. Neovim (Debian's, headless) opens a policy with editors/vim on its runtime
#      path: the ftplugin starts polc lsp in Neovim's own LSP client, which is then
#      driven by lsp-nvim.lua (diagnostics as the buffer changes, definition, hover,
#      completion, symbols, a rename applied across files), and the syntax groups;
#   3. the TextMate grammar of editors/vscode runs over sample lines in vscode-textmate
#      on vscode-oniguruma (lsp-grammar/, installed by make e2e with npm ci).
# None of them is skipped: a missing tool is a failure.
#
#   POLC=build/polc BUILD=build sh tests/e2e/lsp.sh     (from the repository root)
set -u
ROOT=$(pwd)
POLC=${POLC:-build/polc}
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
failures=0

# POLC may carry a valgrind prefix: split it into words for the client.
# shellcheck disable=SC2086
python3 tests/e2e/lsp.py $POLC || failures=$((failures + 1))

T=$(mktemp -d "${TMPDIR:-/tmp}/polc-lsp-nvim.XXXXXX")
trap 'rm -rf "$T"' EXIT
if ! command -v nvim >/dev/null 2>&1; then
	echo "not ok - nvim is missing (make installs Debian's neovim)"
	failures=$((failures + 1))
else
	# Neovim starts the program itself: the binary, without a valgrind prefix.
	# its own home and XDG folders: no user configuration, logs in $T
	mkdir -p "$T/home" "$T/root"
	HOME=$T/home XDG_CONFIG_HOME=$T/home/config XDG_DATA_HOME=$T/home/data XDG_CACHE_HOME=$T/home/cache \
	XDG_STATE_HOME=$T/home/state POLC_BIN=$BUILD/polc LSP_ROOT=$T/root RESULT=$T/result \
		nvim --headless -u NONE -i NONE --cmd "set rtp^=$ROOT/editors/vim" \
		-c 'filetype plugin on' -c "luafile $ROOT/tests/e2e/lsp-nvim.lua" </dev/null >"$T/nvim.log" 2>&1
	rc=$?
	if [ -f "$T/result" ]; then cat "$T/result"; else cat "$T/nvim.log"; fi
	if [ "$rc" != 0 ] || ! grep -q '^nvim: 0 failed' "$T/result" 2>/dev/null; then
		echo "not ok - the Neovim client (exit $rc)"
		failures=$((failures + 1))
	fi
fi

NODE_MODULES=$BUILD/node/node_modules
if ! command -v node >/dev/null 2>&1 || [ ! -d "$NODE_MODULES/vscode-textmate" ]; then
	echo "not ok - the grammar test needs node and $NODE_MODULES (make e2e runs npm ci)"
	failures=$((failures + 1))
else
	NODE_PATH=$NODE_MODULES node tests/e2e/lsp-grammar/test.js || failures=$((failures + 1))
	# the client is valid JavaScript (it runs inside VS Code only)
	if node --check editors/vscode/extension.js; then echo "ok - editors/vscode/extension.js parses"
	else echo "not ok - editors/vscode/extension.js does not parse"; failures=$((failures + 1)); fi
fi

[ "$failures" = 0 ] || { echo "lsp.sh: $failures part(s) failed"; exit 1; }
