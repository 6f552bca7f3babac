#!/usr/bin/env python3
"""Writes the hostile scenario files of tests/data/scenarios-bad (cases.tsv).

    generate.py small DIR          the small cases, committed here
    generate.py large DIR [STAMP]  the large ones (nesting 100k deep, a 10 MB
                                   name), written at build time into the
                                   build directory, never committed

Every case is a scenario file for the org tests/data/spec-costs. cases.tsv
says what each must give: the error code (PARSE, INVALID, LIMIT) and a
fragment of the message. Checked through the C API by tests/test-decide.c
and through `valuestream whatif` by tests/test-decide-cli.py.
"""
import json
import os
import sys

H = "scenario,action,unit,from,to,deliverable,score,weight,volume,own_share,cost,revenue,kind,name,group\n"


def one(changes, name="s"):
    return json.dumps({"scenarios": [{"name": name, "changes": changes}]})


SMALL = {
    "unknown-unit.json": one([{"action": "outage", "unit": "Q"}]),
    "unknown-action.json": one([{"action": "explode", "unit": "A"}]),
    "unmatched-handoff.json": one([{"action": "score", "from": "B", "to": "X", "score": 1}]),
    "unmatched-deliverable.json": one([{"action": "remove_handoff", "from": "B", "to": "C",
                                        "deliverable": ""}]),
    "score-range.json": one([{"action": "score", "from": "B", "to": "C", "score": 1.5}]),
    "nan.csv": H + "s,score,,B,C,,NaN,,,,,,,,\n",
    "closed-loop.json": one([{"action": "remove_unit", "unit": "A"},
                             {"action": "remove_unit", "unit": "B"},
                             {"action": "set", "unit": "D", "own_share": None}]),
    "customer-hands-off.json": one([{"action": "set", "unit": "D", "kind": "customer"}]),
    "unknown-field.json": one([{"action": "outage", "unit": "D", "colour": "red"}]),
    "unknown-scenario-field.json": json.dumps({"scenarios": [{"name": "s", "changes": [],
                                                              "when": 1}]}),
    "unknown-top-field.json": json.dumps({"scenarios": [], "extra": 1}),
    "wrong-type.json": one([{"action": "score", "from": "B", "to": "C", "score": "high"}]),
    "wrong-type-name.json": json.dumps({"scenarios": [{"name": 5, "changes": []}]}),
    "wrong-type-changes.json": json.dumps({"scenarios": [{"name": "s", "changes": {}}]}),
    "unterminated.csv": H + 's,outage,"D,,,,,,,,,,,,,\n',
    "duplicate-names.json": json.dumps({"scenarios": [{"name": "s", "changes": []},
                                                      {"name": "s", "changes": []}]}),
    "missing-field.json": one([{"action": "score", "from": "B", "score": 1}]),
    "missing-action.json": one([{"unit": "D"}]),
    "missing-name.json": json.dumps({"scenarios": [{"changes": []}]}),
    "null-kind.json": one([{"action": "set", "unit": "D", "kind": None}]),
    "self-handoff.json": one([{"action": "add_handoff", "from": "A", "to": "A"}]),
    "weight-zero.csv": H + "s,add_handoff,,A,D,,,0,,,,,,,\n",
    "field-not-for-action.json": one([{"action": "outage", "unit": "D", "score": 0.5}]),
    "set-nothing.json": one([{"action": "set", "unit": "A"}]),
    "no-action-column.csv": "scenario,unit\ns,D\n",
    "top-level-array.json": "[]",
    "trailing.json": '{"scenarios": []} x',
    "unknown-kind.csv": H + "s,set,E,,,,,,,,,,vendor,,\n",
    "missing-scenario.csv": H + ",outage,D,,,,,,,,,,,,\n",
    "empty.csv": "",
    "handoff-from-customer.json": one([{"action": "add_handoff", "from": "X", "to": "A"}]),
    "revenue-negative.json": one([{"action": "set", "unit": "X", "revenue": -1}]),
    "infinite.csv": H + "s,set,A,,,,,,,,1e999,,,,\n",
}
SMALL_BYTES = {
    "nul.csv": (H + "s,outage,D,,,,,,,,,,,,\n").encode().replace(b"outage", b"out\0age"),
    "nul.json": b'{"scenarios": [{"name": "a\0b", "changes": []}]}',
    "invalid-utf8.json": b'{"scenarios": [{"name": "caf\xe9", "changes": []}]}',
    "invalid-utf8.csv": (H + "caf\xe9,outage,D,,,,,,,,,,,,\n").encode("latin-1"),
}


def large(out):
    deep = 100000
    yield "deep.json", ('{"scenarios": ' + "[" * deep + "]" * deep + "}").encode()
    yield "deep-objects.json", ('{"scenarios": [{"name": "s", "changes": [' + '{"a":' * deep
                                + "1" + "}" * deep + "]}]}").encode()
    name = "n" * (10 * 1024 * 1024)
    yield "name-10mb.json", one([], name=name).encode()
    yield "name-10mb.csv", (H + name + ",outage,D,,,,,,,,,,,,\n").encode()
    yield "unit-10mb.csv", (H + "s,outage," + name + ",,,,,,,,,,,,\n").encode()


def main():
    mode, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    files = []
    if mode == "small":
        files = [(k, v.encode()) for k, v in SMALL.items()] + list(SMALL_BYTES.items())
    else:
        files = list(large(out))
    for name, data in files:
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    if len(sys.argv) > 3:
        with open(sys.argv[3], "w") as f:
            f.write("done\n")


if __name__ == "__main__":
    main()
