/* valuestream tests - the loaders: CSV directory and buffers, JSON,
 * GraphML, vs_load() dispatch, survey CSV, and the CSV reader itself.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "vs-test.h"

#include <glib/gstdio.h>

#include "base-csv.h"
#include "load-private.h"

/* ---- helpers ---------------------------------------------------------- */

/* A small valid org, as CSV: a rule's bad row is appended to it (line 5
 * of units.csv, line 4 of handoffs.csv, line 2 of surveys.csv). */
#define UNITS_HEADER "id,kind,name,group,revenue,own_share,headcount\n"
#define BASE_UNITS UNITS_HEADER "A,team,,,,,\nB,team,,,,,\nX,customer,,,100,,\n"
#define HANDOFFS_HEADER "from,to,deliverable,weight,score,volume,lead_time_days\n"
#define BASE_HANDOFFS HANDOFFS_HEADER "A,B,,,,,\nB,X,,,,,\n"
#define SURVEYS_HEADER "period,respondent,provider,score,scale_min,scale_max\n"

/* The same org as JSON: a bad unit is units[3], a bad handoff handoffs[2],
 * a bad survey answer surveys[0]. */
#define JSON_UNITS                                                                                 \
  "{\"id\": \"A\", \"kind\": \"team\"}, {\"id\": \"B\", \"kind\": \"team\"},\n"                    \
  "{\"id\": \"X\", \"kind\": \"customer\", \"revenue\": 100}"
#define JSON_HANDOFFS "{\"from\": \"A\", \"to\": \"B\"}, {\"from\": \"B\", \"to\": \"X\"}"

/* The same org as GraphML: a bad node or edge goes on line 17 and is
 * node 3 or edge 2. */
static const char graphml_head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "<key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
    "<key id=\"r\" for=\"node\" attr.name=\"revenue\" attr.type=\"double\"/>\n"
    "<key id=\"o\" for=\"node\" attr.name=\"own_share\" attr.type=\"double\"/>\n"
    "<key id=\"h\" for=\"node\" attr.name=\"headcount\" attr.type=\"double\"/>\n"
    "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
    "<key id=\"s\" for=\"edge\" attr.name=\"score\" attr.type=\"double\"/>\n"
    "<key id=\"v\" for=\"edge\" attr.name=\"volume\" attr.type=\"double\"/>\n"
    "<key id=\"l\" for=\"edge\" attr.name=\"lead_time_days\" attr.type=\"double\"/>\n"
    "<graph edgedefault=\"directed\">\n"
    "<node id=\"A\"><data key=\"k\">team</data></node>\n"
    "<node id=\"B\"><data key=\"k\">team</data></node>\n"
    "<node id=\"X\"><data key=\"k\">customer</data><data key=\"r\">100</data></node>\n"
    "<edge source=\"A\" target=\"B\"/>\n"
    "<edge source=\"B\" target=\"X\"/>\n";

static char *
graphml_doc(const char *extra)
{
  return g_strconcat(graphml_head, extra, "</graph>\n</graphml>\n", NULL);
}

static char *
json_doc(const char *unit, const char *handoff, const char *survey)
{
  return g_strdup_printf("{\"units\": [" JSON_UNITS "%s%s],\n"
                         "\"handoffs\": [" JSON_HANDOFFS "%s%s],\n"
                         "\"surveys\": [%s]}\n",
                         unit ? ",\n" : "", unit ? unit : "", handoff ? ", " : "",
                         handoff ? handoff : "", survey ? survey : "");
}

static VsOrg *
csv_ok(const char *units, const char *handoffs, const char *surveys)
{
  GError *err = NULL;
  VsOrg *org = vs_load_csv_data(units, -1, handoffs, -1, surveys, -1, &err);
  if (org == NULL) {
    print_error("unexpected error: %s\n", err->message);
    fail();
  }
  return org;
}

static GError *
csv_fails(const char *units, const char *handoffs, const char *surveys)
{
  GError *err = NULL;
  VsOrg *org = vs_load_csv_data(units, -1, handoffs, -1, surveys, -1, &err);
  assert_null(org);
  assert_non_null(err);
  return err;
}

static GError *
json_fails(const char *text, gssize len)
{
  GError *err = NULL;
  VsOrg *org = vs_load_json_data(text, len, "org.json", &err);
  assert_null(org);
  assert_non_null(err);
  return err;
}

static GError *
graphml_fails(const char *text, gssize len)
{
  GError *err = NULL;
  VsOrg *org = vs_load_graphml_data(text, len, "org.graphml", &err);
  assert_null(org);
  assert_non_null(err);
  return err;
}

static VsOrg *
load_ok(const char *fixture)
{
  g_autofree char *path = vs_test_path(fixture);
  GError *err = NULL;
  VsOrg *org = vs_load(path, &err);
  if (org == NULL) {
    print_error("%s: %s\n", fixture, err->message);
    fail();
  }
  return org;
}

/* ---- one model rule through every format --------------------------------- */

/* A SPEC section 2 rule and how each format breaks it; NULL = n/a. */
typedef struct {
  int code;
  const char *field;    /* `field "NAME"` */
  const char *reason;   /* a fragment of the reason */
  const char *csv_unit; /* row appended to BASE_UNITS */
  const char *csv_handoff;
  const char *csv_survey;
  const char *json_unit; /* object added as units[3] */
  const char *json_handoff;
  const char *json_survey;
  const char *graphml;      /* element on line 17 */
  const char *graphml_what; /* how the message names it */
} Rule;

static void
check_rule(const Rule *r)
{
  GError *err;

  if (r->csv_unit != NULL) {
    g_autofree char *units = g_strconcat(BASE_UNITS, r->csv_unit, NULL);
    err = csv_fails(units, BASE_HANDOFFS, NULL);
    assert_error(err, r->code, "units.csv:5: ", r->field, r->reason);
  }
  if (r->csv_handoff != NULL) {
    g_autofree char *handoffs = g_strconcat(BASE_HANDOFFS, r->csv_handoff, NULL);
    err = csv_fails(BASE_UNITS, handoffs, NULL);
    assert_error(err, r->code, "handoffs.csv:4: ", r->field, r->reason);
  }
  if (r->csv_survey != NULL) {
    g_autofree char *surveys = g_strconcat(SURVEYS_HEADER, r->csv_survey, NULL);
    err = csv_fails(BASE_UNITS, BASE_HANDOFFS, surveys);
    assert_error(err, r->code, "surveys.csv:2: ", r->field, r->reason);
  }
  if (r->json_unit != NULL || r->json_handoff != NULL || r->json_survey != NULL) {
    g_autofree char *doc = json_doc(r->json_unit, r->json_handoff, r->json_survey);
    const char *where = r->json_unit      ? "org.json: units[3]: "
                        : r->json_handoff ? "org.json: handoffs[2]: "
                                          : "org.json: surveys[0]: ";
    err = json_fails(doc, -1);
    assert_error(err, r->code, where, r->field, r->reason);
  }
  if (r->graphml != NULL) {
    g_autofree char *doc = graphml_doc(r->graphml);
    err = graphml_fails(doc, -1);
    assert_error(err, r->code, "org.graphml:17: ", r->graphml_what, r->field, r->reason);
  }
}

static void
test_rejects_duplicate_id(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"id\"",
                         "duplicate id \"A\"",
                         "A,supplier,,,,,\n",
                         NULL,
                         NULL,
                         "{\"id\": \"A\", \"kind\": \"supplier\"}",
                         NULL,
                         NULL,
                         "<node id=\"A\"><data key=\"k\">supplier</data></node>\n",
                         "node \"A\": "};
  check_rule(&r);
}

static void
test_rejects_unknown_kind(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"kind\"",
                         "unknown kind \"boss\" (expected team, supplier or customer)",
                         "Q,boss,,,,,\n",
                         NULL,
                         NULL,
                         "{\"id\": \"Q\", \"kind\": \"boss\"}",
                         NULL,
                         NULL,
                         "<node id=\"Q\"><data key=\"k\">boss</data></node>\n",
                         "node \"Q\": "};
  check_rule(&r);
}

static void
test_rejects_missing_kind(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"kind\"",
                         "is missing",
                         "Q,,,,,,\n",
                         NULL,
                         NULL,
                         "{\"id\": \"Q\", \"kind\": null}",
                         NULL,
                         NULL,
                         "<node id=\"Q\"/>\n",
                         "node \"Q\": "};
  check_rule(&r);
}

static void
test_rejects_handoff_to_unknown_unit(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"to\"",
                         "unknown unit \"Z\"",
                         NULL,
                         "A,Z,,,,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"Z\"}",
                         NULL,
                         "<edge source=\"A\" target=\"Z\"/>\n",
                         "edge 2 (A -> Z): "};
  check_rule(&r);
}

static void
test_rejects_handoff_from_unknown_unit(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"from\"",
                         "unknown unit \"Z\"",
                         NULL,
                         "Z,A,,,,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"Z\", \"to\": \"A\"}",
                         NULL,
                         "<edge source=\"Z\" target=\"A\"/>\n",
                         "edge 2 (Z -> A): "};
  check_rule(&r);
}

static void
test_rejects_self_handoff(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"to\"",
                         "self-handoff A -> A",
                         NULL,
                         "A,A,,,,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"A\"}",
                         NULL,
                         "<edge source=\"A\" target=\"A\"/>\n",
                         "edge 2 (A -> A): "};
  check_rule(&r);
}

static void
test_rejects_handoff_from_customer(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"from\"",
                         "X is a customer",
                         NULL,
                         "X,A,,,,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"X\", \"to\": \"A\"}",
                         NULL,
                         "<edge source=\"X\" target=\"A\"/>\n",
                         "edge 2 (X -> A): "};
  check_rule(&r);
}

