/* valuestream - the organisation: units, handoffs, survey answers.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <string.h>

#include "org-topology.h"

static const char *const kind_names[] = {"team", "supplier", "customer"};

const char *
vs_kind_name(VsKind kind)
{
  if ((guint)kind >= G_N_ELEMENTS(kind_names))
    return NULL;
  return kind_names[kind];
}

gboolean
vs_kind_from_name(const char *name, VsKind *kind)
{
  g_return_val_if_fail(name != NULL, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS(kind_names); i++) {
    if (strcmp(name, kind_names[i]) == 0) {
      if (kind != NULL)
        *kind = (VsKind)i;
      return TRUE;
    }
  }
  return FALSE;
}

static GArray *
column(gsize element_size)
{
  return g_array_new(FALSE, FALSE, (guint)element_size);
}

VsOrg *
vs_org_new(void)
{
  VsOrg *org = g_new0(VsOrg, 1);

  org->ref_count = 1;
  org->strings = g_string_chunk_new(64 * 1024);
  org->interned = g_hash_table_new(g_str_hash, g_str_equal);
  org->u_id = column(sizeof(const char *));
  org->u_name = column(sizeof(const char *));
  org->u_group = column(sizeof(const char *));
  org->u_kind = column(sizeof(guint8));
  org->u_revenue = column(sizeof(double));
  org->u_own_share = column(sizeof(double));
  org->u_headcount = column(sizeof(double));
  org->u_cost = column(sizeof(double));
  org->h_from = column(sizeof(guint32));
  org->h_to = column(sizeof(guint32));
  org->h_deliverable = column(sizeof(const char *));
  org->h_weight = column(sizeof(double));
  org->h_score = column(sizeof(double));
  org->h_volume = column(sizeof(double));
  org->h_lead = column(sizeof(double));
  org->s_period = column(sizeof(const char *));
  org->s_respondent = column(sizeof(guint32));
  org->s_provider = column(sizeof(guint32));
  org->s_score = column(sizeof(double));
  org->s_min = column(sizeof(double));
  org->s_max = column(sizeof(double));
  org->notes = g_ptr_array_new_with_free_func(g_free);
  g_mutex_init(&org->cache_lock);
  return org;
}

/* Drops the cached topology: the org changed. Analyses keep their own
 * references to the old one. */
static void
invalidate(VsOrg *org)
{
  if (org->topology == NULL) /* changing an org races with reading it anyway */
    return;
  g_mutex_lock(&org->cache_lock);
  VS_TSAN_ACQUIRE(&org->cache_lock);
  g_clear_pointer(&org->topology, vs_i_topology_unref);
  VS_TSAN_RELEASE(&org->cache_lock);
  g_mutex_unlock(&org->cache_lock);
}

VsOrg *
vs_i_org_ref(VsOrg *org)
{
  g_atomic_int_inc(&org->ref_count);
  return org;
}

void
vs_i_org_unref(VsOrg *org)
{
  GArray *columns[] = {
      org->u_id,          org->u_name,       org->u_group,    org->u_kind,   org->u_revenue,
      org->u_own_share,   org->u_headcount,  org->u_cost,     org->h_from,   org->h_to,
      org->h_deliverable, org->h_weight,     org->h_score,    org->h_volume, org->h_lead,
      org->s_period,      org->s_respondent, org->s_provider, org->s_score,  org->s_min,
      org->s_max,
  };

  if (!g_atomic_int_dec_and_test(&org->ref_count))
    return;
  invalidate(org);
  for (guint i = 0; i < G_N_ELEMENTS(columns); i++)
    g_array_free(columns[i], TRUE);
  g_aligned_free(org->id_slots);
  g_hash_table_destroy(org->interned);
  g_string_chunk_free(org->strings);
  g_ptr_array_free(org->notes, TRUE);
  g_mutex_clear(&org->cache_lock);
  g_free(org);
}

void
vs_org_free(VsOrg *org)
{
  if (org != NULL)
    vs_i_org_unref(org);
}

