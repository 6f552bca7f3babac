/* valuestream tests - organisations built in code: the SPEC worked example,
 * one full of hostile names, and generated orgs of any size.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VS_ORGS_H
#define VS_ORGS_H

#include "vs-test.h"

/* ---- building orgs in a line each ---------------------------------------- */

/* A unit with a display name (NULL: the id). */
static G_GNUC_UNUSED void
named_unit(VsOrg *org, const char *id, const char *name, VsKind kind, double revenue,
           double own_share, const char *group)
{
  VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;
  a.name = name;
  a.revenue = revenue;
  a.own_share = own_share;
  a.group = group;
  if (vs_org_add_unit(org, id, kind, &a, &error) < 0)
    fail_msg("%s", error->message);
}

static G_GNUC_UNUSED void
unit(VsOrg *org, const char *id, VsKind kind, double revenue, double own_share, const char *group)
{
  named_unit(org, id, NULL, kind, revenue, own_share, group);
}

static G_GNUC_UNUSED void
handoff(VsOrg *org, const char *from, const char *to, const char *what, double weight, double score)
{
  VsHandoffAttrs a = VS_HANDOFF_ATTRS_INIT;
  GError *error = NULL;
  a.deliverable = what;
  a.weight = weight;
  a.score = score;
  if (vs_org_add_handoff(org, from, to, &a, &error) < 0)
    fail_msg("%s", error->message);
}

static G_GNUC_UNUSED void
answer(VsOrg *org, const char *period, const char *respondent, const char *provider, double score)
{
  VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
  GError *error = NULL;
  r.period = period;
  r.respondent = respondent;
  r.provider = provider;
  r.score = score;
  if (!vs_org_add_survey_response(org, &r, &error))
    fail_msg("%s", error->message);
}

#define T VS_KIND_TEAM
#define S VS_KIND_SUPPLIER
#define C VS_KIND_CUSTOMER

static G_GNUC_UNUSED VsOrg *
spec_org(void)
{
  static const double waves[] = {4.2, 4.0, 4.1, 3.9, 3.7, 3.8, 3.5, 3.4};
  static const char *const periods[] = {"2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4",
                                        "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"};
  VsOrg *org = vs_org_new();
  named_unit(org, "A", "Platform", T, NAN, NAN, "eng");
  named_unit(org, "B", "Data", T, NAN, NAN, "eng");
  named_unit(org, "C", "Product", T, NAN, NAN, "prod");
  named_unit(org, "D", "Delivery", T, NAN, 0.2, "prod");
  named_unit(org, "E", "Internal Comms", T, NAN, NAN, "ops");
  named_unit(org, "X", "Enterprise", C, 600, NAN, NULL);
  named_unit(org, "Y", "SMB", C, 400, NAN, NULL);
  handoff(org, "A", "B", "datasets", 1, NAN);
  handoff(org, "A", "C", "platform", 1, 0.9);
  handoff(org, "B", "C", "metrics", 2, NAN);
  handoff(org, "C", "D", "releases", 1, 0.7);
  handoff(org, "D", "C", "rework", 1, NAN);
  handoff(org, "D", "X", "service", 1, NAN);
  handoff(org, "D", "Y", "service", 1, NAN);
  handoff(org, "B", "Y", "reports", 1, 0.95);
  handoff(org, "A", "E", "newsletter", 1, 0.5);
  for (guint i = 0; i < G_N_ELEMENTS(waves); i++)
    answer(org, periods[i], "C", "B", waves[i]);
  return org;
}

static G_GNUC_UNUSED VsAnalysis *
analyse(VsOrg *org)
{
  GError *error = NULL;
  VsAnalysis *a = vs_analysis_new(org, NULL, &error);
  if (a == NULL)
    fail_msg("%s", error->message);
  return a;
}

/* ---- hostile names ---------------------------------------------------------- */

#define HOSTILE_ID "<script>alert(1)</script>"
#define HOSTILE_CUSTOMER "Customer </svg></html> & co"

/* Every string a writer escapes: markup, quotes, ampersands, CSV
 * separators and line breaks, backslashes, a control character, "]]>",
 * wide characters in a name too long for its box. */
static G_GNUC_UNUSED VsOrg *
hostile_org(void)
{
  static const double waves[] = {4.5, 4.2, 3.9, 3.5, 3.0};
  VsOrg *org = vs_org_new();
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  GError *error = NULL;

  attrs.group = "R&D <eng> \"q\" 's'";
  if (vs_org_add_unit(org, HOSTILE_ID, T, &attrs, &error) < 0)
    fail_msg("%s", error->message);
  attrs = (VsUnitAttrs)VS_UNIT_ATTRS_INIT;
  attrs.name = "Tom & Jerry, \"the\" cat\nand mouse";
  attrs.group = "R&D <eng> \"q\" 's'";
  vs_org_add_unit(org, "amp", T, &attrs, NULL);
  attrs.name = "bell\001char ]]> end";
  vs_org_add_unit(org, "ctl", T, &attrs, NULL);
  attrs.name = "\u6570\u636e\u5de5\u7a0b\u56e2\u961f\u6570\u636e\u5de5\u7a0b\u56e2\u961f"
               "\u6570\u636e\u5de5\u7a0b\u56e2\u961f\u6570\u636e\u5de5\u7a0b\u56e2\u961f";
  vs_org_add_unit(org, "wide", T, &attrs, NULL);
  attrs.name = "Supplier \\ backslash {braces} [x] ;semi";
  attrs.group = NULL;
  vs_org_add_unit(org, "sup", S, &attrs, NULL);
  attrs.name = HOSTILE_CUSTOMER;
  attrs.revenue = 1000;
  vs_org_add_unit(org, "cust<1>", C, &attrs, NULL);
  unit(org, "c2", C, 500, NAN, NULL);
  handoff(org, "sup", HOSTILE_ID, "a\"b\\c -> d", 1, 0.6);
  handoff(org, HOSTILE_ID, "amp", "<b>bold</b> & more", 1, NAN);
  handoff(org, "amp", "cust<1>", NULL, 1, 0.9);
  handoff(org, "ctl", "amp", "x", 1, 0.7);
  handoff(org, "wide", "c2", "y", 1, 0.6);
  handoff(org, "amp", "c2", "z", 1, NAN);
  for (guint i = 0; i < G_N_ELEMENTS(waves); i++) {
    g_autofree char *period = g_strdup_printf("2026-Q%u <&>", i + 1);
    answer(org, period, "amp", HOSTILE_ID, waves[i]);
  }
  return org;
}

