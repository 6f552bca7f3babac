/* valuestream - GEXF 1.3 for Gephi (https://gexf.net/1.3).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A static directed graph: units are nodes (id = the unit's id, label =
 * its name), handoffs are edges in input order (id = the handoff's index,
 * so parallel handoffs stay apart; weight = the handoff's weight; label =
 * the deliverable when it has one). Every figure is a declared attribute
 * with its type; a figure that does not exist (the score of an unrated
 * handoff, the loaded cost of a unit outside Rc, a customer's margin when
 * it has no revenue ...) has no attvalue at all, never a NaN. Costs (SPEC
 * 7) are declared and written only when some unit has a cost.
 *
 * Strings are valid UTF-8 and XML-escaped. XML 1.0 cannot carry control
 * characters other than tab, line feed and carriage return, even as
 * character references: those (and U+FFFE, U+FFFF) become U+FFFD, as in
 * the HTML report. Tab, line feed and carriage return are written as
 * character references, because a parser turns them into spaces when
 * they stand literally in an attribute value (XML 1.0 section 3.3.3): a
 * name with a line break reads back with it. Unit ids hold no control
 * character (the org refuses them), so node ids come through exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report-private.h"

/* Node attributes, in declaration order. */
enum {
  NODE_KIND,
  NODE_GROUP,
  NODE_QUALITY,
  NODE_EXPOSURE,
  NODE_FIX_VALUE,
  NODE_SERVICE_SCORE,
  NODE_FLAGS,
  NODE_COST, /* the cost figures: only when the org has costs */
  NODE_LOADED_COST,
  NODE_STRANDED_COST,
  NODE_COST_TO_SERVE,
  NODE_MARGIN,
  N_NODE_ATTRS,
};

/* A declared attribute: its id (also its title) and GEXF type. */
typedef struct {
  const char *id, *type;
} Attr;

static const Attr node_attrs[N_NODE_ATTRS] = {
    {"kind", "string"},          {"group", "string"},         {"quality", "double"},
    {"exposure", "double"},      {"fix_value", "double"},     {"service_score", "double"},
    {"flags", "string"},         {"cost", "double"},          {"loaded_cost", "double"},
    {"stranded_cost", "double"}, {"cost_to_serve", "double"}, {"margin", "double"},
};

enum { EDGE_SCORE, EDGE_SHARE, EDGE_DELIVERABLE, EDGE_CHARGE, N_EDGE_ATTRS };

static const Attr edge_attrs[N_EDGE_ATTRS] = {
    {"score", "double"}, {"share", "double"}, {"deliverable", "string"}, {"charge", "double"}};

/* @s escaped for an attribute value, tab and line breaks as character
 * references so that they survive attribute-value normalisation; @scratch
 * is reused between calls. */
static void
put_attr(VsWriter *w, GString *scratch, const char *s)
{
  g_string_truncate(scratch, 0);
  vs_i_xml_escape(scratch, s);
  for (gsize i = 0; i < scratch->len; i++) {
    char c = scratch->str[i];
    if (c == '\n')
      g_string_append(w->buf, "&#10;");
    else if (c == '\r')
      g_string_append(w->buf, "&#13;");
    else if (c == '\t')
      g_string_append(w->buf, "&#9;");
    else
      g_string_append_c(w->buf, c);
  }
}

static void
attvalue_text(VsWriter *w, GString *scratch, const char *key, const char *value)
{
  vs_i_writer_printf(w, "          <attvalue for=\"%s\" value=\"", key);
  put_attr(w, scratch, value != NULL ? value : "");
  vs_i_writer_puts(w, "\"/>\n");
}

/* Nothing for a figure that does not exist (NAN). */
static void
attvalue_double(VsWriter *w, const char *key, double x)
{
  if (!isfinite(x))
    return;
  vs_i_writer_printf(w, "          <attvalue for=\"%s\" value=\"", key);
  vs_i_append_double(w->buf, x);
  vs_i_writer_puts(w, "\"/>\n");
}

static int
cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The flags' names, sorted, separated by ',' (no blank), into @out. */
static void
flag_list(GString *out, guint32 flags)
{
  const char *names[VS_N_FLAGS];
  guint n = 0;

  g_string_truncate(out, 0);
  for (guint b = 0; b < VS_N_FLAGS; b++)
    if ((flags & (1u << b)) && vs_flag_name(1u << b) != NULL)
      names[n++] = vs_flag_name(1u << b);
  qsort(names, n, sizeof names[0], cmp_str);
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c(out, ',');
    g_string_append(out, names[i]);
  }
}

/* Declares the first @n of @attrs for @class ("node", "edge"). */
static void
declare(VsWriter *w, const char *class, const Attr *attrs, guint n)
{
  vs_i_writer_printf(w, "    <attributes class=\"%s\" mode=\"static\">\n", class);
  for (guint i = 0; i < n; i++)
    vs_i_writer_printf(w, "      <attribute id=\"%s\" title=\"%s\" type=\"%s\"/>\n", attrs[i].id,
                       attrs[i].id, attrs[i].type);
  vs_i_writer_puts(w, "    </attributes>\n");
}