void
vs_i_org_add_note(VsOrg *org, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  g_ptr_array_add(org->notes, g_strdup_vprintf(fmt, ap));
  va_end(ap);
}

/* The slot of @s in the cache of recent strings: a hash of every byte, so
 * that "2024-Q1" and "2024-Q2" do not share one. */
static guint
recent_slot(const char *s)
{
  guint h = 0;
  for (; *s != '\0'; s++)
    h = h * 31 + (guchar)*s;
  return (h ^ (h >> 7)) % VS_INTERN_RECENT;
}

/* The interned copy of @s, or NULL when it has none yet. */
static const char *
find_interned(VsOrg *org, const char *s)
{
  guint slot;
  const char *recent, *copy;

  /* rows of one group (or period) tend to come together: one strcmp() */
  if (org->intern_last != NULL && strcmp(org->intern_last, s) == 0)
    return org->intern_last;
  slot = recent_slot(s);
  recent = org->intern_recent[slot];
  if (recent != NULL && strcmp(recent, s) == 0)
    return org->intern_last = recent;
  copy = g_hash_table_lookup(org->interned, s);
  if (copy != NULL)
    org->intern_recent[slot] = org->intern_last = copy;
  return copy;
}

/* One copy of each repeated string (deliverables, groups, periods). */
static const char *
intern(VsOrg *org, const char *s)
{
  const char *copy = find_interned(org, s);
  if (copy == NULL) {
    copy = g_string_chunk_insert(org->strings, s);
    g_hash_table_add(org->interned, (gpointer)copy);
  }
  return copy;
}

static gboolean check_text(const char *field, const char *text, GError **error);

/* The interned copy of @text, checked for @field when it is new (a
 * string seen before was checked when it first came: a large org repeats
 * a few deliverables, groups and periods millions of times). One hash
 * lookup for a string seen before. NULL with @error set when @text is new
 * and not valid. (An error leaves a string in the pool; the pool is not
 * part of the org.) */
static const char *
intern_checked(VsOrg *org, const char *field, const char *text, GError **error)
{
  const char *copy = find_interned(org, text);
  if (copy != NULL)
    return copy;
  return check_text(field, text, error) ? intern(org, text) : NULL;
}

/* ---- columns -------------------------------------------------------------------
 *
 * The columns of a table grow together. GArray has no reserve(): the
 * allocation is grown with g_array_set_size() and the length given back
 * (an array keeps its allocation when it shrinks), so that a row is
 * stored in place and the lengths bumped once, where appending value by
 * value would take three library calls per value. */

/* Room for @want rows in every column. No transparent huge pages are
 * asked for: with defrag 'madvise' each 2 MB fault compacts and zeroes
 * synchronously, which costs a large load more than it saves. */
static void
columns_reserve_to(GArray *const *cols, guint n_cols, gsize *cap, gsize want)
{
  gsize len = cols[0]->len;

  if (want <= *cap)
    return;
  for (guint i = 0; i < n_cols; i++) {
    g_array_set_size(cols[i], (guint)want);
    g_array_set_size(cols[i], (guint)len);
  }
  *cap = want;
}

static void
columns_reserve(GArray *const *cols, guint n_cols, gsize *cap)
{
  gsize len = cols[0]->len;
  if (len >= *cap)
    columns_reserve_to(cols, n_cols, cap, MAX(2 * len, 256));
}

/* Makes the @rows rows stored from index len of each column part of it. */
static void
columns_commit(GArray *const *cols, guint n_cols, gsize rows)
{
  for (guint i = 0; i < n_cols; i++)
    cols[i]->len += (guint)rows;
}

/* The columns of the handoff table, as an initialiser. */
#define UNIT_COLUMNS(org)                                                                          \
  {                                                                                                \
    (org)->u_id, (org)->u_name, (org)->u_group, (org)->u_kind, (org)->u_revenue,                   \
        (org)->u_own_share, (org)->u_headcount, (org)->u_cost                                      \
  }

