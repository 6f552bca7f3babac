/* valuestream - presentation shared by the report writers: quality bands
 * and their colours, amounts, and the plain-language explanation of a
 * flagged team. Everything here reads the analysis; nothing is computed
 * beyond choosing what to say.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <string.h>

#include "report-private.h"

/* Worst first; lower bounds of received quality. */
static const double band_floor[VS_N_BANDS] = {0, 0.6, 0.75, 0.85, 0.95};
static const char *const band_colour[VS_N_BANDS] = {"#f4a582", "#fdd49e", "#fff2ae", "#d9f0a3",
                                                    "#a6dba0"};
static const char *const band_label[VS_N_BANDS] = {"below 0.60", "0.60 to 0.75", "0.75 to 0.85",
                                                   "0.85 to 0.95", "0.95 and above"};

guint
vs_i_quality_band(double q)
{
  guint b = 0;
  while (b + 1 < VS_N_BANDS && q >= band_floor[b + 1])
    b++;
  return b;
}

const char *
vs_i_band_colour(guint band)
{
  return band_colour[MIN(band, VS_N_BANDS - 1)];
}

const char *
vs_i_band_label(guint band)
{
  return band_label[MIN(band, VS_N_BANDS - 1)];
}

char *
vs_i_amount(double x)
{
  static const char *const suffix[] = {"", "k", "M", "bn"};
  double mag = fabs(x);
  guint s = 0;

  if (!isfinite(x))
    return g_strdup("n/a");
  while (s + 1 < G_N_ELEMENTS(suffix) && mag >= 999.5) {
    mag /= 1000;
    x /= 1000;
    s++;
  }
  if (mag >= 99.95 || (s == 0 && x == floor(x)))
    return g_strdup_printf("%.0f%s", x, suffix[s]);
  return g_strdup_printf(mag >= 9.995 ? "%.1f%s" : "%.2f%s", x, suffix[s]);
}

VsMoney
vs_i_money(double x)
{
  VsMoney m;
  char digits[40];
  const char *point;
  gsize n = 0, whole;

  if (!isfinite(x) || fabs(x) >= 1e30) {
    g_strlcpy(m.s, isfinite(x) ? "huge" : "n/a", sizeof m.s);
    return m;
  }
  g_snprintf(digits, sizeof digits, "%.2f", fabs(x));
  point = strchr(digits, '.');
  whole = (gsize)(point - digits);
  if (x < 0 && strcmp(digits, "0.00") != 0)
    m.s[n++] = '-';
  for (gsize i = 0; i < whole; i++) {
    if (i > 0 && (whole - i) % 3 == 0)
      m.s[n++] = ',';
    m.s[n++] = digits[i];
  }
  g_strlcpy(m.s + n, point, sizeof m.s - n);
  return m;
}

char *
vs_i_printable(const char *s)
{
  GString *out = g_string_new(NULL);
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (g_unichar_iscntrl(c))
      g_string_append_c(out, '?');
    else
      g_string_append_unichar(out, c);
  }
  return g_string_free(out, FALSE);
}

const char *
vs_i_flag_label(guint32 flag)
{
  switch (flag) {
  case VS_FLAG_CAPTIVE_POOR_SERVICE:
    return "captive customer served poorly";
  case VS_FLAG_CHOKEPOINT:
    return "chokepoint";
  case VS_FLAG_DETERIORATING:
    return "ratings falling";
  case VS_FLAG_NO_LINE_OF_SIGHT:
    return "no line of sight";
  case VS_FLAG_POOR_SERVICE:
    return "poor service";
  case VS_FLAG_REWORK_LOOP:
    return "rework loop";
  case VS_FLAG_RIPPLE:
    return "ripple";
  default:
    return "";
  }
}

static const char *
name_of(const VsAnalysisView *av, guint32 u)
{
  return vs_org_get_unit_name(av->org, u);
}

char *
vs_i_unit_title(const VsAnalysisView *av, guint32 u)
{
  const char *id = vs_org_get_unit_id(av->org, u), *name = name_of(av, u);
  return strcmp(id, name) == 0 ? g_strdup(id) : g_strdup_printf("%s (%s)", name, id);
}

static int
cmp_risk(gconstpointer x, gconstpointer y, gpointer data)
{
  const VsAnalysisView *av = data;
  guint32 u = *(const guint32 *)x, v = *(const guint32 *)y;
  if (av->risk[u] != av->risk[v])
    return av->risk[u] > av->risk[v] ? -1 : 1;
  return (u > v) - (u < v);
}