static void
test_rejects_zero_weight(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"weight\"",
                         "0 is not > 0",
                         NULL,
                         "A,X,,0,,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"X\", \"weight\": 0}",
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"w\">0</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_negative_weight(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"weight\"",
                         "-1.5 is not > 0",
                         NULL,
                         "A,X,,-1.5,,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"X\", \"weight\": -1.5}",
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"w\">-1.5</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_score_above_one(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"score\"",
                         "1.4 is not in 0..1",
                         NULL,
                         "A,X,,,1.4,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"X\", \"score\": 1.4}",
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"s\">1.4</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_negative_score(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"score\"",
                         "-0.1 is not in 0..1",
                         NULL,
                         "A,X,,,-0.1,,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"X\", \"score\": -0.1}",
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"s\">-0.1</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_negative_revenue(void **state)
{
  static const Rule r = {
      VS_ERROR_INVALID,
      "field \"revenue\"",
      "-5 is negative",
      "Q,customer,,,-5,,\n",
      NULL,
      NULL,
      "{\"id\": \"Q\", \"kind\": \"customer\", \"revenue\": -5}",
      NULL,
      NULL,
      "<node id=\"Q\"><data key=\"k\">customer</data><data key=\"r\">-5</data></node>\n",
      "node \"Q\": "};
  check_rule(&r);
}

static void
test_rejects_negative_volume(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"volume\"",
                         "-1 is negative",
                         NULL,
                         "A,X,,,,-1,\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"X\", \"volume\": -1}",
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"v\">-1</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_negative_lead_time(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"lead_time_days\"",
                         "-2 is negative",
                         NULL,
                         "A,X,,,,,-2\n",
                         NULL,
                         NULL,
                         "{\"from\": \"A\", \"to\": \"X\", \"lead_time_days\": -2}",
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"l\">-2</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_negative_headcount(void **state)
{
  static const Rule r = {
      VS_ERROR_INVALID,
      "field \"headcount\"",
      "-3 is negative",
      "Q,team,,,,,-3\n",
      NULL,
      NULL,
      "{\"id\": \"Q\", \"kind\": \"team\", \"headcount\": -3}",
      NULL,
      NULL,
      "<node id=\"Q\"><data key=\"k\">team</data><data key=\"h\">-3</data></node>\n",
      "node \"Q\": "};
  check_rule(&r);
}

static void
test_rejects_own_share_above_one(void **state)
{
  static const Rule r = {
      VS_ERROR_INVALID,
      "field \"own_share\"",
      "1.5 is not in 0..1",
      "Q,team,,,,1.5,\n",
      NULL,
      NULL,
      "{\"id\": \"Q\", \"kind\": \"team\", \"own_share\": 1.5}",
      NULL,
      NULL,
      "<node id=\"Q\"><data key=\"k\">team</data><data key=\"o\">1.5</data></node>\n",
      "node \"Q\": "};
  check_rule(&r);
}

static void
test_rejects_negative_own_share(void **state)
{
  static const Rule r = {
      VS_ERROR_INVALID,
      "field \"own_share\"",
      "-0.5 is not in 0..1",
      "Q,team,,,,-0.5,\n",
      NULL,
      NULL,
      "{\"id\": \"Q\", \"kind\": \"team\", \"own_share\": -0.5}",
      NULL,
      NULL,
      "<node id=\"Q\"><data key=\"k\">team</data><data key=\"o\">-0.5</data></node>\n",
      "node \"Q\": "};
  check_rule(&r);
}

/* JSON has no NaN or inf literal: see test_json_rejects_non_finite. */
static void
test_rejects_nan_text(void **state)
{
  static const Rule r = {VS_ERROR_PARSE,
                         "field \"score\"",
                         "\"nan\" is not a decimal number",
                         NULL,
                         "A,X,,,nan,,\n",
                         NULL,
                         NULL,
                         NULL,
                         NULL,
                         "<edge source=\"A\" target=\"X\"><data key=\"s\">nan</data></edge>\n",
                         "edge 2 (A -> X): "};
  check_rule(&r);
}

static void
test_rejects_inf_text(void **state)
{
  static const Rule r = {
      VS_ERROR_PARSE,
      "field \"revenue\"",
      "\"inf\" is not a decimal number",
      "Q,customer,,,inf,,\n",
      NULL,
      NULL,
      NULL,
      NULL,
      NULL,
      "<node id=\"Q\"><data key=\"k\">customer</data><data key=\"r\">inf</data></node>\n",
      "node \"Q\": "};
  check_rule(&r);
}

static void
test_rejects_number_junk(void **state)
{
  static const Rule hex = {VS_ERROR_PARSE,
                           "field \"weight\"",
                           "\"0x10\" is not a decimal number",
                           NULL,
                           "A,X,,0x10,,,\n",
                           NULL,
                           NULL,
                           NULL,
                           NULL,
                           "<edge source=\"A\" target=\"X\"><data key=\"w\">0x10</data></edge>\n",
                           "edge 2 (A -> X): "};
  static const Rule junk = {VS_ERROR_PARSE,
                            "field \"headcount\"",
                            "\"12 people\" is not a decimal number",
                            "Q,team,,,,,12 people\n",
                            NULL,
                            NULL,
                            NULL,
                            NULL,
                            NULL,
                            "<node id=\"Q\"><data key=\"k\">team</data><data key=\"h\">12 "
                            "people</data></node>\n",
                            "node \"Q\": "};
  check_rule(&hex);
  check_rule(&junk);
}

static void
test_rejects_survey_score_outside_scale(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"score\"",
                         "6 is outside the scale 1..5",
                         NULL,
                         NULL,
                         "2026-Q1,B,A,6,1,5\n",
                         NULL,
                         NULL,
                         "{\"period\": \"2026-Q1\", \"respondent\": \"B\", \"provider\": \"A\", "
                         "\"score\": 6}",
                         NULL,
                         NULL};
  check_rule(&r);
}

static void
test_rejects_scale_min_not_below_max(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"scale_min\"",
                         "5 is not below scale_max 5",
                         NULL,
                         NULL,
                         "2026-Q1,B,A,5,5,5\n",
                         NULL,
                         NULL,
                         "{\"period\": \"2026-Q1\", \"respondent\": \"B\", \"provider\": \"A\", "
                         "\"score\": 5, \"scale_min\": 5, \"scale_max\": 5}",
                         NULL,
                         NULL};
  check_rule(&r);
}

static void
test_rejects_survey_naming_unknown_unit(void **state)
{
  static const Rule r = {VS_ERROR_INVALID,
                         "field \"respondent\"",
                         "unknown unit \"Z\"",
                         NULL,
                         NULL,
                         "2026-Q1,Z,A,3,,\n",
                         NULL,
                         NULL,
                         "{\"period\": \"2026-Q1\", \"respondent\": \"Z\", \"provider\": \"A\", "
                         "\"score\": 3}",
                         NULL,
                         NULL};
  static const Rule provider = {VS_ERROR_INVALID,
                                "field \"provider\"",
                                "unknown unit \"Q\"",
                                NULL,
                                NULL,
                                "2026-Q1,B,Q,3,,\n",
                                NULL,
                                NULL,
                                "{\"period\": \"2026-Q1\", \"respondent\": \"B\", \"provider\": "
                                "\"Q\", \"score\": 3}",
                                NULL,
                                NULL};
  check_rule(&r);
  check_rule(&provider);
}

static void
test_rejects_closed_loop(void **state)
{
  /* A and B feed only each other, create nothing themselves, and get
   * nothing from outside: a closed loop (SPEC 4.1). */
  static const char units[] = "id,kind,revenue\nA,team,\nB,team,\nX,customer,10\n";
  static const char handoffs[] = "from,to\nA,B\nB,A\nB,X\n";
  static const char json[] = "{\"units\": [{\"id\": \"A\", \"kind\": \"team\"}, {\"id\": \"B\", "
                             "\"kind\": \"team\"}, {\"id\": \"X\", \"kind\": \"customer\"}],\n"
                             "\"handoffs\": [{\"from\": \"A\", \"to\": \"B\"}, {\"from\": \"B\", "
                             "\"to\": \"A\"}, {\"from\": \"B\", \"to\": \"X\"}]}";
  g_autofree char *graphml = NULL;
  GError *err;

  err = csv_fails(units, handoffs, NULL);
  assert_error(err, VS_ERROR_INVALID, "handoffs.csv: ", "closed loop", "units A, B ");
  err = json_fails(json, -1);
  assert_error(err, VS_ERROR_INVALID, "org.json: ", "closed loop", "units A, B ");
  graphml = g_strconcat("<graphml><key id=\"k\" for=\"node\" attr.name=\"kind\" "
                        "attr.type=\"string\"/><graph edgedefault=\"directed\">",
                        "<node id=\"A\"><data key=\"k\">team</data></node>",
                        "<node id=\"B\"><data key=\"k\">team</data></node>",
                        "<node id=\"X\"><data key=\"k\">customer</data></node>",
                        "<edge source=\"A\" target=\"B\"/><edge source=\"B\" target=\"A\"/>",
                        "<edge source=\"B\" target=\"X\"/></graph></graphml>", NULL);
  err = graphml_fails(graphml, -1);
  assert_error(err, VS_ERROR_INVALID, "org.graphml: ", "closed loop", "units A, B ");
}

static void
test_rejects_empty_id(void **state)
{
  GError *err;
  g_autofree char *units = g_strconcat(BASE_UNITS, ",team,,,,,\n", NULL);
  g_autofree char *doc = json_doc("{\"id\": \"\", \"kind\": \"team\"}", NULL, NULL);

  err = csv_fails(units, BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_INVALID, "units.csv:5: ", "field \"id\": is missing");
  err = json_fails(doc, -1);
  assert_error(err, VS_ERROR_INVALID, "org.json: units[3]: ", "field \"id\": is missing");
}

/* ---- the SPEC example and fixtures -------------------------------------------- */

static void
test_spec_example_loads(void **state)
{
  g_autoptr(VsOrg) org = load_ok("spec");
  VsSurveyResponse r;
  gsize a, d, x, e;

  assert_int_equal(vs_org_get_n_units(org), 7);
  assert_int_equal(vs_org_get_n_handoffs(org), 9);
  assert_int_equal(vs_org_get_n_survey_responses(org), 8);
  assert_int_equal(vs_org_get_n_kind(org, VS_KIND_TEAM), 5);
  assert_int_equal(vs_org_get_n_kind(org, VS_KIND_CUSTOMER), 2);

  a = vs_test_unit(org, "A");
  d = vs_test_unit(org, "D");
  x = vs_test_unit(org, "X");
  e = vs_test_unit(org, "E");
  assert_int_equal(a, 0); /* input order */
  assert_string_equal(vs_org_get_unit_name(org, a), "Platform");
  assert_string_equal(vs_org_get_unit_group(org, a), "eng");
  assert_string_equal(vs_org_get_unit_name(org, e), "Internal Comms");
  assert_string_equal(vs_org_get_unit_group(org, e), "ops");
  assert_null(vs_org_get_unit_group(org, x));
  assert_int_equal(vs_org_get_unit_kind(org, x), VS_KIND_CUSTOMER);
  assert_close(vs_org_get_unit_revenue(org, x), 600, 0);
  assert_close(vs_org_get_unit_revenue(org, vs_test_unit(org, "Y")), 400, 0);
  assert_close(vs_org_get_unit_own_share(org, d), 0.2, 0);
  assert_true(isnan(vs_org_get_unit_own_share(org, a)));
  assert_true(isnan(vs_org_get_unit_headcount(org, a)));

  /* handoff 1: A,C,platform,1,0.9; handoff 2: B,C,metrics,2, (unrated) */
  assert_int_equal(vs_org_get_handoff_from(org, 1), a);
  assert_int_equal(vs_org_get_handoff_to(org, 1), vs_test_unit(org, "C"));
  assert_string_equal(vs_org_get_handoff_deliverable(org, 1), "platform");
  assert_close(vs_org_get_handoff_weight(org, 1), 1, 0);
  assert_close(vs_org_get_handoff_score(org, 1), 0.9, 0);
  assert_close(vs_org_get_handoff_weight(org, 2), 2, 0);
  assert_true(isnan(vs_org_get_handoff_score(org, 2)));
  assert_true(isnan(vs_org_get_handoff_volume(org, 2)));
  assert_close(vs_org_get_handoff_score(org, 8), 0.5, 0); /* A,E,newsletter,1,0.5 */

  vs_org_get_survey_response(org, 0, &r);
  assert_string_equal(r.period, "2025-Q1");
  assert_string_equal(r.respondent, "C");
  assert_string_equal(r.provider, "B");
  assert_close(r.score, 4.2, 0);
  assert_close(r.scale_min, 1, 0);
  assert_close(r.scale_max, 5, 0);
  vs_org_get_survey_response(org, 7, &r);
  assert_string_equal(r.period, "2026-Q4");
  assert_close(r.score, 3.4, 0);
}