#define HANDOFF_COLUMNS(org)                                                                       \
  {                                                                                                \
    (org)->h_from, (org)->h_to, (org)->h_deliverable, (org)->h_weight, (org)->h_score,             \
        (org)->h_volume, (org)->h_lead                                                             \
  }

#define COLUMN_AT(col, type, i) (((type *)(void *)(col)->data)[i])

/* ---- the id index ------------------------------------------------------------
 *
 * Loading a large org looks up two ids per handoff, so this is on the
 * hot path, and at a million units every step that touches a new cache
 * line costs more than the rest of the lookup. A slot is 32 bytes (half a
 * cache line, aligned) and holds the id itself when it is shorter than
 * VS_ID_INLINE bytes, as ids usually are: a lookup then reads one line.
 * The stored hash skips the compare on collisions; longer ids are
 * compared with the unit's own copy. */

#define VS_ID_INLINE 24

struct VsIdSlot {
  guint32 hash;
  guint32 unit;           /* index + 1; 0 = empty */
  char key[VS_ID_INLINE]; /* the id, NUL-padded, when shorter than VS_ID_INLINE */
};

G_STATIC_ASSERT(sizeof(struct VsIdSlot) == 32);

guint32
vs_i_org_id_hash(const char *id, gsize len)
{
  return (guint32)vs_i_hash64(id, len);
}

static gboolean
slot_holds(const VsOrg *org, const struct VsIdSlot *slot, const char *id, gsize len)
{
  const char *have = len < VS_ID_INLINE ? slot->key : vs_i_unit_id(org, slot->unit - 1);
  return memcmp(have, id, len) == 0 && have[len] == '\0';
}

gssize
vs_i_org_find_hashed(const VsOrg *org, const char *id, gsize len, guint32 h)
{
  if (org->id_slots == NULL)
    return -1;
  for (gsize i = h & org->id_mask;; i = (i + 1) & org->id_mask) {
    const struct VsIdSlot *slot = &org->id_slots[i];
    if (slot->unit == 0)
      return -1;
    if (slot->hash == h && slot_holds(org, slot, id, len))
      return (gssize)slot->unit - 1;
  }
}

gssize
vs_i_org_find(const VsOrg *org, const char *id, gsize len)
{
  return vs_i_org_find_hashed(org, id, len, vs_i_org_id_hash(id, len));
}

void
vs_i_org_prefetch(const VsOrg *org, guint32 hash)
{
#if defined(__GNUC__)
  if (org->id_slots != NULL)
    __builtin_prefetch(&org->id_slots[hash & org->id_mask]);
#endif
}

static void
slot_put(struct VsIdSlot *slots, gsize mask, const struct VsIdSlot *slot)
{
  gsize i = slot->hash & mask;
  while (slots[i].unit != 0)
    i = (i + 1) & mask;
  slots[i] = *slot;
}

/* Makes room for @units units in all, keeping the table at most half full. */
static void
index_reserve(VsOrg *org, gsize units)
{
  gsize size = org->id_slots ? org->id_mask + 1 : 0, bigger = MAX(size, 64);
  struct VsIdSlot *slots;

  if (2 * units <= size)
    return;
  while (2 * units > bigger)
    bigger *= 2;
  slots = vs_i_alloc_table(bigger, sizeof *slots);
  for (gsize i = 0; i < size; i++)
    if (org->id_slots[i].unit != 0)
      slot_put(slots, bigger - 1, &org->id_slots[i]);
  g_aligned_free(org->id_slots);
  org->id_slots = slots;
  org->id_mask = bigger - 1;
}

/* Adds unit @index with id @id (@len bytes, not yet present), which
 * hashes to @hash. */
static void
index_add(VsOrg *org, const char *id, gsize len, guint32 hash, gsize index)
{
  struct VsIdSlot slot = {hash, (guint32)index + 1, {0}};

  if (org->id_slots == NULL || 2 * (index + 1) > org->id_mask + 1)
    index_reserve(org, MAX(2 * index, index + 1));
  if (len < VS_ID_INLINE)
    memcpy(slot.key, id, len);
  slot_put(org->id_slots, org->id_mask, &slot);
}

