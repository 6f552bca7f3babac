#!/usr/bin/env python3
# valuestream example: rank the ripple risks and export them as CSV.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Which teams' poor service ripples furthest into customer revenue?

    ripple_csv.py [ORG] [-o OUT.csv] [--poor-score X] [--all]

Ranks the flagged teams and suppliers by fix value (the revenue at risk
that fixing all their handoffs would remove), and writes one CSV row per
team with the customer its poor service endangers most and the chain of
handoffs that carries it. Without -o the CSV goes to standard output.
"""

import argparse
import csv
import os
import sys

import valuestream as vs

DEFAULT_ORG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "acme")

COLUMNS = ["rank", "id", "name", "group", "fix_value", "share_of_revenue", "service_score",
           "flags", "most_exposed_customer", "customer_share", "chain"]


def rows(analysis, everyone):
    """One dict per ranked team, best fix first."""
    total = analysis.total_revenue
    ranked = analysis.flagged()
    if not everyone:
        ranked = [t for t in ranked if t.fix_value > 0]
    for rank, team in enumerate(ranked, 1):
        shares = team.line_of_sight.shares
        # The customer with the most revenue passing through this team.
        worst = max(shares, default=None,
                    key=lambda c: shares[c] * analysis.customers[c].revenue)
        chain = analysis.path(team.id, worst) if worst else None
        yield {
            "rank": rank,
            "id": team.id,
            "name": team.name,
            "group": team.group or "",
            "fix_value": "%.2f" % team.fix_value,
            "share_of_revenue": "%.4f" % (team.fix_value / total if total else 0),
            "service_score": "" if team.service_score is None else "%.3f" % team.service_score,
            "flags": " ".join(team.flags),
            "most_exposed_customer": worst or "",
            "customer_share": "%.3f" % shares[worst] if worst else "",
            "chain": " -> ".join(chain) if chain else "",
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("org", nargs="?", default=DEFAULT_ORG,
                        help="CSV directory, .json or .graphml (default: the Acme sample)")
    parser.add_argument("-o", "--output", help="CSV file to write (default: standard output)")
    parser.add_argument("--poor-score", type=float, default=None,
                        help="a service score below this is poor (default 0.75)")
    parser.add_argument("--all", action="store_true",
                        help="list every flagged team, also those whose fix is worth nothing")
    args = parser.parse_args(argv)
    try:
        analysis = vs.load(args.org).analyze(poor_score=args.poor_score)
    except vs.ValueStreamError as exc:
        print("ripple_csv: %s" % exc, file=sys.stderr)
        return 1
    table = list(rows(analysis, args.all))
    out = open(args.output, "w", newline="", encoding="utf-8") if args.output else sys.stdout
    try:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(table)
    finally:
        if out is not sys.stdout:
            out.close()
    print("%d teams ranked; %.0f of %.0f revenue is at risk"
          % (len(table), analysis.revenue_at_risk, analysis.total_revenue), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