static void
test_spec_example_analyses_as_specified(void **state)
{
  g_autoptr(VsOrg) org = load_ok("spec");
  g_autoptr(VsAnalysis) an = NULL;
  GError *err = NULL;
  const double *q;
  gsize n;

  an = vs_analysis_new(org, NULL, &err);
  assert_non_null(an);
  q = vs_analysis_get_qualities(an, &n);
  assert_int_equal(n, 7);
  /* SPEC section 6: the loader carried every number the analysis needs. */
  assert_close(q[vs_test_unit(org, "C")], 0.7848837, 1e-7);
  assert_close(vs_analysis_get_total_at_risk(an), 298.3720930, 1e-7);
}

static void
test_tiny_dir_with_bom_loads(void **state)
{
  g_autoptr(VsOrg) org = load_ok("tiny");
  gsize c;

  assert_int_equal(vs_org_get_n_units(org), 2);
  /* The BOM is not part of the first column's name ("id"). */
  assert_int_equal(vs_test_unit(org, "T"), 0);
  c = vs_test_unit(org, "C");
  assert_close(vs_org_get_unit_revenue(org, c), 250, 0);
  assert_close(vs_org_get_handoff_score(org, 0), 0.8, 0);
}

/* ---- RFC 4180 ------------------------------------------------------------------ */

static void
test_csv_quoted_fields(void **state)
{
  static const char units[] = "id,kind,name,group\n"
                              "A,team,\"Platform, Tools\",eng\n"
                              "\"B\",team,\"Data \"\"Lake\"\"\",\"\"\n"
                              "C,team,\"two\nlines\",ops\n"
                              "X,customer,\"\",\n";
  static const char handoffs[] = "from,to,deliverable\nA,B,\"a,b\"\nB,C,\nC,X,\"say \"\"hi\"\"\"\n";
  g_autoptr(VsOrg) org = csv_ok(units, handoffs, NULL);

  assert_string_equal(vs_org_get_unit_name(org, 0), "Platform, Tools");
  assert_string_equal(vs_org_get_unit_name(org, 1), "Data \"Lake\"");
  assert_null(vs_org_get_unit_group(org, 1)); /* "" quoted is still empty */
  assert_string_equal(vs_org_get_unit_name(org, 2), "two\nlines");
  assert_string_equal(vs_org_get_unit_name(org, 3), "X"); /* empty name = the id */
  assert_string_equal(vs_org_get_handoff_deliverable(org, 0), "a,b");
  assert_null(vs_org_get_handoff_deliverable(org, 1));
  assert_string_equal(vs_org_get_handoff_deliverable(org, 2), "say \"hi\"");
}

static void
test_csv_crlf_and_bom(void **state)
{
  static const char units[] = "\xEF\xBB\xBFid,kind,name\r\nA,team,\"x\r\ny\"\r\nX,customer,\r\n";
  static const char handoffs[] = "\xEF\xBB\xBF"
                                 "from,to\r\nA,X"; /* no final line break */
  g_autoptr(VsOrg) org = csv_ok(units, handoffs, NULL);

  assert_int_equal(vs_org_get_n_units(org), 2);
  assert_string_equal(vs_org_get_unit_id(org, 0), "A");
  assert_string_equal(vs_org_get_unit_name(org, 0), "x\r\ny"); /* inside quotes: data */
  assert_int_equal(vs_org_get_n_handoffs(org), 1);
}

static void
test_csv_any_column_order_unknown_columns_ignored(void **state)
{
  static const char units[] = "notes,revenue,kind,id,extra\n"
                              "whatever,,team,A,1\n"
                              "\"a, b\",70,customer,X,2\n";
  static const char handoffs[] = "score,to,comment,from\n0.25,X,hello,A\n";
  g_autoptr(VsOrg) org = csv_ok(units, handoffs, NULL);

  assert_int_equal(vs_org_get_n_units(org), 2);
  assert_close(vs_org_get_unit_revenue(org, vs_test_unit(org, "X")), 70, 0);
  assert_close(vs_org_get_handoff_score(org, 0), 0.25, 0);
  assert_int_equal(vs_org_get_handoff_from(org, 0), vs_test_unit(org, "A"));
}

static void
test_csv_blank_lines_and_blank_numbers(void **state)
{
  static const char units[] = "id,kind,revenue,headcount\n\nA,team,, \n\r\nX,customer, 5 ,\n\n";
  g_autoptr(VsOrg) org = csv_ok(units, "from,to\nA,X\n", NULL);

  assert_int_equal(vs_org_get_n_units(org), 2);
  assert_true(isnan(vs_org_get_unit_headcount(org, 0))); /* " " = absent */
  assert_close(vs_org_get_unit_revenue(org, 1), 5, 0);   /* blanks around a number */
}

static void
test_csv_negative_zero_is_zero(void **state)
{
  g_autoptr(VsOrg) org =
      csv_ok("id,kind,own_share\nA,team,-0\nX,customer,\n", "from,to,score\nA,X,-0\n", NULL);
  double own = vs_org_get_unit_own_share(org, 0), score = vs_org_get_handoff_score(org, 0);

  assert_true(own == 0.0 && !signbit(own));
  assert_true(score == 0.0 && !signbit(score));
}

static void
test_csv_line_counts_embedded_newlines(void **state)
{
  /* Record 2 spans lines 2-4, so the bad record starts on line 5. */
  static const char units[] = "id,kind,name\nA,team,\"one\ntwo\nthree\"\nB,boss,\n";
  GError *err = csv_fails(units, "from,to\n", NULL);

  assert_error(err, VS_ERROR_INVALID, "units.csv:5: field \"kind\": unknown kind \"boss\"");
}

static void
test_csv_rejects_unterminated_quote(void **state)
{
  GError *err = csv_fails("id,kind,name\nA,team,ok\nB,team,\"open\nmore\n", "from,to\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:3: ", "field \"name\"", "unterminated");
}

static void
test_csv_rejects_stray_quotes(void **state)
{
  GError *err = csv_fails("id,kind,name\nA,team,say \"hi\"\n", "from,to\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:2: ", "field \"name\"", "quote inside");
  err = csv_fails("id,kind,name\nA,team,\"x\"y\n", "from,to\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:2: ", "field \"name\"", "after the closing quote");
}

static void
test_csv_rejects_nul_byte(void **state)
{
  static const char units[] = "id,kind\nA,team\nB,te\0am\n";
  GError *err = NULL;
  VsOrg *org = vs_load_csv_data(units, sizeof units - 1, "from,to\n", -1, NULL, -1, &err);

  assert_null(org);
  assert_error(err, VS_ERROR_PARSE, "units.csv:3: ", "field \"kind\"", "NUL byte");
}

static void
test_csv_rejects_invalid_utf8(void **state)
{
  GError *err = csv_fails("id,kind,name\nA,team,caf\xC3\xA9\nB,team,caf\xE9\n", "from,to\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:3: ", "field \"name\"", "not valid UTF-8");
  /* overlong encoding of '/' */
  err = csv_fails("id,kind,name\nA,team,\xC0\xAF\n", "from,to\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:2: ", "not valid UTF-8");
  /* a UTF-16 surrogate encoded in UTF-8 */
  err = csv_fails("id,kind,name\nA,team,\xED\xA0\x80\n", "from,to\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:2: ", "not valid UTF-8");
}

static void
test_csv_rejects_wrong_field_count(void **state)
{
  GError *err = csv_fails(BASE_UNITS, HANDOFFS_HEADER "A,B,,,,,\nB,X,,,\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "handoffs.csv:3: ", "5 fields, but the header has 7");
  err = csv_fails(BASE_UNITS "C,team,,,,,,\n", BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:5: ", "8 fields, but the header has 7");
}

static void
test_csv_rejects_missing_required_column(void **state)
{
  GError *err = csv_fails("id,name\nA,x\n", BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:1: ", "field \"kind\"", "required column");
  err = csv_fails(BASE_UNITS, "from,deliverable\nA,x\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "handoffs.csv:1: ", "field \"to\"", "required column");
  err = csv_fails(BASE_UNITS, BASE_HANDOFFS, "period,respondent,provider\n");
  assert_error(err, VS_ERROR_PARSE, "surveys.csv:1: ", "field \"score\"", "required column");
}

static void
test_csv_rejects_duplicate_columns(void **state)
{
  GError *err = csv_fails("id,kind,name,name\nA,team,x,y\n", BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:1: ", "duplicate column \"name\"");
  err = csv_fails("id,kind,note,note\nA,team,x,y\n", BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:1: ", "duplicate column \"note\"");
}

static void
test_csv_rejects_empty_file(void **state)
{
  GError *err = csv_fails("", BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_PARSE, "units.csv:1: ", "empty", "header");
  err = csv_fails(BASE_UNITS, "\n\r\n", NULL);
  assert_error(err, VS_ERROR_PARSE, "handoffs.csv:", "empty");
}

static void
test_csv_limits_columns(void **state)
{
  /* 100000 columns: refused quickly with a clear error, not a blow-up. */
  GString *units = g_string_new("id,kind");
  GError *err;

  for (guint i = 0; i < 100000; i++)
    g_string_append(units, ",c");
  g_string_append(units, "\nA,team\n");
  err = csv_fails(units->str, BASE_HANDOFFS, NULL);
  assert_error(err, VS_ERROR_LIMIT, "units.csv:1: ", "more than 1024 fields");
  g_string_free(units, TRUE);
}

static void
test_csv_huge_field(void **state)
{
  /* A 10 MB quoted field with doubled quotes loads, unescaped once. */
  const gsize size = 10 * 1024 * 1024;
  GString *units = g_string_sized_new(size + 64);
  g_autoptr(VsOrg) org = NULL;
  const char *name;

  g_string_append(units, "id,kind,name\nA,team,\"");
  for (gsize i = 0; i < size / 8; i++)
    g_string_append(units, "abc\"\"def");
  g_string_append(units, "\"\nX,customer,\n");
  org = csv_ok(units->str, "from,to\nA,X\n", NULL);
  name = vs_org_get_unit_name(org, 0);
  assert_int_equal(strlen(name), size / 8 * 7);
  assert_memory_equal(name, "abc\"defabc\"def", 14);
  g_string_free(units, TRUE);
}

/* The reader on its own: views, scratch fields, delimiter, lines. */
static void
test_csv_reader_records(void **state)
{
  static const char data[] = "a;\"b;\"\"c\"\"\";\n\"x\ny\";2;3\r\n";
  g_autoptr(VsCsvReader) r = vs_i_csv_reader_new(data, sizeof data - 1, "t.csv");
  const VsCsvField *f;
  GError *err = NULL;
  guint n;

  vs_i_csv_reader_set_delimiter(r, ';');
  assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_RECORD);
  f = vs_i_csv_reader_get_fields(r, &n);
  assert_int_equal(n, 3);
  assert_int_equal(vs_i_csv_reader_get_line(r), 1);
  assert_int_equal(f[0].len, 1);
  assert_memory_equal(f[0].data, "a", 1);
  assert_int_equal(f[1].len, 5);
  assert_memory_equal(f[1].data, "b;\"c\"", 5);
  assert_int_equal(f[2].len, 0);
  assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_RECORD);
  f = vs_i_csv_reader_get_fields(r, &n);
  assert_int_equal(n, 3);
  assert_int_equal(vs_i_csv_reader_get_line(r), 2);
  assert_memory_equal(f[0].data, "x\ny", 3);
  assert_memory_equal(f[2].data, "3", 1);
  assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_END);
  assert_null(err);
}

/* Peeking at the next record's field: only unquoted fields on one line,
 * and nothing consumed. */