void
vs_i_org_reserve(VsOrg *org, gsize units, gsize handoffs)
{
  GArray *const ucols[] = UNIT_COLUMNS(org);
  GArray *const hcols[] = HANDOFF_COLUMNS(org);
  gsize n = org->u_id->len, m = org->h_from->len;

  units = MIN(units, VS_MAX_UNITS - n);
  handoffs = MIN(handoffs, VS_MAX_HANDOFFS - m);
  index_reserve(org, n + units);
  columns_reserve_to(ucols, G_N_ELEMENTS(ucols), &org->u_cap, n + units);
  columns_reserve_to(hcols, G_N_ELEMENTS(hcols), &org->h_cap, m + handoffs);
}

/* ---- validation of single values ---------------------------------------- */

/* Whether @s is ASCII only, which is valid UTF-8 (the usual name). */
static gboolean
is_ascii(const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar)*s >= 0x80)
      return FALSE;
  return TRUE;
}

static gboolean
check_text(const char *field, const char *text, GError **error)
{
  if (!is_ascii(text) && !g_utf8_validate(text, -1, NULL)) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is not valid UTF-8", field);
    return FALSE;
  }
  return TRUE;
}

/* Whether @s is printable ASCII only: the usual id, which then needs no
 * UTF-8 or control character check. */
static gboolean
ascii_printable(const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar)*s < 0x20 || (guchar)*s >= 0x7F)
      return FALSE;
  return TRUE;
}

static gboolean
check_id(const char *id, GError **error)
{
  if (*id == '\0') {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID, "field \"id\": is empty");
    return FALSE;
  }
  if (ascii_printable(id))
    return TRUE;
  if (!check_text("id", id, error))
    return FALSE;
  for (const char *p = id; *p; p = g_utf8_next_char(p)) {
    if (g_unichar_iscntrl(g_utf8_get_char(p))) {
      g_autofree char *shown = vs_i_show_value(id, strlen(id));
      g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                  "field \"id\": %s contains a control character", shown);
      return FALSE;
    }
  }
  return TRUE;
}

/* Says why @x fails check_range(). Kept out of line: a million rows pass. */
static G_GNUC_NO_INLINE gboolean
range_error(const char *field, double x, double lo, double hi, gboolean lo_open, GError **error)
{
  if (!isfinite(x))
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not finite", field, x);
  else if (lo_open && isinf(hi))
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not > %g", field, x, lo);
  else if (isinf(hi))
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is negative", field, x);
  else
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": %g is not in %g..%g", field, x,
                lo, hi);
  return FALSE;
}

/* NAN is "absent" and always passes; infinities never do. Inline, so the
 * passing case is a few comparisons where it is called. */
static inline gboolean
check_range(const char *field, double x, double lo, double hi, gboolean lo_open, GError **error)
{
  if (isnan(x) || (isfinite(x) && !(lo_open ? x <= lo : x < lo) && !(x > hi)))
    return TRUE;
  return range_error(field, x, lo, hi, lo_open, error);
}

static gboolean
check_unit_attrs(VsOrg *org, const VsUnitAttrs *a, const char **group, GError **error)
{
  *group = NULL;
  return (a->name == NULL || check_text("name", a->name, error)) &&
         (a->group == NULL || *a->group == '\0' ||
          (*group = intern_checked(org, "group", a->group, error)) != NULL) &&
         check_range("revenue", a->revenue, 0, INFINITY, FALSE, error) &&
         check_range("own_share", a->own_share, 0, 1, FALSE, error) &&
         check_range("headcount", a->headcount, 0, INFINITY, FALSE, error) &&
         check_range("cost", a->cost, 0, INFINITY, FALSE, error);
}

