#!/usr/bin/env python3
"""contractor_must.py — a consumer of the rule bundle, written only from docs/bundle.md.

Lists the must-rules that apply to 委託事業者 (role id `contractor`), one per line as
"NUMBER TITLE [ID]", the way a contract annex would. Used as a test: given the text of
`polc dump` of the same policy, it checks that the bundle's list is exactly the dump's
list of must-rules applying to contractor (same numbers), so a consumer relying on the
documented fields gets the right answer.

    python3 tests/consumer/contractor_must.py BUNDLE.json [DUMP.txt]

Exit 0 when the lists agree (or no dump is given), 1 when they differ, 2 on bad input.
"""
import json
import re
import sys

ROLE = "contractor"


def must_rules_for(bundle, role):
    fmt = bundle.get("format", {})
    if fmt.get("name") != "polc-bundle" or not str(fmt.get("version", "")).startswith("1."):
        raise ValueError("not a polc bundle of format 1.x")
    return [r for r in bundle["rules"] if r["level"] == "must" and role in r["applies"]]


def dump_numbers(text, role):
    """Numbers (ref=...) of must-rules applying to role in `polc dump` output."""
    out = []
    for line in text.splitlines():
        m = re.search(r" ref=(\S+) .*\[\S+ rule (?:\w+ )*?must applies=([^\]=]*?)(?: \w+=|\])", line)
        if m and role in m.group(2).split():
            out.append(m.group(1))
    return out


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            rules = must_rules_for(json.load(f), ROLE)
    except (OSError, ValueError, KeyError) as e:
        print(f"contractor_must: {argv[1]}: {e}", file=sys.stderr)
        return 2
    for r in rules:
        print(f"{r['number']} {r['title'] or ''} [{r['id']}]")
    if len(argv) == 2:
        return 0
    with open(argv[2], encoding="utf-8") as f:
        expected = dump_numbers(f.read(), ROLE)
    got = [r["number"] for r in rules]
    if not got:
        print("contractor_must: no must-rule applies to contractor", file=sys.stderr)
        return 1
    if got != expected:
        print("contractor_must: bundle and dump disagree", file=sys.stderr)
        print(f"  only in bundle: {sorted(set(got) - set(expected))}", file=sys.stderr)
        print(f"  only in dump:   {sorted(set(expected) - set(got))}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
