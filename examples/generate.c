/* valuestream CLI - synthetic organisations and event logs (see generate.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Shape of a generated org. Suppliers feed layer 0 of a stack of team
 * layers; each team hands off to teams one or two layers further on
 * (mostly within its department) or straight to a customer; the last layer
 * serves customers only. Because every such handoff goes to a strictly
 * higher layer, cycles come only from the rework handoffs added on purpose
 * between peers of one layer (u -> v -> u, or u -> v -> w -> u), which
 * stay small; and since every team receives at least one handoff from a
 * lower layer, every member of a loop has an outside input: no loop is
 * closed (SPEC 4.1). A few "blind" teams hand off only to each other, so
 * their work reaches no customer (and their cost is stranded, SPEC 7).
 *
 * Money: a team costs its people (10k to 15k a head a period) plus some
 * non-salary spend, a supplier charges a fee by the size of its
 * engagement, and every handoff has a volume, so either cost basis works.
 * Costs and the volumes added for them come from a stream of their own,
 * so every other number is drawn as it was before they existed. */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <valuestream/org.h>

#include "generate.h"

/* Unit kinds, in VsKind's order. */
enum { KIND_TEAM, KIND_SUPPLIER, KIND_CUSTOMER };

/* Rates, per mille. */
#define BLIND_PM 15       /* teams whose work reaches no customer */
#define OWN_SHARE_PM 80   /* teams with an own_share */
#define POOR_PM 120       /* providers whose handoffs score poorly */
#define SAME_DEPT_PM 600  /* receivers picked in the provider's department */
#define DIRECT_PM 120     /* handoffs from a middle layer straight to a customer */
#define SKIP_LAYER_PM 250 /* handoffs that skip a layer */
#define PARALLEL_PM 10    /* a second handoff to the same receiver */
#define LOOP_PM 10        /* teams that start a rework loop */
#define LOOP3_PM 300      /* of those loops, three units rather than two */
#define RATED_PM 550      /* handoffs with a score */
#define SURVEYED_PM 20    /* handoffs whose pair is surveyed */
#define UNMATCHED_PM 10   /* of those, surveyed the wrong way round (a warning) */
#define DECLINING_PM 150  /* surveyed pairs whose service declines */

/* ---- random numbers: xoshiro256** seeded by splitmix64 -------------------- */

typedef struct {
  guint64 s[4];
} Rng;

