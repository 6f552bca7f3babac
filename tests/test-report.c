/* Tests of the report writers: CSV, DOT, HTML (and its SVG picture), the
 * layout behind the pictures, rendering through Graphviz, escaping.
 *
 * Golden numbers are the SPEC worked example's (section 6). The HTML is
 * parsed as XML with GMarkup: every page must be well-formed.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <time.h>
#include <unistd.h>

#include "vs-test.h"
#include "vs-orgs.h"
#include "report-layout.h"

/* ---- helpers ------------------------------------------------------------------ */

static char *
report(const VsAnalysis *a, VsReportFormat format, const VsReportOptions *o)
{
  GError *error = NULL;
  char *text = vs_report_dup_string(a, format, o, NULL, &error);
  if (text == NULL)
    fail_msg("%s", error->message);
  return text;
}

static VsAnalysis *
analyse_org(VsOrg *org)
{
  VsAnalysis *a = analyse(org);
  vs_org_free(org);
  return a;
}

/* What GMarkup saw of a page: element names, all text, attribute values. */
typedef struct {
  GString *text;
  GHashTable *elements; /* name -> count */
  GString *titles;      /* the text of <title> elements, one a line */
  gboolean in_title;
} Page;

static void
page_start(GMarkupParseContext *ctx, const char *name, const char **attr_names,
           const char **attr_values, gpointer data, GError **error)
{
  Page *p = data;
  guint n = GPOINTER_TO_UINT(g_hash_table_lookup(p->elements, name));
  g_hash_table_insert(p->elements, g_strdup(name), GUINT_TO_POINTER(n + 1));
  p->in_title = strcmp(name, "title") == 0;
}

static void
page_end(GMarkupParseContext *ctx, const char *name, gpointer data, GError **error)
{
  Page *p = data;
  if (p->in_title)
    g_string_append_c(p->titles, '\n');
  p->in_title = FALSE;
}

static void
page_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **error)
{
  Page *p = data;
  g_string_append_len(p->text, text, (gssize)len);
  if (p->in_title)
    g_string_append_len(p->titles, text, (gssize)len);
}

static void
page_free(Page *p)
{
  g_string_free(p->text, TRUE);
  g_string_free(p->titles, TRUE);
  g_hash_table_unref(p->elements);
}

/* Parses @html as XML (after its <!DOCTYPE html> line); fails the test
 * when it is not well-formed. */
static void
parse_page(const char *html, Page *p)
{
  static const GMarkupParser parser = {page_start, page_end, page_text, NULL, NULL};
  const char *body = strstr(html, "<html");
  GError *error = NULL;
  GMarkupParseContext *ctx;

  assert_non_null(body);
  assert_true(g_str_has_prefix(html, "<!DOCTYPE html>\n"));
  p->text = g_string_new(NULL);
  p->titles = g_string_new(NULL);
  p->elements = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  p->in_title = FALSE;
  ctx = g_markup_parse_context_new(&parser, 0, p, NULL);
  if (!g_markup_parse_context_parse(ctx, body, -1, &error) ||
      !g_markup_parse_context_end_parse(ctx, &error))
    fail_msg("not well-formed: %s", error->message);
  g_markup_parse_context_free(ctx);
}

static guint
count_elements(const Page *p, const char *name)
{
  return GPOINTER_TO_UINT(g_hash_table_lookup(p->elements, name));
}

static void
assert_contains(const char *haystack, const char *needle)
{
  if (strstr(haystack, needle) == NULL)
    fail_msg("\"%s\" not found", needle);
}

/* The lines of a CRLF-terminated CSV text without quoted line breaks. */
static char **
csv_lines(const char *csv)
{
  assert_true(g_str_has_suffix(csv, "\r\n"));
  g_autofree char *body = g_strndup(csv, strlen(csv) - 2);
  return g_strsplit(body, "\r\n", -1);
}

/* Field @col of a CSV line that has no quoted field. */
static char *
csv_field(const char *line, guint col)
{
  g_auto(GStrv) fields = g_strsplit(line, ",", -1);
  assert_true(col < g_strv_length(fields));
  return g_strdup(fields[col]);
}

static double
csv_number(const char *line, guint col)
{
  g_autofree char *f = csv_field(line, col);
  return *f ? g_ascii_strtod(f, NULL) : NAN;
}

/* The row of @csv whose first field is @id. */
static const char *
csv_row(char **lines, const char *id)
{
  g_autofree char *prefix = g_strdup_printf("%s,", id);
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_str_has_prefix(lines[i], prefix))
      return lines[i];
  fail_msg("no row %s", id);
  return NULL;
}

/* Is Graphviz there? In CI (VALUESTREAM_CI=1) it must be. */
static gboolean
have_dot(void)
{
  g_autofree char *dot = g_find_program_in_path("dot");
  if (dot == NULL && g_strcmp0(g_getenv("VALUESTREAM_CI"), "1") == 0)
    fail_msg("Graphviz 'dot' is not installed, and CI needs it (.ci/deps)");
  return dot != NULL;
}

/* Runs `dot -Tsvg` on @text; fails the test when dot rejects it. */
static void
assert_dot_accepts(const char *text)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GBytes) in = g_bytes_new(text, strlen(text));
  g_autoptr(GBytes) out = NULL, err = NULL;
  GError *error = NULL;

  if (!have_dot())
    return;
  proc = g_subprocess_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE,
                          &error, "dot", "-Tsvg", NULL);
  assert_non_null(proc);
  assert_true(g_subprocess_communicate(proc, in, NULL, &out, &err, &error));
  if (!g_subprocess_get_successful(proc))
    fail_msg("dot rejected the DOT: %.*s", (int)g_bytes_get_size(err),
             (const char *)g_bytes_get_data(err, NULL));
  assert_true(g_bytes_get_size(out) > 100);
}

/* ---- names and options --------------------------------------------------------- */