static void
test_csv_reader_peek(void **state)
{
  static const char data[] = "h1,h2,h3\n\r\nab,cdé-more-than-sixteen-bytes,e\n\"q\",r,s\nt\n";
  g_autoptr(VsCsvReader) r = vs_i_csv_reader_new(data, sizeof data - 1, "t.csv");
  const VsCsvField *f;
  const char *text;
  GError *err = NULL;
  gsize len;

  assert_true(vs_i_csv_reader_read_header(r, &err));
  /* past a blank line; a field with a multi-byte character in it */
  assert_true(vs_i_csv_reader_peek_field(r, 1, &text, &len));
  assert_int_equal(len, strlen("cdé-more-than-sixteen-bytes"));
  assert_memory_equal(text, "cdé-more-than-sixteen-bytes", len);
  assert_true(vs_i_csv_reader_peek_field(r, 2, &text, &len));
  assert_memory_equal(text, "e", len);
  assert_false(vs_i_csv_reader_peek_field(r, 3, &text, &len));    /* no such field */
  assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_RECORD); /* not consumed */
  f = vs_i_csv_reader_get_fields(r, NULL);
  assert_memory_equal(f[0].data, "ab", 2);
  assert_false(vs_i_csv_reader_peek_field(r, 1, &text, &len)); /* behind a quoted field */
  assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_RECORD);
  assert_true(vs_i_csv_reader_peek_field(r, 0, &text, &len));
  assert_memory_equal(text, "t", len);
  assert_int_equal(vs_i_csv_reader_next(r, &err),
                   VS_CSV_ERROR); /* one field: peeking checks nothing */
  g_clear_error(&err);
  assert_false(vs_i_csv_reader_peek_field(r, 0, &text, &len)); /* at the end */
}

/* Numbers read exactly as strtod reads them, whichever path parses them
 * (plain decimals take a fast path; the rest vs_i_parse_double). */
static void
test_numbers_read_exactly(void **state)
{
  static const char *const fixed[] = {"0.1",
                                      "0.3",
                                      "1.4",
                                      "-0",
                                      "+2.5",
                                      "5.",
                                      ".5",
                                      "007.50",
                                      "123456789012345",
                                      "1234567890123456",
                                      "0.0000000000000000000001",
                                      "9007199254740993",
                                      "1e-5",
                                      "2.5E3",
                                      "0.1000000000000000055511"};
  g_autoptr(GRand) rng = g_rand_new_with_seed(42);
  VsRecord rec;

  vs_i_record_init(&rec, NULL, VS_I_TABLE_HANDOFFS);
  for (guint i = 0; i < G_N_ELEMENTS(fixed) + 20000; i++) {
    char buf[64];
    const char *text = buf;
    GError *err = NULL;
    double want;

    if (i < G_N_ELEMENTS(fixed)) {
      text = fixed[i];
    } else {
      /* up to 17 digits, the point anywhere */
      guint digits = (guint)g_rand_int_range(rng, 1, 18),
            point = (guint)g_rand_int_range(rng, 0, 18);
      gsize n = 0;
      if (g_rand_boolean(rng))
        buf[n++] = '-';
      for (guint d = 0; d < digits; d++) {
        if (d == point)
          buf[n++] = '.';
        buf[n++] = (char)('0' + g_rand_int_range(rng, 0, 10));
      }
      buf[n] = '\0';
    }
    want = g_ascii_strtod(text, NULL);
    if (want == 0.0)
      want = 0.0; /* -0 is 0 */
    vs_i_record_reset(&rec);
    assert_true(vs_i_record_set_text(&rec, VS_I_H_SCORE, text, strlen(text), &err));
    if (memcmp(&rec.number[VS_I_H_SCORE], &want, sizeof want) != 0) {
      print_error("%s read as %.17g, strtod says %.17g\n", text, rec.number[VS_I_H_SCORE], want);
      fail();
    }
  }
  vs_i_record_clear(&rec);
}

/* ---- JSON ----------------------------------------------------------------------- */

static void
test_json_loads_with_nulls_and_numbers(void **state)
{
  static const char doc[] =
      "{\"units\": [{\"id\": \"A\", \"kind\": \"team\", \"own_share\": null, \"headcount\": 3},\n"
      "            {\"id\": \"X\", \"kind\": \"customer\", \"revenue\": 1.5e2, \"extra\": [1]}],\n"
      " \"handoffs\": [{\"from\": \"A\", \"to\": \"X\", \"score\": 1, \"weight\": 0.5}],\n"
      " \"surveys\": [{\"period\": \"2026-Q1\", \"respondent\": \"X\", \"provider\": \"A\", "
      "\"score\": 7, \"scale_min\": 0, \"scale_max\": 10}],\n"
      " \"comment\": \"unknown members are ignored\"}";
  GError *err = NULL;
  g_autoptr(VsOrg) org = vs_load_json_data(doc, -1, NULL, &err);
  VsSurveyResponse r;

  assert_non_null(org);
  assert_true(isnan(vs_org_get_unit_own_share(org, 0)));
  assert_close(vs_org_get_unit_headcount(org, 0), 3, 0);
  assert_close(vs_org_get_unit_revenue(org, 1), 150, 0);
  assert_close(vs_org_get_handoff_score(org, 0), 1, 0);
  assert_close(vs_org_get_handoff_weight(org, 0), 0.5, 0);
  vs_org_get_survey_response(org, 0, &r);
  assert_close(r.score, 7, 0);
  assert_close(r.scale_max, 10, 0);
}

