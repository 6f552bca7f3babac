/* valuestream - the value stream as a Graphviz digraph.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The same picture as the HTML page's, left to Graphviz to lay out:
 * suppliers first, customers last, nodes filled by received quality,
 * flagged teams outlined, edge width by share, poor handoffs red, the top
 * ripple chains highlighted, a legend. Large orgs are drawn as the same
 * neighbourhood as the HTML picture (report-layout.c). */
#include <math.h>
#include <string.h>

#include "report-layout.h"

static void
dot_string(VsWriter *w, const char *s)
{
  g_string_append_c(w->buf, '"');
  vs_i_dot_escape(w->buf, s);
  g_string_append_c(w->buf, '"');
}

/* key="value" with the value escaped. */
static void
dot_attr(VsWriter *w, const char *key, const char *value)
{
  g_string_append_printf(w->buf, ", %s=", key);
  dot_string(w, value);
}

static void
dot_node(VsWriter *w, const VsAnalysisView *av, const VsLayout *l, guint32 x, guint top)
{
  guint32 u = l->units[x], rank = l->rank[x];
  g_autofree char *tooltip = vs_i_unit_tooltip(av, u, rank);
  g_autofree char *label = rank > 0 && rank <= top
                               ? g_strdup_printf("#%u %s", rank, vs_org_get_unit_name(av->org, u))
                               : g_strdup(vs_org_get_unit_name(av->org, u));

  g_string_append(w->buf, "  ");
  dot_string(w, vs_org_get_unit_id(av->org, u));
  g_string_append_printf(w->buf, " [fillcolor=\"%s\"",
                         vs_i_band_colour(vs_i_quality_band(av->q[u])));
  dot_attr(w, "label", label);
  dot_attr(w, "tooltip", tooltip);
  if (av->kind[u] == VS_KIND_CUSTOMER)
    g_string_append(w->buf, ", shape=oval, style=\"filled,bold\"");
  else if (av->kind[u] == VS_KIND_SUPPLIER)
    g_string_append(w->buf, ", style=\"rounded,filled,dashed\"");
  if (rank > 0)
    g_string_append(w->buf, ", color=\"" VS_COLOUR_OUTLINE "\", penwidth=3");
  g_string_append(w->buf, "];\n");
  vs_i_writer_flush_if_full(w);
}

static void
dot_edge(VsWriter *w, const VsAnalysisView *av, const VsLayout *l, guint32 k)
{
  guint32 e = l->edges[k];
  gboolean poor = !isnan(av->score[e]) && av->score[e] < av->options.poor_score;
  const char *colour = l->chain[k] ? VS_COLOUR_RIPPLE : poor ? VS_COLOUR_POOR : VS_COLOUR_EDGE;
  g_autofree char *tooltip = vs_i_handoff_tooltip(av, e);

  g_string_append(w->buf, "  ");
  dot_string(w, vs_org_get_unit_id(av->org, vs_org_get_handoff_from(av->org, e)));
  g_string_append(w->buf, " -> ");
  dot_string(w, vs_org_get_unit_id(av->org, vs_org_get_handoff_to(av->org, e)));
  g_string_append_printf(w->buf, " [color=\"%s\", penwidth=%.2f", colour,
                         1 + 4 * av->share[e] + (l->chain[k] ? 1.5 : 0));
  if (poor) /* only the scores that need attention, to keep the picture clear */
    g_string_append_printf(w->buf, ", label=\"%.2f\", fontcolor=\"%s\"", av->score[e], colour);
  dot_attr(w, "tooltip", tooltip);
  g_string_append(w->buf, "];\n");
  vs_i_writer_flush_if_full(w);
}