static void
test_format_names(void **state)
{
  static const char *const names[] = {"json", "text", "csv", "dot", "html", "gexf", "xlsx"};
  VsReportFormat f;
  VsReportTable t;

  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    assert_true(vs_report_format_from_name(names[i], &f));
    assert_int_equal(f, i);
  }
  assert_int_equal(VS_REPORT_HTML, 4);
  assert_int_equal(VS_REPORT_GEXF, 5); /* appended: the older values keep theirs */
  assert_int_equal(VS_REPORT_XLSX, 6);
  assert_false(vs_report_format_from_name("GEXF", &f));
  assert_false(vs_report_format_from_name("svg", &f));
  assert_false(vs_report_format_from_name("HTML", &f));
  assert_true(vs_report_table_from_name("customers", &t));
  assert_int_equal(t, VS_REPORT_TABLE_CUSTOMERS);
  assert_true(vs_report_table_from_name("handoffs", &t));
  assert_int_equal(t, VS_REPORT_TABLE_HANDOFFS);
  assert_false(vs_report_table_from_name("unit", &t));
}

/* A caller built against the first layout of VsReportOptions (four
 * fields) still works; the rest takes the defaults. */
static void
test_options_version_1(void **state)
{
  struct {
    guint version;
    VsSharesMode shares;
    gboolean pretty;
    guint top;
  } v1 = {1, VS_SHARES_NEVER, FALSE, 1};
  VsReportOptions bad = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *text = report(a, VS_REPORT_TEXT, (const VsReportOptions *)&v1);
  g_autofree char *csv = report(a, VS_REPORT_CSV, (const VsReportOptions *)&v1);
  GError *error = NULL;

  assert_contains(text, "... and 4 more");
  assert_true(g_str_has_prefix(csv, "id,kind,name,")); /* the units table */
  bad.version = 3;
  assert_null(vs_report_dup_string(a, VS_REPORT_CSV, &bad, NULL, &error));
  assert_error(error, VS_ERROR_INVALID, "version");
  bad.version = VS_REPORT_OPTIONS_VERSION;
  bad.table = (VsReportTable)7;
  assert_null(vs_report_dup_string(a, VS_REPORT_CSV, &bad, NULL, &error));
  assert_error(error, VS_ERROR_INVALID, "table");
}

/* ---- CSV -------------------------------------------------------------------------- */

static void
test_csv_units_spec(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *csv = report(a, VS_REPORT_CSV, NULL);
  g_auto(GStrv) lines = csv_lines(csv);
  const char *b, *d, *e;

  assert_string_equal(lines[0], "id,kind,name,group,rank,flags,fix_value,service_score,quality,"
                                "exposure,own,reaches_customer,hops,customers,path,chokepoints,"
                                "dependents,cost,loaded_cost,stranded_cost");
  assert_int_equal(g_strv_length(lines), 8);
  /* SPEC section 6 */
  g_autofree char *rank = NULL;

  b = csv_row(lines, "B");
  assert_close(csv_number(b, 6), 62.0930233, 1e-7);
  assert_close(csv_number(b, 7), 0.875, 1e-12);
  assert_close(csv_number(b, 9), 600, 1e-9);
  rank = csv_field(b, 4);
  assert_string_equal(rank, "2"); /* ranked after C (188.37) */
  assert_contains(b, ",deteriorating;ripple,");
  assert_contains(b, ",true,1,X;Y,B;Y,");
  d = csv_row(lines, "D");
  assert_close(csv_number(d, 8), 0.6395349, 1e-7);
  assert_contains(d, ",chokepoint;rework_loop,");
  assert_true(g_str_has_suffix(d, ",1,0,0,0")); /* dependents; no costs: all 0 */
  e = csv_row(lines, "E");
  assert_contains(e, ",no_line_of_sight,0,,0.5,0,0,false,,,,,0");
  assert_true(g_str_has_suffix(e, ",0,0,,0")); /* outside Rc: no loaded cost */
  assert_contains(csv_row(lines, "C"), ",true,2,X;Y,C;D;X,D,0");
}

static void
test_csv_customers_and_handoffs(void **state)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *customers = NULL, *handoffs = NULL;
  g_auto(GStrv) c = NULL, h = NULL;

  o.table = VS_REPORT_TABLE_CUSTOMERS;
  customers = report(a, VS_REPORT_CSV, &o);
  c = csv_lines(customers);
  assert_string_equal(c[0], "id,name,revenue,quality,revenue_at_risk,critical_units,"
                            "cost_to_serve,margin");
  assert_int_equal(g_strv_length(c), 3);
  assert_close(csv_number(csv_row(c, "X"), 4), 216.2790698, 1e-7);
  assert_true(g_str_has_suffix(csv_row(c, "X"), ",D,0,600")); /* no costs: margin = revenue */
  assert_close(csv_number(csv_row(c, "Y"), 3), 0.7947674, 1e-7);
  assert_true(g_str_has_suffix(csv_row(c, "Y"), ",,0,400"));

  o.table = VS_REPORT_TABLE_HANDOFFS;
  handoffs = report(a, VS_REPORT_CSV, &o);
  h = csv_lines(handoffs);
  assert_string_equal(h[0], "from,to,deliverable,weight,share,score,score_from,volume,"
                            "lead_time_days,charge");
  assert_int_equal(g_strv_length(h), 10);
  assert_true(g_str_has_prefix(h[3], "B,C,metrics,2,0.5,"));
  assert_close(csv_number(h[3], 5), 0.8, 1e-12); /* 3.4 on 1..5 scores 0.8 */
  assert_true(g_str_has_suffix(h[3], ",survey,,,0"));
  assert_string_equal(h[2], "A,C,platform,1,0.25,0.9,handoff,,,0");
  assert_string_equal(h[1], "A,B,datasets,1,1,,,,,0");
}

static void
test_csv_quoting(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(hostile_org());
  g_autofree char *csv = report(a, VS_REPORT_CSV, NULL);

  assert_contains(csv, "\r\namp,team,\"Tom & Jerry, \"\"the\"\" cat\nand mouse\",\"R&D <eng> "
                       "\"\"q\"\" 's'\",");
  assert_contains(csv, "\r\n" HOSTILE_ID ",team," HOSTILE_ID ",");
  assert_contains(csv, "\r\nctl,team,bell\001char ]]> end,");
}

/* ---- DOT --------------------------------------------------------------------------- */

