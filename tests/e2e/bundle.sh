#!/bin/sh
# bundle.sh — the checkable rule bundle (docs/bundle.md).
#
# For the real policy, every tests/golden/*/src and tests/canary/src: the internal and
# public bundles validate against docs/bundle.schema.json, are byte-identical when made
# twice, equal the bundle.json of a build, and the public bundle names no non-public
# node, check, role, term or parameter. Then a consumer written only from docs/bundle.md (tests/consumer/) agrees
# with `polc dump`, exit codes, and a bundle of a git revision.
#
# Run from the repository root with POLC (a command, maybe with a valgrind prefix) and
# BUILD set, as tests/run.sh does. Prints TAP-like ok / not ok lines.
set -u

POLC=${POLC:-build/polc}
SCHEMA=docs/bundle.schema.json
T=$(mktemp -d "${TMPDIR:-/tmp}/polc-bundle.XXXXXX")
trap 'rm -rf "$T"' EXIT
. tests/lib.sh

validate() {
	python3 - "$SCHEMA" "$1" <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(
    json.load(open(sys.argv[2], encoding="utf-8"))), key=lambda e: list(e.path))
for e in errors[:10]:
    print("  %s: %s" % ("/".join(map(str, e.path)), e.message[:300]), file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}

# no_leak INTERNAL PUBLIC: no id of a non-public thing of the internal bundle is in
# the public bundle. Ids are compared with every string value of the public bundle
# except the closed enumerations (a document's tier "standards" is not the document
# "standards"); ids with a "." or "/" are specific enough to search as substrings.
no_leak() {
	python3 - "$1" "$2" <<'PY'
import json, sys
internal = json.load(open(sys.argv[1], encoding="utf-8"))
text = open(sys.argv[2], encoding="utf-8").read()
public = json.loads(text)
secret = set()
def walk(n):
    if n["visibility"] != "public":
        secret.add(n["key"])
        if n["id"]:
            secret.add(n["id"])
    for k in n["children"]:
        walk(k)
for d in internal["documents"]:
    walk(d)
for r in internal["rules"]:
    if r["visibility"] != "public":
        secret.add(r["id"])
        secret.update(c["id"] for c in r["checks"])
for p in internal["procedures"]:
    secret.add(p["id"])
for part in ("roles", "terms", "parameters"):
    secret.update(x["id"] for x in internal[part] if x["visibility"] != "public")
ENUMS = {"tier", "kind", "visibility", "level", "type", "frequency", "frequency_ja", "numbering",
         "edition", "name", "version"}
values = []
def collect(v, key=None):
    if isinstance(v, dict):
        for k, x in v.items():
            collect(x, k)
    elif isinstance(v, list):
        for x in v:
            collect(x, key)
    elif isinstance(v, str) and key not in ENUMS:
        values.append(v)
collect(public)
exact = set(values)
leaks = sorted(s for s in secret if s in exact or (("." in s or "/" in s) and any(s in v for v in values)))
for s in leaks[:20]:
    print("  leaked: %s" % s, file=sys.stderr)
if not secret:
    print("# nothing non-public to look for", file=sys.stderr)
sys.exit(1 if leaks else 0)
PY
}

# ---- every policy we have ----------------------------------------------------------