/* A fixed HTML-like table: nothing from the input goes in it. */
static void
dot_legend(VsWriter *w)
{
  g_string_append(w->buf,
                  "  legend [shape=plaintext, style=solid, margin=0, label=<<table border=\"0\" "
                  "cellborder=\"1\" cellspacing=\"0\" cellpadding=\"3\">"
                  "<tr><td colspan=\"2\"><b>Legend</b></td></tr>"
                  "<tr><td colspan=\"2\">fill: quality received</td></tr>");
  for (guint b = VS_N_BANDS; b-- > 0;)
    g_string_append_printf(w->buf, "<tr><td bgcolor=\"%s\" width=\"20\"></td><td>%s</td></tr>",
                           vs_i_band_colour(b), vs_i_band_label(b));
  g_string_append(w->buf,
                  "<tr><td colspan=\"2\">thick outline: flagged (#rank)</td></tr>"
                  "<tr><td colspan=\"2\">dashed: supplier; oval: customer</td></tr>"
                  "<tr><td colspan=\"2\">edge width: share of the receiver's input</td></tr>"
                  "<tr><td colspan=\"2\"><font color=\"" VS_COLOUR_POOR
                  "\">red edge: rated poorly</font></td></tr>"
                  "<tr><td colspan=\"2\"><font color=\"" VS_COLOUR_RIPPLE
                  "\">purple edge: ripple chain of a top team</font></td></tr>"
                  "</table>>];\n");
}

/* Keeps suppliers in the first rank and customers in the last. */
static void
dot_ranks(VsWriter *w, const VsAnalysisView *av, const VsLayout *l, VsKind kind, const char *rank)
{
  gboolean any = FALSE;
  for (guint32 x = 0; x < l->n_nodes; x++) {
    guint32 u = l->units[x];
    if (av->kind[u] != kind || (kind == VS_KIND_SUPPLIER && av->in_off[u] != av->in_off[u + 1]))
      continue;
    if (!any)
      g_string_append_printf(w->buf, "  { rank=%s;", rank);
    g_string_append_c(w->buf, ' ');
    dot_string(w, vs_org_get_unit_id(av->org, u));
    any = TRUE;
    vs_i_writer_flush_if_full(w);
  }
  if (any)
    g_string_append(w->buf, " }\n");
}

static void
dot_label(VsWriter *w, const VsAnalysisView *av, const VsLayout *l, const VsReportOptions *o)
{
  g_autoptr(GString) label = g_string_new(o->title != NULL ? o->title : "Value stream");

  if (l->left_out_units > 0)
    g_string_append_printf(label,
                           "\nShowing %u of %" G_GSIZE_FORMAT " units: the chains of the top %u "
                           "flagged teams and the customers; %" G_GSIZE_FORMAT
                           " units and %" G_GSIZE_FORMAT " handoffs left out",
                           l->n_nodes, av->n, l->n_teams_shown, l->left_out_units,
                           l->left_out_handoffs);
  dot_attr(w, "label", label->str);
}

void
vs_i_write_dot(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  g_autoptr(VsLayout) l = vs_i_layout_new(av->analysis, o, FALSE);

  g_string_append(w->buf, "// valuestream: the value stream; render with dot -Tsvg\n"
                          "digraph valuestream {\n"
                          "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, "
                          "nodesep=0.2, ranksep=0.7");
  dot_label(w, av, l, o);
  g_string_append(w->buf, "];\n"
                          "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", "
                          "fontsize=10, height=0.3, color=\"#7a7a7a\", penwidth=1];\n"
                          "  edge [arrowsize=0.6, fontname=\"Helvetica\", fontsize=8];\n");
  dot_legend(w);
  for (guint32 x = 0; x < l->n_nodes && w->error == NULL; x++)
    dot_node(w, av, l, x, o->top ? o->top : G_MAXUINT);
  dot_ranks(w, av, l, VS_KIND_SUPPLIER, "min");
  dot_ranks(w, av, l, VS_KIND_CUSTOMER, "max");
  for (guint32 k = 0; k < l->n_edges && w->error == NULL; k++)
    dot_edge(w, av, l, k);
  g_string_append(w->buf, "}\n");
}
