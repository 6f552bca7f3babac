#!/usr/bin/env python3
# valuestream example: the voice of the internal customer.
# SPDX-License-Identifier: GPL-2.0-or-later
"""Where is service slipping, and is it systemic or one team's?

    survey_trends.py [ORG] [--surveys SURVEYS.csv]

Lists every surveyed (provider, respondent) pair whose ratings decline
(deteriorating pairs first: a small problem is easy to fix), then each
department's diagnosis. --surveys adds survey waves to an org that carries
none (GraphML).
"""

import argparse
import os
import sys

import valuestream as vs

DEFAULT_ORG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "acme")


def report(analysis):
    trends = sorted(analysis.trends, key=lambda t: (not t.deteriorating, t.slope))
    declining = [t for t in trends if t.slope < 0]
    print("Survey pairs: %d, declining: %d, deteriorating: %d"
          % (len(trends), len(declining), sum(t.deteriorating for t in trends)))
    for t in declining:
        verdict = "DETERIORATING" if t.deteriorating else "declining"
        print("  %-13s %s rated by %s: %s (slope %+.2f/period, p %.3f), score now %.2f"
              % (verdict, t.provider, t.respondent,
                 " ".join("%.1f" % m for m in t.means), t.slope, t.p_value, t.score))
        if not t.has_handoff:
            print("                no handoff %s -> %s: the answers score nothing"
                  % (t.provider, t.respondent))

    print("\nDepartments:")
    for group in analysis.groups.values():
        poor = ", ".join(group.poor_units) or "-"
        print("  %-18s %-11s poor: %s" % (group.id, group.diagnosis, poor))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("org", nargs="?", default=DEFAULT_ORG,
                        help="CSV directory, .json or .graphml (default: the Acme sample)")
    parser.add_argument("--surveys", help="a surveys.csv to add (for GraphML orgs)")
    args = parser.parse_args(argv)
    try:
        org = vs.load(args.org)
        if args.surveys:
            org.load_surveys_csv(args.surveys)
        report(org.analyze())
    except vs.ValueStreamError as exc:
        print("survey_trends: %s" % exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