/* ---- generated orgs ----------------------------------------------------------- */

/* A layered org of @n units (@n_customers of them customers, about 1 in 25
 * a supplier): teams at increasing depth hand work on to deeper teams and
 * the deepest ones to customers; a few hand work back (rework loops, never
 * closed: every member also gets work from outside). Scores are random,
 * some unrated; a few pairs have falling survey answers. Deterministic. */
static G_GNUC_UNUSED VsOrg *
generated_org(guint n, guint n_customers, guint32 seed)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed(seed);
  guint n_suppliers = MAX(1, n / 25), n_teams = n - n_customers - n_suppliers;
  guint levels = MAX(3, MIN(10, n_teams / 4));
  VsOrg *org = vs_org_new();
  char id[32], from[32], name[96], group[16];

#define TEAM_ID(buf, i) g_snprintf(buf, sizeof buf, "t%u", (guint)(i))
#define LEVEL_START(l) ((guint)((guint64)n_teams * (l) / levels))
  for (guint i = 0; i < n_suppliers; i++) {
    g_snprintf(id, sizeof id, "s%u", i);
    g_snprintf(name, sizeof name, "Supplier %u", i);
    VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
    a.name = name;
    vs_org_add_unit(org, id, S, &a, NULL);
  }
  for (guint i = 0; i < n_teams; i++) {
    VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
    TEAM_ID(id, i);
    g_snprintf(name, sizeof name,
               i % 7 == 3 ? "Customer Experience Operations Excellence %u" : "Team %u", i);
    g_snprintf(group, sizeof group, "dept-%u", i % 6);
    a.name = name;
    a.group = group;
    a.own_share = i % 11 == 0 ? 0.2 : NAN;
    vs_org_add_unit(org, id, T, &a, NULL);
  }
  for (guint i = 0; i < n_customers; i++) {
    g_snprintf(id, sizeof id, "c%u", i);
    g_snprintf(name, sizeof name, "Customer segment %u", i);
    VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
    a.name = name;
    a.revenue = g_rand_int_range(rng, 10, 1000) * 1000.0;
    vs_org_add_unit(org, id, C, &a, NULL);
  }
  for (guint i = 0; i < n_teams; i++) {
    guint level = 0;
    while (level + 1 < levels && LEVEL_START(level + 1) <= i)
      level++;
    guint inputs = (guint)g_rand_int_range(rng, 1, 4);
    TEAM_ID(id, i);
    for (guint k = 0; k < inputs; k++) {
      VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
      if (level == 0 || (k == 0 && g_rand_int_range(rng, 0, 8) == 0))
        g_snprintf(from, sizeof from, "s%u", (guint)g_rand_int_range(rng, 0, (gint32)n_suppliers));
      else
        TEAM_ID(from,
                g_rand_int_range(rng, (gint32)LEVEL_START(level - 1), (gint32)LEVEL_START(level)));
      h.weight = g_rand_int_range(rng, 1, 4);
      h.score = g_rand_int_range(rng, 0, 10) < 3 ? NAN : g_rand_double_range(rng, 0.55, 1.0);
      h.deliverable = k == 0 ? "work" : "more work";
      vs_org_add_handoff(org, from, id, &h, NULL);
    }
    if (level > 0 && g_rand_int_range(rng, 0, 30) == 0) { /* rework */
      VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
      h.deliverable = "rework";
      h.score = 0.8;
      TEAM_ID(from,
              g_rand_int_range(rng, (gint32)LEVEL_START(level - 1), (gint32)LEVEL_START(level)));
      vs_org_add_handoff(org, id, from, &h, NULL);
    }
    if (level + 1 == levels || g_rand_int_range(rng, 0, 10) == 0) {
      VsHandoffAttrs h = VS_HANDOFF_ATTRS_INIT;
      h.score = g_rand_double_range(rng, 0.6, 1.0);
      g_snprintf(from, sizeof from, "c%u", (guint)g_rand_int_range(rng, 0, (gint32)n_customers));
      vs_org_add_handoff(org, id, from, &h, NULL);
    }
  }
  for (guint p = 0; p < MIN(5u, n_teams / 10); p++) { /* falling survey answers */
    guint32 e = (guint32)g_rand_int_range(rng, 0, (gint32)vs_org_get_n_handoffs(org));
    const char *prov = vs_org_get_unit_id(org, vs_org_get_handoff_from(org, e));
    const char *resp = vs_org_get_unit_id(org, vs_org_get_handoff_to(org, e));
    for (guint q = 0; q < 6; q++) {
      g_autofree char *period = g_strdup_printf("2026-%02u", q + 1);
      answer(org, period, resp, prov, 4.6 - 0.3 * q);
    }
  }
#undef TEAM_ID
#undef LEVEL_START
  return org;
}

#endif /* VS_ORGS_H */