n=0
for src in policy-src tests/golden/*/src tests/canary/src; do
	[ -f "$src/policy.pol" ] || continue
	n=$((n + 1))
	d="$T/p$n"
	mkdir -p "$d"
	cp -R "$src" "$d/src"
	usable=1
	for ed in internal public; do
		rc=0
		$POLC bundle "$d/src" --edition $ed >"$d/$ed.json" 2>"$d/$ed.err" || rc=$?
		# Every policy here compiles: a failure is a failure, never a skip (the leak
		# checks below depend on it).
		if [ "$rc" != 0 ]; then
			not_ok "$src: bundle --edition $ed exits 0 (got $rc)"
			sed 's/^/    /' "$d/$ed.err" | head -20
			usable=0
			continue
		fi
		ok "$src: bundle --edition $ed"
		check "$src: $ed bundle validates against the schema" validate "$d/$ed.json"
		$POLC bundle "$d/src" --edition $ed >"$d/$ed.again.json" 2>/dev/null
		check "$src: $ed bundle is byte-identical when made twice" cmp -s "$d/$ed.json" "$d/$ed.again.json"
		check "$src: $ed bundle ends with one newline" python3 -c '
import sys
d = open(sys.argv[1], "rb").read()
assert d.endswith(b"}\n") and not d.endswith(b"\n\n")
' "$d/$ed.json"
	done
	if [ $usable = 1 ]; then
		check "$src: the public bundle names nothing non-public" no_leak "$d/internal.json" "$d/public.json"
		# polc bundle loads without the anchors pages link by; a build loads with them.
		$POLC build "$d/src" -o "$d/out" --edition all >/dev/null 2>&1
		check "$src: polc bundle gives the bytes of the build's bundle.json" \
			sh -c 'cmp -s "$1/internal/bundle.json" "$2" && cmp -s "$1/public/bundle.json" "$3"' - \
			"$d/out" "$d/internal.json" "$d/public.json"
	fi
	# The canary policy marks everything non-public with CANARY-… / canary-… (and what
	# does not apply to contractor with CANARY-NA, confidential with CANARY-CONF).
	if [ "$src" = tests/canary/src ] && [ $usable = 1 ]; then
		check "$src: no canary in the public bundle" sh -c '! grep -qi canary "$1"' - "$d/public.json"
		$POLC bundle "$d/src" --audience contractor >"$d/aud.json" 2>/dev/null
		check "$src: no CANARY-NA or CANARY-CONF in the contractor bundle" \
			sh -c '[ -s "$1" ] && ! grep -qiE "canary-(na|conf)" "$1"' - "$d/aud.json"
		check "$src: the internal bundle does hold the canaries (the test can fail)" grep -qi canary "$d/internal.json"
	fi
done
[ $n -gt 0 ] || not_ok "found policy-src"

# ---- the real policy in detail -----------------------------------------------------

d="$T/p1"
if [ -f "$d/internal.json" ]; then
	check "default edition is internal" sh -c '$1 bundle "$2" 2>/dev/null | cmp -s - "$3"' - "$POLC" "$d/src" "$d/internal.json"
	check "internal bundle says edition internal, public says public" python3 -c '
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert a["edition"] == "internal" and b["edition"] == "public", (a["edition"], b["edition"])
assert a["format"] == {"name": "polc-bundle", "version": "1.1"}
assert not a["revision"]["in_repo"] and a["revision"]["commit"] is None
' "$d/internal.json" "$d/public.json"
	check "public bundle holds public rules only and public roles only" python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert all(r["visibility"] == "public" for r in b["rules"])
assert all(r["visibility"] == "public" for r in b["roles"] + b["terms"] + b["parameters"])
assert not b["procedures"]
docs = {d["title"]: d for d in b["documents"]}
w = [d for d in b["documents"] if d["withheld"]]
assert w and all(d["id"] is None and not d["children"] and d["key"].startswith("withheld-") for d in w)
' "$d/public.json"
	check "coverage and rules agree (internal)" python3 -c '
import json, sys
b = json.load(open(sys.argv[1]))
c = b["coverage"]
must = [r for r in b["rules"] if r["level"] == "must"]
assert c["rules_total"] == len(b["rules"]) and c["must_rules"] == len(must)
assert c["checks_total"] == sum(len(r["checks"]) for r in b["rules"])
assert c["must_rules_with_checks"] == sum(1 for r in must if r["checks"])
assert c["measures_total"] == len(b["measures"]) and c["threats_total"] == len(b["threats"])
assert len(b["traceability"]) == len(b["threats"])
keys = {r["id"] for r in b["rules"]}
for t in b["traceability"]:
    for m in t["measures"]:
        for r in m["rules"]:
            assert r["rule"] in keys and m["measure"] in next(x for x in b["rules"] if x["id"] == r["rule"])["implements"]
assert any(r["procedures"] for t in b["traceability"] for m in t["measures"] for r in m["rules"]), "no procedure in any chain"
' "$d/internal.json"
	check "rule sources point at their directive" python3 -c '
import json, sys, os
b = json.load(open(sys.argv[1]))
for r in b["rules"][:40]:
    s = r["source"]
    line = open(os.path.join(sys.argv[2], s["file"]), encoding="utf-8").read().split("\n")[s["line"] - 1]
    assert line.startswith("@") and r["id"].split(".", 1)[1] in line, (r["id"], line)
' "$d/internal.json" "$d/src"
	$POLC dump "$d/src" >"$d/dump.txt" 2>/dev/null
	check "consumer: must-rules for contractor match polc dump" sh -c 'python3 tests/consumer/contractor_must.py "$1" "$2" >"$3"' - "$d/internal.json" "$d/dump.txt" "$d/contractor.txt"
	rc=0
	$POLC bundle "$d/src" --audience contractor >"$d/aud.json" 2>/dev/null || rc=$?
	check "audience bundle (contractor) validates" sh -c '[ "$1" = 0 ]' - "$rc"
	[ "$rc" = 0 ] && check "audience bundle validates against the schema" validate "$d/aud.json"
fi

# ---- exit codes ---------------------------------------------------------------------

expect_rc() { # NAME CODE ARGS...
	_name=$1 _want=$2
	shift 2
	_rc=0
	$POLC "$@" >"$T/out" 2>"$T/err" || _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_name"; else
		not_ok "$_name (exit $_rc, expected $_want)"
		sed 's/^/    /' "$T/err" | head -5
	fi
}
expect_rc "unknown edition exits 2" 2 bundle "$T/p1/src" --edition secret
expect_rc "missing source exits 2" 2 bundle "$T/no-such-folder"
expect_rc "unknown option exits 2" 2 bundle "$T/p1/src" --frobnicate
expect_rc "unknown audience exits 2" 2 bundle "$T/p1/src" --audience nobody
mkdir -p "$T/broken"
printf '@policy broken 壊れた方針\n@document d 文書 [public]\n@chapter c 章\n@article a 条\n@rule r 規則 [must, applies=nobody]\n本文。\n' >"$T/broken/policy.pol"
expect_rc "a policy with errors exits 1" 1 bundle "$T/broken"
[ -s "$T/out" ] && not_ok "a policy with errors prints no bundle" || ok "a policy with errors prints no bundle"
expect_rc "--help exits 0" 0 bundle --help

# ---- a git revision -----------------------------------------------------------------

if command -v git >/dev/null; then
	g="$T/repo"
	mkdir -p "$g"
	cp -R tests/answers/src "$g/src"
	(cd "$g" && git init -q && git add src &&
		git -c user.name=polc-test -c user.email=test@example.invalid -c commit.gpgsign=false \
			commit -q -m 'first' --date=2026-03-01T00:00:00) >/dev/null 2>&1
	head=$(cd "$g" && git rev-parse HEAD)
	echo "# changed after the commit" >>"$g/src/policy.pol"
	rc=0
	$POLC bundle "$g/src" --rev HEAD >"$T/rev.json" 2>"$T/rev.err" || rc=$?
	check "bundle --rev HEAD exits 0" sh -c '[ "$1" = 0 ]' - "$rc"
	check "bundle --rev HEAD is stamped with the commit and is clean" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["revision"]
assert r["in_repo"] and r["commit"] == sys.argv[2] and r["short_commit"] == sys.argv[2][:7], r
assert r["dirty"] is False, r
' "$T/rev.json" "$head"
	check "bundle --rev validates against the schema" validate "$T/rev.json"
	$POLC bundle "$g/src" >"$T/wt.json" 2>/dev/null
	check "work tree bundle of a changed tree is dirty, digest differs" python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["revision"]; b = json.load(open(sys.argv[2]))["revision"]
assert b["dirty"] is True and a["source_digest"] != b["source_digest"], (a, b)
' "$T/rev.json" "$T/wt.json"
	expect_rc "unknown revision exits 2" 2 bundle "$g/src" --rev no-such-rev
	# docs/bundle.md: the digest is git's blob id of the list "BLOBID PATH" of the files
	# read, in the order read, each BLOBID as git hash-object gives it.
	check "source_digest is the blob id of the files' git blob ids" python3 - "$T/p1/src" "$T/p1/internal.json" <<'PY'
import hashlib, json, os, re, subprocess, sys
root = sys.argv[1]
want = json.load(open(sys.argv[2], encoding="utf-8"))["revision"]["source_digest"]
files = []
def read(rel):
    files.append(rel)
    for line in open(os.path.join(root, rel), encoding="utf-8-sig"):
        m = re.match(r"@include\s+(\S+)\s*$", line)
        if m:
            read(os.path.normpath(m.group(1)))
read("policy.pol")
ids = subprocess.run(["git", "hash-object", "--no-filters"] + [os.path.join(root, f) for f in files],
                     capture_output=True, text=True, check=True).stdout.split()
listing = "".join(f"{i} {f}\n" for i, f in zip(ids, files)).encode()
got = hashlib.sha1(b"blob %d\0" % len(listing) + listing).hexdigest()
assert got == want, (got, want, files)
PY
fi

[ $failures = 0 ]