static void
test_dot_spec(void **state)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *dot = report(a, VS_REPORT_DOT, NULL), *plain = NULL;

  assert_true(g_str_has_prefix(dot, "// valuestream"));
  assert_contains(dot, "digraph valuestream {");
  assert_contains(dot, "rankdir=LR");
  /* X receives 0.64: the 0.60..0.75 band; C is ranked first, outlined */
  assert_contains(dot, "  \"X\" [fillcolor=\"#fdd49e\", label=\"Enterprise\"");
  assert_contains(dot, "  \"C\" [fillcolor=\"#fff2ae\", label=\"#1 Product\"");
  assert_contains(dot, "penwidth=3");
  assert_contains(dot, "{ rank=max; \"X\" \"Y\" }");
  /* the ripple chains of the top 3: C -> D, B -> C, A -> E (rated 0.5, labelled) */
  assert_contains(dot, "\"C\" -> \"D\" [color=\"" VS_COLOUR_RIPPLE "\"");
  assert_contains(dot,
                  "\"A\" -> \"E\" [color=\"" VS_COLOUR_RIPPLE "\", penwidth=6.50, label=\"0.50\"");
  assert_contains(dot, "\"A\" -> \"C\" [color=\"" VS_COLOUR_EDGE "\", penwidth=2.00, tooltip=");
  assert_true(g_str_has_suffix(dot, "}\n"));
  assert_dot_accepts(dot);
  /* nothing highlighted: a poor edge is red */
  o.highlight = 0;
  plain = report(a, VS_REPORT_DOT, &o);
  assert_contains(plain,
                  "\"A\" -> \"E\" [color=\"" VS_COLOUR_POOR "\", penwidth=5.00, label=\"0.50\"");
  assert_null(strstr(plain, VS_COLOUR_RIPPLE "\", penwidth"));
}

static void
test_dot_hostile(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(hostile_org());
  g_autofree char *dot = report(a, VS_REPORT_DOT, NULL);

  assert_contains(dot, " Tom & Jerry, \\\"the\\\" cat\\nand mouse\", tooltip=");
  assert_contains(dot, " Supplier \\\\ backslash {braces} [x] ;semi\", tooltip=");
  assert_contains(dot, "\"" HOSTILE_ID "\" -> \"amp\"");
  assert_contains(dot, "bell char ]]> end");
  assert_dot_accepts(dot);
}

/* ---- HTML ---------------------------------------------------------------------------- */

static void
test_html_spec(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *html = report(a, VS_REPORT_HTML, NULL);
  Page p;

  parse_page(html, &p);
  /* headline */
  assert_contains(p.text->str, "1.00krevenue per period");
  assert_contains(p.text->str, "298at risk");
  assert_contains(p.text->str, "(29.8% of revenue)");
  assert_contains(p.text->str, "5of 5 teams and suppliers flagged");
  /* the ranked explanations, from the analysis */
  assert_contains(p.text->str,
                  "Data hands metrics to Product (rated 0.80 and falling: survey mean 4.20 \u2192 "
                  "3.40 over 8 periods, 2025-Q1 to 2026-Q4); that work reaches Enterprise and SMB "
                  "via Product \u2192 Delivery; fixing its handoffs would remove 62.1 of "
                  "revenue at risk (21% of all revenue at risk).");
  assert_contains(p.text->str, "Product hands releases to Delivery (rated 0.70); that work "
                               "reaches Enterprise and SMB via Delivery; fixing its handoffs "
                               "would remove 188 of revenue at risk (63% of all revenue at "
                               "risk). Product is in a rework loop with Delivery");
  assert_contains(p.text->str, "1 other team reaches the customers only through Delivery.");
  assert_contains(p.text->str, "Nothing Internal Comms does reaches a paying customer: it "
                               "hands nothing on.");
  /* every flagged team and customer, in the picture (tooltips) too */
  for (const char *const *n = (const char *const[]){"Platform", "Data", "Product", "Delivery",
                                                    "Internal Comms", "Enterprise", "SMB", NULL};
       *n; n++) {
    g_autofree char *tip = g_strdup_printf("\n%s (", *n);
    assert_contains(p.text->str, *n);
    assert_contains(p.titles->str, tip + 1);
  }
  /* the picture: one box per unit, an edge per handoff, a sparkline */
  assert_int_equal(count_elements(&p, "svg"), 2); /* the picture, one sparkline */
  assert_int_equal(count_elements(&p, "g"), 7 + 1);
  assert_int_equal(count_elements(&p, "path"), 9 + 3 + 4); /* handoffs, arrows, legend lines */
  assert_int_equal(count_elements(&p, "polyline"), 1);
  assert_int_equal(count_elements(&p, "script"), 0);
  assert_contains(p.text->str, "eng");
  assert_contains(p.text->str, "individual: poor service is one team's");
  page_free(&p);
}

static void
test_html_escapes_hostile_names(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(hostile_org());
  g_autofree char *html = report(a, VS_REPORT_HTML, NULL);
  Page p;

  parse_page(html, &p);
  assert_int_equal(count_elements(&p, "script"), 0);
  assert_int_equal(count_elements(&p, "b"), 0);
  assert_int_equal(count_elements(&p, "html"), 1);
  assert_int_equal(count_elements(&p, "svg"), 2);
  assert_contains(p.text->str, HOSTILE_ID); /* as text */
  assert_contains(p.text->str, HOSTILE_CUSTOMER);
  assert_contains(p.text->str, "Tom & Jerry, \"the\" cat\nand mouse");
  assert_contains(p.text->str, "bell\uFFFDchar ]]> end"); /* XML cannot hold U+0001 */
  assert_contains(p.text->str, "2026-Q1 <&> to 2026-Q5 <&>");
  /* a name too long for its box is cut there, whole in the tooltip */
  /* 10 wide characters fill 20 of the box's 22 cells; the 11th would not fit */
  assert_contains(p.text->str, "\u6570\u636e\u5de5\u7a0b\u56e2\u961f\u6570\u636e\u5de5\u7a0b"
                               "\u2026");
  assert_contains(p.titles->str, "\u961f\u6570\u636e\u5de5\u7a0b\u56e2\u961f (wide)");
  assert_null(strstr(html, "<script"));
  page_free(&p);
}

