/* valuestream - the picture of the value stream as inline SVG.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Reads a placed VsLayout: every node has its own fixed-size slot (column =
 * layer, row), so boxes and labels never overlap; a label too long for its
 * box is cut with an ellipsis and the full name is in the box's <title>
 * tooltip. An edge spanning several columns runs through thin lanes the
 * layout reserved between the boxes of each column it crosses; rework
 * edges (pointing back) are dashed. Edges are drawn under the boxes, the
 * highlighted ripple chains last. */
#include <math.h>
#include <string.h>

#include "report-layout.h"

#define NODE_W 176.0
#define NODE_H 26.0
#define COL_W 240.0
#define ROW_H 36.0 /* a box and the gap below it */
#define LANE_H 7.0 /* a lane of an edge passing through a column */
#define MARGIN 24.0
#define LEGEND_H 104.0
#define HEADER_H 22.0
#define MIN_WIDTH 1000.0
#define FONTS "system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"
#define LABEL_CELLS 22 /* character cells of 12px text that fit in a box */

typedef struct {
  VsWriter *w;
  const VsAnalysisView *av;
  const VsLayout *l;
  guint top;     /* flagged teams with a rank badge */
  double *y;     /* per slot: a box's top edge, a lane's centre line */
  double body_h; /* the tallest column */
  double *port;  /* per drawn edge: where it leaves its source, then where
                  * it enters its target (y), spread along the box side */
} Svg;

static double
slot_x(const VsLayout *l, guint32 x)
{
  return MARGIN + 12 + l->layer[x] * COL_W;
}

/* Stacks each column's slots top down, columns centred on the tallest. */
static void
place_slots(Svg *s)
{
  const VsLayout *l = s->l;
  g_autofree double *height = g_new0(double, l->n_layers + 1);

  s->y = g_new0(double, l->n_slots + 1);
  s->body_h = 0;
  for (guint32 i = 0; i < l->n_layers; i++) {
    for (guint32 r = l->layer_start[i]; r < l->layer_start[i + 1]; r++) {
      guint32 x = l->order[r];
      gboolean lane = x >= l->n_nodes;
      s->y[x] = height[i] + (lane ? LANE_H / 2 : (ROW_H - NODE_H) / 2);
      height[i] += lane ? LANE_H : ROW_H;
    }
    s->body_h = MAX(s->body_h, height[i]);
  }
  for (guint32 x = 0; x < l->n_slots; x++)
    s->y[x] += MARGIN + LEGEND_H + HEADER_H + (s->body_h - height[l->layer[x]]) / 2;
}

/* @name cut to @cells character cells (wide characters count two), with
 * "…"; *cut says whether it was. */
static char *
fit_label(const char *name, guint cells_max, gboolean *cut)
{
  GString *s = g_string_new(NULL);
  guint cells = 0;

  *cut = FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    guint need = g_unichar_iswide(c) ? 2 : 1;
    if (cells + need > cells_max - 1 && *g_utf8_next_char(p) != '\0') {
      g_string_append(s, "\u2026");
      *cut = TRUE;
      break;
    }
    g_string_append_unichar(s, c);
    cells += need;
  }
  return g_string_free(s, FALSE);
}

/* ---- ports ---------------------------------------------------------------------------- */

static guint32
end_node(const Svg *s, guint32 k, gboolean target)
{
  guint32 e = s->l->edges[k];
  return (guint32)s->l->node_of[target ? vs_org_get_handoff_to(s->av->org, e)
                                       : vs_org_get_handoff_from(s->av->org, e)];
}

/* The y of the point edge @k comes from into its target (@target) or
 * goes to from its source: the nearest lane, else the other box's middle. */
static double
neighbour_y(const Svg *s, guint32 k, gboolean target)
{
  const VsLayout *l = s->l;
  if (l->route_off[k] < l->route_off[k + 1])
    return s->y[l->n_nodes + (target ? l->route_off[k + 1] - 1 : l->route_off[k])];
  return s->y[end_node(s, k, !target)] + NODE_H / 2;
}