gssize
vs_org_add_unit(VsOrg *org, const char *id, VsKind kind, const VsUnitAttrs *attrs, GError **error)
{
  static const VsUnitAttrs none = VS_UNIT_ATTRS_INIT;
  const char *copy, *name = NULL, *group = NULL;
  guint8 k = (guint8)kind;
  double revenue, cost;
  gsize index, id_len;
  guint32 hash;

  g_return_val_if_fail(org != NULL, -1);
  g_return_val_if_fail(id != NULL, -1);
  g_return_val_if_fail(error == NULL || *error == NULL, -1);
  if (attrs == NULL)
    attrs = &none;

  if (!check_id(id, error) || !check_unit_attrs(org, attrs, &group, error))
    return -1;
  if (vs_kind_name(kind) == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"kind\": unknown kind %d", (int)kind);
    return -1;
  }
  id_len = strlen(id);
  hash = vs_i_org_id_hash(id, id_len); /* for the lookup and the index */
  if (vs_i_org_find_hashed(org, id, id_len, hash) >= 0) {
    g_autofree char *shown = vs_i_show_value(id, id_len);
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"id\": duplicate id %s", shown);
    return -1;
  }
  index = org->u_id->len;
  if (index >= VS_MAX_UNITS) {
    g_set_error(error, VS_ERROR, VS_ERROR_LIMIT,
                "too many units (the limit is %" G_GSIZE_FORMAT ")", VS_MAX_UNITS);
    return -1;
  }

  revenue = isnan(attrs->revenue) ? 0.0 : attrs->revenue;
  if (kind != VS_KIND_CUSTOMER && revenue != 0.0) {
    vs_i_org_add_note(org, "unit %s has revenue %g but is not a customer; it is ignored", id,
                      revenue);
    revenue = 0.0;
  }
  cost = isnan(attrs->cost) ? 0.0 : attrs->cost;
  if (kind == VS_KIND_CUSTOMER && cost != 0.0) {
    vs_i_org_add_note(org, "customer %s has cost %g; customers carry no cost, it is ignored", id,
                      cost);
    cost = 0.0;
  }
  if (kind == VS_KIND_CUSTOMER && !isnan(attrs->own_share))
    vs_i_org_add_note(org, "customer %s has own_share %g; customers take none, it is ignored", id,
                      attrs->own_share);

  invalidate(org);
  copy = g_string_chunk_insert_len(org->strings, id, (gssize)id_len);
  if (attrs->name != NULL && *attrs->name != '\0' && strcmp(attrs->name, id) != 0)
    name = g_string_chunk_insert(org->strings, attrs->name);
  index_add(org, copy, id_len, hash, index);
  {
    GArray *const cols[] = UNIT_COLUMNS(org);
    columns_reserve(cols, G_N_ELEMENTS(cols), &org->u_cap);
    COLUMN_AT(org->u_id, const char *, index) = copy;
    COLUMN_AT(org->u_name, const char *, index) = name;
    COLUMN_AT(org->u_group, const char *, index) = group;
    COLUMN_AT(org->u_kind, guint8, index) = k;
    COLUMN_AT(org->u_revenue, double, index) = revenue;
    COLUMN_AT(org->u_own_share, double, index) = attrs->own_share;
    COLUMN_AT(org->u_headcount, double, index) = attrs->headcount;
    COLUMN_AT(org->u_cost, double, index) = cost;
    columns_commit(cols, G_N_ELEMENTS(cols), 1);
  }
  org->n_kind[kind]++;
  return (gssize)index;
}

gssize
vs_org_find_unit(const VsOrg *org, const char *id)
{
  g_return_val_if_fail(org != NULL, -1);
  g_return_val_if_fail(id != NULL, -1);
  return vs_i_org_find(org, id, strlen(id));
}

/* Resolves a unit id named in @field, or says which id is unknown. */
static gssize
resolve(const VsOrg *org, const char *field, const char *id, GError **error)
{
  gssize i;

  if (id == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": is missing", field);
    return -1;
  }
  i = vs_org_find_unit(org, id);
  if (i < 0) {
    g_autofree char *shown = vs_i_show_value(id, strlen(id));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"%s\": unknown unit %s", field, shown);
  }
  return i;
}

