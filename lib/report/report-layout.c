/* valuestream - what the pictures draw and where.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Selection: a small org is drawn whole; a large one as the neighbourhood
 * that matters (the ripple chains of the top flagged teams and the
 * customers), so a picture never has more than picture_units nodes.
 * Placement: layers by longest path over the condensation of the rework
 * loops (the analysis' components, already in topological order), loop
 * members spread over successive layers by breadth-first depth so that
 * only rework edges point backwards; source teams pulled next to what
 * they feed; customers in the last layer. Rows by barycentre sweeps. Each
 * node owns one (layer, row) slot, so labels cannot overlap. */
#include <math.h>
#include <string.h>

#include "report-layout.h"

#define SWEEPS 8

static guint32
from_of(const VsAnalysisView *av, guint32 e)
{
  return av->from[e];
}

static guint32
to_of(const VsAnalysisView *av, guint32 e)
{
  return av->to[e];
}

/* ---- selection --------------------------------------------------------------- */

static void
add_node(VsLayout *l, guint32 u)
{
  if (l->node_of[u] >= 0)
    return;
  l->node_of[u] = (gint32)l->n_nodes;
  l->units[l->n_nodes++] = u;
}

/* Appends @v and the next hops from it to its nearest customer, stopping
 * at @max units in @chain. */
static void
append_path(const VsAnalysisView *av, guint32 v, GArray *chain, guint max)
{
  for (gint32 x = (gint32)v; x >= 0 && chain->len < max; x = av->next[x]) {
    guint32 ux = (guint32)x;
    g_array_append_val(chain, ux);
    if (av->kind[x] == VS_KIND_CUSTOMER || av->hops[x] < 0)
      break;
  }
}

/* The ripple chain of @u: @u, the receiver of its worst handoff (*first),
 * and on to the nearest customer; without a poor handoff, @u's own path. */
static GArray *
ripple_chain(const VsAnalysisView *av, guint32 u, guint max, gssize *first)
{
  GArray *chain = g_array_new(FALSE, FALSE, sizeof(guint32));

  g_array_append_val(chain, u);
  *first = vs_i_worst_handoff(av, u);
  if (*first >= 0)
    append_path(av, to_of(av, (guint32)*first), chain, max);
  else if (av->next[u] >= 0)
    append_path(av, (guint32)av->next[u], chain, max);
  return chain;
}

/* The handoff x -> y with the largest share (the first of equals). */
static gssize
handoff_between(const VsAnalysisView *av, guint32 x, guint32 y)
{
  gssize best = -1;
  for (guint32 j = av->out_off[x]; j < av->out_off[x + 1]; j++) {
    guint32 e = av->out_e[j];
    if (to_of(av, e) == y && (best < 0 || av->share[e] > av->share[best]))
      best = e;
  }
  return best;
}

static void
mark_chain(const VsAnalysisView *av, const GArray *chain, gssize first, guint32 mark, guint32 *hot)
{
  for (guint i = 0; i + 1 < chain->len; i++) {
    guint32 x = g_array_index(chain, guint32, i), y = g_array_index(chain, guint32, i + 1);
    gssize e = i == 0 && first >= 0 ? first : handoff_between(av, x, y);
    if (e >= 0 && hot[e] == 0)
      hot[e] = mark;
  }
}

static guint
count_new(const VsLayout *l, const GArray *chain)
{
  guint fresh = 0;
  for (guint i = 0; i < chain->len; i++)
    fresh += l->node_of[g_array_index(chain, guint32, i)] < 0;
  return fresh;
}

/* Restricted selection: chains of the top flagged teams while they fit in
 * the room the customers leave, then customers by revenue at risk. */
static void
select_neighbourhood(VsLayout *l, const VsAnalysisView *av, const VsReportOptions *o,
                     const guint32 *flagged, gsize n_flagged, guint32 *hot)
{
  guint limit = o->picture_units;
  guint reserve = MIN(av->n_customers, limit / 4);
  gsize teams = o->top ? MIN(n_flagged, o->top) : n_flagged;
  g_autofree guint32 *by_risk = vs_i_customers_by_risk(av);

  for (gsize i = 0; i < teams && l->n_nodes < limit - reserve; i++) {
    gssize first;
    g_autoptr(GArray) chain = ripple_chain(av, flagged[i], limit, &first);
    if (l->n_nodes + count_new(l, chain) > limit - reserve)
      continue;
    for (guint k = 0; k < chain->len; k++)
      add_node(l, g_array_index(chain, guint32, k));
    if (i < o->highlight && chain->len > 1) {
      mark_chain(av, chain, first, (guint32)i + 1, hot);
      l->n_chains++;
    }
    l->n_teams_shown++;
  }
  for (guint32 k = 0; k < av->n_customers && l->n_nodes < limit; k++)
    add_node(l, by_risk[k]);
}