typedef struct {
  const double *key;
} PortCtx;

static int
cmp_port(gconstpointer x, gconstpointer y, gpointer data)
{
  const double *key = ((const PortCtx *)data)->key;
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  if (key[p] != key[q])
    return key[p] < key[q] ? -1 : 1;
  return (p > q) - (p < q);
}

/* Spreads the ends of forward edges over one side of each box (@target:
 * the left side, where they arrive), in the order of where they come
 * from, so that they neither pile up nor cross at the box. Other edges
 * keep the middle. */
static void
spread_side(Svg *s, gboolean target)
{
  const VsLayout *l = s->l;
  double *port = s->port + (target ? l->n_edges : 0);
  g_autofree guint32 *off = g_new0(guint32, l->n_nodes + 2);
  g_autofree guint32 *list = g_new(guint32, l->n_edges + 1);
  g_autofree double *key = g_new(double, l->n_edges + 1);
  PortCtx ctx = {key};

  for (guint32 k = 0; k < l->n_edges; k++) {
    guint32 x = end_node(s, k, target);
    port[k] = s->y[x] + NODE_H / 2;
    key[k] = neighbour_y(s, k, target);
    if (l->layer[end_node(s, k, TRUE)] > l->layer[end_node(s, k, FALSE)])
      off[x + 2]++;
  }
  for (guint32 x = 0; x < l->n_nodes; x++)
    off[x + 2] += off[x + 1];
  for (guint32 k = 0; k < l->n_edges; k++)
    if (l->layer[end_node(s, k, TRUE)] > l->layer[end_node(s, k, FALSE)])
      list[off[end_node(s, k, target) + 1]++] = k;
  for (guint32 x = 0; x < l->n_nodes; x++) {
    guint32 n = off[x + 1] - off[x];
    if (n > 1)
      g_qsort_with_data(list + off[x], (gint)n, sizeof(guint32), cmp_port, &ctx);
    for (guint32 i = 0; i < n; i++)
      port[list[off[x] + i]] = s->y[x] + 4 + (NODE_H - 8) * (i + 1) / (n + 1);
  }
}

/* ---- frame, markers, legend ---------------------------------------------------------- */

static const char *const marker_colour[] = {VS_COLOUR_EDGE, VS_COLOUR_POOR, VS_COLOUR_RIPPLE};

static void
svg_begin(Svg *s, double width, double height)
{
  vs_i_writer_printf(s->w,
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                     "viewBox=\"0 0 %.0f %.0f\" role=\"img\" font-family=\"" FONTS "\" "
                     "aria-label=\"The value stream: units from suppliers to customers\">\n<defs>",
                     width, height, width, height);
  for (guint i = 0; i < G_N_ELEMENTS(marker_colour); i++)
    vs_i_writer_printf(s->w,
                       "<marker id=\"vs-arrow-%u\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                       "markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" "
                       "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>",
                       i, marker_colour[i]);
  vs_i_writer_printf(s->w, "</defs>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
                     width, height);
}

/* A legend sample box; @stroke "" means the plain outline. */
typedef struct {
  const char *fill, *stroke, *width, *dash, *rx;
} Look;

static void
legend_box(Svg *s, double x, double y, Look look, const char *text)
{
  vs_i_writer_printf(s->w,
                     "<rect x=\"%.0f\" y=\"%.0f\" width=\"34\" height=\"16\" rx=\"%s\" fill=\"%s\" "
                     "stroke=\"%s\" stroke-width=\"%s\"%s%s%s/><text x=\"%.0f\" y=\"%.0f\" "
                     "font-size=\"12\">%s</text>\n",
                     x, y, look.rx, look.fill, look.stroke, look.width,
                     look.dash ? " stroke-dasharray=\"" : "", look.dash ? look.dash : "",
                     look.dash ? "\"" : "", x + 42, y + 12, text);
}