static void
write_node(VsWriter *w, const VsAnalysisView *av, guint32 u, gboolean costs, GString *scratch,
           GString *flags)
{
  const VsOrg *org = av->org;
  gboolean customer = av->kind[u] == VS_KIND_CUSTOMER;

  vs_i_writer_puts(w, "      <node id=\"");
  put_attr(w, scratch, vs_org_get_unit_id(org, u));
  vs_i_writer_puts(w, "\" label=\"");
  put_attr(w, scratch, vs_org_get_unit_name(org, u));
  vs_i_writer_puts(w, "\">\n        <attvalues>\n");
  attvalue_text(w, scratch, "kind", vs_kind_name(av->kind[u]));
  attvalue_text(w, scratch, "group", vs_org_get_unit_group(org, u));
  attvalue_double(w, "quality", av->q[u]);
  attvalue_double(w, "exposure", av->exposure[u]);
  attvalue_double(w, "fix_value", av->fix[u]);
  attvalue_double(w, "service_score", av->service[u]);
  flag_list(flags, av->flags[u]);
  attvalue_text(w, scratch, "flags", flags->str);
  if (costs && !customer) {
    /* as the JSON report: a team's or supplier's own cost figures */
    attvalue_double(w, "cost", av->unit_cost[u]);
    attvalue_double(w, "loaded_cost", av->loaded_cost[u]);
    attvalue_double(w, "stranded_cost", av->stranded_cost[u]);
  } else if (costs) {
    attvalue_double(w, "cost_to_serve", av->cost_to_serve[u]);
    attvalue_double(w, "margin", av->margin[u]);
  }
  vs_i_writer_puts(w, "        </attvalues>\n      </node>\n");
  vs_i_writer_flush_if_full(w);
}

static void
write_edge(VsWriter *w, const VsAnalysisView *av, guint32 e, gboolean costs, GString *scratch)
{
  const VsOrg *org = av->org;
  const char *deliverable = vs_org_get_handoff_deliverable(org, e);
  double weight = vs_org_get_handoff_weight(org, e);

  vs_i_writer_printf(w, "      <edge id=\"%u\" source=\"", e);
  put_attr(w, scratch, vs_org_get_unit_id(org, av->from[e]));
  vs_i_writer_puts(w, "\" target=\"");
  put_attr(w, scratch, vs_org_get_unit_id(org, av->to[e]));
  vs_i_writer_puts(w, "\"");
  if (isfinite(weight)) {
    vs_i_writer_puts(w, " weight=\"");
    vs_i_append_double(w->buf, weight);
    vs_i_writer_puts(w, "\"");
  }
  if (deliverable != NULL && *deliverable != '\0') {
    vs_i_writer_puts(w, " label=\"");
    put_attr(w, scratch, deliverable);
    vs_i_writer_puts(w, "\"");
  }
  vs_i_writer_puts(w, ">\n        <attvalues>\n");
  attvalue_double(w, "score", av->score[e]); /* absent when unrated */
  attvalue_double(w, "share", av->share[e]);
  attvalue_text(w, scratch, "deliverable", deliverable);
  if (costs)
    attvalue_double(w, "charge", av->charge[e]); /* absent outside Rc */
  vs_i_writer_puts(w, "        </attvalues>\n      </edge>\n");
  vs_i_writer_flush_if_full(w);
}

void
vs_i_write_gexf(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  g_autoptr(GString) scratch = g_string_new(NULL);
  g_autoptr(GString) flags = g_string_new(NULL);
  gboolean costs = vs_i_has_costs(av);

  vs_i_writer_puts(w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<gexf xmlns=\"http://gexf.net/1.3\""
                      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                      " xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\""
                      " version=\"1.3\">\n  <meta>\n    <creator>valuestream ");
  vs_i_writer_xml(w, vs_version_string());
  vs_i_writer_puts(w, "</creator>\n    <description>");
  vs_i_writer_xml(w, o->title != NULL ? o->title : "Value stream");
  vs_i_writer_puts(w, ": units and their handoffs (provider to internal customer)"
                      "</description>\n  </meta>\n"
                      "  <graph defaultedgetype=\"directed\" mode=\"static\" idtype=\"string\">\n");
  declare(w, "node", node_attrs, costs ? N_NODE_ATTRS : NODE_COST);
  declare(w, "edge", edge_attrs, costs ? N_EDGE_ATTRS : EDGE_CHARGE);
  vs_i_writer_printf(w, "    <nodes count=\"%" G_GSIZE_FORMAT "\">\n", av->n);
  for (guint32 u = 0; u < av->n && w->error == NULL; u++)
    write_node(w, av, u, costs, scratch, flags);
  vs_i_writer_printf(w, "    </nodes>\n    <edges count=\"%" G_GSIZE_FORMAT "\">\n", av->m);
  for (guint32 e = 0; e < av->m && w->error == NULL; e++)
    write_edge(w, av, e, costs, scratch);
  vs_i_writer_puts(w, "    </edges>\n  </graph>\n</gexf>\n");
}