static void
select_whole(VsLayout *l, const VsAnalysisView *av, const VsReportOptions *o,
             const guint32 *flagged, gsize n_flagged, guint32 *hot)
{
  for (guint32 u = 0; u < av->n; u++)
    add_node(l, u);
  for (gsize i = 0; i < MIN(n_flagged, (gsize)o->highlight); i++) {
    gssize first;
    g_autoptr(GArray) chain = ripple_chain(av, flagged[i], G_MAXUINT, &first);
    mark_chain(av, chain, first, (guint32)i + 1, hot);
    l->n_chains += chain->len > 1;
  }
}

static void
collect_edges(VsLayout *l, const VsAnalysisView *av, const guint32 *hot)
{
  l->edges = g_new(guint32, av->m + 1);
  l->chain = g_new(guint32, av->m + 1);
  for (guint32 e = 0; e < av->m; e++) {
    if (l->node_of[from_of(av, e)] < 0 || l->node_of[to_of(av, e)] < 0)
      continue;
    l->chain[l->n_edges] = hot[e];
    l->edges[l->n_edges++] = e;
  }
}

static void
select_nodes(VsLayout *l, const VsAnalysisView *av, const VsReportOptions *o)
{
  gsize n_flagged = 0;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(av->analysis, &n_flagged);
  g_autofree guint32 *hot = g_new0(guint32, av->m + 1);
  gboolean whole = av->n <= o->picture_units;

  l->node_of = g_new(gint32, av->n + 1);
  memset(l->node_of, 0xff, (av->n + 1) * sizeof(gint32));
  l->units = g_new(guint32, (whole ? av->n : o->picture_units) + 1);
  if (whole)
    select_whole(l, av, o, flagged, n_flagged, hot);
  else
    select_neighbourhood(l, av, o, flagged, n_flagged, hot);
  l->rank = g_new0(guint32, l->n_nodes + 1);
  for (gsize i = 0; i < n_flagged; i++)
    if (l->node_of[flagged[i]] >= 0)
      l->rank[l->node_of[flagged[i]]] = (guint32)i + 1;
  collect_edges(l, av, hot);
  if (!whole) {
    l->left_out_units = av->n - l->n_nodes;
    l->left_out_handoffs = av->m - l->n_edges;
  }
}

/* ---- layers ---------------------------------------------------------------------- */

/* Node adjacency of the drawn edges, as compressed rows. */
typedef struct {
  guint32 *in_off, *in, *out_off, *out;
} NodeGraph;

static void
node_graph_init(NodeGraph *g, const VsLayout *l, const VsAnalysisView *av)
{
  guint32 n = l->n_nodes;
  g_autofree guint32 *in_fill = g_new0(guint32, n + 1), *out_fill = g_new0(guint32, n + 1);

  g->in_off = g_new0(guint32, n + 1);
  g->out_off = g_new0(guint32, n + 1);
  g->in = g_new(guint32, l->n_edges + 1);
  g->out = g_new(guint32, l->n_edges + 1);
  for (guint32 k = 0; k < l->n_edges; k++) {
    g->out_off[l->node_of[from_of(av, l->edges[k])] + 1]++;
    g->in_off[l->node_of[to_of(av, l->edges[k])] + 1]++;
  }
  for (guint32 x = 0; x < n; x++) {
    g->out_off[x + 1] += g->out_off[x];
    g->in_off[x + 1] += g->in_off[x];
  }
  for (guint32 k = 0; k < l->n_edges; k++) {
    guint32 s = (guint32)l->node_of[from_of(av, l->edges[k])];
    guint32 t = (guint32)l->node_of[to_of(av, l->edges[k])];
    g->out[g->out_off[s] + out_fill[s]++] = t;
    g->in[g->in_off[t] + in_fill[t]++] = s;
  }
}

static void
node_graph_clear(NodeGraph *g)
{
  g_free(g->in_off);
  g_free(g->in);
  g_free(g->out_off);
  g_free(g->out);
}

/* One component's drawn members: the layer after everything feeding them
 * from outside, plus their breadth-first depth inside the loop. */
