#!/usr/bin/env python3
# valuestream example: which teams to fix first.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Which teams to fix first, and how the order changes what each fix is worth.

    improvement_plan.py [ORG] [--steps K] [--target T] [--html FILE]

ORG is a directory of CSV files, a .json or a .graphml file (default: the
bundled Acme sample). The plan (SPEC section 9) picks, step by step, the
team or supplier whose fix (its handoffs raised to a score of at least T)
removes the most revenue at risk given the fixes before it. Prints the
plan beside each unit's fix value (what a perfect fix of that unit alone
would remove): with target 1, a unit fixed later can be worth more once
its internal customer is fixed. With --html, also writes the plan as a self-contained page.
"""

import argparse
import os
import sys

import valuestream as vs

DEFAULT_ORG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "acme")


def describe(analysis, plan):
    print("Revenue at risk %.2f; fixes raise handoffs to at least %.2f"
          % (plan.revenue_at_risk, plan.target))
    if not plan.steps:
        print("  no fix removes any revenue at risk")
        return
    print("  %-4s %-20s %12s %12s %14s %9s" % ("step", "unit", "gain", "fix value",
                                              "at risk after", "removed"))
    for s in plan.steps:
        alone = analysis.units[s.unit].fix_value
        print("  %-4d %-20s %12.2f %12.2f %14.2f %8.1f%%"
              % (s.step, s.unit, s.gain, alone, s.revenue_at_risk, 100 * s.removed_share))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("org", nargs="?", default=DEFAULT_ORG,
                        help="CSV directory, .json or .graphml (default: the Acme sample)")
    parser.add_argument("--steps", type=int, default=5, help="the most units to fix")
    parser.add_argument("--target", type=float, default=1.0,
                        help="score each fixed unit's handoffs are raised to, 0..1")
    parser.add_argument("--html", help="also write the plan as an HTML page to this file")
    args = parser.parse_args(argv)
    try:
        with vs.load(args.org) as org, org.analyze() as analysis, \
                analysis.plan(args.steps, args.target) as plan:
            describe(analysis, plan)
            if args.html:
                plan.write(args.html, "html")
    except (vs.ValueStreamError, ValueError, TypeError) as exc:
        print("improvement_plan: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