guint32 *
vs_i_customers_by_risk(const VsAnalysisView *av)
{
  guint32 *order = g_memdup2(av->customers, ((gsize)av->n_customers + 1) * sizeof(guint32));
  if (av->n_customers > 1)
    g_qsort_with_data(order, (gint)av->n_customers, sizeof(guint32), cmp_risk, (gpointer)av);
  return order;
}

gboolean
vs_i_has_costs(const VsAnalysisView *av)
{
  return av->total_cost > 0;
}

/* Sorts @units by @key ascending (@descending: descending), ties by unit
 * order. */
typedef struct {
  const double *key;
  gboolean descending;
} ByKey;

static int
cmp_key(gconstpointer x, gconstpointer y, gpointer data)
{
  const ByKey *k = data;
  guint32 u = *(const guint32 *)x, v = *(const guint32 *)y;
  double a = k->key[u], b = k->key[v];
  if (a != b)
    return (a < b) != k->descending ? -1 : 1;
  return (u > v) - (u < v);
}

static void
sort_by_key(guint32 *units, gsize n, const double *key, gboolean descending)
{
  ByKey k = {key, descending};
  if (n > 1)
    g_qsort_with_data(units, (gint)n, sizeof(guint32), cmp_key, &k);
}

guint32 *
vs_i_customers_by_margin(const VsAnalysisView *av)
{
  guint32 *order = g_memdup2(av->customers, ((gsize)av->n_customers + 1) * sizeof(guint32));
  sort_by_key(order, av->n_customers, av->margin, FALSE);
  return order;
}

guint32 *
vs_i_stranded_units(const VsAnalysisView *av, gsize *n)
{
  guint32 *units = g_new(guint32, av->n + 1);
  gsize k = 0;

  for (guint32 u = 0; u < av->n; u++)
    if (av->stranded_cost[u] > 0)
      units[k++] = u;
  sort_by_key(units, k, av->stranded_cost, TRUE);
  *n = k;
  return units;
}

/* Cost lines of a tooltip, only when the org has costs: a team's or
 * supplier's own cost and where it goes (loaded, or stranded), a
 * customer's cost to serve and margin. */
static void
append_unit_costs(GString *s, const VsAnalysisView *av, guint32 u)
{
  if (!vs_i_has_costs(av))
    return;
  if (av->kind[u] == VS_KIND_CUSTOMER) {
    g_string_append_printf(s, "\ncost to serve %.2f, margin %.2f", av->cost_to_serve[u],
                           av->margin[u]);
    return;
  }
  g_string_append_printf(s, "\ncost %.2f", av->unit_cost[u]);
  if (!isnan(av->loaded_cost[u]))
    g_string_append_printf(s, ", loaded cost %.2f", av->loaded_cost[u]);
  else
    g_string_append_printf(s, ", stranded %.2f (reaches no customer)", av->stranded_cost[u]);
}

char *
vs_i_unit_tooltip(const VsAnalysisView *av, guint32 u, guint32 rank)
{
  g_autofree char *title = vs_i_unit_title(av, u);
  const char *group = vs_org_get_unit_group(av->org, u);
  GString *s = g_string_new(title);

  if (group != NULL)
    g_string_append_printf(s, " \u2014 %s", group);
  if (rank > 0)
    g_string_append_printf(s, "\nflagged, ranked %u", rank);
  g_string_append_printf(s, "\nquality received %.2f", av->q[u]);
  if (!isnan(av->service[u]))
    g_string_append_printf(s, "\nservice score %.2f", av->service[u]);
  if (av->fix[u] > 0)
    g_string_append_printf(s, "\na fix would remove %.2f of revenue at risk", av->fix[u]);
  if (av->kind[u] == VS_KIND_CUSTOMER)
    g_string_append_printf(s, "\nrevenue %.2f, at risk %.2f", vs_org_get_unit_revenue(av->org, u),
                           av->risk[u]);
  append_unit_costs(s, av, u);
  return g_string_free(s, FALSE);
}

char *
vs_i_handoff_tooltip(const VsAnalysisView *av, guint32 e)
{
  const VsOrg *org = av->org;
  const char *what = vs_org_get_handoff_deliverable(org, e);
  GString *s = g_string_new(NULL);

  g_string_append_printf(s, "%s \u2192 %s: %s\nshare of its input %.2f, ",
                         name_of(av, vs_org_get_handoff_from(org, e)),
                         name_of(av, vs_org_get_handoff_to(org, e)),
                         what != NULL ? what : "handoff", av->share[e]);
  if (isnan(av->score[e]))
    g_string_append(s, "unrated");
  else
    g_string_append_printf(s, "rated %.2f%s", av->score[e],
                           av->score[e] < av->options.poor_score ? " (poor)" : "");
  /* the internal price of the handoff; none when its provider's cost
   * reaches no customer */
  if (vs_i_has_costs(av) && !isnan(av->charge[e]))
    g_string_append_printf(s, "\ncharge %.2f", av->charge[e]);
  return g_string_free(s, FALSE);
}