static void
legend_line(Svg *s, double x, double y, const char *colour, double width, const char *dash,
            const char *text)
{
  vs_i_writer_printf(s->w,
                     "<path d=\"M%.0f,%.0f h34\" stroke=\"%s\" stroke-width=\"%.1f\" %s "
                     "fill=\"none\"/><text x=\"%.0f\" y=\"%.0f\" font-size=\"12\">%s</text>\n",
                     x, y + 8, colour, width, dash, x + 42, y + 12, text);
}

static void
svg_legend(Svg *s, guint n_chains)
{
  double y = MARGIN;
  g_autofree char *chain_text = g_strdup_printf("ripple chain of the top %u flagged team%s",
                                                n_chains, n_chains == 1 ? "" : "s");

  vs_i_writer_printf(s->w,
                     "<g class=\"legend\"><text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" "
                     "font-weight=\"700\">Fill: quality each unit receives</text>\n",
                     MARGIN, y + 12);
  for (guint b = VS_N_BANDS; b-- > 0;) {
    Look band = {vs_i_band_colour(b), "#7a7a7a", "1", NULL, "4"};
    legend_box(s, MARGIN + 210 + (VS_N_BANDS - 1 - b) * 150, y, band, vs_i_band_label(b));
  }
  y += 28;
  legend_box(s, MARGIN, y, (Look){"#ffffff", "#7a7a7a", "1", NULL, "4"}, "team");
  legend_box(s, MARGIN + 110, y, (Look){"#ffffff", VS_COLOUR_OUTLINE, "3", NULL, "4"},
             "flagged team, with its rank");
  vs_i_writer_printf(s->w,
                     "<circle cx=\"%.0f\" cy=\"%.0f\" r=\"8\" fill=\"" VS_COLOUR_OUTLINE
                     "\"/><text x=\"%.0f\" y=\"%.0f\" font-size=\"10\" fill=\"#ffffff\" "
                     "text-anchor=\"middle\" font-weight=\"700\">1</text>\n",
                     MARGIN + 110, y, MARGIN + 110, y + 3.5);
  legend_box(s, MARGIN + 360, y, (Look){"#ffffff", "#7a7a7a", "1", "5 3", "4"}, "supplier");
  legend_box(s, MARGIN + 490, y, (Look){"#ffffff", "#7a7a7a", "2", NULL, "8"}, "paying customer");
  y += 28;
  legend_line(s, MARGIN, y, VS_COLOUR_EDGE, 1.5, "",
              "handoff (thicker: larger share of the input)");
  legend_line(s, MARGIN + 330, y, VS_COLOUR_POOR, 2, "", "rated poorly");
  legend_line(s, MARGIN + 470, y, VS_COLOUR_RIPPLE, 4, "", n_chains ? chain_text : "ripple chain");
  legend_line(s, MARGIN + 790, y, VS_COLOUR_EDGE, 1.5, "stroke-dasharray=\"5 3\"", "rework");
  vs_i_writer_puts(s->w, "</g>\n");
}

static void
svg_headers(Svg *s)
{
  const VsLayout *l = s->l;
  double y = MARGIN + LEGEND_H + 4;

  if (l->n_layers == 0)
    return;
  vs_i_writer_printf(s->w,
                     "<text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" fill=\"#56606b\">Where "
                     "work starts \u2192</text>\n",
                     MARGIN + 12, y);
  if (l->n_layers > 1)
    vs_i_writer_printf(s->w,
                       "<text x=\"%.0f\" y=\"%.0f\" font-size=\"12\" fill=\"#56606b\">"
                       "Paying customers</text>\n",
                       MARGIN + 12 + (l->n_layers - 1) * COL_W, y);
}

/* ---- edges ---------------------------------------------------------------------------- */