static void
layer_component(VsLayout *l, const VsAnalysisView *av, const NodeGraph *g, guint32 c,
                GArray *members, gint32 *depth)
{
  guint32 base = 0;
  g_autoptr(GArray) queue = g_array_new(FALSE, FALSE, sizeof(guint32));

  for (guint i = 0; i < members->len; i++) {
    guint32 x = g_array_index(members, guint32, i);
    gboolean entry = FALSE;
    for (guint32 j = g->in_off[x]; j < g->in_off[x + 1]; j++)
      if (av->comp[l->units[g->in[j]]] != c) {
        base = MAX(base, l->layer[g->in[j]] + 1);
        entry = TRUE;
      }
    if (entry) {
      depth[x] = 0;
      g_array_append_val(queue, x);
    }
  }
  for (guint i = 0, next_seed = 0; i < members->len; i++) {
    if (i == queue->len) { /* nothing from outside, or a part of the loop not reached */
      while (depth[g_array_index(members, guint32, next_seed)] >= 0)
        next_seed++;
      depth[g_array_index(members, guint32, next_seed)] = 0;
      g_array_append_val(queue, g_array_index(members, guint32, next_seed));
    }
    guint32 x = g_array_index(queue, guint32, i);
    for (guint32 j = g->out_off[x]; j < g->out_off[x + 1]; j++) {
      guint32 y = g->out[j];
      if (depth[y] < 0 && av->comp[l->units[y]] == c) {
        depth[y] = depth[x] + 1;
        g_array_append_val(queue, y);
      }
    }
  }
  for (guint i = 0; i < members->len; i++) {
    guint32 x = g_array_index(members, guint32, i);
    l->layer[x] = base + (guint32)depth[x];
  }
}

/* Customers go last; a team that receives nothing drawn sits just before
 * the nearest layer it feeds, rather than far left. */
static void
place_ends(VsLayout *l, const VsAnalysisView *av, const NodeGraph *g)
{
  guint32 last = 0;
  gboolean any = FALSE;

  for (guint32 x = 0; x < l->n_nodes; x++)
    if (av->kind[l->units[x]] != VS_KIND_CUSTOMER) {
      last = MAX(last, l->layer[x] + 1);
      any = TRUE;
    }
  for (guint32 x = 0; x < l->n_nodes; x++) {
    guint32 nearest = G_MAXUINT32;
    if (av->kind[l->units[x]] == VS_KIND_CUSTOMER) {
      l->layer[x] = any ? last : 0;
      continue;
    }
    if (av->kind[l->units[x]] != VS_KIND_TEAM || g->in_off[x] != g->in_off[x + 1])
      continue;
    for (guint32 j = g->out_off[x]; j < g->out_off[x + 1]; j++)
      nearest = MIN(nearest,
                    av->kind[l->units[g->out[j]]] == VS_KIND_CUSTOMER ? last : l->layer[g->out[j]]);
    if (nearest != G_MAXUINT32 && nearest > l->layer[x] + 1)
      l->layer[x] = nearest - 1;
  }
}

/* Drops empty layers. */
static void
compact_layers(VsLayout *l)
{
  guint32 top = 0;
  g_autofree guint32 *renumber = NULL;

  for (guint32 x = 0; x < l->n_nodes; x++)
    top = MAX(top, l->layer[x] + 1);
  renumber = g_new0(guint32, top + 1);
  for (guint32 x = 0; x < l->n_nodes; x++)
    renumber[l->layer[x]] = 1;
  for (guint32 i = 0; i < top; i++)
    renumber[i + 1] += renumber[i];
  /* renumber[i] now counts used layers <= i */
  for (guint32 x = 0; x < l->n_nodes; x++)
    l->layer[x] = renumber[l->layer[x]] - 1;
  l->n_layers = l->n_nodes ? renumber[top - 1] : 0;
}

static void
assign_layers(VsLayout *l, const VsAnalysisView *av, const NodeGraph *g)
{
  g_autofree gint32 *depth = g_new(gint32, l->n_nodes + 1);
  g_autoptr(GArray) members = g_array_new(FALSE, FALSE, sizeof(guint32));

  memset(depth, 0xff, (l->n_nodes + 1) * sizeof(gint32));
  l->layer = g_new0(guint32, l->n_nodes + 1);
  for (guint32 c = 0; c < av->n_comp; c++) {
    g_array_set_size(members, 0);
    for (guint32 i = av->comp_off[c]; i < av->comp_off[c + 1]; i++) {
      gint32 x = l->node_of[av->comp_units[i]];
      if (x >= 0)
        g_array_append_val(members, x);
    }
    if (members->len > 0)
      layer_component(l, av, g, c, members, depth);
  }
  place_ends(l, av, g);
  compact_layers(l);
}

