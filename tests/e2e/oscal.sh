#!/bin/sh
# oscal.sh — polc export oscal and the framework mapping, end to end.
#
# The OSCAL catalogs of policy-src (internal and public) and of the canary policy
# validate against NIST's OSCAL 1.0.6 catalog schema (tests/oscal/schema/), read both by
# ajv 8 (tests/oscal/validate.js, as the schemas' authors intend) and by python3-jsonschema
# with the regex module (tests/oscal/validate.py): a file passes when both accept it; they
# are byte-identical when made twice, from another folder, or with -o; the controls are
# exactly the bundle's rules, with their checks, levels, roles, parameters and framework
# clauses; UUIDs are version 5 and stable; last-modified and version come from the git
# revision. The public catalog of the canary policy (with an internal framework added)
# holds no canary anywhere in the JSON, and the internal one does (the test can fail).
# The mapping: polc check --coverage, the bundle's frameworks, frameworks.html in the
# internal edition only; a 1.0 bundle is still read by polc checklist.
set -u
. tests/lib.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SCHEMA=tests/oscal/schema/oscal_catalog_schema.json
# ajv and ajv-formats, installed by make e2e from tests/oscal/package-lock.json.
NODE_PATH=${BUILD:-build}/node-oscal/node_modules
export NODE_PATH
[ -d "$NODE_PATH/ajv" ] || not_ok "ajv is installed in $NODE_PATH (make e2e installs it)"
# oscal_valid SCHEMA FILE...: both validators accept every FILE.
oscal_valid() {
	python3 tests/oscal/validate.py "$@" && node tests/oscal/validate.js "$@"
}
VALIDATE="oscal_valid $SCHEMA"

cp -r policy-src "$T/src"
cp -r tests/canary/src "$T/canary"

# ---- the real policy ----------------------------------------------------------------
$POLC export oscal "$T/src" >"$T/int.json" 2>"$T/err"
check "export oscal exits 0 for policy-src" test $? = 0
$POLC export oscal "$T/src" --edition public -o "$T/pub.json" 2>/dev/null
check "export oscal --edition public -o writes the file" test -s "$T/pub.json"
check "internal catalog validates against the OSCAL 1.0.6 schema" $VALIDATE "$T/int.json"
check "public catalog validates against the OSCAL 1.0.6 schema" $VALIDATE "$T/pub.json"
$POLC export oscal "$T/src" --audience contractor -o "$T/aud.json" 2>/dev/null
check "audience catalog validates too" $VALIDATE "$T/aud.json"

