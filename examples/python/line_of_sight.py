#!/usr/bin/env python3
# valuestream example: a team's line of sight to the paying customers.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Who is my internal customer, and what does my work reach?

    line_of_sight.py TEAM [ORG]

ORG is a directory of CSV files, a .json or a .graphml file (default: the
bundled Acme sample). Prints the team's internal customers (who receives
its handoffs, and how they rate them), the paying customers its work
reaches with the share of their value that passes through it, one chain of
handoffs to the nearest customer, the units its work cannot bypass, and
what fixing its service would recover.
"""

import argparse
import os
import sys

import valuestream as vs

DEFAULT_ORG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "acme")


def describe(org, analysis, team_id):
    team = analysis.units[team_id]
    print("%s (%s), %s%s" % (team.id, team.name, team.kind,
                             ", group " + team.group if team.group else ""))

    print("\nInternal customers (who receives your work):")
    outgoing = [h for h in analysis.handoffs if h.from_ == team_id]
    if not outgoing:
        print("  none: nobody receives anything from this unit")
    for h in outgoing:
        rated = "unrated" if h.score is None else "rated %.2f" % h.score
        print("  -> %-16s %-28s %s, %.0f%% of what it receives"
              % (h.to, h.deliverable or "(no deliverable named)", rated, 100 * h.share))

    sight = team.line_of_sight
    print("\nPaying customers your work reaches:")
    if not sight.reaches_customer:
        print("  none: no chain of handoffs leads to a paying customer")
    # Largest revenue passing through first.
    reached = [(share * analysis.customers[c].revenue, share, c)
               for c, share in sight.shares.items()]
    for through, share, customer_id in sorted(reached, reverse=True):
        print("  %-16s %5.1f%% of its value passes through you: %.0f of %.0f revenue"
              % (customer_id, 100 * share, through, analysis.customers[customer_id].revenue))
    if sight.reaches_customer:
        print("  revenue depending on your work: %.0f" % sight.exposure)
        print("  nearest customer, %d handoff(s) away: %s"
              % (sight.hops, " -> ".join(sight.path)))
    if team.chokepoints:
        print("  every path to a customer goes through: %s" % ", ".join(team.chokepoints))

    print("\nYour service:")
    if team.service_score is None:
        print("  no internal customer has rated it")
    else:
        print("  service score %.2f (poor below %.2f)"
              % (team.service_score, analysis.options.poor_score))
    print("  fixing every handoff you make would remove %.0f of revenue at risk" % team.fix_value)
    print("  flags: %s" % (", ".join(team.flags) or "none"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("team", help="the id of a team or supplier")
    parser.add_argument("org", nargs="?", default=DEFAULT_ORG,
                        help="CSV directory, .json or .graphml (default: the Acme sample)")
    args = parser.parse_args(argv)
    try:
        org = vs.load(args.org)
        analysis = org.analyze()
        if args.team not in analysis.units or analysis.units[args.team].is_customer:
            teams = [u for u in analysis.units.values() if not u.is_customer]
            parser.error("%s is not a team or supplier of %s; try one of: %s"
                         % (args.team, args.org, ", ".join(u.id for u in teams[:12])))
        describe(org, analysis, args.team)
    except vs.ValueStreamError as exc:
        print("line_of_sight: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