static guint
edge_style(const Svg *s, guint32 k)
{
  guint32 e = s->l->edges[k];
  if (s->l->chain[k])
    return 2;
  return !isnan(s->av->score[e]) && s->av->score[e] < s->av->options.poor_score ? 1 : 0;
}

/* <title>@text</title>, escaped; takes @text. */
static void
svg_title(Svg *s, char *text)
{
  vs_i_writer_puts(s->w, "<title>");
  vs_i_writer_xml(s->w, text);
  vs_i_writer_puts(s->w, "</title>");
  g_free(text);
}

/* A horizontal S-curve from the current point to (@x, @y). */
static void
curve_to(Svg *s, double *cx, double *cy, double x, double y)
{
  double mid = (*cx + x) / 2;
  vs_i_writer_printf(s->w, " C%.1f,%.1f %.1f,%.1f %.1f,%.1f", mid, *cy, mid, y, x, y);
  *cx = x;
  *cy = y;
}

/* The path of edge @k: from the side of its source that faces its
 * target, through its lanes, into the facing side of its target. Rework
 * edges run right to left; an edge within one column bows out to its right. */
static void
edge_path(Svg *s, guint32 k)
{
  const VsLayout *l = s->l;
  guint32 e = l->edges[k];
  guint32 p = (guint32)l->node_of[vs_org_get_handoff_from(s->av->org, e)];
  guint32 q = (guint32)l->node_of[vs_org_get_handoff_to(s->av->org, e)];
  gboolean back = l->layer[q] < l->layer[p];
  double x = slot_x(l, p) + (back ? 0 : NODE_W), y = s->port[k];

  vs_i_writer_printf(s->w, "M%.1f,%.1f", x, y);
  if (l->layer[q] == l->layer[p]) {
    double bow = x + 34;
    vs_i_writer_printf(s->w, " C%.1f,%.1f %.1f,%.1f %.1f,%.1f", bow, y, bow,
                       s->port[l->n_edges + k], x + 1, s->port[l->n_edges + k]);
    return;
  }
  for (guint32 j = l->route_off[k]; j < l->route_off[k + 1]; j++) {
    guint32 lane = l->n_nodes + j;
    double left = slot_x(l, lane), right = left + NODE_W;
    curve_to(s, &x, &y, back ? right : left, s->y[lane]);
    vs_i_writer_printf(s->w, " L%.1f,%.1f", back ? left : right, y);
    x = back ? left : right;
  }
  curve_to(s, &x, &y, slot_x(l, q) + (back ? NODE_W + 1 : -1), s->port[l->n_edges + k]);
}

static void
svg_edge(Svg *s, guint32 k, guint style)
{
  const VsLayout *l = s->l;
  guint32 e = l->edges[k];
  guint32 p = (guint32)l->node_of[vs_org_get_handoff_from(s->av->org, e)];
  guint32 q = (guint32)l->node_of[vs_org_get_handoff_to(s->av->org, e)];
  double width = 1 + 4 * s->av->share[e] + (style == 2 ? 2 : 0);

  vs_i_writer_puts(s->w, "<path d=\"");
  edge_path(s, k);
  vs_i_writer_printf(s->w,
                     "\"%s fill=\"none\" stroke=\"%s\" stroke-width=\"%.2f\" "
                     "stroke-opacity=\"%s\" marker-end=\"url(#vs-arrow-%u)\">",
                     l->layer[q] <= l->layer[p] ? " stroke-dasharray=\"6 4\"" : "",
                     marker_colour[style], width, style ? "0.95" : "0.6", style);
  svg_title(s, vs_i_handoff_tooltip(s->av, e));
  vs_i_writer_puts(s->w, "</path>\n");
}