/* ---- lanes --------------------------------------------------------------------------- */

static guint32
edge_end(const VsLayout *l, const VsAnalysisView *av, guint32 k, gboolean target)
{
  guint32 e = l->edges[k];
  return (guint32)l->node_of[target ? to_of(av, e) : from_of(av, e)];
}

/* A lane in every layer strictly between an edge's two ends. */
static void
make_lanes(VsLayout *l, const VsAnalysisView *av)
{
  l->route_off = g_new0(guint32, l->n_edges + 1);
  for (guint32 k = 0; k < l->n_edges; k++) {
    guint32 p = l->layer[edge_end(l, av, k, FALSE)], q = l->layer[edge_end(l, av, k, TRUE)];
    guint32 span = p > q ? p - q : q - p;
    l->route_off[k + 1] = l->route_off[k] + (span > 1 ? span - 1 : 0);
  }
  l->n_slots = l->n_nodes + l->route_off[l->n_edges];
  l->layer = g_renew(guint32, l->layer, l->n_slots + 1);
  for (guint32 k = 0; k < l->n_edges; k++) {
    guint32 p = l->layer[edge_end(l, av, k, FALSE)], q = l->layer[edge_end(l, av, k, TRUE)];
    for (guint32 j = l->route_off[k]; j < l->route_off[k + 1]; j++) {
      guint32 step = j - l->route_off[k] + 1;
      l->layer[l->n_nodes + j] = q > p ? p + step : p - step;
    }
  }
}

/* Which slots sit next to which: each edge is a chain source, lanes,
 * target; neighbours of a slot are in the layers on either side. */
typedef struct {
  guint32 *off, *nbr;
} SlotGraph;

/* Walks edge @k's chain: counts degrees into @g->off (@fill NULL) or
 * writes neighbours at @fill. */
static void
edge_chain(const VsLayout *l, const VsAnalysisView *av, guint32 k, SlotGraph *g, guint32 *fill)
{
  guint32 prev = edge_end(l, av, k, FALSE), last = edge_end(l, av, k, TRUE);

  for (guint32 j = l->route_off[k]; j <= l->route_off[k + 1]; j++) {
    guint32 next = j < l->route_off[k + 1] ? l->n_nodes + j : last;
    if (fill == NULL) {
      g->off[prev + 1]++;
      g->off[next + 1]++;
    } else {
      g->nbr[g->off[prev] + fill[prev]++] = next;
      g->nbr[g->off[next] + fill[next]++] = prev;
    }
    prev = next;
  }
}

static void
slot_graph_init(SlotGraph *g, const VsLayout *l, const VsAnalysisView *av)
{
  g_autofree guint32 *fill = g_new0(guint32, l->n_slots + 1);

  g->off = g_new0(guint32, l->n_slots + 2);
  for (guint32 k = 0; k < l->n_edges; k++)
    edge_chain(l, av, k, g, NULL);
  for (guint32 x = 0; x < l->n_slots; x++)
    g->off[x + 1] += g->off[x];
  g->nbr = g_new(guint32, g->off[l->n_slots] + 1);
  for (guint32 k = 0; k < l->n_edges; k++)
    edge_chain(l, av, k, g, fill);
}

/* ---- rows ------------------------------------------------------------------------- */

typedef struct {
  const VsAnalysisView *av;
  const VsLayout *l;
  const double *key;
} SortCtx;

static int
cmp_group(const char *g, const char *h)
{
  if (g == NULL || h == NULL)
    return (g == NULL) - (h == NULL);
  return strcmp(g, h);
}

/* First order: nodes by department, then input order; lanes after them. */
static int
cmp_initial(gconstpointer x, gconstpointer y, gpointer data)
{
  const SortCtx *s = data;
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  if (p < s->l->n_nodes && q < s->l->n_nodes) {
    guint32 u = s->l->units[p], v = s->l->units[q];
    int c = cmp_group(vs_org_get_unit_group(s->av->org, u), vs_org_get_unit_group(s->av->org, v));
    if (c != 0)
      return c;
  }
  return (p > q) - (p < q);
}