static void
test_html_empty_org(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(vs_org_new());
  g_autofree char *html = report(a, VS_REPORT_HTML, NULL);
  Page p;

  parse_page(html, &p);
  assert_contains(p.text->str, "No team or supplier is flagged.");
  assert_contains(p.text->str, "The organisation has no paying customer.");
  page_free(&p);
}

/* ---- cost to serve (SPEC 7; golden numbers from SPEC 11) ------------------------------- */

/* The SPEC 11 worked example in tests/data (@name: "spec-costs", "spec-reciprocal"). */
static VsAnalysis *
analyse_fixture(const char *name)
{
  g_autofree char *dir = vs_test_path(name);
  GError *error = NULL;
  VsOrg *org = vs_load(dir, &error);
  if (org == NULL)
    fail_msg("%s", error->message);
  return analyse_org(org);
}

/* The JSON report parsed; @units and @customers index its arrays by id. */
typedef struct {
  JsonParser *parser;
  JsonObject *summary;
  GHashTable *units, *customers; /* id -> JsonObject */
} JsonReport;

static void
json_report(const VsAnalysis *a, const VsReportOptions *o, JsonReport *r)
{
  g_autofree char *text = report(a, VS_REPORT_JSON, o);
  GError *error = NULL;
  JsonObject *root;
  const char *arrays[] = {"units", "customers"};

  r->parser = json_parser_new();
  if (!json_parser_load_from_data(r->parser, text, -1, &error))
    fail_msg("not JSON: %s", error->message);
  root = json_node_get_object(json_parser_get_root(r->parser));
  r->summary = json_object_get_object_member(root, "summary");
  r->units = g_hash_table_new(g_str_hash, g_str_equal);
  r->customers = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint k = 0; k < 2; k++) {
    JsonArray *list = json_object_get_array_member(root, arrays[k]);
    for (guint i = 0; i < json_array_get_length(list); i++) {
      JsonObject *x = json_array_get_object_element(list, i);
      const char *id = json_object_get_string_member(x, "id");
      g_hash_table_insert(k ? r->customers : r->units, (gpointer)id, x);
    }
  }
}

static void
json_report_clear(JsonReport *r)
{
  g_hash_table_unref(r->units);
  g_hash_table_unref(r->customers);
  g_object_unref(r->parser);
}

/* Member @key of the object for @id in @table, a number (NAN for null). */
static double
member(GHashTable *table, const char *id, const char *key)
{
  JsonObject *x = g_hash_table_lookup(table, id);
  assert_non_null(x);
  assert_true(json_object_has_member(x, key));
  return json_object_get_null_member(x, key) ? NAN : json_object_get_double_member(x, key);
}

static JsonObject *
cost_shares(const JsonReport *r, const char *id)
{
  JsonObject *unit = g_hash_table_lookup(r->units, id);
  JsonObject *los = json_object_get_object_member(unit, "line_of_sight");
  if (!json_object_has_member(los, "cost_shares"))
    return NULL;
  return json_object_get_object_member(los, "cost_shares");
}

static void
test_costs_json(void **state)
{
  static const char *const loaded_ids[] = {"A", "B", "C", "D"};
  static const double loaded[] = {120, 130, 565, 715};
  g_autoptr(VsAnalysis) a = analyse_fixture("spec-costs");
  g_autoptr(VsAnalysis) rec = analyse_fixture("spec-reciprocal");
  VsReportOptions never = VS_REPORT_OPTIONS_INIT;
  JsonReport r;

  json_report(a, NULL, &r);
  assert_close(json_object_get_double_member(r.summary, "total_cost"), 600, 1e-9);
  assert_close(json_object_get_double_member(r.summary, "cost_to_serve"), 520, 1e-9);
  assert_close(json_object_get_double_member(r.summary, "stranded_cost"), 80, 1e-9);
  for (guint i = 0; i < G_N_ELEMENTS(loaded); i++) {
    assert_close(member(r.units, loaded_ids[i], "loaded_cost"), loaded[i], 1e-7);
    assert_close(member(r.units, loaded_ids[i], "stranded_cost"), 0, 1e-12);
  }
  assert_true(isnan(member(r.units, "E", "loaded_cost")));
  assert_close(member(r.units, "E", "stranded_cost"), 80, 1e-9);
  assert_close(member(r.units, "E", "cost"), 40, 1e-12);
  assert_close(member(r.customers, "X", "cost_to_serve"), 238.3333333, 1e-7);
  assert_close(member(r.customers, "Y", "cost_to_serve"), 281.6666667, 1e-7);
  assert_close(member(r.customers, "Y", "margin"), 400 - 281.6666667, 1e-7);
  assert_close(json_object_get_double_member(cost_shares(&r, "A"), "X"), 0.2777778, 1e-7);
  assert_close(json_object_get_double_member(cost_shares(&r, "A"), "Y"), 0.3888889, 1e-7);
  assert_int_equal(json_object_get_size(cost_shares(&r, "E")), 0); /* outside Rc */
  /* customers carry cost to serve in "customers", no unit cost figures */
  assert_false(json_object_has_member(g_hash_table_lookup(r.units, "X"), "cost"));
  assert_null(cost_shares(&r, "X"));
  json_report_clear(&r);

  /* cost shares follow the shares policy */
  never.shares = VS_SHARES_NEVER;
  json_report(a, &never, &r);
  assert_int_equal(json_object_get_size(cost_shares(&r, "A")), 0);
  assert_true(json_object_get_boolean_member(r.summary, "shares_omitted"));
  json_report_clear(&r);

  json_report(rec, NULL, &r);
  assert_close(member(r.units, "A", "loaded_cost"), 228.2608696, 1e-7);
  assert_close(member(r.units, "B", "loaded_cost"), 391.3043478, 1e-7);
  assert_close(member(r.customers, "X", "cost_to_serve"), 365.2173913, 1e-7);
  assert_close(member(r.customers, "Y", "cost_to_serve"), 84.7826087, 1e-7);
  assert_close(json_object_get_double_member(r.summary, "stranded_cost"), 0, 1e-12);
  json_report_clear(&r);
}