/* Plain edges first, poor ones over them, the highlighted chains on top. */
static void
svg_edges(Svg *s)
{
  for (guint style = 0; style < G_N_ELEMENTS(marker_colour); style++)
    for (guint32 k = 0; k < s->l->n_edges && s->w->error == NULL; k++)
      if (edge_style(s, k) == style)
        svg_edge(s, k, style);
}

/* ---- nodes ---------------------------------------------------------------------------- */

static void
svg_node(Svg *s, guint32 x)
{
  const VsAnalysisView *av = s->av;
  guint32 u = s->l->units[x], rank = s->l->rank[x];
  gboolean badge = rank > 0 && rank <= s->top, cut;
  VsKind kind = av->kind[u];
  /* bold customer names are wider: fewer cells */
  g_autofree char *label = fit_label(vs_org_get_unit_name(av->org, u),
                                     LABEL_CELLS - (kind == VS_KIND_CUSTOMER ? 2 : 0), &cut);
  double text_x = badge ? 14 : 9;

  vs_i_writer_printf(s->w, "<g transform=\"translate(%.1f,%.1f)\">", slot_x(s->l, x), s->y[x]);
  svg_title(s, vs_i_unit_tooltip(av, u, rank));
  vs_i_writer_printf(s->w,
                     "<rect width=\"%.0f\" height=\"%.0f\" rx=\"%s\" fill=\"%s\" stroke=\"%s\" "
                     "stroke-width=\"%s\"%s/>",
                     NODE_W, NODE_H, kind == VS_KIND_CUSTOMER ? "13" : "5",
                     vs_i_band_colour(vs_i_quality_band(av->q[u])),
                     rank ? VS_COLOUR_OUTLINE : "#7a7a7a",
                     rank                       ? "3"
                     : kind == VS_KIND_CUSTOMER ? "2"
                                                : "1",
                     kind == VS_KIND_SUPPLIER ? " stroke-dasharray=\"5 3\"" : "");
  vs_i_writer_printf(s->w, "<text x=\"%.0f\" y=\"17\" font-size=\"12\"%s", text_x,
                     kind == VS_KIND_CUSTOMER ? " font-weight=\"700\"" : "");
  if (cut) /* whatever the font, a cut label ends inside the box */
    vs_i_writer_printf(s->w, " textLength=\"%.0f\" lengthAdjust=\"spacingAndGlyphs\"",
                       NODE_W - text_x - 7);
  vs_i_writer_puts(s->w, ">");
  vs_i_writer_xml(s->w, label);
  vs_i_writer_puts(s->w, "</text>");
  if (badge)
    vs_i_writer_printf(s->w,
                       "<circle r=\"9\" fill=\"" VS_COLOUR_OUTLINE "\"/><text y=\"3.5\" "
                       "font-size=\"10\" fill=\"#ffffff\" text-anchor=\"middle\" "
                       "font-weight=\"700\">%u</text>",
                       rank);
  vs_i_writer_puts(s->w, "</g>\n");
}

void
vs_i_write_svg(VsWriter *w, const VsAnalysisView *av, const VsLayout *l, const VsReportOptions *o)
{
  Svg s = {w, av, l, o->top ? o->top : G_MAXUINT, NULL, 0, NULL};
  double width = MAX(MIN_WIDTH, 2 * MARGIN + 12 + l->n_layers * COL_W - (COL_W - NODE_W) + 40);
  double height;

  place_slots(&s);
  s.port = g_new(double, 2 * (gsize)l->n_edges + 1);
  spread_side(&s, FALSE);
  spread_side(&s, TRUE);
  height = MARGIN + LEGEND_H + HEADER_H + s.body_h + MARGIN;
  svg_begin(&s, width, height);
  svg_legend(&s, l->n_chains);
  svg_headers(&s);
  svg_edges(&s);
  for (guint32 x = 0; x < l->n_nodes && w->error == NULL; x++)
    svg_node(&s, x);
  vs_i_writer_puts(w, "</svg>\n");
  g_free(s.y);
  g_free(s.port);
}