static void
test_json_rejects_wrong_types(void **state)
{
  g_autofree char *a =
      json_doc("{\"id\": \"Q\", \"kind\": \"customer\", \"revenue\": \"5\"}", NULL, NULL);
  g_autofree char *b = json_doc(NULL, "{\"from\": \"A\", \"to\": 7}", NULL);
  g_autofree char *c = json_doc("{\"id\": \"Q\", \"kind\": \"team\", \"name\": true}", NULL, NULL);
  g_autofree char *d = json_doc("[1]", NULL, NULL);
  GError *err;

  err = json_fails(a, -1);
  assert_error(err, VS_ERROR_PARSE,
               "org.json: units[3]: field \"revenue\": expected a number, got a string");
  err = json_fails(b, -1);
  assert_error(err, VS_ERROR_PARSE,
               "org.json: handoffs[2]: field \"to\": expected a string, got a number");
  err = json_fails(c, -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: units[3]: field \"name\"", "got a boolean");
  err = json_fails(d, -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: units[3]: expected an object, got an array");
  err = json_fails("{\"units\": {}, \"handoffs\": []}", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: field \"units\": expected an array, got an object");
  err = json_fails("{\"units\": []}", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: field \"handoffs\": is missing");
}

static void
test_json_rejects_non_object_top_level(void **state)
{
  GError *err = json_fails("[{\"units\": []}]", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: the top level is an array");
  err = json_fails("\"units\"", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: the top level is a string");
}

static void
test_json_rejects_non_finite(void **state)
{
  g_autofree char *big =
      json_doc(NULL, "{\"from\": \"A\", \"to\": \"X\", \"volume\": 1e999}", NULL);
  g_autofree char *nan_literal =
      json_doc(NULL, "{\"from\": \"A\", \"to\": \"X\", \"score\": NaN}", NULL);
  g_autofree char *huge_int = json_doc(
      "{\"id\": \"Q\", \"kind\": \"team\", \"headcount\": 99999999999999999999}", NULL, NULL);
  GError *err;

  err = json_fails(big, -1);
  assert_error(err, VS_ERROR_INVALID, "org.json: handoffs[2]: field \"volume\"", "not finite");
  err = json_fails(nan_literal, -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:3:", "NaN");
  /* json-glib would silently wrap it. */
  err = json_fails(huge_int, -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:3: ", "more than 18 digits");
}

static void
test_json_syntax_error_names_line(void **state)
{
  GError *err = json_fails("{\"units\": [\n  {\"id\": \"A\",\n   \"kind\" \"team\"}\n]}", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:3:");
  err = json_fails("{\"units\": [], \"handoffs\": []}\n{\"more\": 1}", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:2: ", "after the end");
}

static void
test_json_rejects_deep_nesting(void **state)
{
  const gsize depth = 100000;
  GString *doc = g_string_new("{\"units\": ");
  GError *err;

  for (gsize i = 0; i < depth; i++)
    g_string_append_c(doc, '[');
  for (gsize i = 0; i < depth; i++)
    g_string_append_c(doc, ']');
  g_string_append_c(doc, '}');
  err = json_fails(doc->str, -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:1: ", "nested deeper than 64 levels");
  g_string_free(doc, TRUE);
  /* Brackets inside strings do not count. */
  doc = g_string_new("{\"units\": [{\"id\": \"");
  for (gsize i = 0; i < 1000; i++)
    g_string_append(doc, "[{\\\"");
  g_string_append(doc, "\", \"kind\": \"team\"}], \"handoffs\": []}");
  {
    g_autoptr(VsOrg) org = vs_load_json_data(doc->str, -1, NULL, &err);
    assert_non_null(org);
  }
  g_string_free(doc, TRUE);
}

static void
test_json_rejects_bad_text(void **state)
{
  static const char with_nul[] = "{\"units\": [],\n \"handoffs\": [\0]}";
  GError *err = json_fails(with_nul, sizeof with_nul - 1);

  assert_error(err, VS_ERROR_PARSE, "org.json:2: ", "NUL byte");
  err = json_fails("{\"units\": [{\"id\": \"caf\xE9\"}], \"handoffs\": []}", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:1: ", "not valid UTF-8");
  err = json_fails("{\"units\": [{\"id\": \"A\\u0000B\", \"kind\": \"team\"}], \"handoffs\": []}",
                   -1);
  assert_error(err, VS_ERROR_PARSE, "org.json:1: ", "\\u0000");
  err = json_fails("", 0);
  assert_error(err, VS_ERROR_PARSE, "org.json: ", "empty");
  err = json_fails(" \n ", -1);
  assert_error(err, VS_ERROR_PARSE, "org.json: ", "empty");
}

/* ---- GraphML ------------------------------------------------------------------ */

static void
test_graphml_loads_types_robustly(void **state)
{
  /* Numbers declared as string or int, a missing value, a key default,
   * an undirected graph without namespace, edges before their nodes. */
  static const char ok_doc[] =
      "<?xml version=\"1.0\"?>\n<graphml>\n"
      "<key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
      "<key id=\"r\" for=\"node\" attr.name=\"revenue\" attr.type=\"string\"/>\n"
      "<key id=\"h\" for=\"node\" attr.name=\"headcount\" attr.type=\"int\"/>\n"
      "<key id=\"w\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\">"
      "<default>2.5</default></key>\n"
      "<key id=\"s\" for=\"edge\" attr.name=\"score\" attr.type=\"float\"/>\n"
      "<key id=\"x\" for=\"edge\" attr.name=\"colour\" attr.type=\"boolean\"/>\n"
      "<key id=\"y\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n" /* no type: not ours */
      "<!-- a comment --><graph edgedefault=\"undirected\">\n"
      "<edge source=\"B\" target=\"A\"><data key=\"s\"> 0.5 </data><data key=\"x\">true</data>"
      "</edge>\n"
      "<edge source=\"B\" target=\"X\"><data key=\"w\">1</data></edge>\n"
      "<node id=\"X\"><data key=\"k\">customer</data><data key=\"r\">12.5</data></node>\n"
      "<node id=\"B\"><data key=\"k\"><![CDATA[team]]></data><data key=\"h\">4</data>"
      "<data key=\"y\"><y:Shape xmlns:y=\"http://www.yworks.com/xml/graphml\"/></data></node>\n"
      "<node id=\"A\"><data key=\"k\">team</data><data key=\"r\"></data></node>\n"
      "</graph></graphml>\n";
  GError *err = NULL;
  g_autoptr(VsOrg) org = vs_load_graphml_data(ok_doc, -1, NULL, &err);
  gsize a, b, x;

  assert_non_null(org);
  x = vs_test_unit(org, "X");
  b = vs_test_unit(org, "B");
  a = vs_test_unit(org, "A");
  assert_int_equal(x, 0); /* document order of <node> */
  assert_close(vs_org_get_unit_revenue(org, x), 12.5, 0);
  assert_close(vs_org_get_unit_headcount(org, b), 4, 0);
  assert_true(isnan(vs_org_get_unit_headcount(org, a)));
  /* source -> target even in an undirected graph */
  assert_int_equal(vs_org_get_handoff_from(org, 0), b);
  assert_int_equal(vs_org_get_handoff_to(org, 0), a);
  assert_close(vs_org_get_handoff_score(org, 0), 0.5, 0);
  assert_close(vs_org_get_handoff_weight(org, 0), 2.5, 0); /* the key's default */
  assert_close(vs_org_get_handoff_weight(org, 1), 1, 0);
  assert_true(isnan(vs_org_get_handoff_score(org, 1)));
}

static void
test_graphml_rejects_entities(void **state)
{
  static const char doc[] = "<?xml version=\"1.0\"?>\n"
                            "<!DOCTYPE graphml [\n<!ENTITY a \"aaaaaaaaaa\">\n"
                            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n"
                            "<graphml><graph><node id=\"&b;\"/></graph></graphml>\n";
  GError *err = graphml_fails(doc, -1);

  assert_error(err, VS_ERROR_PARSE, "org.graphml:2: ", "DOCTYPE", "not allowed");
  err = graphml_fails("<graphml><!ENTITY x \"y\"></graphml>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "ENTITY");
  err = graphml_fails("<?xml version=\"1.0\" encoding=\"UTF-7\"?><graphml/>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "encoding \"utf-7\" is not supported");
}

static void
test_graphml_rejects_malformed(void **state)
{
  static const char with_nul[] = "<graphml>\n<graph>\0</graph></graphml>";
  g_autofree char *unclosed = graphml_doc("<node id=\"Q\"><data key=\"k\">team</node>\n");
  GError *err;

  err = graphml_fails(unclosed, -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:17: ", "not well-formed");
  err = graphml_fails(with_nul, sizeof with_nul - 1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:2: ", "NUL byte");
  err = graphml_fails("<graphml>\n<graph><node id=\"caf\xE9\"/></graph></graphml>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:2: ", "not valid UTF-8");
  err = graphml_fails("", 0);
  assert_error(err, VS_ERROR_PARSE, "org.graphml: ", "empty");
  err = graphml_fails("<html><body/></html>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "not <graphml>");
  err = graphml_fails("<graphml><key id=\"k\" for=\"node\"/></graphml>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "no <graph>");
  err = graphml_fails("<graphml><graph><node/></graph></graphml>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "no id");
  err = graphml_fails("<graphml><graph/><graph/></graphml>", -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "second <graph>");
}

static void
test_graphml_rejects_bad_keys(void **state)
{
  g_autofree char *kind_bool = NULL;
  GError *err;

  err = graphml_fails("<graphml><key id=\"i\" for=\"node\" attr.name=\"id\" attr.type=\"string\"/>"
                      "<graph/></graphml>",
                      -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "key \"i\"", "may not be called \"id\"");
  err = graphml_fails("<graphml>\n<key id=\"a\" for=\"node\" attr.name=\"revenue\" "
                      "attr.type=\"double\"/>\n<key id=\"b\" for=\"node\" attr.name=\"revenue\" "
                      "attr.type=\"string\"/><graph/></graphml>",
                      -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:3: ", "second key for node attribute \"revenue\"");
  err = graphml_fails("<graphml>\n<key id=\"a\" for=\"edge\" attr.name=\"score\" "
                      "attr.type=\"double\"><default>high</default></key><graph/></graphml>",
                      -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:2: ", "key \"a\": field \"score\"",
               "\"high\" is not a decimal number");
  err = graphml_fails("<graphml><key id=\"k\" for=\"node\" attr.name=\"kind\"/><graph/></graphml>",
                      -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "key \"k\": attr.type is missing");
  err = graphml_fails("<graphml><key id=\"k\" for=\"edge\" attr.name=\"score\" attr.type=\"d\"/>"
                      "<graph/></graphml>",
                      -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "key \"k\": attr.type is \"d\"");
  err = graphml_fails("<graphml><key id=\"k\" for=\"all\" attr.name=\"score\" "
                      "attr.type=\"double\"/><graph/></graphml>",
                      -1);
  assert_error(err, VS_ERROR_PARSE, "org.graphml:1: ", "for=\"all\" is not supported");
  kind_bool = g_strdup("<graphml><key id=\"k\" for=\"node\" attr.name=\"kind\" "
                       "attr.type=\"boolean\"/><graph><node id=\"A\"><data "
                       "key=\"k\">true</data></node></graph></graphml>");
  err = graphml_fails(kind_bool, -1);
  assert_error(err, VS_ERROR_PARSE, "node \"A\": field \"kind\"",
               "expected a string, got a boolean");
}

/* ---- vs_load, survey CSV, all-or-nothing ------------------------------------------- */

static void
test_load_nonexistent_path(void **state)
{
  GError *err = NULL;
  VsOrg *org = vs_load("/nonexistent/valuestream/org.json", &err);

  assert_null(org);
  assert_error(err, VS_ERROR_IO, "/nonexistent/valuestream/org.json", "No such file");
}

static void
test_load_dir_without_units(void **state)
{
  g_autofree char *dir = g_dir_make_tmp("vs-test-XXXXXX", NULL);
  g_autofree char *handoffs = g_build_filename(dir, "handoffs.csv", NULL);
  GError *err = NULL;

  assert_non_null(dir);
  assert_true(g_file_set_contents(handoffs, "from,to\n", -1, NULL));
  assert_null(vs_load(dir, &err));
  assert_error(err, VS_ERROR_IO, dir, "no units.csv");
  assert_null(vs_load_csv_dir(dir, &err));
  assert_error(err, VS_ERROR_IO, "no units.csv");
  g_unlink(handoffs);
  g_rmdir(dir);
}

/* Writes @text to a temporary file called @name; returns its path. */
static char *
write_temp(const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(path, text, -1, NULL));
  return path;
}

/* The message of loading directory @dir, with the other files read
 * on another core while units.csv is parsed (@beside), or before, as
 * for a small org. */
static char *
dir_message(const char *dir, gboolean beside)
{
  GError *err = NULL;
  g_autoptr(VsOrg) org = NULL;
  char *message;

  vs_i_load_set_split_min(beside ? 1 : G_MAXSIZE);
  org = vs_load_csv_dir(dir, &err);
  vs_i_load_set_split_min((gsize)2 << 20); /* the default */
  message = err != NULL ? g_strdup(err->message) : g_strdup("loaded");
  g_clear_error(&err);
  return message;
}

/* A large org's handoffs.csv and surveys.csv are read on another core
 * while units.csv is parsed; errors still come in the order of a plain
 * read: units.csv missing, then another file missing, then what is
 * wrong inside one. */
static void
test_load_dir_read_beside(void **state)
{
  static const struct {
    const char *units, *handoffs, *surveys, *want;
  } cases[] = {
      {NULL, "from,to\n", NULL, "no units.csv"},
      {NULL, NULL, NULL, "no units.csv"},
      {"id,kind\na,team\na,team\n", NULL, NULL, "no handoffs.csv"},
      {"id,kind\na,team\na,team\n", "from,to\n", NULL, "duplicate id"},
      {"id,kind\na,team\nb,customer\n", "from,to\na,x\n", NULL, "handoffs.csv:2"},
      {"id,kind\na,team\nb,customer\n", "from,to\na,b\n", "period\n", "surveys.csv"},
      {"id,kind\na,team\nb,customer\n", "from,to\na,b\n", NULL, "loaded"},
  };

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *dir = g_dir_make_tmp("vs-test-XXXXXX", NULL);
    const char *names[] = {"units.csv", "handoffs.csv", "surveys.csv"};
    const char *texts[] = {cases[i].units, cases[i].handoffs, cases[i].surveys};
    for (guint f = 0; f < G_N_ELEMENTS(names); f++)
      if (texts[f] != NULL)
        g_free(write_temp(dir, names[f], texts[f]));
    for (int beside = 0; beside < 2; beside++) {
      g_autofree char *message = dir_message(dir, beside);
      if (strstr(message, cases[i].want) == NULL)
        print_error("case %u (%s): %s\n", i, beside ? "beside" : "after", message);
      assert_non_null(strstr(message, cases[i].want));
    }
    for (guint f = 0; f < G_N_ELEMENTS(names); f++) {
      g_autofree char *path = g_build_filename(dir, names[f], NULL);
      g_unlink(path);
    }
    g_rmdir(dir);
  }
}

static void
test_load_picks_format(void **state)
{
  g_autofree char *dir = g_dir_make_tmp("vs-test-XXXXXX", NULL);
  g_autofree char *json_doc_text = json_doc(NULL, NULL, NULL);
  g_autofree char *graphml_text = graphml_doc("");
  g_autofree char *j = write_temp(dir, "org.JSON", json_doc_text);
  g_autofree char *g = write_temp(dir, "org.xml", graphml_text);
  g_autofree char *sj = write_temp(dir, "sniffed-json", json_doc_text);
  g_autofree char *sg = write_temp(dir, "sniffed-graphml", graphml_text);
  g_autofree char *junk = write_temp(dir, "junk.txt", "id,kind\n");
  g_autofree char *wrong = write_temp(dir, "wrong.json", graphml_text);
  const char *ok[] = {j, g, sj, sg};
  GError *err = NULL;

  for (guint i = 0; i < G_N_ELEMENTS(ok); i++) {
    g_autoptr(VsOrg) org = vs_load(ok[i], &err);
    if (org == NULL)
      print_error("%s: %s\n", ok[i], err->message);
    assert_non_null(org);
    assert_int_equal(vs_org_get_n_units(org), 3);
    assert_int_equal(vs_org_get_n_handoffs(org), 2);
  }
  assert_null(vs_load(junk, &err));
  assert_error(err, VS_ERROR_PARSE, "junk.txt", "unknown format");
  /* The extension wins: GraphML text in a .json file is a JSON error. */
  assert_null(vs_load(wrong, &err));
  assert_error(err, VS_ERROR_PARSE, "wrong.json:1:");
  {
    g_autoptr(VsOrg) org = vs_load_graphml_file(g, &err);
    assert_non_null(org);
  }
  {
    g_autoptr(VsOrg) org = vs_load_json_file(j, &err);
    assert_non_null(org);
  }
  assert_null(vs_load_json_file(dir, &err));
  assert_error(err, VS_ERROR_IO, dir);
  for (const char *const *p = (const char *const[]){j, g, sj, sg, junk, wrong, NULL}; *p; p++)
    g_unlink(*p);
  g_rmdir(dir);
}

static void
test_surveys_csv_all_or_nothing(void **state)
{
  g_autoptr(VsOrg) org = load_ok("spec");
  g_autofree char *path = vs_test_path("spec/surveys.csv");
  static const char bad[] = SURVEYS_HEADER "2027-Q1,C,B,4,1,5\n2027-Q2,C,B,4.5,1,5\n"
                                           "2027-Q3,C,B,9,1,5\n";
  GError *err = NULL;

  assert_int_equal(vs_org_get_n_survey_responses(org), 8);
  assert_false(vs_load_surveys_csv_data(org, bad, -1, NULL, &err));
  assert_error(err, VS_ERROR_INVALID, "surveys.csv:4: ", "field \"score\"", "outside the scale");
  assert_int_equal(vs_org_get_n_survey_responses(org), 8);
  assert_false(
      vs_load_surveys_csv_data(org, SURVEYS_HEADER "2027-Q1,C,B,\"4\n", -1, "w.csv", &err));
  assert_error(err, VS_ERROR_PARSE, "w.csv:2: ", "unterminated");
  assert_int_equal(vs_org_get_n_survey_responses(org), 8);

  /* The same file again adds all 8 answers. */
  assert_true(vs_load_surveys_csv(org, path, &err));
  assert_null(err);
  assert_int_equal(vs_org_get_n_survey_responses(org), 16);
  assert_false(vs_load_surveys_csv(org, "/nonexistent/surveys.csv", &err));
  assert_error(err, VS_ERROR_IO, "/nonexistent/surveys.csv");
}

/* ---- the three formats agree ---------------------------------------------------- */

static void
assert_same_number(double a, double b, const char *what, gsize i)
{
  if (isnan(a) && isnan(b))
    return;
  if (!(fabs(a - b) <= 1e-12)) {
    print_error("%s[%zu]: %.17g != %.17g\n", what, i, a, b);
    fail();
  }
}

static void
assert_same_text(const char *a, const char *b)
{
  if (a == NULL || b == NULL)
    assert_ptr_equal(a, b);
  else
    assert_string_equal(a, b);
}

static void
assert_same_org(const VsOrg *a, const VsOrg *b)
{
  gsize n = vs_org_get_n_units(a), m = vs_org_get_n_handoffs(a);

  assert_int_equal(vs_org_get_n_units(b), n);
  assert_int_equal(vs_org_get_n_handoffs(b), m);
  for (gsize u = 0; u < n; u++) {
    assert_string_equal(vs_org_get_unit_id(a, u), vs_org_get_unit_id(b, u));
    assert_int_equal(vs_org_get_unit_kind(a, u), vs_org_get_unit_kind(b, u));
    assert_string_equal(vs_org_get_unit_name(a, u), vs_org_get_unit_name(b, u));
    assert_same_text(vs_org_get_unit_group(a, u), vs_org_get_unit_group(b, u));
    assert_same_number(vs_org_get_unit_revenue(a, u), vs_org_get_unit_revenue(b, u), "revenue", u);
    assert_same_number(vs_org_get_unit_own_share(a, u), vs_org_get_unit_own_share(b, u), "own", u);
    assert_same_number(vs_org_get_unit_headcount(a, u), vs_org_get_unit_headcount(b, u), "heads",
                       u);
  }
  for (gsize h = 0; h < m; h++) {
    assert_int_equal(vs_org_get_handoff_from(a, h), vs_org_get_handoff_from(b, h));
    assert_int_equal(vs_org_get_handoff_to(a, h), vs_org_get_handoff_to(b, h));
    assert_same_text(vs_org_get_handoff_deliverable(a, h), vs_org_get_handoff_deliverable(b, h));
    assert_same_number(vs_org_get_handoff_weight(a, h), vs_org_get_handoff_weight(b, h), "w", h);
    assert_same_number(vs_org_get_handoff_score(a, h), vs_org_get_handoff_score(b, h), "s", h);
    assert_same_number(vs_org_get_handoff_volume(a, h), vs_org_get_handoff_volume(b, h), "v", h);
    assert_same_number(vs_org_get_handoff_lead_time(a, h), vs_org_get_handoff_lead_time(b, h),
                       "lead", h);
  }
}

typedef const double *(*DoubleArray)(const VsAnalysis *, gsize *);

static void
assert_same_analysis(const VsAnalysis *a, const VsAnalysis *b)
{
  static const struct {
    const char *name;
    DoubleArray get;
  } doubles[] = {
      {"quality", vs_analysis_get_qualities},        {"exposure", vs_analysis_get_exposures},
      {"fix_value", vs_analysis_get_fix_values},     {"service", vs_analysis_get_service_scores},
      {"at_risk", vs_analysis_get_revenues_at_risk}, {"own", vs_analysis_get_own},
  };
  gsize n = vs_analysis_get_n_units(a), nb;

  assert_int_equal(vs_analysis_get_n_units(b), n);
  for (guint k = 0; k < G_N_ELEMENTS(doubles); k++) {
    const double *x = doubles[k].get(a, NULL), *y = doubles[k].get(b, &nb);
    assert_int_equal(nb, n);
    for (gsize u = 0; u < n; u++)
      assert_same_number(x[u], y[u], doubles[k].name, u);
  }
  assert_memory_equal(vs_analysis_get_hops(a, NULL), vs_analysis_get_hops(b, NULL),
                      n * sizeof(gint32));
  assert_memory_equal(vs_analysis_get_flags(a, NULL), vs_analysis_get_flags(b, NULL),
                      n * sizeof(guint32));
  assert_memory_equal(vs_analysis_get_dependents(a, NULL), vs_analysis_get_dependents(b, NULL),
                      n * sizeof(guint32));
  assert_memory_equal(vs_analysis_get_loop_ids(a, NULL), vs_analysis_get_loop_ids(b, NULL),
                      n * sizeof(gint32));
  assert_same_number(vs_analysis_get_total_at_risk(a), vs_analysis_get_total_at_risk(b), "total",
                     0);
}

static void
test_three_formats_agree(void **state)
{
  const char *fixtures[] = {"three", "three.json", "three.graphml"};
  VsOrg *orgs[3];
  VsAnalysis *analyses[3];
  const guint32 *flags;
  gsize f;

  for (guint i = 0; i < 3; i++) {
    GError *err = NULL;
    orgs[i] = load_ok(fixtures[i]);
    analyses[i] = vs_analysis_new(orgs[i], NULL, &err);
    assert_non_null(analyses[i]);
  }
  /* The fixture exercises what it should, so agreement means something. */
  assert_int_equal(vs_org_get_n_units(orgs[0]), 10);
  assert_int_equal(vs_org_get_n_handoffs(orgs[0]), 14);
  assert_int_equal(vs_org_get_n_kind(orgs[0], VS_KIND_SUPPLIER), 1);
  assert_int_equal(vs_org_get_n_kind(orgs[0], VS_KIND_CUSTOMER), 2);
  assert_int_equal(vs_analysis_get_n_loops(analyses[0]), 1);
  assert_string_equal(vs_org_get_unit_name(orgs[0], vs_test_unit(orgs[0], "G")), "QA\nand test");
  assert_string_equal(vs_org_get_handoff_deliverable(orgs[0], 4), "reports, weekly");
  assert_close(vs_org_get_handoff_lead_time(orgs[0], 5), 5, 0);
  f = vs_test_unit(orgs[0], "F");
  flags = vs_analysis_get_flags(analyses[0], NULL);
  assert_true(flags[f] & VS_FLAG_NO_LINE_OF_SIGHT);
  assert_true(vs_analysis_get_total_at_risk(analyses[0]) > 0);

  for (guint i = 1; i < 3; i++) {
    assert_same_org(orgs[0], orgs[i]);
    assert_same_analysis(analyses[0], analyses[i]);
  }
  for (guint i = 0; i < 3; i++) {
    vs_analysis_free(analyses[i]);
    vs_org_free(orgs[i]);
  }
}

static void
test_graphml_with_surveys_from_csv(void **state)
{
  /* GraphML carries no surveys: vs_load_surveys_csv adds them, and the
   * result analyses as the CSV directory with its surveys.csv does. */
  g_autoptr(VsOrg) dir = load_ok("spec");
  g_autoptr(VsOrg) graph = NULL;
  g_autoptr(VsAnalysis) a = NULL, b = NULL;
  g_autofree char *surveys = vs_test_path("spec/surveys.csv");
  GString *doc = g_string_new("<graphml>\n<key id=\"k\" for=\"node\" attr.name=\"kind\" "
                              "attr.type=\"string\"/>\n<key id=\"n\" for=\"node\" "
                              "attr.name=\"name\" attr.type=\"string\"/>\n<key id=\"g\" "
                              "for=\"node\" attr.name=\"group\" attr.type=\"string\"/>\n"
                              "<key id=\"r\" for=\"node\" attr.name=\"revenue\" "
                              "attr.type=\"double\"/>\n<key id=\"o\" for=\"node\" "
                              "attr.name=\"own_share\" attr.type=\"double\"/>\n"
                              "<key id=\"d\" for=\"edge\" attr.name=\"deliverable\" "
                              "attr.type=\"string\"/>\n<key id=\"w\" for=\"edge\" "
                              "attr.name=\"weight\" attr.type=\"double\"/>\n<key id=\"s\" "
                              "for=\"edge\" attr.name=\"score\" attr.type=\"double\"/>\n"
                              "<graph edgedefault=\"directed\">\n");
  GError *err = NULL;

  for (gsize u = 0; u < vs_org_get_n_units(dir); u++) {
    g_string_append_printf(doc,
                           "<node id=\"%s\"><data key=\"k\">%s</data><data key=\"n\">%s</data>",
                           vs_org_get_unit_id(dir, u), vs_kind_name(vs_org_get_unit_kind(dir, u)),
                           vs_org_get_unit_name(dir, u));
    if (vs_org_get_unit_group(dir, u))
      g_string_append_printf(doc, "<data key=\"g\">%s</data>", vs_org_get_unit_group(dir, u));
    if (vs_org_get_unit_kind(dir, u) == VS_KIND_CUSTOMER)
      g_string_append_printf(doc, "<data key=\"r\">%.17g</data>", vs_org_get_unit_revenue(dir, u));
    if (!isnan(vs_org_get_unit_own_share(dir, u)))
      g_string_append_printf(doc, "<data key=\"o\">%.17g</data>",
                             vs_org_get_unit_own_share(dir, u));
    g_string_append(doc, "</node>\n");
  }
  for (gsize h = 0; h < vs_org_get_n_handoffs(dir); h++) {
    g_string_append_printf(doc,
                           "<edge source=\"%s\" target=\"%s\"><data key=\"d\">%s</data>"
                           "<data key=\"w\">%.17g</data>",
                           vs_org_get_unit_id(dir, vs_org_get_handoff_from(dir, h)),
                           vs_org_get_unit_id(dir, vs_org_get_handoff_to(dir, h)),
                           vs_org_get_handoff_deliverable(dir, h),
                           vs_org_get_handoff_weight(dir, h));
    if (!isnan(vs_org_get_handoff_score(dir, h)))
      g_string_append_printf(doc, "<data key=\"s\">%.17g</data>", vs_org_get_handoff_score(dir, h));
    g_string_append(doc, "</edge>\n");
  }
  g_string_append(doc, "</graph></graphml>\n");
  graph = vs_load_graphml_data(doc->str, (gssize)doc->len, "spec.graphml", &err);
  g_string_free(doc, TRUE);
  assert_non_null(graph);
  assert_int_equal(vs_org_get_n_survey_responses(graph), 0);
  assert_true(vs_load_surveys_csv(graph, surveys, &err));
  assert_same_org(dir, graph);
  a = vs_analysis_new(dir, NULL, &err);
  b = vs_analysis_new(graph, NULL, &err);
  assert_non_null(a);
  assert_non_null(b);
  assert_same_analysis(a, b);
  /* B is deteriorating only because of the surveys (SPEC 6). */
  assert_true(vs_analysis_get_flags(b, NULL)[vs_test_unit(graph, "B")] & VS_FLAG_DETERIORATING);
}

/* A large handoffs.csv is read in two parts at once (load.c). Forcing the
 * split on a small file with CRLF line breaks and quoted, multi-line
 * deliverables must give the same org, and the same first error, as
 * reading it in one go. */
static char *
split_handoffs(int bad_early, int bad_late, int late_kind)
{
  /* what is wrong with row bad_late: an unknown unit, a self-handoff, a
   * customer handing off (u49 is one), a weight out of range */
  GString *h = g_string_new("from,to,deliverable,weight\r\n");
  for (int i = 0; i < 400; i++) {
    /* from a team (u49, u99, ... are customers) to another unit */
    int from = i % 200 % 50 == 49 ? i % 200 - 1 : i % 200, to = (i * 7 + 1) % 200;
    if (to == from)
      to = (to + 1) % 200;
    if (i == bad_late && late_kind == 0)
      g_string_append_printf(h, "u%d,u999,d,1\r\n", from);
    else if (i == bad_late && late_kind == 1)
      g_string_append_printf(h, "u%d,u%d,d,1\r\n", from, from);
    else if (i == bad_late && late_kind == 2)
      g_string_append_printf(h, "u49,u%d,d,1\r\n", to);
    else if (i == bad_late)
      g_string_append_printf(h, "u%d,u%d,d,-2\r\n", from, to);
    else if (i == bad_early)
      g_string_append_printf(h, "u%d,u%d,x,heavy\r\n", from, to);
    else if (i % 3 == 0)
      g_string_append_printf(h, "u%d,u%d,\"line\r\n\"\"%d\"\"\",%d\r\n", from, to, i % 5,
                             1 + i % 4);
    else
      g_string_append_printf(h, "u%d,u%d,d%d,%d\r\n", from, to, i % 9, 1 + i % 3);
  }
  return g_string_free(h, FALSE);
}

static VsOrg *
load_split(const char *units, const char *handoffs, gsize split_min, char **message)
{
  GError *error = NULL;
  VsOrg *org;
  vs_i_load_set_split_min(split_min);
  org = vs_load_csv_data(units, -1, handoffs, -1, NULL, -1, &error);
  vs_i_load_set_split_min((gsize)2 << 20); /* the default */
  *message = error != NULL ? g_strdup(error->message) : NULL;
  g_clear_error(&error);
  return org;
}

/* @whole and @split (both loaded) hold the same @n handoffs, in order. */
static void
assert_same_handoffs(const VsOrg *whole, const VsOrg *split, gsize n)
{
  assert_non_null(whole);
  assert_non_null(split);
  assert_int_equal(vs_org_get_n_handoffs(whole), n);
  assert_int_equal(vs_org_get_n_handoffs(split), n);
  for (gsize e = 0; e < n; e++) {
    assert_int_equal(vs_org_get_handoff_from(whole, e), vs_org_get_handoff_from(split, e));
    assert_int_equal(vs_org_get_handoff_to(whole, e), vs_org_get_handoff_to(split, e));
    assert_string_equal(vs_org_get_handoff_deliverable(whole, e),
                        vs_org_get_handoff_deliverable(split, e));
    assert_true(vs_org_get_handoff_weight(whole, e) == vs_org_get_handoff_weight(split, e));
  }
}

static void
test_split_reading(void **state)
{
  g_autoptr(GString) units = g_string_new("id,kind,own_share\n");
  /* row with junk early, row wrong late (and how), both -1 = none */
  const int bad[][3] = {{-1, -1, 0},  {-1, 390, 0}, {10, 390, 0}, {300, -1, 0},
                        {-1, 390, 1}, {-1, 390, 2}, {-1, 390, 3}, {10, 390, 3}};

  for (int i = 0; i < 200; i++)
    g_string_append_printf(units, "u%d,%s\n", i, i % 50 == 49 ? "customer," : "team,0.2");
  for (guint b = 0; b < G_N_ELEMENTS(bad); b++) {
    g_autofree char *handoffs = split_handoffs(bad[b][0], bad[b][1], bad[b][2]);
    g_autofree char *whole_error = NULL, *split_error = NULL;
    g_autoptr(VsOrg) whole = load_split(units->str, handoffs, G_MAXSIZE, &whole_error);
    g_autoptr(VsOrg) split = load_split(units->str, handoffs, 1, &split_error);
    assert_string_equal(whole_error ? whole_error : "", split_error ? split_error : "");
    /* the test must see both: failures named at their line, and success */
    assert_true((whole == NULL) == (bad[b][0] >= 0 || bad[b][1] >= 0));
    if (whole == NULL) {
      /* the physical line of the first bad row: the header, then one
       * line a row and one more for every row i % 3 == 0 before it */
      int row = bad[b][0] >= 0 ? bad[b][0] : bad[b][1];
      g_autofree char *where = g_strdup_printf("handoffs.csv:%d: ", 2 + row + (row + 2) / 3);
      assert_non_null(strstr(whole_error, where));
      assert_null(split);
      continue;
    }
    assert_same_handoffs(whole, split, 400);
  }
  /* every record on one line: the first part fills exactly the rows up to
   * where the second part's begin (no gap to close) */
  {
    g_autoptr(GString) plain = g_string_new("from,to,deliverable,weight\n");
    g_autoptr(VsOrg) whole = NULL, split = NULL;
    g_autofree char *whole_error = NULL, *split_error = NULL;
    for (int i = 0; i < 400; i++)
      g_string_append_printf(plain, "u%d,u%d,d%d,%d\n", i % 48, 150 + i % 50, i % 7, 1 + i % 4);
    whole = load_split(units->str, plain->str, G_MAXSIZE, &whole_error);
    split = load_split(units->str, plain->str, 1, &split_error);
    assert_null(whole_error);
    assert_null(split_error);
    assert_same_handoffs(whole, split, 400);
  }
}

/* Units unit-0 .. unit-(@n - 1), teams but for the last when
 * @customer_last, added to @org and written as rows of @csv (id,kind). */
static void
add_plain_units(VsOrg *org, GString *csv, int n, gboolean customer_last)
{
  for (int u = 0; u < n; u++) {
    g_autofree char *id = g_strdup_printf("unit-%d", u);
    gboolean customer = customer_last && u == n - 1;
    g_string_append_printf(csv, "%s,%s\n", id, customer ? "customer" : "team");
    assert_true(vs_org_add_unit(org, id, customer ? VS_KIND_CUSTOMER : VS_KIND_TEAM, NULL, NULL) >=
                0);
  }
}

/* handoffs.csv rows go the quick way when plain and the general way
 * otherwise (load.c); both must give what the public API builds from the
 * same values: numbers padded with blanks or with exponents, deliverables
 * with doubled quotes, empty ones, and more distinct deliverables than
 * the quick way keeps. Providers change every row, or every @run rows
 * (the quick way reuses the unit of an id that repeats the row before,
 * and a deliverable that does; rows that go the general way lie
 * between repeats). */
static void
check_rows_agree(int run)
{
  static const char *weights[] = {"1", "2.5", " 3", "4e0", ""};
  static const double weight_values[] = {1, 2.5, 3, 4, NAN};
  static const char *scores[] = {"", "0.5", "1", "0", " 0.25"};
  static const double score_values[] = {NAN, 0.5, 1, 0, 0.25};
  const int n_units = 50, n_rows = 3000;
  g_autoptr(GString) units = g_string_new("id,kind\n");
  g_autoptr(GString) handoffs = g_string_new("weight,to,from,deliverable,score\n");
  g_autoptr(VsOrg) want = vs_org_new();
  g_autoptr(VsOrg) got = NULL;
  g_autoptr(GError) error = NULL;

  add_plain_units(want, units, n_units, TRUE);
  for (int i = 0; i < n_rows; i++) {
    /* (unit-0 receives nothing: the units are no closed loop) */
    int from = i / run % (n_units - 1), to = (from + 1 + from % 7) % n_units;
    VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
    g_autofree char *deliverable = i % 7 == 0   ? g_strdup("")
                                   : i % 5 == 0 ? g_strdup_printf("q\"%d\"", i % 11)
                                   : i % 3 == 1 ? g_strdup_printf("d%d", i / run % 700)
                                                : g_strdup_printf("deliverable-%d", i / run % 90);
    g_autofree char *from_id = g_strdup_printf("unit-%d", from);
    g_autofree char *to_id = g_strdup_printf("unit-%d", to);
    if (i % 5 == 0 && i % 7 != 0)
      g_string_append_printf(handoffs, "%s,%s,%s,\"q\"\"%d\"\"\",%s\n", weights[i % 5], to_id,
                             from_id, i % 11, scores[i / 5 % 5]);
    else
      g_string_append_printf(handoffs, "%s,%s,%s,%s,%s\n", weights[i % 5], to_id, from_id,
                             deliverable, scores[i / 5 % 5]);
    attrs.deliverable = deliverable;
    attrs.weight = weight_values[i % 5];
    attrs.score = score_values[i / 5 % 5];
    assert_true(vs_org_add_handoff(want, from_id, to_id, &attrs, NULL) >= 0);
  }
  got = vs_load_csv_data(units->str, -1, handoffs->str, -1, NULL, -1, &error);
  assert_null(error);
  assert_same_org(want, got);
}

static void
test_quick_and_general_rows_agree(void **state)
{
  check_rows_agree(1);
  check_rows_agree(4);
}

/* surveys.csv rows likewise: answers read the quick way or the general
 * way (a padded score, a quoted period, more periods than the quick way
 * keeps) are the answers the public API adds from the same values. */
static void
check_answers_agree(int run)
{
  static const char *scores[] = {"3", " 4", "2.5", "5e0", "1"};
  static const double score_values[] = {3, 4, 2.5, 5, 1};
  const int n_units = 20, n_rows = 2000;
  g_autoptr(GString) units = g_string_new("id,kind\n");
  g_autoptr(GString) surveys = g_string_new("provider,score,period,respondent,scale_max\n");
  g_autoptr(VsOrg) want = vs_org_new();
  g_autoptr(VsOrg) got = NULL;
  g_autoptr(GError) error = NULL;

  add_plain_units(want, units, n_units, FALSE);
  for (int i = 0; i < n_rows; i++) {
    VsSurveyResponse r = VS_SURVEY_RESPONSE_INIT;
    int pair = i / run;
    /* (texts of up to 16 bytes are compared as two words: these share
     * their first eight) */
    g_autofree char *period =
        g_strdup_printf(pair % 2 ? "2024-%03d" : "2024-wave-%03d", i % 7 == 0 ? i % 600 : pair % 4);
    g_autofree char *respondent = g_strdup_printf("unit-%d", pair % n_units);
    g_autofree char *provider = g_strdup_printf("unit-%d", (pair + 1 + pair % 3) % n_units);
    if (i % 11 == 0)
      g_string_append_printf(surveys, "%s,%s,\"%s\",%s,%s\n", provider, scores[i % 5], period,
                             respondent, i % 2 ? "5" : "");
    else
      g_string_append_printf(surveys, "%s,%s,%s,%s,%s\n", provider, scores[i % 5], period,
                             respondent, i % 2 ? "5" : "");
    r.period = period;
    r.respondent = respondent;
    r.provider = provider;
    r.score = score_values[i % 5];
    r.scale_max = i % 2 ? 5 : NAN;
    assert_true(vs_org_add_survey_response(want, &r, NULL));
  }
  got = vs_load_csv_data(units->str, -1, "from,to\n", -1, surveys->str, -1, &error);
  assert_null(error);
  assert_int_equal(vs_org_get_n_survey_responses(got), n_rows);
  for (int i = 0; i < n_rows; i++) {
    VsSurveyResponse a, b;
    vs_org_get_survey_response(want, i, &a);
    vs_org_get_survey_response(got, i, &b);
    assert_string_equal(a.period, b.period);
    assert_string_equal(a.respondent, b.respondent);
    assert_string_equal(a.provider, b.provider);
    assert_true(a.score == b.score && a.scale_min == b.scale_min && a.scale_max == b.scale_max);
  }
}

/* Pairs change every answer, or every @run answers: see check_rows_agree(). */
static void
test_quick_and_general_answers_agree(void **state)
{
  check_answers_agree(1);
  check_answers_agree(5);
}

/* The CSV reader reads a record that lies on one line and holds nothing
 * to unquote the quick way (16 bytes at a time) and any other the general
 * way: records of every length, with empty fields, quoted fields, CRLF and
 * LF, must come out as written. */
/* vs_i_count_byte() against a plain loop: lengths that end mid-block,
 * every offset, and a run of hits long enough to wrap a byte counter. */
static void
test_count_byte(void **state)
{
  const gsize size = 70000;
  g_autofree char *data = g_malloc(size);
  g_autoptr(GRand) rng = g_rand_new_with_seed(11);

  for (gsize i = 0; i < size; i++)
    data[i] = i < 20000 ? '\n' : "ab\n\"x"[g_rand_int_range(rng, 0, 5)];
  for (guint t = 0; t < 400; t++) {
    gsize at = (gsize)g_rand_int_range(rng, 0, 64);
    gsize len = t < 200 ? t : (gsize)g_rand_int_range(rng, 0, (gint32)(size - at));
    gsize want = 0;
    for (gsize i = at; i < at + len; i++)
      want += data[i] == '\n';
    assert_int_equal(vs_i_count_byte(data + at, len, '\n'), want);
  }
  assert_int_equal(vs_i_count_byte(data, size, '\n'),
                   vs_i_count_byte(data, size / 2, '\n') +
                       vs_i_count_byte(data + size / 2, size / 2, '\n'));
  assert_int_equal(vs_i_count_byte(data, 20000, '\n'), 20000);
}

static void
test_csv_quick_and_general_records(void **state)
{
  const guint n_records = 3000, n_fields = 5;
  g_autoptr(GRand) rng = g_rand_new_with_seed(3);
  g_autoptr(GString) text = g_string_new(NULL);
  g_autoptr(GPtrArray) want = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(VsCsvReader) r = NULL;
  GError *err = NULL;

  for (guint i = 0; i < n_records; i++) {
    for (guint f = 0; f < n_fields; f++) {
      guint len = (guint)g_rand_int_range(rng, 0, 40);
      gboolean quoted = g_rand_int_range(rng, 0, 10) == 0;
      GString *field = g_string_new(NULL);
      for (guint k = 0; k < len; k++)
        g_string_append_c(field, (char)(quoted && k % 7 == 3 ? ',' : 'a' + (i + f + k) % 26));
      if (quoted && len > 5)
        g_string_append(field, "\"q\""); /* a doubled quote in the file */
      if (quoted) {
        g_autofree char *escaped = NULL;
        GString *e = g_string_new("\"");
        for (const char *c = field->str; *c != '\0'; c++) {
          if (*c == '"')
            g_string_append_c(e, '"');
          g_string_append_c(e, *c);
        }
        g_string_append_c(e, '"');
        escaped = g_string_free(e, FALSE);
        g_string_append(text, escaped);
      } else {
        g_string_append(text, field->str);
      }
      g_string_append(text, f + 1 < n_fields ? "," : i % 3 ? "\n" : "\r\n");
      g_ptr_array_add(want, g_string_free(field, FALSE));
    }
  }
  r = vs_i_csv_reader_new(text->str, text->len, "quick.csv");
  for (guint i = 0; i < n_records; i++) {
    const VsCsvField *fields;
    guint n;
    assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_RECORD);
    fields = vs_i_csv_reader_get_fields(r, &n);
    assert_int_equal(n, n_fields);
    assert_int_equal(vs_i_csv_reader_get_line(r), i + 1);
    for (guint f = 0; f < n_fields; f++) {
      const char *w = g_ptr_array_index(want, i * n_fields + f);
      assert_int_equal(fields[f].len, strlen(w));
      assert_memory_equal(fields[f].data, w, fields[f].len);
    }
  }
  assert_int_equal(vs_i_csv_reader_next(r, &err), VS_CSV_END);
}

/* units.csv rows likewise, quick or general (padded numbers, a quoted
 * name with doubled quotes, thousands of groups): the units the public
 * API adds from the same values. */
static void
test_quick_and_general_units_agree(void **state)
{
  static const char *kinds[] = {"team", "supplier", "customer"};
  static const VsKind kind_values[] = {VS_KIND_TEAM, VS_KIND_SUPPLIER, VS_KIND_CUSTOMER};
  const int n_units = 3000;
  g_autoptr(GString) units = g_string_new("headcount,group,id,kind,name,revenue,own_share\n");
  g_autoptr(VsOrg) want = vs_org_new();
  g_autoptr(VsOrg) got = NULL;
  g_autoptr(GError) error = NULL;

  for (int u = 0; u < n_units; u++) {
    VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
    g_autofree char *id = g_strdup_printf("unit-%d", u);
    g_autofree char *group = g_strdup_printf("group-%d", u / 2);
    g_autofree char *name = g_strdup_printf("Team \"%d\"", u);
    int k = u % 3;
    gboolean quoted = u % 5 == 0, padded = u % 7 == 0;
    g_string_append_printf(units, "%s,%s,%s,%s,", u % 4 ? "12" : "", u % 6 ? group : "", id,
                           kinds[k]);
    if (quoted)
      g_string_append_printf(units, "\"Team \"\"%d\"\"\",", u);
    else
      g_string_append_c(units, ',');
    g_string_append_printf(units, "%s,%s\n", k == 2 ? (padded ? " 250" : "1000.5") : "",
                           k == 0 ? "0.25" : "");
    attrs.name = quoted ? name : NULL;
    attrs.group = u % 6 ? group : NULL;
    attrs.revenue = k == 2 ? (padded ? 250 : 1000.5) : NAN;
    attrs.own_share = k == 0 ? 0.25 : NAN;
    attrs.headcount = u % 4 ? 12 : NAN;
    assert_true(vs_org_add_unit(want, id, kind_values[k], &attrs, NULL) >= 0);
  }
  got = vs_load_csv_data(units->str, -1, "from,to\n", -1, NULL, -1, &error);
  assert_null(error);
  assert_same_org(want, got);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_split_reading),
      cmocka_unit_test(test_quick_and_general_rows_agree),
      cmocka_unit_test(test_quick_and_general_answers_agree),
      cmocka_unit_test(test_quick_and_general_units_agree),
      cmocka_unit_test(test_csv_quick_and_general_records),
      cmocka_unit_test(test_count_byte),
      cmocka_unit_test(test_spec_example_loads),
      cmocka_unit_test(test_spec_example_analyses_as_specified),
      cmocka_unit_test(test_tiny_dir_with_bom_loads),
      cmocka_unit_test(test_rejects_duplicate_id),
      cmocka_unit_test(test_rejects_unknown_kind),
      cmocka_unit_test(test_rejects_missing_kind),
      cmocka_unit_test(test_rejects_handoff_to_unknown_unit),
      cmocka_unit_test(test_rejects_handoff_from_unknown_unit),
      cmocka_unit_test(test_rejects_self_handoff),
      cmocka_unit_test(test_rejects_handoff_from_customer),
      cmocka_unit_test(test_rejects_zero_weight),
      cmocka_unit_test(test_rejects_negative_weight),
      cmocka_unit_test(test_rejects_score_above_one),
      cmocka_unit_test(test_rejects_negative_score),
      cmocka_unit_test(test_rejects_negative_revenue),
      cmocka_unit_test(test_rejects_negative_volume),
      cmocka_unit_test(test_rejects_negative_lead_time),
      cmocka_unit_test(test_rejects_negative_headcount),
      cmocka_unit_test(test_rejects_own_share_above_one),
      cmocka_unit_test(test_rejects_negative_own_share),
      cmocka_unit_test(test_rejects_nan_text),
      cmocka_unit_test(test_rejects_inf_text),
      cmocka_unit_test(test_rejects_number_junk),
      cmocka_unit_test(test_rejects_survey_score_outside_scale),
      cmocka_unit_test(test_rejects_scale_min_not_below_max),
      cmocka_unit_test(test_rejects_survey_naming_unknown_unit),
      cmocka_unit_test(test_rejects_closed_loop),
      cmocka_unit_test(test_rejects_empty_id),
      cmocka_unit_test(test_csv_quoted_fields),
      cmocka_unit_test(test_csv_crlf_and_bom),
      cmocka_unit_test(test_csv_any_column_order_unknown_columns_ignored),
      cmocka_unit_test(test_csv_blank_lines_and_blank_numbers),
      cmocka_unit_test(test_csv_negative_zero_is_zero),
      cmocka_unit_test(test_csv_line_counts_embedded_newlines),
      cmocka_unit_test(test_csv_rejects_unterminated_quote),
      cmocka_unit_test(test_csv_rejects_stray_quotes),
      cmocka_unit_test(test_csv_rejects_nul_byte),
      cmocka_unit_test(test_csv_rejects_invalid_utf8),
      cmocka_unit_test(test_csv_rejects_wrong_field_count),
      cmocka_unit_test(test_csv_rejects_missing_required_column),
      cmocka_unit_test(test_csv_rejects_duplicate_columns),
      cmocka_unit_test(test_csv_rejects_empty_file),
      cmocka_unit_test(test_csv_limits_columns),
      cmocka_unit_test(test_csv_huge_field),
      cmocka_unit_test(test_csv_reader_records),
      cmocka_unit_test(test_csv_reader_peek),
      cmocka_unit_test(test_numbers_read_exactly),
      cmocka_unit_test(test_json_loads_with_nulls_and_numbers),
      cmocka_unit_test(test_json_rejects_wrong_types),
      cmocka_unit_test(test_json_rejects_non_object_top_level),
      cmocka_unit_test(test_json_rejects_non_finite),
      cmocka_unit_test(test_json_syntax_error_names_line),
      cmocka_unit_test(test_json_rejects_deep_nesting),
      cmocka_unit_test(test_json_rejects_bad_text),
      cmocka_unit_test(test_graphml_loads_types_robustly),
      cmocka_unit_test(test_graphml_rejects_entities),
      cmocka_unit_test(test_graphml_rejects_malformed),
      cmocka_unit_test(test_graphml_rejects_bad_keys),
      cmocka_unit_test(test_load_nonexistent_path),
      cmocka_unit_test(test_load_dir_without_units),
      cmocka_unit_test(test_load_dir_read_beside),
      cmocka_unit_test(test_load_picks_format),
      cmocka_unit_test(test_surveys_csv_all_or_nothing),
      cmocka_unit_test(test_three_formats_agree),
      cmocka_unit_test(test_graphml_with_surveys_from_csv),
  };
  return cmocka_run_group_tests_name("load", tests, NULL, NULL);
}