/* The same columns with costs as without; the SPEC 11 numbers in them. */
static void
test_costs_csv(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_fixture("spec-costs");
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autofree char *units = report(a, VS_REPORT_CSV, &o), *customers = NULL, *handoffs = NULL;
  g_auto(GStrv) u = csv_lines(units), c = NULL, h = NULL;

  assert_true(g_str_has_suffix(u[0], ",dependents,cost,loaded_cost,stranded_cost"));
  assert_true(g_str_has_suffix(csv_row(u, "E"), ",0,40,,80"));
  assert_true(g_str_has_suffix(csv_row(u, "B"), ",0,90,130,0"));
  assert_true(g_str_has_suffix(csv_row(u, "X"), ",0,,,")); /* customers: none */
  o.table = VS_REPORT_TABLE_CUSTOMERS;
  customers = report(a, VS_REPORT_CSV, &o);
  c = csv_lines(customers);
  assert_true(g_str_has_suffix(c[0], ",critical_units,cost_to_serve,margin"));
  assert_close(csv_number(csv_row(c, "X"), 6), 238.3333333, 1e-7);
  assert_close(csv_number(csv_row(c, "X"), 7), 600 - 238.3333333, 1e-7);
  o.table = VS_REPORT_TABLE_HANDOFFS;
  handoffs = report(a, VS_REPORT_CSV, &o);
  h = csv_lines(handoffs);
  assert_true(g_str_has_suffix(h[0], ",lead_time_days,charge"));
  assert_string_equal(h[9], "A,E,newsletter,1,1,0.5,handoff,,,40"); /* charge(A->E) = 40 */
}

/* Text and HTML say nothing of cost without costs; with them, a section,
 * and cost figures in the picture's tooltips. */
static void
test_costs_text_html(void **state)
{
  g_autoptr(VsAnalysis) plain = analyse_org(spec_org());
  g_autoptr(VsAnalysis) a = analyse_fixture("spec-costs");
  g_autofree char *plain_text = report(plain, VS_REPORT_TEXT, NULL);
  g_autofree char *plain_html = report(plain, VS_REPORT_HTML, NULL);
  g_autofree char *text = report(a, VS_REPORT_TEXT, NULL);
  g_autofree char *html = report(a, VS_REPORT_HTML, NULL);
  Page p, q;

  assert_null(strstr(plain_text, "ost"));
  assert_contains(text, "\nCost to serve\n  total cost 600.00 per period: 520.00 (86.7%) reaches "
                        "the customers, 80.00 (13.3%) is stranded\n");
  /* lowest margin first: Y 118.33, then X 361.67 */
  assert_contains(text, "    Y (SMB): revenue 400.00, cost to serve 281.67, margin 118.33\n    X "
                        "(Enterprise): revenue 600.00, cost to serve 238.33, margin 361.67\n");
  assert_contains(text, "largest first:\n    E (Internal Comms): stranded 80.00");
  parse_page(plain_html, &p);
  assert_null(strstr(p.text->str, "ost"));
  assert_null(strstr(p.titles->str, "ost"));
  assert_null(strstr(p.titles->str, "charge"));
  page_free(&p);
  parse_page(html, &q);
  assert_contains(q.text->str, "Cost to serve");
  assert_contains(q.text->str, "Total cost 600 per period: 520 serves the paying customers, 80 "
                               "is stranded");
  assert_contains(q.titles->str, "cost 200.00, loaded cost 565.00\n");
  assert_contains(q.titles->str, "cost 40.00, stranded 80.00 (reaches no customer)\n");
  assert_contains(q.titles->str, "cost to serve 238.33, margin 361.67\n");
  assert_contains(q.titles->str, "Platform \u2192 Internal Comms: newsletter\nshare of its input "
                                 "1.00, rated 0.50 (poor)\ncharge 40.00\n");
  page_free(&q);
}

/* ---- layout ---------------------------------------------------------------------------- */

/* Every node owns one slot; suppliers that receive nothing start the
 * stream, customers end it; an edge crosses one lane per layer it spans. */
static void
check_layout(const VsAnalysis *a, const VsLayout *l)
{
  g_autoptr(GHashTable) taken = g_hash_table_new(g_direct_hash, g_direct_equal);
  guint32 lanes = 0;

  for (guint32 x = 0; x < l->n_slots; x++) {
    gpointer key = GUINT_TO_POINTER(l->layer[x] * 100000u + l->row[x] + 1);
    assert_false(g_hash_table_contains(taken, key));
    g_hash_table_add(taken, key);
    assert_true(l->layer[x] < l->n_layers);
    assert_int_equal(l->order[l->layer_start[l->layer[x]] + l->row[x]], x);
  }
  for (guint32 x = 0; x < l->n_nodes; x++) {
    guint32 u = l->units[x];
    VsKind kind = vs_org_get_unit_kind(vs_analysis_get_org(a), u);
    assert_int_equal(l->node_of[u], x);
    if (kind == VS_KIND_CUSTOMER)
      assert_int_equal(l->layer[x], l->n_layers - 1);
    if (kind == VS_KIND_SUPPLIER)
      assert_int_equal(l->layer[x], 0);
  }
  for (guint32 k = 0; k < l->n_edges; k++) {
    const VsOrg *org = vs_analysis_get_org(a);
    guint32 p = l->node_of[vs_org_get_handoff_from(org, l->edges[k])];
    guint32 q = l->node_of[vs_org_get_handoff_to(org, l->edges[k])];
    guint32 span =
        l->layer[p] > l->layer[q] ? l->layer[p] - l->layer[q] : l->layer[q] - l->layer[p];
    assert_int_equal(l->route_off[k + 1] - l->route_off[k], span > 1 ? span - 1 : 0);
    if (vs_analysis_get_loop_ids(a, NULL)[vs_org_get_handoff_from(org, l->edges[k])] < 0)
      assert_true(l->layer[q] > l->layer[p]); /* only rework points back */
    lanes += l->route_off[k + 1] - l->route_off[k];
  }
  assert_int_equal(l->n_slots, l->n_nodes + lanes);
}