static int
cmp_key(gconstpointer x, gconstpointer y, gpointer data)
{
  const SortCtx *s = data;
  guint32 p = *(const guint32 *)x, q = *(const guint32 *)y;
  if (s->key[p] != s->key[q])
    return s->key[p] < s->key[q] ? -1 : 1;
  return (s->l->row[p] > s->l->row[q]) - (s->l->row[p] < s->l->row[q]);
}

static guint32
layer_len(const VsLayout *l, guint32 i)
{
  return l->layer_start[i + 1] - l->layer_start[i];
}

static double
centred(const VsLayout *l, guint32 x)
{
  return l->row[x] - (layer_len(l, l->layer[x]) - 1) / 2.0;
}

static void
sort_layer(VsLayout *l, guint32 i, GCompareDataFunc cmp, SortCtx *s)
{
  guint32 *seg = l->order + l->layer_start[i], len = layer_len(l, i);
  if (len > 1)
    g_qsort_with_data(seg, (gint)len, sizeof(guint32), cmp, s);
  for (guint32 r = 0; r < len; r++)
    l->row[seg[r]] = r;
}

/* Orders layer @i by the barycentre of each slot's neighbours in layer
 * @i - 1 (@forward) or @i + 1; a slot without any keeps its place. */
static void
sweep_layer(VsLayout *l, const SlotGraph *g, guint32 i, gboolean forward, double *key, SortCtx *s)
{
  const guint32 *seg = l->order + l->layer_start[i];

  for (guint32 r = 0; r < layer_len(l, i); r++) {
    guint32 x = seg[r], count = 0;
    double sum = 0;
    for (guint32 j = g->off[x]; j < g->off[x + 1]; j++) {
      guint32 y = g->nbr[j];
      if (forward ? l->layer[y] + 1 == i : l->layer[y] == i + 1) {
        sum += centred(l, y);
        count++;
      }
    }
    key[x] = count ? sum / count : centred(l, x);
  }
  sort_layer(l, i, cmp_key, s);
}

static void
assign_rows(VsLayout *l, const VsAnalysisView *av, const SlotGraph *g)
{
  g_autofree guint32 *fill = NULL;
  g_autofree double *key = g_new0(double, l->n_slots + 1);
  SortCtx s = {av, l, key};

  l->row = g_new0(guint32, l->n_slots + 1);
  l->order = g_new(guint32, l->n_slots + 1);
  l->layer_start = g_new0(guint32, l->n_layers + 2);
  for (guint32 x = 0; x < l->n_slots; x++)
    l->layer_start[l->layer[x] + 1]++;
  for (guint32 i = 0; i < l->n_layers; i++)
    l->layer_start[i + 1] += l->layer_start[i];
  fill = g_memdup2(l->layer_start, (l->n_layers + 1) * sizeof(guint32));
  for (guint32 x = 0; x < l->n_slots; x++)
    l->order[fill[l->layer[x]]++] = x;
  for (guint32 i = 0; i < l->n_layers; i++)
    sort_layer(l, i, cmp_initial, &s);
  for (guint it = 0; it < SWEEPS; it++) {
    gboolean forward = it % 2 == 0;
    for (guint32 k = 0; k < l->n_layers; k++)
      sweep_layer(l, g, forward ? k : l->n_layers - 1 - k, forward, key, &s);
  }
}

/* ---- entry points -------------------------------------------------------------------- */

VsLayout *
vs_i_layout_new(const VsAnalysis *a, const VsReportOptions *o, gboolean place)
{
  VsLayout *l = g_new0(VsLayout, 1);
  VsAnalysisView view;
  const VsAnalysisView *av = &view;

  vs_i_analysis_view(a, &view);
  select_nodes(l, av, o);
  if (place) {
    NodeGraph g;
    SlotGraph slots;
    node_graph_init(&g, l, av);
    assign_layers(l, av, &g);
    node_graph_clear(&g);
    make_lanes(l, av);
    slot_graph_init(&slots, l, av);
    assign_rows(l, av, &slots);
    g_free(slots.off);
    g_free(slots.nbr);
  }
  return l;
}

void
vs_i_layout_free(VsLayout *l)
{
  if (l == NULL)
    return;
  g_free(l->units);
  g_free(l->node_of);
  g_free(l->rank);
  g_free(l->edges);
  g_free(l->chain);
  g_free(l->layer);
  g_free(l->row);
  g_free(l->layer_start);
  g_free(l->order);
  g_free(l->route_off);
  g_free(l);
}