gssize
vs_i_worst_handoff(const VsAnalysisView *av, guint32 u)
{
  gssize best = -1;

  for (guint32 j = av->out_off[u]; j < av->out_off[u + 1]; j++) {
    guint32 e = av->out_e[j];
    if (isnan(av->score[e]) || av->score[e] >= 1)
      continue;
    if (best < 0 || av->score[e] < av->score[best] ||
        (av->score[e] == av->score[best] && av->share[e] > av->share[best]))
      best = e;
  }
  return best;
}

gssize
vs_i_find_trend(const VsAnalysisView *av, guint32 provider, guint32 respondent)
{
  for (guint32 t = 0; t < av->n_trends; t++)
    if (av->trends[t].provider == provider && av->trends[t].respondent == respondent)
      return t;
  return -1;
}

/* ---- sentences ------------------------------------------------------------ */

/* "A", "A and B", "A, B and C", "A, B, C and 4 more" */
static void
append_names(GString *s, const VsAnalysisView *av, const guint32 *units, gsize n, gssize skip)
{
  const gsize shown_max = 3;
  gsize listed = 0, total = n - (skip >= 0 ? 1 : 0), shown = MIN(total, shown_max);

  for (gsize i = 0; i < n; i++) {
    if ((gssize)units[i] == skip)
      continue;
    if (listed == shown)
      break;
    if (listed > 0)
      g_string_append(s, listed + 1 == total ? " and " : ", ");
    g_string_append(s, name_of(av, units[i]));
    listed++;
  }
  if (total > shown)
    g_string_append_printf(s, " and %" G_GSIZE_FORMAT " more", total - shown);
}

/* "A → B → C"; a chain of more than five is shown as its first three,
 * "…" and its last. */
static void
append_chain(GString *s, const VsAnalysisView *av, const guint32 *units, gsize n)
{
  for (gsize i = 0; i < n; i++) {
    if (n > 5 && i == 3) {
      g_string_append(s, " \u2192 \u2026");
      i = n - 2;
      continue;
    }
    g_string_append_printf(s, "%s%s", i ? " \u2192 " : "", name_of(av, units[i]));
  }
}

static void
append_trend(GString *s, const VsAnalysisView *av, guint32 t)
{
  const char *const *periods;
  gsize n;
  const double *means = vs_analysis_get_trend_means(av->analysis, t, &periods, &n);

  g_string_append_printf(s,
                         "survey mean %.2f \u2192 %.2f over %" G_GSIZE_FORMAT " periods, %s to %s",
                         means[0], means[n - 1], n, periods[0], periods[n - 1]);
}

/* Where the work handed to @v goes: "goes straight to the paying customer
 * V", "reaches X and Y via V → W", "reaches no paying customer". */
static void
append_destination(GString *s, const VsAnalysisView *av, guint32 v)
{
  gsize n_cust = 0, n_path = 0;
  g_autofree guint32 *cust = NULL, *path = NULL;

  if (av->kind[v] == VS_KIND_CUSTOMER) {
    g_string_append_printf(s, "that goes straight to the paying customer %s", name_of(av, v));
    return;
  }
  cust = vs_analysis_dup_unit_customers(av->analysis, v, &n_cust);
  if (n_cust == 0) {
    g_string_append(s, "that work reaches no paying customer");
    return;
  }
  path = vs_analysis_dup_path(av->analysis, v, &n_path);
  g_string_append(s, "that work reaches ");
  append_names(s, av, cust, n_cust, -1);
  g_string_append(s, " via ");
  append_chain(s, av, path, n_path - 1);
}

