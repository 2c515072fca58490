#!/usr/bin/env python3
"""Validates OSCAL JSON documents against NIST's OSCAL 1.0.6 JSON schemas (draft-07).

usage: validate.py SCHEMA.json DOC.json...

The schemas' patterns use Unicode property escapes (\\p{L}, \\p{N}), which Python's re
rejects, so "pattern" is checked with the regex module (python3-regex), which reads them
as ECMAScript with the u flag does; everything else is python3-jsonschema's Draft 7.
Prints each error with its JSON path; exits 1 if any document is invalid."""
import json
import sys

import jsonschema
import regex
from jsonschema import validators
from jsonschema.exceptions import ValidationError

_cache = {}


def _pattern(validator, patrn, instance, schema):
    if not validator.is_type(instance, "string"):
        return
    r = _cache.get(patrn)
    if r is None:
        r = _cache[patrn] = regex.compile(patrn)
    if not r.search(instance):
        yield ValidationError(f"{instance!r} does not match {patrn!r}")


Validator = validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    schema = json.load(open(argv[1], encoding="utf-8"))
    v = Validator(schema)
    bad = 0
    for path in argv[2:]:
        doc = json.load(open(path, encoding="utf-8"))
        errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors[:20]:
            print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}", file=sys.stderr)
        if errors:
            bad += 1
            print(f"{path}: {len(errors)} errors", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
