#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""valuestream generate: the same options give the same bytes (pinned by
hash, so another platform is checked too), the org has what the generator
promises and analyses cleanly, and an event log has the requested events.

    check-generate.py VALUESTREAM_CLI
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
import tempfile

# Change these only when the generator changes on purpose.
ORG_SHA256 = "d1c4b840e71eafad8a20032ee95efe0dfa7fa46f37b4d5811a1a4a976b364444"
LOG_SHA256 = "6492b60295f802acb3ad63de333077f2fed76e6a682fdf494918ba77b081524e"
ARGS = ["--units", "500", "--customers", "12", "--seed", "7"]


def digest(*paths):
    h = hashlib.sha256()
    for p in paths:
        with open(p, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def rows(directory, name):
    with open(os.path.join(directory, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def check(ok, what):
    if not ok:
        raise AssertionError(what)


def main(cli):
    with tempfile.TemporaryDirectory() as tmp:
        org = os.path.join(tmp, "org")
        subprocess.run([cli, "generate", *ARGS, "-o", org], check=True)
        files = [os.path.join(org, n) for n in ("units.csv", "handoffs.csv", "surveys.csv")]
        check(digest(*files) == ORG_SHA256, f"org bytes changed: {digest(*files)}")
        other = os.path.join(tmp, "other")
        subprocess.run([cli, "generate", *ARGS[:-1], "8", "-o", other], check=True)
        check(digest(*[os.path.join(other, os.path.basename(p)) for p in files]) != ORG_SHA256,
              "another seed gives the same org")

        units, handoffs = rows(org, "units.csv"), rows(org, "handoffs.csv")
        kinds = {u["kind"] for u in units}
        check(kinds == {"team", "supplier", "customer"}, f"kinds {kinds}")
        check(len(units) == 500 and sum(u["kind"] == "customer" for u in units) == 12, "counts")
        check(abs(len(handoffs) - 2500) < 250, f"{len(handoffs)} handoffs, not about 5 per unit")
        check(any(u["own_share"] for u in units), "no own shares")
        check(any(not h["score"] for h in handoffs) and any(h["score"] for h in handoffs),
              "rated and unrated handoffs")
        pairs = [(h["from"], h["to"]) for h in handoffs]
        check(len(set(pairs)) < len(pairs), "no parallel handoffs")
        check(rows(org, "surveys.csv"), "no survey answers")
        # SPEC 7: a cost for every team and supplier, in line with its
        # headcount (10k to 17k a head for a team), none for a customer;
        # a volume for every handoff, so either cost basis works
        for u in units:
            if u["kind"] == "customer":
                check(u["cost"] == "", f"{u['id']}: a customer with a cost")
            elif u["kind"] == "team":
                per_head = float(u["cost"]) / float(u["headcount"])
                check(10000 <= per_head <= 17000, f"{u['id']}: {per_head} a head")
            else:
                check(float(u["cost"]) > 0, f"{u['id']}: a supplier without a fee")
        check(all(h["volume"] and float(h["volume"]) >= 1 for h in handoffs),
              "a handoff without a volume")

        report = os.path.join(tmp, "report.json")
        subprocess.run([cli, "analyze", org, "--format", "json", "-o", report], check=True)
        with open(report, encoding="utf-8") as f:
            r = json.load(f)
        check(r["loops"] and all(2 <= len(l) <= 3 for l in r["loops"]), f"loops {r['loops']}")
        check(any("no_line_of_sight" in u["flags"] for u in r["units"]), "no blind team")
        check(any(g["diagnosis"] != "unrated" for g in r["groups"]), "no rated department")
        # every handoff has a volume, so the volume basis works
        done = subprocess.run([cli, "analyze", org, "--cost-basis", "volume", "--format",
                               "json", "-o", report], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, check=False)
        check(done.returncode == 0, f"--cost-basis volume: {done.stderr}")
        with open(report) as f:
            summary = json.load(f)["summary"]
        check(summary["total_cost"] > 0 and abs(summary["cost_to_serve"] + summary["stranded_cost"]
                                                - summary["total_cost"]) <= 1e-9 * summary["total_cost"],
              f"costs do not add up: {summary}")

        log = os.path.join(tmp, "log.csv")
        subprocess.run([cli, "generate", *ARGS, "--events", "2000", "-o", log], check=True)
        check(digest(log) == LOG_SHA256, f"event log bytes changed: {digest(log)}")
        with open(log, newline="", encoding="utf-8") as f:
            events = list(csv.reader(f))
        check(events[0] == ["case:concept:name", "concept:name", "org:resource", "org:group",
                            "time:timestamp"], f"header {events[0]}")
        check(len(events) == 2001, f"{len(events) - 1} events")
    print("generate: deterministic, complete, analysable")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1]))
    except AssertionError as e:
        print(f"check-generate: {e}")
        sys.exit(1)