static void
test_layout_spec(void **state)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autoptr(VsLayout) l = vs_i_layout_new(a, &o, TRUE);
  const VsOrg *org = vs_analysis_get_org(a);

  check_layout(a, l);
  assert_int_equal(l->n_nodes, 7);
  assert_int_equal(l->n_edges, 9);
  assert_int_equal(l->left_out_units, 0);
  /* A, then B, then C, D (loop spread over two layers), then X and Y */
  assert_int_equal(l->n_layers, 5);
  assert_int_equal(l->layer[l->node_of[vs_test_unit(org, "A")]], 0);
  assert_int_equal(l->layer[l->node_of[vs_test_unit(org, "C")]], 2);
  assert_int_equal(l->layer[l->node_of[vs_test_unit(org, "D")]], 3);
  assert_int_equal(l->layer[l->node_of[vs_test_unit(org, "E")]], 1);
  /* ranks: C 1, B 2, A 3; the chains of the top 3 are marked */
  assert_int_equal(l->rank[l->node_of[vs_test_unit(org, "C")]], 1);
  assert_int_equal(l->rank[l->node_of[vs_test_unit(org, "A")]], 3);
  assert_int_equal(l->n_chains, 3);
  assert_int_equal(l->chain[2], 2); /* B -> C metrics: Data's worst handoff */
  assert_int_equal(l->chain[3], 1); /* C -> D releases */
}

static void
test_layout_generated(void **state)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(generated_org(60, 6, 7));
  g_autoptr(VsLayout) l = vs_i_layout_new(a, &o, TRUE);

  check_layout(a, l);
  assert_int_equal(l->n_nodes, 60);
  assert_true(l->n_layers >= 4);
}

/* A large org is drawn as the neighbourhood that matters, and says so. */
static void
test_layout_restricted(void **state)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(generated_org(3000, 12, 11));
  g_autoptr(VsLayout) l = NULL;
  g_autofree char *html = NULL, *dot = NULL;
  gsize n_flagged;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(a, &n_flagged);
  Page p;

  o.picture_units = 80;
  l = vs_i_layout_new(a, &o, TRUE);
  check_layout(a, l);
  assert_true(l->n_nodes <= 80);
  assert_int_equal(l->left_out_units, 3000 - l->n_nodes);
  assert_true(l->n_teams_shown >= 3);
  for (guint32 k = 0; k < 12; k++) /* every customer */
    assert_true(l->node_of[vs_analysis_get_customers(a, NULL)[k]] >= 0);
  assert_true(l->node_of[flagged[0]] >= 0);
  assert_int_equal(l->rank[l->node_of[flagged[0]]], 1);
  html = report(a, VS_REPORT_HTML, &o);
  parse_page(html, &p);
  assert_contains(p.text->str, "Part of the organisation is shown.");
  assert_contains(p.text->str, "units and ");
  page_free(&p);
  dot = report(a, VS_REPORT_DOT, &o);
  assert_contains(dot, "left out");
  assert_dot_accepts(dot);
}

/* ---- rendering ---------------------------------------------------------------------------- */

static char *
scratch_dir(void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp("vs-test-report-XXXXXX", &error);
  if (dir == NULL)
    fail_msg("%s", error->message);
  return dir;
}

static void
remove_dir(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
}

static guint
count_files(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name(d) != NULL)
    n++;
  return n;
}

static void
test_render(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *dir = scratch_dir();
  g_autofree char *svg = g_build_filename(dir, "org.svg", NULL);
  g_autofree char *png = g_build_filename(dir, "org.png", NULL);
  g_autofree char *text = NULL;
  GError *error = NULL;

  if (have_dot()) {
    assert_true(vs_report_render_file(a, NULL, svg, NULL, &error));
    assert_true(g_file_get_contents(svg, &text, NULL, NULL));
    assert_contains(text, "<svg");
    assert_contains(text, "Delivery");
    assert_true(vs_report_render_file(a, NULL, png, NULL, &error));
    assert_int_equal(count_files(dir), 2); /* no temporary left */
  }
  remove_dir(dir);
}

/* Every way Graphviz can fail is an error, the target stays as it was and
 * no temporary file is left. */
static void
test_render_failures(void **state)
{
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *dir = scratch_dir();
  g_autofree char *svg = g_build_filename(dir, "org.svg", NULL);
  g_autofree char *hang = g_build_filename(dir, "hang", NULL);
  g_autofree char *text = NULL;
  GError *error = NULL;
  gint64 start;

  assert_true(g_file_set_contents(svg, "old", -1, NULL));
  o.render_program = "/nonexistent/dot";
  assert_false(vs_report_render_file(a, &o, svg, NULL, &error));
  assert_error(error, VS_ERROR_IO, "cannot run Graphviz", "/nonexistent/dot", "graphviz");
  o.render_program = "false";
  assert_false(vs_report_render_file(a, &o, svg, NULL, &error));
  assert_error(error, VS_ERROR_IO, "Graphviz (false) failed with exit status 1");
  assert_true(g_file_set_contents(hang, "#!/bin/sh\nexec sleep 20\n", -1, NULL));
  assert_int_equal(g_chmod(hang, 0755), 0);
  o.render_program = hang;
  o.render_timeout_ms = 300;
  start = g_get_monotonic_time();
  assert_false(vs_report_render_file(a, &o, svg, NULL, &error));
  assert_error(error, VS_ERROR_IO, "took longer than 0.3 s and was stopped");
  assert_true(g_get_monotonic_time() - start < 5 * G_USEC_PER_SEC);
  o.render_program = NULL;
  assert_false(vs_report_render_file(a, &o, svg, "svg;rm", &error));
  assert_error(error, VS_ERROR_INVALID, "image format");
  assert_true(g_file_get_contents(svg, &text, NULL, NULL));
  assert_string_equal(text, "old");
  g_unlink(hang);
  assert_int_equal(count_files(dir), 1);
  remove_dir(dir);
}

static void
test_write_file_errors(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  GError *error = NULL;

  assert_false(vs_report_write_file(a, VS_REPORT_HTML, NULL, "/nonexistent/dir/r.html", &error));
  assert_error(error, VS_ERROR_IO, "/nonexistent/dir/r.html");
  assert_false(vs_report_render_file(a, NULL, "/nonexistent/dir/r.svg", NULL, &error));
  assert_error(error, VS_ERROR_IO, "/nonexistent/dir/r.svg");
}

/* ---- GEXF and xlsx ------------------------------------------------------------------------ */

/* What GMarkup saw of a GEXF document: "id=label" of every node, one a
 * line, and every attvalue "for=value" of the node with id "amp". */