/* The checks of a handoff that look at its ends. */
static gboolean
check_ends(const VsOrg *org, guint32 from, guint32 to, GError **error)
{
  if (from == to) {
    g_autofree char *shown = vs_i_short_id(vs_i_unit_id(org, from));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID, "field \"to\": self-handoff %s -> %s", shown,
                shown);
    return FALSE;
  }
  if (g_array_index(org->u_kind, guint8, from) == VS_KIND_CUSTOMER) {
    g_autofree char *shown = vs_i_short_id(vs_i_unit_id(org, from));
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"from\": %s is a customer; customers do not hand off", shown);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_handoff_values(const VsHandoffAttrs *attrs, GError **error)
{
  return check_range("weight", attrs->weight, 0, INFINITY, TRUE, error) &&
         check_range("score", attrs->score, 0, 1, FALSE, error) &&
         check_range("volume", attrs->volume, 0, INFINITY, FALSE, error) &&
         check_range("lead_time_days", attrs->lead_time_days, 0, INFINITY, FALSE, error);
}

static gboolean
has_text(const char *s)
{
  return s != NULL && *s != '\0';
}

gboolean
vs_i_org_check_handoff(const VsOrg *org, guint32 from, guint32 to, const VsHandoffAttrs *attrs,
                       GError **error)
{
  return check_ends(org, from, to, error) &&
         (!has_text(attrs->deliverable) || check_text("deliverable", attrs->deliverable, error)) &&
         check_handoff_values(attrs, error);
}

/* The handoff columns' storage, valid until they next grow. */
static VsHandoffSlots
slots_of(VsOrg *org)
{
  return (VsHandoffSlots){
      (guint32 *)(void *)org->h_from->data,
      (guint32 *)(void *)org->h_to->data,
      (const char **)(void *)org->h_deliverable->data,
      (double *)(void *)org->h_weight->data,
      (double *)(void *)org->h_score->data,
      (double *)(void *)org->h_volume->data,
      (double *)(void *)org->h_lead->data,
  };
}

static void
slots_store(const VsHandoffSlots *s, gsize i, guint32 from, guint32 to, const char *deliverable,
            const VsHandoffAttrs *attrs)
{
  s->from[i] = from;
  s->to[i] = to;
  s->deliverable[i] = deliverable;
  s->weight[i] = isnan(attrs->weight) ? 1.0 : attrs->weight;
  s->score[i] = attrs->score;
  s->volume[i] = attrs->volume;
  s->lead[i] = attrs->lead_time_days;
}

void
vs_i_handoff_slots_set(const VsHandoffSlots *slots, gsize i, const VsHandoffRow *row)
{
  slots_store(slots, i, row->from, row->to, row->attrs.deliverable, &row->attrs);
}

gboolean
vs_i_org_handoff_slots(VsOrg *org, gsize at, gsize n, VsHandoffSlots *slots)
{
  GArray *const cols[] = HANDOFF_COLUMNS(org);

  if (at < org->h_from->len || at > VS_MAX_HANDOFFS || n > VS_MAX_HANDOFFS - at)
    return FALSE;
  columns_reserve_to(cols, G_N_ELEMENTS(cols), &org->h_cap, at + n);
  *slots = slots_of(org);
  return TRUE;
}

static gboolean
check_handoff_room(const VsOrg *org, gsize more, GError **error)
{
  if (more > VS_MAX_HANDOFFS - org->h_from->len) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_LIMIT, "too many handoffs");
    return FALSE;
  }
  return TRUE;
}

