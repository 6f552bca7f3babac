#!/usr/bin/env python3
# valuestream example: what each paying customer costs to serve.
# SPDX-License-Identifier: GPL-2.0-or-later
"""What does each paying customer cost to serve, and what cost reaches none?

    cost_to_serve.py [ORG] [--basis weight|volume] [--markup FRACTION]

ORG is a directory of CSV files (units.csv with a ``cost`` column), a .json
or a .graphml file (default: the bundled Acme sample). Every team's and
supplier's cost flows along its handoffs to its internal customers and on,
until it reaches a paying customer (SPEC section 7: the reciprocal method).
Prints each customer's cost to serve and margin, the teams whose cost is
stranded (their work reaches no customer), and the teams whose loaded cost
is largest, with where it ends.
"""

import argparse
import os
import sys

import valuestream as vs

DEFAULT_ORG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "acme")


def describe(analysis, top):
    print("Total cost %.2f: %.2f reaches the paying customers, %.2f is stranded"
          % (analysis.total_cost, analysis.cost_to_serve, analysis.stranded_cost))
    if analysis.total_cost == 0:
        print("  no team or supplier has a cost (units.csv column \"cost\")")
        return

    print("\nCustomers, by cost to serve:")
    customers = sorted(analysis.customers.values(), key=lambda c: -c.cost_to_serve)
    for c in customers:
        print("  %-16s revenue %10.2f  cost to serve %10.2f  margin %10.2f"
              % (c.id, c.revenue, c.cost_to_serve, c.margin))

    stranded = sorted((u for u in analysis.units.values() if u.stranded_cost > 0),
                      key=lambda u: -u.stranded_cost)
    print("\nStranded cost (work that reaches no paying customer):")
    if not stranded:
        print("  none")
    for u in stranded[:top]:
        print("  %-16s own cost %10.2f  stranded %10.2f" % (u.id, u.cost, u.stranded_cost))

    loaded = sorted((u for u in analysis.units.values() if u.loaded_cost is not None),
                    key=lambda u: -u.loaded_cost)
    print("\nLargest loaded costs (own cost plus what providers pass on), and where they end:")
    for u in loaded[:top]:
        ends = sorted(u.cost_shares.items(), key=lambda kv: -kv[1])
        print("  %-16s own %10.2f  loaded %10.2f  -> %s"
              % (u.id, u.cost, u.loaded_cost,
                 ", ".join("%s %.0f%%" % (c, 100 * x) for c, x in ends[:4]) or "nobody"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("org", nargs="?", default=DEFAULT_ORG,
                        help="CSV directory, .json or .graphml (default: the Acme sample)")
    parser.add_argument("--basis", choices=vs.COST_BASES, default="weight",
                        help="divide a provider's cost among its handoffs by weight or volume")
    parser.add_argument("--markup", type=float, default=0.0,
                        help="cost-plus margin a team adds to its own cost (0.1 = 10%%)")
    parser.add_argument("--top", type=int, default=10, help="teams listed per section")
    args = parser.parse_args(argv)
    try:
        analysis = vs.load(args.org).analyze(cost_basis=args.basis, markup=args.markup)
        describe(analysis, args.top)
    except vs.ValueStreamError as exc:
        print("cost_to_serve: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