typedef struct {
  GString *nodes, *amp;
  gboolean in_amp;
  guint edges;
} Gexf;

static const char *
attr_of(const char **names, const char **values, const char *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (strcmp(names[i], name) == 0)
      return values[i];
  return NULL;
}

static void
gexf_start(GMarkupParseContext *ctx, const char *name, const char **names, const char **values,
           gpointer data, GError **error)
{
  Gexf *g = data;
  if (strcmp(name, "node") == 0) {
    g_string_append_printf(g->nodes, "%s=%s\n", attr_of(names, values, "id"),
                           attr_of(names, values, "label"));
    g->in_amp = strcmp(attr_of(names, values, "id"), "amp") == 0;
  } else if (strcmp(name, "attvalue") == 0 && g->in_amp) {
    g_string_append_printf(g->amp, "%s=%s\n", attr_of(names, values, "for"),
                           attr_of(names, values, "value"));
  } else if (strcmp(name, "edge") == 0) {
    g->in_amp = FALSE;
    g->edges++;
  }
}

static void
parse_gexf(const char *xml, Gexf *g)
{
  static const GMarkupParser parser = {gexf_start, NULL, NULL, NULL, NULL};
  const char *root = strstr(xml, "<gexf");
  GError *error = NULL;
  GMarkupParseContext *ctx;

  assert_true(g_str_has_prefix(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  assert_non_null(root);
  g->nodes = g_string_new(NULL);
  g->amp = g_string_new(NULL);
  g->in_amp = FALSE;
  g->edges = 0;
  ctx = g_markup_parse_context_new(&parser, 0, g, NULL);
  if (!g_markup_parse_context_parse(ctx, root, -1, &error) ||
      !g_markup_parse_context_end_parse(ctx, &error))
    fail_msg("not well-formed: %s", error->message);
  g_markup_parse_context_free(ctx);
}

static void
gexf_free(Gexf *g)
{
  g_string_free(g->nodes, TRUE);
  g_string_free(g->amp, TRUE);
}

static void
test_gexf_spec(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(spec_org());
  g_autofree char *xml = report(a, VS_REPORT_GEXF, NULL);
  Gexf g;

  parse_gexf(xml, &g);
  assert_contains(xml, "<gexf xmlns=\"http://gexf.net/1.3\"");
  assert_contains(xml, " version=\"1.3\">");
  assert_contains(xml, "<graph defaultedgetype=\"directed\" mode=\"static\"");
  assert_contains(xml, "<attribute id=\"fix_value\" title=\"fix_value\" type=\"double\"/>");
  assert_null(strstr(xml, "\"cost\"")); /* no unit has a cost: no cost figures */
  assert_null(strstr(xml, "nan"));
  assert_int_equal(g.edges, vs_analysis_get_n_handoffs(a));
  /* SPEC 6: B's fix value is 62.093..., A is flagged ripple and poor service */
  assert_contains(xml, "<node id=\"B\" label=\"");
  assert_contains(xml, "<attvalue for=\"fix_value\" value=\"62.0930232558");
  assert_contains(xml, "value=\"captive_poor_service,poor_service,ripple\"/>");
  gexf_free(&g);
}

static void
test_gexf_hostile(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(hostile_org());
  g_autofree char *xml = report(a, VS_REPORT_GEXF, NULL);
  Gexf g;

  parse_gexf(xml, &g);
  /* line breaks as character references, so that they survive the
   * normalisation of attribute values; GMarkup gives them back */
  assert_contains(xml, "label=\"Tom &amp; Jerry, &quot;the&quot; cat&#10;and mouse\"");
  assert_contains(g.nodes->str, "amp=Tom & Jerry, \"the\" cat\nand mouse\n");
  assert_contains(g.nodes->str, HOSTILE_ID "=");
  assert_contains(g.nodes->str, "cust<1>=" HOSTILE_CUSTOMER "\n");
  assert_contains(g.nodes->str, "ctl=bell\uFFFDchar ]]> end\n"); /* XML cannot hold U+0001 */
  assert_contains(g.amp->str, "group=R&D <eng> \"q\" 's'\n");
  assert_null(strstr(g.amp->str, "\nscore=")); /* an edge attribute, not a node's */
  assert_contains(xml, "label=\"&lt;b&gt;bold&lt;/b&gt; &amp; more\"");
  assert_int_equal(g.edges, 6);
  gexf_free(&g);
}

static void
test_xlsx_bytes(void **state)
{
  g_autoptr(VsAnalysis) a = analyse_org(hostile_org());
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  g_autofree char *book = vs_report_dup_string(a, VS_REPORT_XLSX, NULL, &len, &error);
  g_autofree char *tmp = g_build_filename(g_get_tmp_dir(), "vs-test-XXXXXX.xlsx", NULL);
  int fd;

  assert_non_null(book);
  assert_true(len > 1000);
  assert_memory_equal(book, "PK\003\004", 4);                         /* a zip */
  assert_non_null(memmem(book, len, "xl/worksheets/sheet4.xml", 24)); /* four sheets */
  /* to a file, atomically, as the same workbook */
  fd = g_mkstemp(tmp);
  assert_true(fd >= 0);
  close(fd);
  assert_true(vs_report_write_file(a, VS_REPORT_XLSX, NULL, tmp, &error));
  {
    g_autofree char *again = NULL;
    gsize again_len = 0;
    assert_true(g_file_get_contents(tmp, &again, &again_len, NULL));
    assert_true(again_len > 1000);
    assert_memory_equal(again, "PK\003\004", 4);
  }
  g_unlink(tmp);
  assert_false(vs_report_write_file(a, VS_REPORT_XLSX, NULL, "/nonexistent/dir/r.xlsx", &error));
  assert_error(error, VS_ERROR_IO, "/nonexistent/dir/r.xlsx");
}

/* ---- presentation internals ----------------------------------------------------------------- */

static void
test_amounts(void **state)
{
  static const struct {
    double x;
    const char *text;
  } cases[] = {{0, "0"},           {62.0930233, "62.1"}, {188.372093, "188"}, {5.4321, "5.43"},
               {950, "950"},       {999.7, "1.00k"},     {62093, "62.1k"},    {1227068.97, "1.23M"},
               {2750000, "2.75M"}, {3.2e9, "3.20bn"},    {NAN, "n/a"},        {-1500, "-1.50k"}};
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *s = vs_i_amount(cases[i].x);
    assert_string_equal(s, cases[i].text);
  }
}

/* Amounts a person reads in the text reports: to the cent, grouped. */
static void
test_money(void **state)
{
  static const struct {
    double x;
    const char *text;
  } cases[] = {{0, "0.00"},
               {999.994, "999.99"},
               {999.996, "1,000.00"},
               {2750000, "2,750,000.00"},
               {868377.9871, "868,377.99"},
               {-1234.5, "-1,234.50"},
               {-0.001, "0.00"},
               {123456789012.345, "123,456,789,012.35"},
               {NAN, "n/a"},
               {INFINITY, "n/a"},
               {1e300, "huge"}};
  g_autoptr(VsOrg) org = vs_org_new();
  g_autoptr(VsAnalysis) a = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS(cases); i++)
    assert_string_equal(vs_i_money(cases[i].x).s, cases[i].text);
  unit(org, "t", T, NAN, NAN, NULL);
  unit(org, "c", C, 2750000, NAN, NULL);
  handoff(org, "t", "c", NULL, 1, 0.5);
  a = analyse(org);
  text = vs_report_dup_string(a, VS_REPORT_TEXT, NULL, NULL, NULL);
  assert_non_null(strstr(text, "Revenue 2,750,000.00 per period, of which 1,375,000.00 (50.0%)"));
}

