#!/bin/sh
# serve.sh — `polc serve`: the editions over HTTP on 127.0.0.1, reloaded in the browser.
#
# HTTP with curl: bound to 127.0.0.1 only; the right Content-Type per file; a served
# page is the built file plus the reload script (the file itself is untouched and
# equals a plain build's); HEAD; 301 for a folder without '/'; 404, 403 for '..',
# '%2e%2e', hidden names, a symbolic link out of the edition, a foreign Host (DNS
# rebinding); 405 for POST; 400 for garbage. Then headless Chromium (its DevTools
# /json/list gives each page's title): the page opens, a mistake in the source makes
# it reload by itself into the failed-build notice ("[ビルド失敗]" in the title, the
# last good page below it), and the fix reloads it back. After a failed build the
# internal pages show the diagnostics and the public ones do not (a canary in the
# mistaken line).
#
# Run from the repository root with POLC (a command, maybe with a valgrind prefix) and
# BUILD, as tests/run.sh does. Prints ok / not ok lines.
set -u

POLC=${POLC:-build/polc}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-serve.XXXXXX")
pid=""
cpid=""
cleanup() {
	[ -n "$cpid" ] && kill "$cpid" 2>/dev/null && wait "$cpid" 2>/dev/null
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/lib.sh
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures failed"
		exit 1
	fi
	echo "all passed"
	exit 0
}
wait_for() { # SECONDS COMMAND...
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

cp -R policy-src "$T/src"
$POLC serve "$T/src" -o "$T/out" --port 0 >"$T/serve.out" 2>"$T/serve.err" &
pid=$!
if ! wait_for 60 grep -q "^polc: built" "$T/serve.out"; then
	not_ok "serve starts and builds"
	sed 's/^/    /' "$T/serve.err" | head -n 20
	finish
fi
PORT=$(sed -n 's|^polc: serving .* on http://127.0.0.1:\([0-9]*\)/ (Ctrl-C stops)$|\1|p' "$T/serve.out")
ok "serve starts, builds and says its port ($PORT)"
U=http://127.0.0.1:$PORT

# Listening on 127.0.0.1 only (/proc/net/tcp: local address 0100007F:PORT, state 0A).
hex=$(printf '%04X' "$PORT")
check "bound to 127.0.0.1 only" sh -c '
	grep -q " 0100007F:$1 00000000:0000 0A " /proc/net/tcp && ! grep " 00000000:$1 .* 0A " /proc/net/tcp /proc/net/tcp6 | grep -q .' - "$hex"

code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
ctype() { curl -s -o /dev/null -w '%{content_type}' "$@"; }
check "index.html: 200 text/html; charset=utf-8" sh -c 'test "$(curl -s -o /dev/null -w "%{http_code} %{content_type}" "$1")" = "200 text/html; charset=utf-8"' - "$U/public/index.html"
check "style.css: text/css; charset=utf-8" test "$(ctype "$U/public/style.css")" = "text/css; charset=utf-8"
check "bundle.json: application/json" test "$(ctype "$U/internal/bundle.json")" = "application/json"
check "basic.md: text/markdown; charset=utf-8" test "$(ctype "$U/public/basic.md")" = "text/markdown; charset=utf-8"
check "nosniff on every response" sh -c 'curl -s -D - -o /dev/null "$1" | grep -qi "^x-content-type-options: nosniff"' - "$U/public/style.css"
check "a folder with '/': its index.html" sh -c 'curl -s "$1" | grep -q "<title>吾妻広域町村圏振興整備組合情報セキュリティポリシー | 公開版</title>"' - "$U/public/"
check "a folder without '/': 301 to it" sh -c 'curl -s -D - -o /dev/null "$1" | grep -q "^Location: /public/"' - "$U/public"
check "/ lists the editions" sh -c 'curl -s "$1" | grep -q "<a href=\"internal/\">internal</a>"' - "$U/"
check "a missing file: 404" test "$(code "$U/public/nothing.html")" = 404
check "a missing edition: 404" test "$(code "$U/secret/index.html")" = 404
check "'..': 403" test "$(code --path-as-is "$U/public/../internal/index.html")" = 403
check "'%2e%2e': 403" test "$(code "$U/public/%2e%2e/internal/index.html")" = 403
check "'%2f..%2f': 403" test "$(code "$U/public%2f..%2finternal/index.html")" = 403
check "hidden names (.polc): 403" test "$(code "$U/.polc/current/internal/index.html")" = 403
check "%00: 400" test "$(code "$U/public/index.html%00.css")" = 400
real_public=$(readlink -f "$T/out/public")
ln -s /etc/passwd "$real_public/evil.txt"
ln -s /etc "$real_public/evil-dir"
ln -s index.html "$real_public/alias.html"
check "a symbolic link out of the edition: 403" test "$(code "$U/public/evil.txt")" = 403
check "through a linked folder: 403" test "$(code "$U/public/evil-dir/passwd")" = 403
check "a link inside the edition: served" test "$(code "$U/public/alias.html")" = 200
rm -f "$real_public/evil.txt" "$real_public/evil-dir" "$real_public/alias.html"
check "a foreign Host (DNS rebinding): 403" test "$(code -H "Host: attacker.example:$PORT" "$U/internal/index.html")" = 403
check "Host on another port: 403" test "$(code -H "Host: 127.0.0.1:1" "$U/internal/index.html")" = 403
check "Host localhost: 200" test "$(code -H "Host: localhost:$PORT" "$U/internal/index.html")" = 200
check "POST: 405" test "$(code -X POST "$U/public/index.html")" = 405
check "HEAD: the headers, no body" sh -c '
	test "$(curl -s -I "$1" | tr -d "\r" | sed -n "s/^Content-Length: //p")" = "$(curl -s "$1" | wc -c | tr -d " ")" &&
	test -z "$(curl -s -X HEAD --max-time 5 "$1" 2>/dev/null)"' - "$U/public/index.html"
check "garbage: 400" sh -c 'printf "NONSENSE\r\n\r\n" | python3 -c "
import socket, sys
s = socket.create_connection((\"127.0.0.1\", int(sys.argv[1]))); s.sendall(sys.stdin.buffer.read())
print(s.recv(100).decode())" "$1" | grep "^HTTP/1.1 400 " >/dev/null' - "$PORT"

# Served pages carry the script; the built files do not.
curl -s "$U/internal/standards.html" >"$T/served.html"
check "a served page has the reload script" grep -q 'new EventSource("/__polc/events")' "$T/served.html"
check "the built file has not" sh -c '! grep -rq "EventSource\|polc serve" "$1"/public/ "$1"/internal/' - "$T/out"
check "the served page is the file plus the script" python3 -c '
import sys
served = open(sys.argv[1], encoding="utf-8").read(); built = open(sys.argv[2], encoding="utf-8").read()
a = served.index("\n<!-- polc serve"); b = served.index("</body>")
assert served[:a] + served[b:] == built' "$T/served.html" "$T/out/internal/standards.html"
$POLC build "$T/src" -o "$T/plain" >/dev/null 2>&1
check "the built files equal a plain build's" diff -r "$T/out/internal/" "$T/plain/internal/"
check "the event stream says the build's number" sh -c '
	curl -s -N --max-time 1 "$1" | grep -q "^data: 1$"' - "$U/__polc/events"

# Headless Chromium: open the internal index; its title comes from DevTools.
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
	not_ok "chromium is installed (make test installs it: it is in DEBS)"
	finish
fi
timeout 300 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$T/profile" --remote-debugging-port=0 "$U/internal/index.html" 2>"$T/chromium.log" &
cpid=$!
wait_for 60 test -s "$T/profile/DevToolsActivePort"
DT=$(head -n 1 "$T/profile/DevToolsActivePort" 2>/dev/null)
title() { # the title of the page Chromium shows
	curl -s "http://127.0.0.1:$DT/json/list" | python3 -c '
import json, sys
print([t["title"] for t in json.load(sys.stdin) if t["type"] == "page"][0])'
}
TITLE="吾妻広域町村圏振興整備組合情報セキュリティポリシー | 内部版（非公開）"
title_is() { test "$(title)" = "$1"; }
check "chromium shows the page" wait_for 60 title_is "$TITLE"

# A mistake (with a canary in its line): the page reloads into the notice.
sed -i 's/^@article org 組織体制/@artcle org 組織体制 CANARY-DIAG-9Q7/' "$T/src/standards.pol"
check "the build fails" wait_for 60 grep -q "the build failed" "$T/serve.err"
check "chromium reloads by itself: the title says the build failed" wait_for 30 title_is "[ビルド失敗] $TITLE"
curl -s "$U/internal/index.html" >"$T/failed-internal.html"
curl -s "$U/public/index.html" >"$T/failed-public.html"
check "an internal page shows the notice and the diagnostics" sh -c '
	grep -q "ビルドに失敗しました。最後に成功したビルドを表示しています。" "$1" &&
	grep -q "standards.pol:15:1: error: unknown directive .*@artcle.*; did you mean .*@article.*?" "$1" &&
	grep -q "CANARY-DIAG-9Q7" "$1" &&
	grep -q "<p class=\"cover-mark\">非公開</p>" "$1"' - "$T/failed-internal.html"
check "a public page shows the notice, not the diagnostics" sh -c '
	grep -q "ビルドに失敗しました。" "$1" && ! grep -q "CANARY-DIAG-9Q7" "$1" && ! grep -q "standards.pol\|artcle" "$1"' - "$T/failed-public.html"
check "no public file holds the canary" sh -c '! grep -rq "CANARY-DIAG-9Q7" "$1/public/"' - "$T/out"
"$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
	--user-data-dir="$T/profile2" --dump-dom "$U/public/index.html" >"$T/public.dom" 2>>"$T/chromium.log"
check "chromium's public page: the notice, no canary" sh -c '
	grep -q "id=\"polc-build-failed\"" "$1" && ! grep -q "CANARY-DIAG-9Q7" "$1" && grep -q "\[ビルド失敗\]" "$1"' - "$T/public.dom"

# Fixed: built, and the page reloads back.
sed -i 's/^@artcle org 組織体制 CANARY-DIAG-9Q7/@article org 組織体制/' "$T/src/standards.pol"
check "the fix reloads the page back" wait_for 60 title_is "$TITLE"
check "no notice after a good build" sh -c '! curl -s "$1" | grep -q "polc-build-failed"' - "$U/internal/index.html"

kill "$cpid" 2>/dev/null
wait "$cpid" 2>/dev/null
cpid=""
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
pid=""
check "SIGTERM stops it, exit 0" test "$rc" = 0
# A first build that fails: no output yet, pages are a 404 that reloads by itself.
cp -R policy-src "$T/src3"
sed -i 's/^@article org /@artcle org /' "$T/src3/standards.pol"
$POLC serve "$T/src3" -o "$T/out3" --port 0 >"$T/s3.out" 2>"$T/s3.err" &
pid=$!
wait_for 60 grep -q "the build failed" "$T/s3.err"
P3=$(sed -n 's|^polc: serving .* on http://127.0.0.1:\([0-9]*\)/ (Ctrl-C stops)$|\1|p' "$T/s3.out")
check "nothing built yet: a page is a 404 with the reload script and the notice" sh -c '
	test "$(curl -s -o "$2" -w "%{http_code}" "$1")" = 404 && grep -q "new EventSource" "$2" && grep -q "polc-build-failed" "$2"' \
	- "http://127.0.0.1:$P3/public/index.html" "$T/404.html"
check "a missing file that is no page: a plain 404" sh -c '! curl -s "$1" | grep -q EventSource' - "http://127.0.0.1:$P3/public/x/y.css"
sed -i 's/^@artcle org /@article org /' "$T/src3/standards.pol"
check "once built, the page is there" wait_for 60 sh -c 'test "$(curl -s -o /dev/null -w "%{http_code}" "$1")" = 200' - "http://127.0.0.1:$P3/public/index.html"
kill -TERM "$pid"
wait "$pid"
pid=""

rc=0
$POLC serve "$T/src" -o "$T/out" --port 99999 >/dev/null 2>"$T/port.err" || rc=$?
check "a bad port: exit 2" sh -c 'test "$1" = 2 && grep -q "port must be" "$2"' - "$rc" "$T/port.err"
finish