for g in tests/golden/*/src tests/answers/src; do
	[ -f "$g/policy.pol" ] || continue
	$POLC export oscal "$g" -o "$T/golden.json" 2>/dev/null
	check "$g: catalog validates" $VALIDATE "$T/golden.json"
done

# The validator rejects what is not OSCAL (so the checks above can fail).
python3 - "$T/int.json" "$T/broken.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["catalog"]["uuid"] = "00000000-0000-1000-8000-000000000000"     # version 1
d["catalog"]["groups"][0]["id"] = "bad id"                        # not a token
d["catalog"]["metadata"]["roles"] = []                            # minItems 1
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
check "the python validator rejects a broken catalog" sh -c '! python3 tests/oscal/validate.py "$1" "$2" 2>/dev/null' - "$SCHEMA" "$T/broken.json"
check "ajv rejects a broken catalog" sh -c '! node tests/oscal/validate.js "$1" "$2" 2>/dev/null' - "$SCHEMA" "$T/broken.json"

$POLC export oscal "$T/src" -o "$T/int2.json" 2>/dev/null
check "same source: byte-identical (stdout and -o)" cmp -s "$T/int.json" "$T/int2.json"
cp -r "$T/src" "$T/elsewhere"
$POLC export oscal "$T/elsewhere" >"$T/int3.json" 2>/dev/null
check "same source in another folder: byte-identical" cmp -s "$T/int.json" "$T/int3.json"

$POLC bundle "$T/src" >"$T/bundle.json" 2>/dev/null
$POLC bundle "$T/src" --edition public >"$T/pbundle.json" 2>/dev/null
check "controls are the bundle's rules, with checks, levels, roles, params and clauses" python3 - "$T/int.json" "$T/bundle.json" <<'PY'
import json, re, sys
cat = json.load(open(sys.argv[1], encoding="utf-8"))["catalog"]
b = json.load(open(sys.argv[2], encoding="utf-8"))
def tok(key):
    return key.replace("_", "__").replace("/", "_.")
controls = {}
def walk(x):
    if isinstance(x, dict):
        if "controls" in x:
            for c in x["controls"]:
                controls[c["id"]] = c
        for v in x.values():
            walk(v)
    elif isinstance(x, list):
        for v in x:
            walk(v)
walk(cat)
rules = {tok(r["id"]): r for r in b["rules"]}
assert set(rules) <= set(controls), set(rules) - set(controls)
groups_as_controls = [k for k, c in controls.items() if c.get("class") == "rule"]
assert sorted(groups_as_controls) == sorted(rules), "a rule control that is no rule"
params = {p["id"]: p for p in cat["params"]}
assert {p["id"] for p in b["parameters"]} == set(params)
for p in b["parameters"]:
    assert params[p["id"]]["values"] == [p["display"]], p
inserts = 0
for k, r in rules.items():
    c = controls[k]
    props = {}
    for p in c.get("props", []):
        props.setdefault(p["name"], []).append(p["value"])
    assert props["level"] == [r["level"]], k
    assert props.get("applies-to", []) == r["applies"], k
    assert props.get("responsible-role", [None]) == [r["owner"]], k
    assert props.get("framework-clause", []) == r["maps"], k
    assert props["label"] == [r["number"]], k
    objs = [p["id"] for p in c.get("parts", []) if p["name"] == "assessment-objective"]
    meths = [p for p in c.get("parts", []) if p["name"] == "assessment-method"]
    assert objs == [tok(ch["id"]) for ch in r["checks"]], k
    assert len(meths) == len(objs)
    for ch, m in zip(r["checks"], meths):
        mp = {p["name"]: p["value"] for p in m["props"]}
        assert mp["method"] == "EXAMINE" and mp.get("frequency") == ch["frequency"], k
        ev = [q["prose"] for q in m.get("parts", []) if q["name"] == "assessment-objects"]
        assert ev == ([ch["evidence"]] if ch["evidence"] else []), k
    smt = [p for p in c.get("parts", []) if p["name"] == "statement"]
    for ins in re.findall(r"\{\{ insert: param, ([^ }]+) \}\}", json.dumps(smt, ensure_ascii=False)):
        assert ins in params, ins
        inserts += 1
    links = {(l["rel"], l["href"]) for l in c.get("links", [])}
    for t in r["implements"]:
        assert ("implements", "#" + tok(t)) in links, (k, t)
assert inserts >= 5, inserts
assert len(rules) == 159, len(rules)
ids = []
def ids_of(x):
    if isinstance(x, dict):
        if "id" in x:
            ids.append(x["id"])
        for v in x.values():
            ids_of(v)
    elif isinstance(x, list):
        for v in x:
            ids_of(v)
ids_of(cat["groups"])
assert len(ids) == len(set(ids)), "ids are unique"
hrefs = re.findall(r'"href": "#([^"]+)"', json.dumps(cat, ensure_ascii=False))
uuids = set(re.findall(r'"uuid": "([^"]+)"', json.dumps(cat)))
for h in hrefs:
    assert h in ids or h in uuids, h
PY

check "UUIDs are version 5; the framework is a back-matter resource the clause links point at" python3 - "$T/int.json" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
cat = json.loads(text)["catalog"]
uu = re.findall(r'"uuid": "([^"]+)"', text)
assert uu and all(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u) for u in uu), uu
res = cat["back-matter"]["resources"]
assert [r["title"] for r in res] == ["地方公共団体における情報セキュリティポリシーに関するガイドライン"]
props = {p["name"]: p["value"] for p in res[0]["props"]}
assert props["framework-id"] == "guideline" and props["framework-edition"] == "令和7年3月版"
assert props["clauses"] == "35" and props["clauses-mapped"] == "35", props
assert text.count('"href": "#%s"' % res[0]["uuid"]) > 100
md = cat["metadata"]
# RFC 4122 version 5 of "<policy id>/<what>/<key>" in polc's namespace (docs/oscal.md)
import uuid
ns = uuid.UUID("3c1f6e0a-9b52-4d7e-a411-2fd85b6390c7")
party = md["parties"][0]
assert party["uuid"] == str(uuid.uuid5(ns, "agatsuma-isp/party/" + party["name"])), party
assert res[0]["uuid"] == str(uuid.uuid5(ns, "agatsuma-isp/framework/guideline"))
assert md["oscal-version"] == "1.0.6"
assert {"name": "marking", "value": "非公開"} in md["props"], md["props"]
assert "非公開" in md["title"]
PY

check "public catalog: public rules only, marked 公開, no framework (it is internal)" python3 - "$T/pub.json" "$T/pbundle.json" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
cat = json.loads(text)["catalog"]
b = json.load(open(sys.argv[2], encoding="utf-8"))
assert {"name": "marking", "value": "公開"} in cat["metadata"]["props"]
assert "非公開" not in cat["metadata"]["title"] and "公開版" in cat["metadata"]["title"]
assert "back-matter" not in cat and "guideline" not in text
assert "standards." not in text and "procedures." not in text
rules = [r["id"] for r in b["rules"]]
assert text.count('"class": "rule"') == len(rules), (text.count('"class": "rule"'), rules)
PY

# ---- UUIDs and dates from the revision ----------------------------------------------------
python3 - "$T/int.json" "$T/src/standards.pol" <<'PY'
import sys
p = sys.argv[2]
s = open(p, encoding="utf-8").read()
open(p, "w", encoding="utf-8").write(s.replace("入退室の記録", "入退室の記録（改）", 1))
PY
$POLC export oscal "$T/src" >"$T/changed.json" 2>/dev/null
check "a changed source: another document UUID, the same control and party UUIDs" python3 - "$T/int.json" "$T/changed.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["catalog"]
b = json.load(open(sys.argv[2], encoding="utf-8"))["catalog"]
assert a["uuid"] != b["uuid"]
assert a["metadata"]["parties"] == b["metadata"]["parties"]
assert a["back-matter"] == b["back-matter"]
PY
G="$T/repo"
mkdir -p "$G" && cp -r policy-src "$G/src"
(cd "$G" && git init -q && git add -A && GIT_AUTHOR_DATE="2026-03-15T10:00:00+09:00" GIT_COMMITTER_DATE="2026-03-15T10:00:00+09:00" \
	git -c user.name=t -c user.email=t@example.invalid commit -qm one)
$POLC export oscal "$G/src" -o "$T/git.json" 2>/dev/null
short=$(cd "$G" && git rev-parse --short=7 HEAD)
check "last-modified is the commit's date, version names the commit" python3 - "$T/git.json" "$short" <<'PY'
import json, sys
md = json.load(open(sys.argv[1], encoding="utf-8"))["catalog"]["metadata"]
assert md["last-modified"] == "2026-03-15T00:00:00Z", md["last-modified"]
assert md["version"].startswith(sys.argv[2]), md["version"]
PY
$POLC export oscal "$G/src" --rev HEAD -o "$T/git2.json" 2>/dev/null
check "--rev HEAD gives a valid catalog of the same revision" $VALIDATE "$T/git2.json"

# ---- the public edition is a boundary ------------------------------------------------
# The canary policy, with an internal framework whose name, clauses and file are
# canaries, mapped by an internal rule, and a public framework mapped by a public rule.
mkdir -p "$T/canary/canary-fw"
cat >"$T/canary/canary-fw/canary-fw-file.pol" <<'EOF'
@framework canary-fw CANARY-FW-TITLE [edition=CANARY-FW-EDITION]
@clause 9.9 CANARY-FW-CLAUSE-TITLE
@clause canary-clause-2 CANARY-FW-CLAUSE2-TITLE
EOF
cat >"$T/canary/pubfw.pol" <<'EOF'
@framework pubfw 公開の枠組み [public, edition=第1版]
@clause 1 公開の項目
@clause 2 対応のない公開の項目
EOF
printf '@include pubfw.pol\n@include canary-fw/canary-fw-file.pol\n' >>"$T/canary/policy.pol"
sed -i 's/^@rule pub-rule 公開の規則 \[must, applies=contractor\]/@rule pub-rule 公開の規則 [must, applies=contractor, maps=pubfw:1]/' "$T/canary/public.pol"
sed -i 's/^\(@subitem canary-na-subitem .*\)\]$/\1, maps=canary-fw:9.9 canary-fw:canary-clause-2 pubfw:2]/' \
	"$T/canary/canary-file-internal.pol"
$POLC check "$T/canary" >/dev/null 2>"$T/cerr"
check "the canary policy with frameworks has no errors" sh -c '! grep -q "error:" "$1"' - "$T/cerr"
$POLC export oscal "$T/canary" --edition public -o "$T/cpub.json" 2>/dev/null
$POLC export oscal "$T/canary" -o "$T/cint.json" 2>/dev/null
$POLC export oscal "$T/canary" --audience contractor -o "$T/caud.json" 2>/dev/null
check "canary: public catalog validates" $VALIDATE "$T/cpub.json"
check "canary: no canary anywhere in the public catalog" sh -c '[ -s "$1" ] && ! grep -qi canary "$1"' - "$T/cpub.json"
check "canary: no canary-na or canary-conf in the contractor catalog" \
	sh -c '[ -s "$1" ] && ! grep -qiE "canary-(na|conf)" "$1"' - "$T/caud.json"
check "canary: the internal catalog does hold them (the test can fail)" \
	sh -c 'grep -q CANARY-FW-CLAUSE-TITLE "$1" && grep -q "canary-fw:9.9" "$1"' - "$T/cint.json"
check "canary: the public catalog maps the public rule to the public framework" python3 - "$T/cpub.json" <<'PY'
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
cat = json.loads(text)["catalog"]
res = cat["back-matter"]["resources"]
assert [r["title"] for r in res] == ["公開の枠組み"], res
props = [(p["name"], p["value"]) for p in res[0]["props"]]
# pubfw:2 is mapped only by an internal rule: unmapped in the public edition.
assert ("unmapped-clause", "pubfw:2") in props and ("clauses-mapped", "1") in props, props
assert '"value": "pubfw:1"' in text
PY
$POLC bundle "$T/canary" --edition public >"$T/cpb.json" 2>/dev/null
check "canary: no canary in the public bundle's frameworks" sh -c '[ -s "$1" ] && ! grep -qi canary "$1"' - "$T/cpb.json"
$POLC build "$T/canary" -o "$T/cout" >/dev/null 2>&1
check "canary: frameworks.html in the internal edition, with the internal clause" \
	grep -q CANARY-FW-CLAUSE-TITLE "$T/cout/internal/frameworks.html"
check "canary: no frameworks.html in the public edition, and no canary in any public file" \
	sh -c '[ ! -e "$1/frameworks.html" ] && ! grep -rqi canary "$1"/' - "$T/cout/public"
check "canary: frameworks.html says 非公開" grep -q 非公開 "$T/cout/internal/frameworks.html"

# ---- the coverage report -------------------------------------------------------------
$POLC check "$T/canary" --coverage >"$T/cov.txt" 2>/dev/null
check "check --coverage lists each clause with its rules and the unmapped ones" python3 - "$T/cov.txt" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert t[0] == "pubfw 公開の枠組み（第1版）: 2 of 2 clauses mapped", t[0]
assert t[1] == "  pubfw:1 公開の項目: basic.pub-rule", t[1]
assert t[2].startswith("  pubfw:2 対応のない公開の項目: "), t[2]
assert t[3] == "  unmapped (0):", t[3]
assert t[4].startswith("canary-fw CANARY-FW-TITLE（CANARY-FW-EDITION）: 2 of 2"), t[4]
PY
$POLC check policy-src >/dev/null 2>"$T/perr"
check "policy-src maps every clause of its framework (no clause warning)" sh -c '! grep -q "is mapped by no rule" "$1"' - "$T/perr"

# ---- the component definition -------------------------------------------------------------
CDS=$(dirname "$SCHEMA")/oscal_component_schema.json
$POLC export oscal-component "$T/elsewhere" --catalog int.json -o "$T/comp.json" 2>/dev/null
check "export oscal-component validates against the OSCAL 1.0.6 schema" \
	oscal_valid "$CDS" "$T/comp.json"
check "a requirement per rule: owner as responsible role, procedures as links into the catalog" \
	python3 - "$T/comp.json" "$T/int.json" "$T/bundle.json" <<'PY'
import json, sys
cd = json.load(open(sys.argv[1], encoding="utf-8"))["component-definition"]
cat = open(sys.argv[2], encoding="utf-8").read()
b = json.load(open(sys.argv[3], encoding="utf-8"))
ci = cd["components"][0]["control-implementations"][0]
assert ci["source"] == "int.json"
reqs = {r["control-id"]: r for r in ci["implemented-requirements"]}
assert len(reqs) == len(b["rules"])
roles = {r["id"] for r in cd["metadata"]["roles"]}
links = 0
for r in b["rules"]:
    q = reqs[r["id"].replace("_", "__").replace("/", "_.")]
    owner = [x["role-id"] for x in q.get("responsible-roles", [])]
    assert owner == ([r["owner"]] if r["owner"] else []), (r["id"], owner)
    assert set(owner) <= roles
    for l in q.get("links", []):
        assert l["rel"] == "implemented-by" and l["href"].startswith("int.json#")
        assert '"id": "%s"' % l["href"][len("int.json#"):] in cat, l
        links += 1
assert links >= 10, links
assert {p["param-id"] for p in ci["set-parameters"]} == {p["id"] for p in b["parameters"]}
PY
$POLC export oscal-component "$T/canary" --edition public -o "$T/ccomp.json" 2>/dev/null
check "canary: the public component definition validates and holds no canary" \
	sh -c 'python3 tests/oscal/validate.py "$1" "$2" && node tests/oscal/validate.js "$1" "$2" && ! grep -qi canary "$2"' - "$CDS" "$T/ccomp.json"

# ---- assessment results ---------------------------------------------------------------
$POLC checklist "$T/bundle.json" -o "$T/cl.csv" 2>/dev/null
python3 - "$T/cl.csv" "$T/answered.csv" <<'PY'
import csv, io, sys
text = open(sys.argv[1], encoding="utf-8-sig", newline="").read()
rows = list(csv.reader(io.StringIO(text)))
for i, r in enumerate(rows[1:], 1):
    r[7] = "いいえ" if i == 2 else ("該当なし" if i == 3 else "はい")
    if i == 2:
        r[8] = "台帳が未更新"
out = io.StringIO()
csv.writer(out, lineterminator="\r\n").writerows(rows)
open(sys.argv[2], "w", encoding="utf-8-sig", newline="").write(out.getvalue())
PY
ARS=$(dirname "$SCHEMA")/oscal_assessment-results_schema.json
(cd "$T" && SOURCE_DATE_EPOCH=1775000000 $POLC assess bundle.json answered.csv --format oscal >ar.json 2>/dev/null)
check "assess --format oscal: exit 1 when a must-rule fails" test $? = 1
check "assessment-results validate against the OSCAL 1.0.6 schema" \
	oscal_valid "$ARS" "$T/ar.json"
(cd "$T" && SOURCE_DATE_EPOCH=1775000000 $POLC assess bundle.json answered.csv --format oscal >ar2.json 2>/dev/null)
check "assessment-results are byte-identical when made twice" cmp -s "$T/ar.json" "$T/ar2.json"
check "findings target the catalog's objectives; one fails, with its note; dates from SOURCE_DATE_EPOCH" \
	python3 - "$T/ar.json" "$T/int.json" "$T/bundle.json" <<'PY'
import json, sys
ar = json.load(open(sys.argv[1], encoding="utf-8"))["assessment-results"]
cat = open(sys.argv[2], encoding="utf-8").read()
b = json.load(open(sys.argv[3], encoding="utf-8"))
res = ar["results"][0]
assert res["start"] == "2026-03-31T23:33:20Z", res["start"]
assert ar["import-ap"]["href"] == "bundle.json"
checks = [c for r in b["rules"] for c in r["checks"]]
assert len(res["findings"]) == len(checks) == len(res["observations"])
for f in res["findings"]:
    assert '"id": "%s"' % f["target"]["target-id"] in cat, f["target"]["target-id"]
for c in res["reviewed-controls"]["control-selections"][0]["include-controls"]:
    assert '"id": "%s"' % c["control-id"] in cat, c
states = [f["target"]["status"] for f in res["findings"]]
assert [s["reason"] for s in states].count("fail") == 1, states
assert sum(s["state"] == "satisfied" for s in states) == len(checks) - 1
bad = [o for o in res["observations"] if {"name": "answer", "ns": "urn:polc", "value": "いいえ"} in o["props"]]
assert len(bad) == 1 and bad[0]["remarks"] == "台帳が未更新", bad
props = {p["name"]: p["value"] for p in res["props"]}
assert props["result"] == "fail" and props["no"] == "1" and props["not-applicable"] == "1", props
assert {"name": "marking", "value": "非公開"} in ar["metadata"]["props"]
PY
(cd "$T" && $POLC assess bundle.json answered.csv --role contractor --format oscal >ar-c.json 2>/dev/null)
check "assess --role --format oscal: the role's checks only" python3 - "$T/ar-c.json" "$T/bundle.json" <<'PY'
import json, sys
res = json.load(open(sys.argv[1], encoding="utf-8"))["assessment-results"]["results"][0]
b = json.load(open(sys.argv[2], encoding="utf-8"))
n = sum(len(r["checks"]) for r in b["rules"] if "contractor" in r["applies"])
assert len(res["findings"]) == n and 0 < n < 138, (len(res["findings"]), n)
PY
$POLC assess "$T/bundle.json" "$T/answered.csv" --format yaml >/dev/null 2>&1
check "assess --format yaml: exit 2" test $? = 2
$POLC checklist "$T/cpb.json" -o "$T/cpcl.csv" 2>/dev/null
(cd "$T" && $POLC assess cpb.json cpcl.csv --format oscal >car.json 2>/dev/null)
check "canary: the public bundle's assessment-results validate and hold no canary" \
	sh -c 'python3 tests/oscal/validate.py "$1" "$2" && node tests/oscal/validate.js "$1" "$2" && ! grep -qi canary "$2" && grep -q "\"公開\"" "$2"' - "$ARS" "$T/car.json"

# ---- writing and usage ---------------------------------------------------------------
echo good >"$T/keep.json"
printf '@policy x X\n@rule\n' >"$T/bad.pol"
mkdir -p "$T/badsrc" && mv "$T/bad.pol" "$T/badsrc/policy.pol"
$POLC export oscal "$T/badsrc" -o "$T/keep.json" >/dev/null 2>&1
rc=$?
check "a policy with errors: exit 1, the old file kept, no temporary left" \
	sh -c '[ "$1" = 1 ] && [ "$(cat "$2")" = good ] && [ -z "$(ls "$3" | grep tmp-)" ]' - "$rc" "$T/keep.json" "$T"
# -o makes the folders it needs, as every -o does; beneath a file it cannot.
$POLC export oscal "$T/src" -o "$T/keep.json/x.json" >/dev/null 2>"$T/werr"
check "an unwritable -o: exit 2 with a message" sh -c '[ "$1" = 2 ] && grep -q "cannot write" "$2"' - $? "$T/werr"
$POLC export oscal "$T/src" -o "$T/new/dir/x.json" >/dev/null 2>&1
check "-o into folders not made yet makes them" test -s "$T/new/dir/x.json"
$POLC export >/dev/null 2>&1
check "export without a format: exit 2" test $? = 2
$POLC export docx "$T/src" >/dev/null 2>"$T/uerr"
check "an unknown format: exit 2" sh -c '[ "$1" = 2 ] && grep -q "unknown export format" "$2"' - $? "$T/uerr"
$POLC export --help | grep -q '^  oscal '
check "export --help lists oscal" test $? = 0
$POLC export oscal --edition secret "$T/src" >/dev/null 2>&1
check "a bad --edition: exit 2" test $? = 2

# ---- bundle versions ---------------------------------------------------------------------
python3 - "$T/bundle.json" "$T" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
b["format"]["version"] = "1.0"
del b["frameworks"]
for r in b["rules"]:
    del r["maps"]
json.dump(b, open(sys.argv[2] + "/b10.json", "w", encoding="utf-8"), ensure_ascii=False)
b["format"]["version"] = "1.2"
json.dump(b, open(sys.argv[2] + "/b12.json", "w", encoding="utf-8"), ensure_ascii=False)
PY
$POLC checklist "$T/b10.json" -o "$T/b10.csv" 2>/dev/null
check "a 1.0 bundle (no maps, no frameworks) is still read by checklist" test -s "$T/b10.csv"
$POLC checklist "$T/b12.json" >/dev/null 2>"$T/b12.err"
check "a 1.2 bundle is refused" grep -q "newer than this polc, which reads 1.0 to 1.1" "$T/b12.err"
check "the 1.1 bundle validates against docs/bundle.schema.json" python3 -c '
import json, sys, jsonschema
s = json.load(open("docs/bundle.schema.json"))
for p in sys.argv[1:]:
    jsonschema.Draft202012Validator(s).validate(json.load(open(p, encoding="utf-8")))
' "$T/bundle.json" "$T/b10.json" "$T/cpb.json"

[ "$failures" = 0 ]