gssize
vs_i_org_add_handoff_idx(VsOrg *org, guint32 from, guint32 to, const VsHandoffAttrs *attrs,
                         GError **error)
{
  static const VsHandoffAttrs none = VS_HANDOFF_ATTRS_INIT;
  GArray *const cols[] = HANDOFF_COLUMNS(org);
  const char *deliverable = NULL;
  gsize index = org->h_from->len;
  VsHandoffSlots slots;

  if (attrs == NULL)
    attrs = &none;
  if (!check_ends(org, from, to, error))
    return -1;
  if (has_text(attrs->deliverable) &&
      (deliverable = intern_checked(org, "deliverable", attrs->deliverable, error)) == NULL)
    return -1;
  if (!check_handoff_values(attrs, error) || !check_handoff_room(org, 1, error))
    return -1;

  invalidate(org);
  columns_reserve(cols, G_N_ELEMENTS(cols), &org->h_cap);
  slots = slots_of(org);
  slots_store(&slots, index, from, to, deliverable, attrs);
  columns_commit(cols, G_N_ELEMENTS(cols), 1);
  return (gssize)index;
}

/* Rows come with their deliverables copied once per distinct text, so a
 * few pointers repeat: a cache by pointer saves most lookups. It has room
 * for a few hundred texts: with 16 slots, 50 deliverables evicted each
 * other and two rows in three went to the hash table. */
#define DELIVERABLE_CACHE_BITS 9
#define DELIVERABLE_CACHE (1u << DELIVERABLE_CACHE_BITS)

/* The interned copy of each deliverable of rows [at, at + n), in place. */
static void
intern_deliverables(VsOrg *org, gsize at, gsize n)
{
  const char **deliverable = (const char **)(void *)org->h_deliverable->data;
  const char *seen[DELIVERABLE_CACHE] = {NULL}, *interned[DELIVERABLE_CACHE] = {NULL};

  for (gsize i = at; i < at + n; i++) {
    const char *text = deliverable[i];
    guint slot;
    if (!has_text(text)) {
      deliverable[i] = NULL;
      continue;
    }
    slot = vs_i_pointer_slot(text, DELIVERABLE_CACHE_BITS);
    if (seen[slot] != text) {
      seen[slot] = text;
      interned[slot] = intern(org, text);
    }
    deliverable[i] = interned[slot];
  }
}

gboolean
vs_i_org_append_handoffs(VsOrg *org, const VsHandoffRow *rows, gsize n, GError **error)
{
  GArray *const cols[] = HANDOFF_COLUMNS(org);
  gsize at = org->h_from->len;
  VsHandoffSlots slots;

  if (n == 0)
    return TRUE;
  if (!check_handoff_room(org, n, error))
    return FALSE;
  invalidate(org);
  columns_reserve_to(cols, G_N_ELEMENTS(cols), &org->h_cap, at + n);
  slots = slots_of(org);
  for (gsize i = 0; i < n; i++)
    vs_i_handoff_slots_set(&slots, at + i, &rows[i]);
  intern_deliverables(org, at, n);
  columns_commit(cols, G_N_ELEMENTS(cols), n);
  return TRUE;
}
gboolean
vs_i_org_adopt_handoffs(VsOrg *org, gsize at, gsize n, GError **error)
{
  GArray *const cols[] = HANDOFF_COLUMNS(org);
  gsize len = org->h_from->len;

  g_return_val_if_fail(at >= len && at + n <= org->h_cap, FALSE);
  if (n == 0)
    return TRUE;
  if (!check_handoff_room(org, n, error))
    return FALSE;
  invalidate(org);
  for (guint i = 0; at > len && i < G_N_ELEMENTS(cols); i++) {
    gsize size = g_array_get_element_size(cols[i]);
    memmove(cols[i]->data + len * size, cols[i]->data + at * size, n * size);
  }
  intern_deliverables(org, len, n);
  columns_commit(cols, G_N_ELEMENTS(cols), n);
  return TRUE;
}

gssize
vs_org_add_handoff(VsOrg *org, const char *from, const char *to, const VsHandoffAttrs *attrs,
                   GError **error)
{
  gssize f, t;

  g_return_val_if_fail(org != NULL, -1);
  g_return_val_if_fail(error == NULL || *error == NULL, -1);
  if ((f = resolve(org, "from", from, error)) < 0 || (t = resolve(org, "to", to, error)) < 0)
    return -1;
  return vs_i_org_add_handoff_idx(org, (guint32)f, (guint32)t, attrs, error);
}

