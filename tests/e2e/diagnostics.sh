#!/bin/sh
# diagnostics.sh — diagnostics for people and for machines (docs/diagnostics.md).
#
# For every case of the bad-input corpus, the seed policy and a few made here:
# --diagnostics-format=json validates against docs/diagnostics.schema.json and says
# exactly what the text says (file, line, column, severity, message, notes, counts),
# with the same exit code; --diagnostics-format=sarif validates against the OASIS
# SARIF 2.1.0 schema (tests/sarif/, or SARIF_SCHEMA) and holds the same
# results. Both are byte-identical when made twice and hold no absolute path. Then
# colour (--color, NO_COLOR, a terminal made with a pty), the cascade of one misspelt
# directive in the real policy (one error), and 「did you mean」 for commands and options.
#
# Run from the repository root with POLC (a command, maybe with a valgrind prefix) and
# BUILD, as tests/run.sh does. Prints ok / not ok lines.
set -u

POLC=${POLC:-build/polc}
# Cases run in their own folders: a relative polc path is made absolute.
case $POLC in /* | *" "*) ;; *) POLC=$(pwd)/$POLC ;; esac
SCHEMA=docs/diagnostics.schema.json
SARIF_SCHEMA=${SARIF_SCHEMA:-tests/sarif/sarif-schema-2.1.0.json}
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-diag.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh
finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures failed"
		exit 1
	fi
	echo "all passed"
	exit 0
}

if [ ! -f "$SARIF_SCHEMA" ]; then
	not_ok "the SARIF 2.1.0 schema is at $SARIF_SCHEMA"
	finish
fi

# The cases: every corpus case as src (with its args), the seed, and made-up ones.
cases=""
for c in tests/bad/*/; do
	name=$(basename "$c")
	mkdir -p "$T/$name"
	cp -R "$c/src" "$T/$name/src"
	[ -f "$c/args" ] && cp "$c/args" "$T/$name/args"
	cases="$cases $name"
done
mkdir -p "$T/seed" && cp -R policy-src "$T/seed/src" && cases="$cases seed"
# A file name in Japanese with a space and a '%' (URIs percent-encoded).
mkdir -p "$T/jname/src"
printf '@policy p テスト\n@include 基本 方針%%.pol\n' >"$T/jname/src/policy.pol"
printf '@document d 文書\n@chapter c 章\n@artcle a 条\n{ref nowhere}\n' >"$T/jname/src/基本 方針%.pol"
cases="$cases jname"
# No such folder: an error with no file.
mkdir -p "$T/nosrc" && cases="$cases nosrc"

for name in $cases; do
	args=$(cat "$T/$name/args" 2>/dev/null || true)
	( cd "$T/$name" || exit 1
	  $POLC check src $args >text.out 2>text.err; echo $? >text.rc
	  $POLC check src $args --diagnostics-format=json >json.out 2>json.err; echo $? >json.rc
	  $POLC check src $args --diagnostics-format=json >json2.out 2>/dev/null
	  $POLC check src $args --diagnostics-format=sarif >sarif.out 2>sarif.err; echo $? >sarif.rc
	  $POLC check src $args --diagnostics-format=sarif >sarif2.out 2>/dev/null )
done

