#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""json_validate.py SCHEMA DEF FILE

Validates FILE, what one acmetui --json run printed on stdout, against
the document DEF of SCHEMA (doc/acmetui.schema.json, $defs/DEF) and
against the schema as a whole (one of its documents).  Also checks that
stdout holds exactly one JSON object whose first member is
schema_version.  Prints the problems; exit 0 valid, 1 invalid, 2 usage.
"""
import json
import sys

from jsonschema import Draft202012Validator


def problems(schema, ref, doc):
    """The validation errors of doc against schema, narrowed to ref
    ($defs name) unless ref is None."""
    sub = dict(schema)
    if ref is not None:
        sub.pop("anyOf", None)
        sub["$ref"] = "#/$defs/" + ref
    v = Draft202012Validator(sub)
    return ["%s: %s" % ("/".join(map(str, e.absolute_path)) or "(top)",
                        e.message)
            for e in v.iter_errors(doc)]


def main(argv):
    if len(argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        schema = json.load(f)
    if argv[2] not in schema["$defs"]:
        print("no document %s in the schema" % argv[2])
        return 2
    with open(argv[3]) as f:
        text = f.read()
    try:
        doc = json.loads(text, object_pairs_hook=list)
    except ValueError as e:
        print("stdout is not one JSON document: %s" % e)
        return 1
    if not doc or doc[0][0] != "schema_version":
        print("schema_version is not the first member")
        return 1
    doc = json.loads(text)
    bad = problems(schema, argv[2], doc) + problems(schema, None, doc)
    for p in bad[:10]:
        print(p)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
