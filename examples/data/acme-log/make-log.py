#!/usr/bin/env python3
"""Generate the Acme event log: work items passed between Acme's teams.

Deterministic (a fixed seed and Python's own PRNG): running it again gives
the same bytes. Reads the Acme org (../acme/units.csv, handoffs.csv) and
writes, next to itself by default:

  log.csv.gz   one row per event: case:concept:name, concept:name,
               org:resource, time:timestamp, case:customer, case:revenue
  people.csv   resource,team: the HR export placing people in teams

Each case is a piece of work for one paying customer. Its route is a chain
of Acme's handoffs ending at that customer, found by walking the handoff
graph backwards from the customer; each team on it logs one to three
events by its people; a handoff scored s in handoffs.csv is sent straight
back with probability (1 - s) / 2 (rework). Three contractors are missing
from people.csv, so the miner has unmapped people to report. Times are in
2025, most in UTC ('Z'), the sales and customer-success teams' in +01:00.

The same script makes large logs for benchmarks:
  make-log.py --cases 1250000 --out /tmp/big.csv          (~10M events)
  make-log.py --cases 1250000 --by-time --out /tmp/t.csv  (not grouped by case)
"""
import argparse
import csv
import datetime
import gzip
import io
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
ACME = os.path.join(HERE, "..", "acme")
FIRST = ["ana", "ben", "chen", "dara", "eli", "fay", "gus", "hana", "ivo", "jun",
         "kai", "lea", "mo", "nia", "oli", "pia", "raj", "sol", "tom", "uma"]
CONTRACTORS = ["contractor-ext1", "contractor-ext2", "contractor-ext3"]
PLUS_ONE = {"sales", "customer-success"}  # groups whose people log in +01:00
EPOCH = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)


def read_org():
    with open(os.path.join(ACME, "units.csv"), newline="") as f:
        units = list(csv.DictReader(f))
    with open(os.path.join(ACME, "handoffs.csv"), newline="") as f:
        handoffs = list(csv.DictReader(f))
    return units, handoffs


def build(units, handoffs):
    kind = {u["id"]: u["kind"] for u in units}
    group = {u["id"]: u["group"] for u in units}
    teams = [u["id"] for u in units if u["kind"] == "team"]
    providers = {}  # receiver -> [(provider, weight, score, lead)]
    for h in handoffs:
        if kind[h["from"]] != "team":
            continue
        providers.setdefault(h["to"], []).append(
            (h["from"], float(h["weight"] or 1), float(h["score"] or 1),
             float(h["lead_time_days"]) if h["lead_time_days"] else 0.5))
    customers = [(u["id"], float(u["revenue"] or 0)) for u in units
                 if u["kind"] == "customer" and u["id"] in providers]
    people = {}
    for i, t in enumerate(teams):
        n = 2 + i % 3
        people[t] = [f"{FIRST[(i * 3 + k) % len(FIRST)]}.{t}" for k in range(n)]
    return group, teams, providers, customers, people


def route(rng, providers, customer):
    """A chain of teams ending at the customer, walked backwards."""
    path, at = [], customer
    while True:
        seen = {step[0] for step in path}
        options = [p for p in providers.get(at, []) if p[0] not in seen]
        if not options or (path and rng.random() < 0.3) or len(path) >= 7:
            break
        step = rng.choices(options, weights=[o[1] for o in options])[0]
        path.append(step)
        at = step[0]
    path.reverse()  # (team, weight, score, lead): first team first
    return path


def stamp(t, plus_one):
    if plus_one:
        local = t.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
        return local.strftime("%Y-%m-%dT%H:%M:%S+01:00")
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def case_events(rng, path, people):
    """(team, time) visits, rework included, then events per visit."""
    t = EPOCH + datetime.timedelta(days=rng.uniform(0, 360))
    visits = []
    for i, (team, _w, score, lead) in enumerate(path):
        visits.append(team)
        if i + 1 < len(path) and rng.random() < (1 - path[i + 1][2]) / 2:
            visits += [path[i + 1][0], team]  # the next team sends it back
    events = []
    for team in visits:
        for k in range(rng.randint(1, 3)):
            if k:
                t += datetime.timedelta(hours=rng.uniform(0.2, 6))
            who = rng.choice(people[team])
            if rng.random() < 0.004:
                who = rng.choice(CONTRACTORS)
            events.append((team, who, t))
        t += datetime.timedelta(days=rng.expovariate(1 / max(lead, 0.05)))
    return events


def generate(n_cases, seed):
    rng = random.Random(seed)
    units, handoffs = read_org()
    group, teams, providers, customers, people = build(units, handoffs)
    cases = []
    for c in range(n_cases):
        customer = rng.choices(customers, weights=[max(r, 20000) for _, r in customers])[0][0]
        path = route(rng, providers, customer)
        if path:
            cases.append((f"W{c + 1:07d}", customer, case_events(rng, path, people)))
    per_customer = {}
    for _, customer, _ in cases:
        per_customer[customer] = per_customer.get(customer, 0) + 1
    revenue = dict(customers)
    return cases, per_customer, revenue, group, people


def rows(cases, per_customer, revenue, group):
    for case_id, customer, events in cases:
        value = f"{revenue[customer] / per_customer[customer]:.2f}"
        for team, who, t in events:
            yield (t, case_id, f"{team} work", who, stamp(t, group[team] in PLUS_ONE),
                   customer, value)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--out", default=os.path.join(HERE, "log.csv.gz"))
    ap.add_argument("--people", default=os.path.join(HERE, "people.csv"))
    ap.add_argument("--by-time", action="store_true",
                    help="order rows by time, not grouped by case")
    args = ap.parse_args()
    cases, per_customer, revenue, group, people = generate(args.cases, args.seed)
    data = rows(cases, per_customer, revenue, group)
    if args.by_time:
        data = sorted(data, key=lambda r: r[0])
    raw = open(args.out, "wb")
    # mtime=0: the same bytes on every run
    out = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) if args.out.endswith(".gz") else raw
    text = io.TextIOWrapper(out, encoding="utf-8", newline="")
    w = csv.writer(text, lineterminator="\n")
    w.writerow(["case:concept:name", "concept:name", "org:resource", "time:timestamp",
                "case:customer", "case:revenue"])
    n = 0
    for row in data:
        w.writerow(row[1:])
        n += 1
    text.close()
    if out is not raw:
        raw.close()
    with open(args.people, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["resource", "team"])
        for team in sorted(people):
            for who in people[team]:
                w.writerow([who, team])
    print(f"{args.out}: {n} events in {len(cases)} cases; {args.people}")


if __name__ == "__main__":
    main()