static guint64
splitmix64(guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* Independent streams per purpose, so that (say) the event log does not
 * change when the CSV writer draws one number more. */
static void
rng_init(Rng *r, guint64 seed, guint64 stream)
{
  guint64 x = seed ^ (stream * G_GUINT64_CONSTANT(0xD1B54A32D192ED03));
  for (guint i = 0; i < 4; i++)
    r->s[i] = splitmix64(&x);
}

static inline guint64
rotl(guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

static guint64
rng_next(Rng *r)
{
  guint64 *s = r->s, result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

/* A number in 0 .. n - 1 (n < 2^32), by multiply-shift: no division, no
 * floating point, the same on every platform. */
static guint32
below(Rng *r, guint64 n)
{
  return (guint32)(((rng_next(r) >> 32) * n) >> 32);
}

static gboolean
chance(Rng *r, guint per_mille)
{
  return below(r, 1000) < per_mille;
}

/* ---- the org in memory ------------------------------------------------------- */

struct VsGenOrg {
  VsGenOptions o;
  gsize n, n_customers, n_suppliers, n_teams;
  guint n_layers, n_depts;
  guint id_width;
  /* by role: customers 0 .., suppliers, then teams by layer */
  guint32 *unit_of;             /* role -> unit index (a shuffle: input order is not topological) */
  guint32 *layer_lo;            /* first team role of each layer, n_layers + 1 entries */
  guint32 *bucket_off, *bucket; /* team roles by (layer, department) */
  guint32 *blind_roles, n_blind, *blind_from; /* blind teams by layer; first with layer >= l */
  /* by unit index */
  guint8 *kind, *layer, *blind, *own_pct, *quality, *in_loop, *has_input;
  guint32 *dept, *rank, *headcount, *revenue_k; /* revenue in thousands */
  /* handoffs: the forward ones by provider, then fix-ups and rework */
  GArray *from, *to, *deliverable; /* guint32, guint32, guint8 */
};

static const char *const areas[] = {
    "payments",  "lending", "cards",    "identity", "search",   "catalog", "checkout",   "billing",
    "logistics", "support", "mobile",   "web",      "platform", "data",    "security",   "risk",
    "pricing",   "growth",  "partners", "finance",  "legal",    "people",  "facilities", "sales",
};
static const char *const functions[] = {
    "Platform", "Operations", "Analytics",   "Engineering", "Design",  "Quality",
    "Delivery", "Research",   "Integration", "Reliability", "Content", "Enablement",
    "Insights", "Tooling",    "Compliance",  "Care",
};
static const char *const deliverables[] = {
    "datasets",         "releases",         "api",
    "reports",          "designs",          "test results",
    "builds",           "requirements",     "contracts",
    "invoices",         "forecasts",        "dashboards",
    "incidents",        "runbooks",         "schemas",
    "features",         "campaigns",        "content",
    "translations",     "audits",           "hiring plans",
    "budgets",          "shipments",        "tickets",
    "models",           "specifications",   "prototypes",
    "documentation",    "training",         "metrics",
    "alerts",           "backups",          "certificates",
    "infrastructure",   "pricing rules",    "risk scores",
    "fraud signals",    "customer data",    "orders",
    "returns",          "payouts",          "statements",
    "contracts review", "security reviews", "approvals",
    "capacity plans",   "vendor reports",   "onboarding kits",
};
#define REWORK_DELIVERABLE 255 /* "rework" */

void
vs_gen_org_free(VsGenOrg *g)
{
  if (g == NULL)
    return;
  g_free(g->unit_of);
  g_free(g->layer_lo);
  g_free(g->bucket_off);
  g_free(g->bucket);
  g_free(g->blind_roles);
  g_free(g->blind_from);
  g_free(g->kind);
  g_free(g->layer);
  g_free(g->blind);
  g_free(g->own_pct);
  g_free(g->quality);
  g_free(g->in_loop);
  g_free(g->has_input);
  g_free(g->dept);
  g_free(g->rank);
  g_free(g->headcount);
  g_free(g->revenue_k);
  if (g->from != NULL) {
    g_array_free(g->from, TRUE);
    g_array_free(g->to, TRUE);
    g_array_free(g->deliverable, TRUE);
  }
  g_free(g);
}

gsize
vs_gen_org_get_n_handoffs(const VsGenOrg *g)
{
  return g->from->len;
}

static guint
log2_floor(guint64 x)
{
  guint k = 0;
  while (x > 1)
    x >>= 1, k++;
  return k;
}

/* Team layer of team number @t of @teams in @layers, balanced. */
static guint
layer_of(guint64 t, guint64 teams, guint layers)
{
  return (guint)(t * layers / teams);
}

/* The order of units.csv, as role numbers: like an export from an HR
 * system, teams department by department (in layer order within one),
 * then suppliers, then customers; or, for a worst case of memory
 * locality, a random permutation. */
static guint32 *
listing_order(const VsGenOrg *g, Rng *r, const guint32 *dept_of_role)
{
  gsize n = g->n, first_team = g->n_customers + g->n_suppliers;
  guint32 *role_of = g_new(guint32, n);
  g_autofree guint32 *start = g_new0(guint32, g->n_depts + 1);
  gsize at;

  if (g->o.shuffle) {
    for (gsize i = 0; i < n; i++)
      role_of[i] = (guint32)i;
    for (gsize i = n - 1; i > 0; i--) {
      gsize j = below(r, i + 1);
      guint32 x = role_of[i];
      role_of[i] = role_of[j];
      role_of[j] = x;
    }
    return role_of;
  }
  for (gsize role = first_team; role < n; role++)
    start[dept_of_role[role] + 1]++;
  for (guint d = 0; d < g->n_depts; d++)
    start[d + 1] += start[d];
  for (gsize role = first_team; role < n; role++)
    role_of[start[dept_of_role[role]]++] = (guint32)role;
  at = n - first_team;
  for (gsize role = g->n_customers; role < first_team; role++)
    role_of[at++] = (guint32)role;
  for (gsize role = 0; role < g->n_customers; role++)
    role_of[at++] = (guint32)role;
  return role_of;
}

static void
assign_roles(VsGenOrg *g, Rng *r)
{
  gsize n = g->n, c = g->n_customers, s = g->n_suppliers;
  g_autofree guint32 *dept_of_role = g_new0(guint32, n);
  g_autofree guint32 *role_of = NULL;

  for (gsize role = c + s; role < n; role++)
    dept_of_role[role] = below(r, g->n_depts);
  role_of = listing_order(g, r, dept_of_role);
  g->unit_of = g_new(guint32, n);
  for (gsize u = 0; u < n; u++) {
    guint32 role = role_of[u];
    g->unit_of[role] = (guint32)u;
    g->kind[u] = role < c ? KIND_CUSTOMER : role < c + s ? KIND_SUPPLIER : KIND_TEAM;
    g->rank[u] = role < c ? role : role < c + s ? (guint32)(role - c) : (guint32)(role - c - s);
    g->dept[u] = dept_of_role[role];
  }
}

static void
assign_attributes(VsGenOrg *g, Rng *r)
{
  for (gsize role = 0; role < g->n; role++) {
    guint32 u = g->unit_of[role];
    g->quality[u] = chance(r, POOR_PM) ? (guint8)(40 + below(r, 36)) : (guint8)(85 + below(r, 16));
    if (g->kind[u] == KIND_CUSTOMER) {
      /* a few large accounts among many smaller ones */
      g->revenue_k[u] = (10 + below(r, 490)) * (chance(r, 20) ? 20 : 1);
      continue;
    }
    g->headcount[u] = 2 + below(r, 39);
    if (g->kind[u] != KIND_TEAM)
      continue;
    g->layer[u] = (guint8)layer_of(g->rank[u], g->n_teams, g->n_layers);
    g->blind[u] = g->layer[u] > 0 && chance(r, BLIND_PM);
    g->own_pct[u] = chance(r, OWN_SHARE_PM) ? (guint8)(5 + below(r, 46)) : 0;
  }
}

/* Team roles grouped by (layer, department), and the blind teams by layer. */
static void
index_teams(VsGenOrg *g)
{
  gsize first = g->n_customers + g->n_suppliers, keys = (gsize)g->n_layers * g->n_depts;
  g_autofree guint32 *fill = NULL;

  g->layer_lo = g_new0(guint32, g->n_layers + 1);
  for (guint l = 0; l <= g->n_layers; l++) {
    /* the first team number in layer l: ceil(l * teams / layers) */
    guint64 t = ((guint64)l * g->n_teams + g->n_layers - 1) / g->n_layers;
    g->layer_lo[l] = (guint32)(first + t);
  }
  g->bucket_off = g_new0(guint32, keys + 1);
  g->bucket = g_new(guint32, g->n_teams + 1);
  for (gsize role = first; role < g->n; role++) {
    guint32 u = g->unit_of[role];
    g->bucket_off[(gsize)g->layer[u] * g->n_depts + g->dept[u] + 1]++;
  }
  for (gsize k = 0; k < keys; k++)
    g->bucket_off[k + 1] += g->bucket_off[k];
  fill = g_memdup2(g->bucket_off, (keys + 1) * sizeof(guint32));
  g->blind_roles = g_new(guint32, g->n_teams + 1);
  g->blind_from = g_new0(guint32, g->n_layers + 1);
  for (gsize role = first; role < g->n; role++) {
    guint32 u = g->unit_of[role];
    g->bucket[fill[(gsize)g->layer[u] * g->n_depts + g->dept[u]]++] = (guint32)role;
    if (g->blind[u])
      g->blind_roles[g->n_blind++] = (guint32)role;
  }
  /* blind_roles is in layer order, as roles are */
  for (guint l = 0, i = 0; l <= g->n_layers; l++) {
    while (i < g->n_blind && g->layer[g->unit_of[g->blind_roles[i]]] < l)
      i++;
    g->blind_from[l] = i;
  }
}

/* A team role in @layer, in department @dept most of the time. */
static guint32
pick_team(const VsGenOrg *g, Rng *r, guint layer, guint32 dept)
{
  gsize key = (gsize)layer * g->n_depts + dept;
  guint32 lo = g->bucket_off[key], hi = g->bucket_off[key + 1];

  if (hi > lo && chance(r, SAME_DEPT_PM))
    return g->bucket[lo + below(r, hi - lo)];
  return g->layer_lo[layer] + below(r, g->layer_lo[layer + 1] - g->layer_lo[layer]);
}

/* A customer role: half the time from the department's own segment, so
 * that a team reaches some customers rather than all of them. */
static guint32
pick_customer(const VsGenOrg *g, Rng *r, guint32 dept)
{
  gsize c = g->n_customers, segment = MAX(c / g->n_depts, 1);
  if (chance(r, 500))
    return (guint32)((dept * segment + below(r, segment)) % c);
  return below(r, c);
}

static void
add_handoff(VsGenOrg *g, guint32 from_unit, guint32 to_unit, guint8 deliverable)
{
  g_array_append_val(g->from, from_unit);
  g_array_append_val(g->to, to_unit);
  g_array_append_val(g->deliverable, deliverable);
  g->has_input[to_unit] = 1;
}

/* The receiver role of one forward handoff from unit @u; G_MAXUINT32 when
 * @u has nobody to hand to (a blind team in the last blind layer). */
static guint32
pick_receiver(const VsGenOrg *g, Rng *r, guint32 u)
{
  guint last = g->n_layers - 1, l = g->layer[u];

  if (g->kind[u] == KIND_SUPPLIER)
    return pick_team(g, r, last > 0 && chance(r, SKIP_LAYER_PM) ? 1 : 0, below(r, g->n_depts));
  if (g->blind[u]) {
    guint32 lo = g->blind_from[l + 1];
    return lo < g->n_blind ? g->blind_roles[lo + below(r, g->n_blind - lo)] : G_MAXUINT32;
  }
  if (l == last || chance(r, DIRECT_PM))
    return pick_customer(g, r, g->dept[u]);
  if (l + 2 <= last && chance(r, SKIP_LAYER_PM))
    return pick_team(g, r, l + 2, g->dept[u]);
  return pick_team(g, r, l + 1, g->dept[u]);
}

/* How many handoffs a provider makes: 1 .. 2 * base - 1, mean M / P. */
static guint
out_degree(Rng *r, guint64 base, guint extra_pm)
{
  guint d = base > 0 ? 1 + below(r, 2 * base - 1) : 0;
  return d + chance(r, extra_pm);
}

static guint8
pick_deliverable(const VsGenOrg *g, Rng *r, guint32 receiver)
{
  /* a receiver gets a handful of kinds of work, so some are had from
   * several providers and some from one only (captive) */
  guint32 d = g->kind[receiver] == KIND_TEAM ? g->dept[receiver] : receiver;
  return (guint8)((d * 7 + below(r, 6)) % G_N_ELEMENTS(deliverables));
}

static void
forward_handoffs(VsGenOrg *g, Rng *r)
{
  gsize providers = g->n - g->n_customers;
  guint64 base = g->o.handoffs / providers;
  guint extra_pm = (guint)((g->o.handoffs % providers) * 1000 / providers);

  for (gsize role = 0; role < g->n; role++) {
    guint32 u = g->unit_of[role];
    guint d = g->kind[u] == KIND_CUSTOMER ? 0 : out_degree(r, base, extra_pm);
    guint32 last_to = G_MAXUINT32;
    for (guint k = 0; k < d; k++) {
      guint32 v;
      if (last_to != G_MAXUINT32 && chance(r, PARALLEL_PM)) {
        v = last_to; /* a parallel handoff, most likely of another deliverable */
      } else {
        guint32 role_v = pick_receiver(g, r, u);
        if (role_v == G_MAXUINT32)
          break;
        v = g->unit_of[role_v];
      }
      add_handoff(g, u, v, pick_deliverable(g, r, v));
      last_to = v;
    }
  }
}

/* Every team receives something from a lower layer (a supplier for layer
 * 0), which keeps every rework loop open. */
static void
fix_inputs(VsGenOrg *g, Rng *r)
{
  gsize first_supplier = g->n_customers;

  for (gsize role = first_supplier + g->n_suppliers; role < g->n; role++) {
    guint32 v = g->unit_of[role], u;
    if (g->has_input[v])
      continue;
    u = g->unit_of[first_supplier + below(r, g->n_suppliers)];
    if (g->layer[v] > 0) {
      guint32 t = g->unit_of[pick_team(g, r, g->layer[v] - 1, g->dept[v])];
      if (!g->blind[t] || g->blind[v])
        u = t; /* a blind provider would see customers through v */
    }
    add_handoff(g, u, v, pick_deliverable(g, r, v));
  }
}

/* Rework between peers of one layer: u -> v -> u, or u -> v -> w -> u.
 * Ordinary handoffs only go to higher layers, so the only handoffs within
 * a layer are these, and every loop stays exactly as made: a handful of
 * units, never merged with another into one large component. */
static gboolean
loop_member_ok(const VsGenOrg *g, guint32 u, guint32 like)
{
  return !g->in_loop[u] && g->blind[u] == g->blind[like];
}

/* A peer of team role @role in its layer (most likely in its department)
 * that can join a loop with it, or G_MAXUINT32. */
static guint32
pick_peer(const VsGenOrg *g, Rng *r, guint32 u)
{
  for (guint tries = 0; tries < 8; tries++) {
    guint32 v = g->unit_of[pick_team(g, r, g->layer[u], g->dept[u])];
    if (v != u && loop_member_ok(g, v, u))
      return v;
  }
  return G_MAXUINT32;
}

static void
rework_loops(VsGenOrg *g, Rng *r)
{
  guint64 loops = g->n_teams * LOOP_PM / 1000, first = g->n_customers + g->n_suppliers;

  if (loops == 0 && g->n_teams >= 10)
    loops = 1;
  for (guint64 i = 0, tries = 0; i < loops && tries < 50 * loops; tries++) {
    guint32 u = g->unit_of[first + below(r, g->n_teams)], v, w = G_MAXUINT32;
    if (!loop_member_ok(g, u, u) || (v = pick_peer(g, r, u)) == G_MAXUINT32)
      continue;
    g->in_loop[u] = g->in_loop[v] = 1;
    if (chance(r, LOOP3_PM) && (w = pick_peer(g, r, u)) != G_MAXUINT32)
      g->in_loop[w] = 1;
    add_handoff(g, u, v, pick_deliverable(g, r, v));
    if (w != G_MAXUINT32) {
      add_handoff(g, v, w, pick_deliverable(g, r, w));
      add_handoff(g, w, u, REWORK_DELIVERABLE);
    } else {
      add_handoff(g, v, u, REWORK_DELIVERABLE);
    }
    i++;
  }
}

static gboolean
check_options(const VsGenOptions *o, GError **error)
{
  const char *bad = NULL;

  if (o->customers < 1)
    bad = "at least one customer is needed";
  else if (o->units > G_MAXINT32 - 2)
    bad = "too many units";
  else if (o->units < o->customers + 3)
    bad = "units must exceed customers by at least 3 (a supplier and two teams)";
  else if (o->handoffs > G_MAXINT32)
    bad = "too many handoffs";
  else if (o->waves < 1 || o->waves > 400)
    bad = "waves must be 1..400";
  if (bad != NULL) {
    g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, bad);
    return FALSE;
  }
  return TRUE;
}

VsGenOrg *
vs_gen_org_new(const VsGenOptions *options, GError **error)
{
  g_autoptr(VsGenOrg) g = NULL;
  gsize n;
  Rng r;

  if (!check_options(options, error))
    return NULL;
  g = g_new0(VsGenOrg, 1);
  g->o = *options;
  n = g->n = options->units;
  if (g->o.handoffs == 0)
    g->o.handoffs = 5 * n;
  g->n_customers = options->customers;
  g->n_suppliers = MAX((n - g->n_customers) * 3 / 100, 1);
  g->n_teams = n - g->n_customers - g->n_suppliers;
  g->n_layers = (guint)MIN(MIN(3 + log2_floor(g->n_teams) / 2, 14), g->n_teams);
  g->n_depts = (guint)MAX(g->n_teams / 40, 1);
  g->id_width = MAX(4, (guint)g_snprintf(NULL, 0, "%" G_GSIZE_FORMAT, n - 1));
  g->kind = g_new0(guint8, n);
  g->layer = g_new0(guint8, n);
  g->blind = g_new0(guint8, n);
  g->own_pct = g_new0(guint8, n);
  g->quality = g_new0(guint8, n);
  g->in_loop = g_new0(guint8, n);
  g->has_input = g_new0(guint8, n);
  g->dept = g_new0(guint32, n);
  g->rank = g_new0(guint32, n);
  g->headcount = g_new0(guint32, n);
  g->revenue_k = g_new0(guint32, n);
  g->from = g_array_sized_new(FALSE, FALSE, sizeof(guint32), (guint)(g->o.handoffs + n / 50));
  g->to = g_array_sized_new(FALSE, FALSE, sizeof(guint32), (guint)(g->o.handoffs + n / 50));
  g->deliverable = g_array_sized_new(FALSE, FALSE, 1, (guint)(g->o.handoffs + n / 50));

  rng_init(&r, options->seed, 0);
  assign_roles(g, &r);
  assign_attributes(g, &r);
  index_teams(g);
  forward_handoffs(g, &r);
  fix_inputs(g, &r);
  rework_loops(g, &r);
  return g_steal_pointer(&g);
}

/* ---- buffered output with integer formatting ---------------------------------- */

typedef struct {
  FILE *f;
  char *path;
} Out;

/* Writes to @fd (a new file, or -1 to create @path), which it takes over. */
static gboolean
out_open(Out *o, int fd, const char *path, GError **error)
{
  if (fd < 0)
    fd = g_open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0 || (o->f = fdopen(fd, "w")) == NULL) {
    int err = errno;
    if (fd >= 0)
      close(fd);
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  o->path = g_strdup(path);
  setvbuf(o->f, NULL, _IOFBF, 1 << 20);
  return TRUE;
}

/* Flushes (to disk when @sync: not for devices) and closes; FALSE with the
 * first write error. */
static gboolean
out_close(Out *o, gboolean sync, GError **error)
{
  gboolean ok = !ferror(o->f) && fflush(o->f) == 0 && (!sync || fsync(fileno(o->f)) == 0);
  int err = errno;

  if (fclose(o->f) != 0 && ok) {
    ok = FALSE;
    err = errno;
  }
  if (!ok)
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", o->path,
                g_strerror(err));
  g_clear_pointer(&o->path, g_free);
  return ok;
}

static inline void
put(Out *o, const char *s)
{
  fputs(s, o->f);
}

static inline void
put_c(Out *o, char c)
{
  putc_unlocked(c, o->f);
}

/* @x with at least @width digits. */
static void
put_uint(Out *o, guint64 x, guint width)
{
  char buf[24];
  int i = sizeof buf;
  do {
    buf[--i] = (char)('0' + x % 10);
    x /= 10;
  } while (x > 0 || (int)sizeof buf - i < (int)width);
  fwrite(buf + i, 1, sizeof buf - (gsize)i, o->f);
}

static void
put_id(Out *o, const VsGenOrg *g, guint32 u)
{
  static const char prefix[] = {'t', 's', 'c'};
  put_c(o, prefix[g->kind[u]]);
  put_uint(o, u, g->id_width);
}

/* ---- the org: units.csv, handoffs.csv, surveys.csv ----------------------------- */

/* Every number below is a whole number or an integer over a power of ten,
 * which the library writes in the shortest form that reads back exactly:
 * "0.85", "1", "2.5", the same on every platform. */

/* Unit @u's id into @buf (at least 32 bytes): its kind's letter and its
 * number with at least id_width digits, as put_id() writes it. */
static void
format_id(char *buf, gsize size, const VsGenOrg *g, guint32 u)
{
  static const char prefix[] = {'t', 's', 'c'};
  g_snprintf(buf, size, "%c%0*u", prefix[g->kind[u]], (int)g->id_width, u);
}

/* Cost per period of team or supplier @u, a whole number: a team pays its
 * people 10k to 15k a head (one rate per team, in steps of 500) and
 * spends up to 2k a head more on tools, travel and space; a supplier's
 * fee is 8k to 20k a head of the engagement. */
static double
draw_cost(const VsGenOrg *g, Rng *money, guint32 u)
{
  guint64 h = g->headcount[u];

  if (g->kind[u] == KIND_SUPPLIER)
    return (double)(h * 1000 * (8 + below(money, 13)));
  return (double)(h * (10000 + 500 * below(money, 11)) + 1000 * below(money, 2 * h + 1));
}

static gboolean
add_unit(VsOrg *org, const VsGenOrg *g, Rng *money, guint32 u, GError **error)
{
  VsUnitAttrs a = VS_UNIT_ATTRS_INIT;
  g_autofree char *name = NULL;
  char id[32], group[64];

  format_id(id, sizeof id, g, u);
  switch (g->kind[u]) {
  case KIND_CUSTOMER:
    name = g_strdup_printf("Account %u", g->rank[u]);
    a.revenue = (double)((guint64)g->revenue_k[u] * 1000);
    break;
  case KIND_SUPPLIER:
    name = g_strdup_printf("Vendor %u", g->rank[u]);
    a.headcount = g->headcount[u];
    a.cost = draw_cost(g, money, u);
    break;
  default:
    name =
        g_strdup_printf("%s %u", functions[(g->rank[u] / 7) % G_N_ELEMENTS(functions)], g->rank[u]);
    g_snprintf(group, sizeof group, "%s-%03u", areas[g->dept[u] % G_N_ELEMENTS(areas)], g->dept[u]);
    a.group = group;
    if (g->own_pct[u] > 0)
      a.own_share = g->own_pct[u] / 100.0;
    a.headcount = g->headcount[u];
    a.cost = draw_cost(g, money, u);
  }
  a.name = name;
  return vs_org_add_unit(org, id, (VsKind)g->kind[u], &a, error) >= 0;
}

/* One survey answer on scale 1..@max, @tenths being a 1..5 reading in
 * tenths of a point, converted to the pair's scale. */
static gboolean
add_answer(VsOrg *org, const VsGenOrg *g, guint wave, guint32 respondent, guint32 provider,
           gint64 tenths, guint max, GError **error)
{
  VsSurveyResponse a = VS_SURVEY_RESPONSE_INIT;
  char period[32], from[32], to[32];

  tenths = CLAMP(tenths, 10, 50);
  if (max != 5)
    tenths = 10 + (tenths - 10) * (max - 1) / 4;
  g_snprintf(period, sizeof period, "%u-Q%u", 2024 + wave / 4, wave % 4 + 1);
  format_id(from, sizeof from, g, respondent);
  format_id(to, sizeof to, g, provider);
  a.period = period;
  a.respondent = from;
  a.provider = to;
  a.score = (double)tenths / 10.0;
  a.scale_min = 1;
  a.scale_max = max;
  return vs_org_add_survey_response(org, &a, error);
}

/* Every wave's answers about @provider from @respondent: a trend (steady,
 * or declining for some pairs) plus noise, 1 to 3 answers a wave. */
static gboolean
add_pair_survey(VsOrg *org, const VsGenOrg *g, Rng *r, guint32 respondent, guint32 provider,
                GError **error)
{
  gint64 start = 340 + below(r, 121); /* hundredths of a point on 1..5 */
  gint64 slope = chance(r, DECLINING_PM) ? -(gint64)(8 + below(r, 17)) : (gint64)below(r, 9) - 4;
  guint max = chance(r, 100) ? 10 : 5;

  for (guint w = 0; w < g->o.waves; w++) {
    guint answers = 1 + below(r, 3);
    for (guint k = 0; k < answers; k++) {
      gint64 x = start + slope * w + (gint64)below(r, 41) - 20;
      if (!add_answer(org, g, w, respondent, provider, (x + 5) / 10, max, error))
        return FALSE;
    }
  }
  return TRUE;
}

/* Handoff @e with its drawn attributes: a weight, a volume, and some of
 * the time a score and a lead time. @r draws what handoffs had before
 * costs existed (a volume for some); @money the volume of the rest. */
static gboolean
add_handoff_row(VsOrg *org, const VsGenOrg *g, Rng *r, Rng *money, gsize e, GError **error)
{
  guint32 u = g_array_index(g->from, guint32, e), v = g_array_index(g->to, guint32, e);
  guint8 d = g_array_index(g->deliverable, guint8, e);
  gboolean rework = d == REWORK_DELIVERABLE;
  VsHandoffAttrs a = VS_HANDOFF_ATTRS_INIT;
  char from[32], to[32];

  a.deliverable = rework ? "rework" : deliverables[d];
  if (rework || !chance(r, 150))
    a.weight = rework ? 1 : 1 + below(r, 5);
  else
    a.weight = (50 + 25 * below(r, 12)) / 100.0; /* 0.5 .. 3.25 */
  if (chance(r, RATED_PM)) {
    gint64 s = (gint64)g->quality[u] + (gint64)below(r, 21) - 10;
    a.score = (double)CLAMP(s, 0, 100) / 100.0;
  }
  if (chance(r, 300))
    a.volume = 1 + below(r, 1000);
  else
    a.volume = 1 + below(money, 1000);
  if (chance(r, 250))
    a.lead_time_days = (1 + below(r, 60)) / 10.0;
  format_id(from, sizeof from, g, u);
  format_id(to, sizeof to, g, v);
  return vs_org_add_handoff(org, from, to, &a, error) >= 0;
}

/* The handoffs, and for some of them survey answers about the pair. */
static gboolean
add_handoffs(VsOrg *org, const VsGenOrg *g, Rng *money, GError **error)
{
  Rng r;

  rng_init(&r, g->o.seed, 1);
  for (gsize e = 0; e < g->from->len; e++) {
    guint32 u = g_array_index(g->from, guint32, e), v = g_array_index(g->to, guint32, e);
    gboolean ok;
    if (!add_handoff_row(org, g, &r, money, e, error))
      return FALSE;
    if (!chance(&r, SURVEYED_PM))
      continue;
    if (g->kind[v] != KIND_CUSTOMER && chance(&r, UNMATCHED_PM))
      ok = add_pair_survey(org, g, &r, u, v, error); /* asked the wrong way round */
    else
      ok = add_pair_survey(org, g, &r, v, u, error);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

gboolean
vs_gen_write_csv_dir(const VsGenOrg *g, const char *dir, GError **error)
{
  g_autoptr(VsOrg) org = vs_org_new();
  Rng money;

  rng_init(&money, g->o.seed, 3); /* 2 is the event log's */
  for (guint32 u = 0; u < g->n; u++)
    if (!add_unit(org, g, &money, u, error))
      return FALSE;
  return add_handoffs(org, g, &money, error) && vs_org_write_csv_dir(org, dir, error);
}

static gboolean
rename_or_error(const char *from, const char *to, GError **error)
{
  if (g_rename(from, to) == 0)
    return TRUE;
  int err = errno;
  g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", to, g_strerror(err));
  return FALSE;
}

/* ---- the event log ------------------------------------------------------------ */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void
civil_from_days(gint64 z, gint64 *y, guint *m, guint *d)
{
  z += 719468;
  gint64 era = (z >= 0 ? z : z - 146096) / 146097;
  guint doe = (guint)(z - era * 146097);
  guint yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  guint doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  guint mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = (gint64)yoe + era * 400 + (*m <= 2);
}

/* ISO 8601 in UTC: 2025-03-14T09:21:05Z. */
static void
put_timestamp(Out *o, gint64 t)
{
  gint64 y;
  guint m, d, s = (guint)(t % 86400);
  civil_from_days(t / 86400, &y, &m, &d);
  put_uint(o, (guint64)y, 4);
  put_c(o, '-');
  put_uint(o, m, 2);
  put_c(o, '-');
  put_uint(o, d, 2);
  put_c(o, 'T');
  put_uint(o, s / 3600, 2);
  put_c(o, ':');
  put_uint(o, s / 60 % 60, 2);
  put_c(o, ':');
  put_uint(o, s % 60, 2);
  put(o, "Z\n");
}

typedef struct {
  guint32 *off, *nbr, *edge; /* every handoff, by provider */
} Rows;

static void
out_rows(const VsGenOrg *g, Rows *rows)
{
  gsize m = g->from->len;
  const guint32 *from = (const guint32 *)g->from->data, *to = (const guint32 *)g->to->data;
  g_autofree guint32 *fill = NULL;

  rows->off = g_new0(guint32, g->n + 1);
  rows->nbr = g_new(guint32, m + 1);
  rows->edge = g_new(guint32, m + 1);
  for (gsize e = 0; e < m; e++)
    rows->off[from[e] + 1]++;
  for (gsize u = 0; u < g->n; u++)
    rows->off[u + 1] += rows->off[u];
  fill = g_memdup2(rows->off, (g->n + 1) * sizeof(guint32));
  for (gsize e = 0; e < m; e++) {
    rows->nbr[fill[from[e]]] = to[e];
    rows->edge[fill[from[e]]++] = (guint32)e;
  }
}

static void
put_event(Out *o, const VsGenOrg *g, guint64 case_no, const char *verb, guint8 d, guint32 u,
          guint person, gint64 t)
{
  put(o, "case-");
  put_uint(o, case_no, 7);
  put_c(o, ',');
  put(o, verb);
  put_c(o, ' ');
  put(o, d == REWORK_DELIVERABLE ? "rework" : deliverables[d]);
  put_c(o, ',');
  put_id(o, g, u);
  put(o, "-p");
  put_uint(o, person, 1);
  put_c(o, ',');
  put_id(o, g, u);
  put_c(o, ',');
  put_timestamp(o, t);
}

/* One case: from a supplier along random handoffs until a customer, a dead
 * end or 40 events; returns the events written (at most @budget). */
static guint64
write_case(Out *o, const VsGenOrg *g, const Rows *rows, Rng *r, guint64 case_no, guint64 budget)
{
  static const char *const verbs[] = {"prepare", "check"};
  guint32 u = g->unit_of[g->n_customers + below(r, g->n_suppliers)];
  gint64 t = 1735689600 + (gint64)case_no * 37; /* 2025-01-01 on */
  guint64 written = 0;

  while (written < budget && written < 40 && g->kind[u] != KIND_CUSTOMER) {
    guint32 lo = rows->off[u], hi = rows->off[u + 1], j, steps;
    if (hi == lo) {
      if (written == 0) /* a supplier with no handoff still works: progress */
        put_event(o, g, case_no, verbs[0], 0, u, 0, t), written++;
      break;
    }
    j = lo + below(r, hi - lo);
    steps = 1 + below(r, 2);
    for (guint s = 0; s < steps && written < budget; s++, written++) {
      t += 60 + below(r, 2 * 86400);
      put_event(o, g, case_no, verbs[s], g_array_index(g->deliverable, guint8, rows->edge[j]), u,
                below(r, MAX(g->headcount[u], 1)), t);
    }
    u = rows->nbr[j];
  }
  return written;
}

gboolean
vs_gen_write_event_log(const VsGenOrg *g, guint64 n_events, const char *path, GError **error)
{
  g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
  gboolean special =
      g_file_test(path, G_FILE_TEST_EXISTS) && !g_file_test(path, G_FILE_TEST_IS_REGULAR);
  Rows rows;
  Out o;
  Rng r;
  int fd;
  gboolean ok;

  /* a device or pipe (/dev/null) is written to, never renamed over */
  fd = special ? g_open(path, O_WRONLY | O_CLOEXEC, 0)
               : g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    int err = errno;
    g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "%s: %s", path, g_strerror(err));
    return FALSE;
  }
  if (!out_open(&o, fd, tmp, error)) {
    g_unlink(tmp);
    return FALSE;
  }
  rng_init(&r, g->o.seed, 2);
  out_rows(g, &rows);
  put(&o, "case:concept:name,concept:name,org:resource,org:group,time:timestamp\n");
  for (guint64 written = 0, c = 0; written < n_events; c++)
    written += write_case(&o, g, &rows, &r, c, n_events - written);
  g_free(rows.off);
  g_free(rows.nbr);
  g_free(rows.edge);
  if (special)
    return out_close(&o, FALSE, error);
  ok = out_close(&o, TRUE, error) && rename_or_error(tmp, path, error);
  if (!ok)
    g_unlink(tmp);
  return ok;
}