/* Returns the survey trend it told of, or -1. */
static gssize
sentence_handoff(GString *s, const VsAnalysisView *av, guint32 u)
{
  gssize e = vs_i_worst_handoff(av, u), t;
  const char *what;
  guint32 v;

  if (e < 0 || (av->score[e] >= av->options.poor_score && !(av->fix[u] > 0)))
    return -1;
  v = vs_org_get_handoff_to(av->org, (gsize)e);
  what = vs_org_get_handoff_deliverable(av->org, (gsize)e);
  g_string_append_printf(s, "%s hands %s to %s (rated %.2f", name_of(av, u),
                         what != NULL ? what : "work", name_of(av, v), av->score[e]);
  t = vs_i_find_trend(av, u, v);
  if (t >= 0 && av->trends[t].deteriorating) {
    g_string_append(s, " and falling: ");
    append_trend(s, av, (guint32)t);
  } else {
    t = -1;
  }
  g_string_append(s, "); ");
  append_destination(s, av, v);
  if (av->fix[u] > 0) {
    g_autofree char *fix = vs_i_amount(av->fix[u]);
    g_string_append_printf(s, "; fixing its handoffs would remove %s of revenue at risk", fix);
    if (av->total_risk > 0 && av->fix[u] >= 0.005 * av->total_risk)
      g_string_append_printf(s, " (%.0f%% of all revenue at risk)",
                             100 * av->fix[u] / av->total_risk);
    else if (av->total_risk > 0)
      g_string_append(s, " (less than 1% of all revenue at risk)");
  }
  g_string_append(s, ". ");
  return t;
}

static void
sentence_no_sight(GString *s, const VsAnalysisView *av, guint32 u)
{
  g_autoptr(GArray) to = g_array_new(FALSE, FALSE, sizeof(guint32));

  if (!(av->flags[u] & VS_FLAG_NO_LINE_OF_SIGHT))
    return;
  for (guint32 j = av->out_off[u]; j < av->out_off[u + 1]; j++) {
    guint32 v = vs_org_get_handoff_to(av->org, av->out_e[j]);
    g_array_append_val(to, v);
  }
  g_string_append_printf(s, "Nothing %s does reaches a paying customer", name_of(av, u));
  if (to->len == 0) {
    g_string_append(s, ": it hands nothing on. ");
    return;
  }
  g_string_append(s, ": its work goes to ");
  append_names(s, av, (const guint32 *)to->data, to->len, -1);
  g_string_append(s, " and stops there. ");
}

static void
sentence_loop(GString *s, const VsAnalysisView *av, guint32 u)
{
  gsize n;
  const guint32 *members;

  if (av->loop_id[u] < 0)
    return;
  members = vs_analysis_get_loop(av->analysis, (gsize)av->loop_id[u], &n);
  g_string_append_printf(s, "%s is in a rework loop with ", name_of(av, u));
  append_names(s, av, members, n, u);
  g_string_append(s, ": work comes back to be redone. ");
}

static void
sentence_chokepoint(GString *s, const VsAnalysisView *av, guint32 u)
{
  guint32 d = av->dependents[u];

  if (d == 0)
    return;
  g_string_append_printf(s, "%u other team%s reach%s the customers only through %s. ", d,
                         d == 1 ? "" : "s", d == 1 ? "es" : "", name_of(av, u));
}

/* Falling ratings of @u other than trend @told (said already). */
static void
sentence_falling(GString *s, const VsAnalysisView *av, guint32 u, gssize told)
{
  for (guint32 t = 0; t < av->n_trends; t++) {
    const VsTrend *tr = &av->trends[t];
    if (tr->provider != u || !tr->deteriorating || (gssize)t == told)
      continue;
    g_string_append_printf(s, "Ratings of %s by %s are falling: ", name_of(av, u),
                           name_of(av, tr->respondent));
    append_trend(s, av, t);
    g_string_append(s, ". ");
  }
}

char *
vs_i_explain(const VsAnalysisView *av, guint32 u)
{
  GString *s = g_string_new(NULL);
  gssize told = sentence_handoff(s, av, u);

  sentence_no_sight(s, av, u);
  sentence_loop(s, av, u);
  sentence_chokepoint(s, av, u);
  sentence_falling(s, av, u, told);
  if (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate(s, s->len - 1);
  return g_string_free(s, FALSE);
}

/* How many units lie on every path to each customer (the length of its
 * critical_units list): the depth of each unit in the dominator tree, in
 * one pass with memo, so the text report need not list a long chain of
 * dominators to count it. */
guint32 *
vs_i_dominator_depths(const VsAnalysisView *av)
{
  guint32 *depth = g_new(guint32, av->n ? av->n : 1);
  g_autofree guint32 *path = g_new(guint32, av->n ? av->n : 1);

  for (gsize u = 0; u < av->n; u++)
    depth[u] = G_MAXUINT32; /* not known yet */
  for (gsize u = 0; u < av->n; u++) {
    gsize len = 0;
    guint32 known;
    gint32 v = (gint32)u;
    while (v >= 0 && depth[v] == G_MAXUINT32) {
      path[len++] = (guint32)v;
      v = av->idom[v];
    }
    known = v >= 0 ? depth[v] : 0;
    while (len-- > 0)
      depth[path[len]] = ++known; /* a unit's depth counts itself */
  }
  return depth;
}