python3 - "$T" "$SCHEMA" "$SARIF_SCHEMA" $cases <<'PY' >"$T/report" 2>&1
import json, os, re, sys, urllib.parse
import jsonschema
root, schema_path, sarif_path, cases = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
schema = json.load(open(schema_path, encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
jv = jsonschema.Draft202012Validator(schema)
sarif_schema = json.load(open(sarif_path, encoding="utf-8"))
sv = jsonschema.Draft4Validator(sarif_schema, format_checker=jsonschema.FormatChecker())
bad = 0
def fail(case, why):
    global bad
    bad += 1
    print("%s: %s" % (case, why))

head = re.compile(r"^(?:(.+?):(\d+):(\d+)|polc): (error|warning|note): (.*)$")
for case in cases:
    d = os.path.join(root, case)
    rd = lambda n: open(os.path.join(d, n), encoding="utf-8").read()
    # The text's diagnostics: header lines, each note under the diagnostic before it.
    want, counts = [], None
    for line in rd("text.err").splitlines():
        m = head.match(line)
        if m:
            path, l, c, sev, msg = m.groups()
            item = {"path": path, "line": int(l) if l else None, "column": int(c) if c else None,
                    "severity": sev, "message": msg}
            if sev == "note" and want and want[-1]["severity"] != "note":
                want[-1]["notes"].append(item)
            else:
                item["notes"] = []
                want.append(item)
        m2 = re.match(r"^(\d+) errors?, (\d+) warnings?$", line)
        if m2:
            counts = (int(m2.group(1)), int(m2.group(2)))
    rcs = {f: rd(f + ".rc").strip() for f in ("text", "json", "sarif")}
    if len(set(rcs.values())) != 1:
        fail(case, "exit codes differ: %s" % rcs)
    for f in ("json", "sarif"):
        if rd(f + ".err"):
            fail(case, "%s: something on stderr: %r" % (f, rd(f + ".err")[:200]))
        if rd(f + ".out") != rd(f + "2.out"):
            fail(case, "%s: not the same bytes twice" % f)
        if root in rd(f + ".out") or '"/' in rd(f + ".out"):
            fail(case, "%s: an absolute path" % f)
    # JSON: the schema, then the same as the text.
    j = json.loads(rd("json.out"))
    errs = list(jv.iter_errors(j))
    for e in errs[:5]:
        fail(case, "json schema: %s: %s" % ("/".join(map(str, e.path)), e.message[:200]))
    def simple(x):
        loc = x["location"]
        return {"path": loc["path"] if loc else None, "line": loc["line"] if loc else None,
                "column": loc["column"] if loc else None, "severity": x["severity"], "message": x["message"]}
    got = []
    for x in j["diagnostics"]:
        s = simple(x)
        s["notes"] = [simple(n) for n in x["notes"]]
        got.append(s)
    if got != want:
        fail(case, "json differs from the text:\n  json %s\n  text %s" % (got, want))
    if counts and (j["errors"], j["warnings"]) != counts:
        fail(case, "json counts %s, text %s" % ((j["errors"], j["warnings"]), counts))
    if j["failed"] != (rcs["text"] != "0"):
        fail(case, "json failed=%s but exit %s" % (j["failed"], rcs["text"]))
    for x in j["diagnostics"]:
        loc = x["location"]
        if loc:
            text = open(os.path.join(d, loc["path"]), "rb").read()
            lines = text.split(b"\n")
            line = lines[loc["line"] - 1].decode("utf-8", "replace")
            # The byte offset is the line and column; the UTF-16 column agrees.
            start = sum(len(l) + 1 for l in lines[:loc["line"] - 1])
            prefix = text[start:loc["byte_offset"]].decode("utf-8", "replace")
            if len(prefix) + 1 != loc["column"]:
                fail(case, "byte_offset %d is not column %d" % (loc["byte_offset"], loc["column"]))
            u16 = len(prefix.encode("utf-16-le")) // 2 + 1
            if u16 != loc["column_utf16"]:
                fail(case, "column_utf16 %d, expected %d" % (loc["column_utf16"], u16))
    # SARIF: the schema, then one result per diagnostic, notes as related locations.
    s = json.loads(rd("sarif.out"))
    errs = list(sv.iter_errors(s))
    for e in errs[:5]:
        fail(case, "sarif schema: %s: %s" % ("/".join(map(str, e.path)), e.message[:200]))
    if s["$schema"] != sarif_schema["id"]:
        fail(case, "sarif $schema %s is not the schema's id" % s["$schema"])
    run = s["runs"][0]
    res = run["results"]
    if len(res) != len(want):
        fail(case, "sarif has %d results, the text %d" % (len(res), len(want)))
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    if not all(r.get("shortDescription", {}).get("text") for r in run["tool"]["driver"]["rules"]):
        fail(case, "a sarif rule without its shortDescription")
    if rules != sorted(set(rules)):
        fail(case, "sarif rules not sorted and unique: %s" % rules)
    for r, w in zip(res, want):
        if r["level"] != w["severity"] or r["message"]["text"] != w["message"]:
            fail(case, "sarif result %s / %s differs from %s" % (r["level"], r["message"]["text"], w))
        if rules[r["ruleIndex"]] != r["ruleId"]:
            fail(case, "ruleIndex does not name ruleId")
        if w["path"]:
            pl = r["locations"][0]["physicalLocation"]
            uri = pl["artifactLocation"]["uri"]
            if urllib.parse.unquote(uri) != w["path"] or not re.fullmatch(r"[A-Za-z0-9._~/%-]+", uri):
                fail(case, "sarif uri %r for %r" % (uri, w["path"]))
            if (pl["region"]["startLine"], pl["region"]["startColumn"]) != (w["line"], w["column"]):
                fail(case, "sarif region %s for %s" % (pl["region"], w))
        if len(r.get("relatedLocations", [])) != len(w["notes"]):
            fail(case, "sarif related locations %d, notes %d" % (len(r.get("relatedLocations", [])), len(w["notes"])))
print("%d cases, %d problems" % (len(cases), bad))
sys.exit(1 if bad else 0)
PY
if [ $? = 0 ]; then ok "json and sarif validate and agree with the text: $(tail -n 1 "$T/report")"
else not_ok "json and sarif"; sed 's/^/    /' "$T/report" | head -n 40; fi

check "jname: the SARIF uri is percent-encoded" \
	grep -q '"uri": "src/%E5%9F%BA%E6%9C%AC%20%E6%96%B9%E9%87%9D%25.pol"' "$T/jname/sarif.out"
check "nosrc: an error with no file, exit 2" sh -c \
	'test "$(cat "$1/text.rc")" = 2 && grep -q "\"location\": null" "$1/json.out" && grep -q "\"executionSuccessful\": false" "$1/sarif.out"' - "$T/nosrc"

# Other commands: the machine formats go to stderr, their own output stays as it was.
mkdir -p "$T/cmd" && cp -R policy-src "$T/cmd/src"
( cd "$T/cmd" && $POLC bundle src --diagnostics-format=json >bundle.json 2>diag.json; echo $? >rc )
check "bundle --diagnostics-format=json: the bundle on stdout, the diagnostics on stderr" python3 -c '
import json, sys
b = json.load(open(sys.argv[1] + "/bundle.json")); d = json.load(open(sys.argv[1] + "/diag.json"))
assert b["format"]["name"] == "polc-bundle" and d["warnings"] == 1 and d["diagnostics"][0]["code"] == "term-redefined"
' "$T/cmd"
( cd "$T/cmd" && $POLC build src -o out --diagnostics-format=sarif >build.out 2>build.sarif; echo $? >rc )
check "build --diagnostics-format=sarif: built, the log on stderr" sh -c \
	'test "$(cat "$1/rc")" = 0 && grep -q "polc: built" "$1/build.out" && python3 -m json.tool "$1/build.sarif" >/dev/null' - "$T/cmd"
( cd "$T/cmd" && $POLC dump src --diagnostics-format=json >dump.out 2>dump.json )
check "dump --diagnostics-format=json" python3 -c '
import json, sys; assert json.load(open(sys.argv[1]))["warnings"] == 1' "$T/cmd/dump.json"
# diff: a revision that does not compile.
mkdir -p "$T/repo" && cp -R policy-src "$T/repo/src"
( cd "$T/repo" && git init -q && git add -A && git -c user.name=t -c user.email=t@example.invalid commit -qm good &&
  sed -i 's/^@article org /@artcle org /; s/^@article cls /@zzqx cls /' src/standards.pol && git add -A &&
  git -c user.name=t -c user.email=t@example.invalid commit -qm bad ) >/dev/null 2>&1
rc=0; ( cd "$T/repo" && $POLC diff HEAD~1 HEAD src -o "$T/repo/d" --diagnostics-format=json ) >"$T/diff.out" 2>"$T/diff.json" || rc=$?
check "diff --diagnostics-format=json: the failed revision's diagnostics, exit 1" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
codes = [x["code"] for x in d["diagnostics"]]
assert sys.argv[2] == "1" and codes == ["unknown-directive", "unknown-directive", "term-redefined", "revision-errors"], (sys.argv[2], codes)
assert d["diagnostics"][3]["message"] == "the policy at revision '"'"'HEAD'"'"' has errors"
' "$T/diff.json" "$rc"
rc=0; ( cd "$T/repo" && $POLC diff HEAD~1 HEAD src -o "$T/repo/d" ) >/dev/null 2>"$T/diff.txt" || rc=$?
check "diff as text: the same, then the summary line" sh -c '
	test "$1" = 1 && test "$(grep -c ": error: unknown directive" "$2")" = 2 &&
	test "$(tail -n 1 "$2")" = "polc: error: the policy at revision '"'"'HEAD'"'"' has errors"' - "$rc" "$T/diff.txt"

rc=0; $POLC check "$T/cmd/src" --diagnostics-format=xml >/dev/null 2>"$T/fmt.err" || rc=$?
check "an unknown format is a usage error" sh -c 'test "$1" = 2 && grep -q "must be text, json or sarif" "$2"' - "$rc" "$T/fmt.err"

# Colour: always, never, and auto on a terminal (a pty), off with NO_COLOR or TERM=dumb.
$POLC check "$T/cmd/src" --color=always 2>"$T/always.err"
check "--color=always colours the locus, the severity and the caret" sh -c \
	'grep -q "$(printf "\033")\[1;35mwarning:" "$1" && grep -q "$(printf "\033")\[1;32m^~~~~" "$1"' - "$T/always.err"
$POLC check "$T/cmd/src" --color=never 2>"$T/never.err"
$POLC check "$T/cmd/src" 2>"$T/auto.err"
check "--color=never and auto off a terminal: no escape" sh -c \
	'! grep -q "$(printf "\033")" "$1" && cmp -s "$1" "$2"' - "$T/never.err" "$T/auto.err"
pty() { # ENV... : polc check on a pseudo-terminal; what it wrote, in $T/pty.out
	python3 - "$@" <<'PY' >"$T/pty.out"
import os, pty, sys
env = dict(os.environ)
env.pop("NO_COLOR", None)
env["TERM"] = "xterm"
for kv in sys.argv[1:]:
    k, v = kv.split("=", 1); env[k] = v
argv = os.environ["POLC"].split() + ["check", os.environ["SRC"]]
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(argv[0], argv, env)
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
PY
}
export SRC="$T/cmd/src"
pty
check "auto on a terminal: colour" grep -q "$(printf '\033')\[1;35mwarning:" "$T/pty.out"
pty NO_COLOR=1
check "auto on a terminal with NO_COLOR: none" sh -c '! grep -q "$(printf "\033")\[" "$1" && grep -q "warning:" "$1"' - "$T/pty.out"
pty TERM=dumb
check "auto on a terminal with TERM=dumb: none" sh -c '! grep -q "$(printf "\033")\[" "$1" && grep -q "warning:" "$1"' - "$T/pty.out"
NO_COLOR=1 $POLC check "$T/cmd/src" --color=always 2>"$T/nc.err"
check "--color=always wins over NO_COLOR" grep -q "$(printf '\033')\[1;35m" "$T/nc.err"

# One misspelt directive in the real policy is one error (it used to be 39).
mkdir -p "$T/typo" && cp -R policy-src "$T/typo/src"
sed -i 's/^@article org /@artcle org /' "$T/typo/src/standards.pol"
rc=0; ( cd "$T/typo" && $POLC check src ) 2>"$T/typo.err" || rc=$?
check "@artcle org in the seed: exit 1, one error, its suggestion, the usual warning" sh -c '
	test "$1" = 1 && test "$(grep -c ": error: " "$2")" = 1 &&
	grep -q "^src/standards.pol:15:1: error: unknown directive .@artcle.; did you mean .@article.?$" "$2" &&
	grep -q "^1 error, 1 warning$" "$2"' - "$rc" "$T/typo.err"
sed -i 's/^@artcle org /@orgnztn org /' "$T/typo/src/standards.pol"
rc=0; ( cd "$T/typo" && $POLC check src ) 2>"$T/typo2.err" || rc=$?
check "@orgnztn org (nothing close): its children are not reported as misplaced" sh -c '
	test "$1" = 1 && grep -q "unknown directive .@orgnztn.$" "$2" && ! grep -q "outside" "$2"' - "$rc" "$T/typo2.err"

# Every code is documented: those of lib/diag_codes.c and those given at call sites.
check "docs/diagnostics.md lists every code, and each has its one-sentence text" python3 -c '
import glob, re, sys
codes = set(re.findall(r"\"([a-z0-9]+(?:-[a-z0-9]+)*)\"\}", open("compiler/lib/diag_codes.c").read()))
for f in glob.glob("compiler/*/*.c"):
    for m in re.finditer(r"pol_diag_report_code\([^,]+,[^,]+,\s*([^,]+),", open(f).read()):
        codes.update(re.findall(r"\"([a-z0-9-]+)\"", m.group(1)))
codes.add("other")
doc = open("docs/diagnostics.md").read()
missing = sorted(c for c in codes if "`%s`" % c not in doc)
src = open("compiler/lib/diag_codes.c").read()
texts = set(re.findall(r"\{\"([a-z0-9-]+)\", \"[A-Z@{a-z]", src[src.index("S_texts[]"):]))
assert len(codes) > 50 and not missing and texts == codes, (missing, sorted(codes ^ texts))'

# 「did you mean」 for commands and options.
rc=0; $POLC chek 2>"$T/cmd.err" || rc=$?
check "unknown command: did you mean 'check'" sh -c 'test "$1" = 2 && grep -q "unknown command .chek.; did you mean .check.?" "$2"' - "$rc" "$T/cmd.err"
rc=0; $POLC build --edtion public 2>"$T/opt.err" || rc=$?
check "unknown option: did you mean '--edition'" sh -c 'test "$1" = 2 && grep -q "unknown option .--edtion.; did you mean .--edition.?" "$2"' - "$rc" "$T/opt.err"
rc=0; $POLC check --zzzz 2>"$T/opt2.err" || rc=$?
check "unknown option, nothing close: no suggestion" sh -c 'test "$1" = 2 && grep -q "unknown option .--zzzz.$" "$2"' - "$rc" "$T/opt2.err"

finish