static void
test_escapers(void **state)
{
  g_autoptr(GString) s = g_string_new(NULL);
  VsWriter w;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable();

  vs_i_xml_escape(s, "<a href=\"x\">Tom & 'Jerry'</a>\001\t\xef\xbf\xbe");
  assert_string_equal(s->str, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
                              "\uFFFD\t\uFFFD");
  g_string_truncate(s, 0);
  vs_i_xml_escape(s, "bad \xff utf8");
  assert_string_equal(s->str, "bad \uFFFD utf8");
  g_string_truncate(s, 0);
  vs_i_csv_field(s, "plain");
  vs_i_csv_field(s, "a,b");
  vs_i_csv_field(s, " lead");
  vs_i_csv_field(s, "q\"q");
  assert_string_equal(s->str, "plain\"a,b\"\" lead\"\"q\"\"q\"");
  g_string_truncate(s, 0);
  vs_i_dot_escape(s, "a\"b\\c\nd\re");
  assert_string_equal(s->str, "a\\\"b\\\\c\\nd e");
  vs_i_writer_init(&w, out, NULL);
  vs_i_writer_xmlf(&w, "<p a=\"%s\">%d %u %zu %.2f %5.1f %c %% %s</p>", "\"<&>", -3, 4u, (gsize)5,
                   0.125, 2.25, 'x', "ok");
  assert_string_equal(w.buf->str, "<p a=\"&quot;&lt;&amp;&gt;\">-3 4 5 0.12 "
                                  "  2.2 x % ok</p>");
  assert_true(vs_i_writer_finish(&w, NULL));
}

/* ---- size ---------------------------------------------------------------------------------- */

/* CPU seconds of this thread: other work on the machine does not count. */
static double
cpu_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Writers stay linear: a 100k-unit org's CSV well under a second, its HTML
 * picture limited to the neighbourhood. VS_TEST_SMALL=1 (for valgrind)
 * uses 5k units and drops the timing. */
static void
test_large_org(void **state)
{
  gboolean small = g_strcmp0(g_getenv("VS_TEST_SMALL"), "1") == 0;
  guint n = small ? 5000 : 100000;
  g_autoptr(VsAnalysis) a = analyse_org(generated_org(n, 40, 3));
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable();
  VsReportOptions o = VS_REPORT_OPTIONS_INIT;
  GError *error = NULL;
  double start = cpu_seconds(), seconds;
  gsize size;

  o.shares = VS_SHARES_NEVER;
  assert_true(vs_report_write(a, VS_REPORT_CSV, &o, sink, NULL, &error));
  seconds = cpu_seconds() - start;
  print_message("CSV of %u units: %.3f s CPU, %" G_GSIZE_FORMAT " bytes\n", n, seconds,
                g_memory_output_stream_get_data_size(G_MEMORY_OUTPUT_STREAM(sink)));
  if (!small)
    assert_true(seconds < 1.0);
  start = cpu_seconds();
  g_autofree char *html = vs_report_dup_string(a, VS_REPORT_HTML, &o, &size, &error);
  seconds = cpu_seconds() - start;
  print_message("HTML of %u units: %.3f s CPU, %" G_GSIZE_FORMAT " bytes\n", n, seconds, size);
  assert_non_null(html);
  assert_contains(html, "Part of the organisation is shown.");
  if (!small)
    assert_true(seconds < 3.0);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_format_names),
      cmocka_unit_test(test_options_version_1),
      cmocka_unit_test(test_csv_units_spec),
      cmocka_unit_test(test_csv_customers_and_handoffs),
      cmocka_unit_test(test_csv_quoting),
      cmocka_unit_test(test_dot_spec),
      cmocka_unit_test(test_dot_hostile),
      cmocka_unit_test(test_html_spec),
      cmocka_unit_test(test_html_escapes_hostile_names),
      cmocka_unit_test(test_html_empty_org),
      cmocka_unit_test(test_costs_json),
      cmocka_unit_test(test_costs_csv),
      cmocka_unit_test(test_costs_text_html),
      cmocka_unit_test(test_layout_spec),
      cmocka_unit_test(test_layout_generated),
      cmocka_unit_test(test_layout_restricted),
      cmocka_unit_test(test_render),
      cmocka_unit_test(test_render_failures),
      cmocka_unit_test(test_write_file_errors),
      cmocka_unit_test(test_gexf_spec),
      cmocka_unit_test(test_gexf_hostile),
      cmocka_unit_test(test_xlsx_bytes),
      cmocka_unit_test(test_amounts),
      cmocka_unit_test(test_money),
      cmocka_unit_test(test_escapers),
      cmocka_unit_test(test_large_org),
  };
  return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