gboolean
vs_i_org_add_response_idx(VsOrg *org, const char *period, guint32 respondent, guint32 provider,
                          double score, double scale_min, double scale_max, GError **error)
{
  if (period == NULL || *period == '\0') {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID, "field \"period\": is empty");
    return FALSE;
  }
  /* interned before the other checks, as its error comes first (a string
   * left in the pool by an error is harmless) */
  if ((period = intern_checked(org, "period", period, error)) == NULL)
    return FALSE;
  if (isnan(scale_min))
    scale_min = 1.0;
  if (isnan(scale_max))
    scale_max = 5.0;
  if (!isfinite(scale_min) || !isfinite(scale_max)) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID,
                        "field \"scale_min\": the scale is not finite");
    return FALSE;
  }
  if (scale_min >= scale_max) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"scale_min\": %g is not below scale_max %g", scale_min, scale_max);
    return FALSE;
  }
  if (isnan(score)) {
    g_set_error_literal(error, VS_ERROR, VS_ERROR_INVALID, "field \"score\": is missing");
    return FALSE;
  }
  if (!isfinite(score) || score < scale_min || score > scale_max) {
    g_set_error(error, VS_ERROR, VS_ERROR_INVALID,
                "field \"score\": %g is outside the scale %g..%g", score, scale_min, scale_max);
    return FALSE;
  }
  {
    GArray *const cols[] = {org->s_period, org->s_respondent, org->s_provider,
                            org->s_score,  org->s_min,        org->s_max};
    gsize index = org->s_period->len;
    columns_reserve(cols, G_N_ELEMENTS(cols), &org->s_cap);
    COLUMN_AT(org->s_period, const char *, index) = period;
    COLUMN_AT(org->s_respondent, guint32, index) = respondent;
    COLUMN_AT(org->s_provider, guint32, index) = provider;
    COLUMN_AT(org->s_score, double, index) = score;
    COLUMN_AT(org->s_min, double, index) = scale_min;
    COLUMN_AT(org->s_max, double, index) = scale_max;
    columns_commit(cols, G_N_ELEMENTS(cols), 1);
  }
  return TRUE;
}

gboolean
vs_org_add_survey_response(VsOrg *org, const VsSurveyResponse *r, GError **error)
{
  gssize resp, prov;

  g_return_val_if_fail(org != NULL, FALSE);
  g_return_val_if_fail(r != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if ((resp = resolve(org, "respondent", r->respondent, error)) < 0 ||
      (prov = resolve(org, "provider", r->provider, error)) < 0)
    return FALSE;
  return vs_i_org_add_response_idx(org, r->period, (guint32)resp, (guint32)prov, r->score,
                                   r->scale_min, r->scale_max, error);
}

void
vs_i_org_truncate_surveys(VsOrg *org, gsize n)
{
  GArray *columns[] = {org->s_period, org->s_respondent, org->s_provider,
                       org->s_score,  org->s_min,        org->s_max};
  for (guint i = 0; i < G_N_ELEMENTS(columns); i++)
    if (columns[i]->len > n)
      g_array_set_size(columns[i], (guint)n);
}

/* ---- what editing (org-edit.c) needs ------------------------------------- */

void
vs_i_org_invalidate(VsOrg *org)
{
  invalidate(org);
}

const char *
vs_i_org_intern(VsOrg *org, const char *field, const char *text, GError **error)
{
  return intern_checked(org, field, text, error);
}

void
vs_i_org_reindex(VsOrg *org)
{
  gsize n = org->u_id->len;

  g_aligned_free(org->id_slots);
  org->id_slots = NULL;
  org->id_mask = 0;
  if (n > 0)
    index_reserve(org, n);
  for (gsize u = 0; u < n; u++) {
    const char *id = vs_i_unit_id(org, u);
    gsize len = strlen(id);
    index_add(org, id, len, vs_i_org_id_hash(id, len), u);
  }
}
