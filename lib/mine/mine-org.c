/* valuestream - a mining result as an organisation, in memory and on disk.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "mine-private.h"

/* How many names a note lists before "...". */
#define NOTE_NAMES 20

/* ---- the org ------------------------------------------------------------------ */

/* Unit @u of the result as an org unit, with @units' attributes when it
 * lists the unit. Revenue goes to customers and own_share to the others
 * only, as the model ignores them elsewhere. */
static gboolean
add_unit(VsOrg *org, const VsMineResult *r, const VsOrg *units, gsize u, GError **error)
{
  const char *id = vs_mine_result_get_unit_id(r, u);
  gssize t = units != NULL ? vs_org_find_unit(units, id) : -1;
  VsUnitAttrs attrs = VS_UNIT_ATTRS_INIT;
  VsKind kind = vs_mine_result_get_unit_kind(r, u);
  double revenue = vs_mine_result_get_unit_revenue(r, u);
  double own = vs_mine_result_get_unit_own_share(r, u);

  if (t >= 0) {
    kind = vs_org_get_unit_kind(units, (gsize)t);
    attrs.name = vs_org_get_unit_name(units, (gsize)t);
    attrs.group = vs_org_get_unit_group(units, (gsize)t);
    attrs.headcount = vs_org_get_unit_headcount(units, (gsize)t);
    if (vs_org_get_unit_revenue(units, (gsize)t) > 0)
      revenue = vs_org_get_unit_revenue(units, (gsize)t);
    if (!isnan(vs_org_get_unit_own_share(units, (gsize)t)))
      own = vs_org_get_unit_own_share(units, (gsize)t);
  }
  if (kind == VS_KIND_CUSTOMER)
    attrs.revenue = revenue;
  else
    attrs.own_share = own;
  if (vs_org_add_unit(org, id, kind, &attrs, error) < 0) {
    g_prefix_error(error, "%s: unit \"%s\": ", r->name, id);
    return FALSE;
  }
  return TRUE;
}

/* Appends up to NOTE_NAMES names of @names[0..n) to @out, comma-separated. */
static void
append_names(GString *out, const char *const *names, gsize n)
{
  for (gsize i = 0; i < n && i < NOTE_NAMES; i++)
    g_string_append_printf(out, "%s%s", i > 0 ? ", " : "", names[i]);
  if (n > NOTE_NAMES)
    g_string_append_printf(out, " and %" G_GSIZE_FORMAT " more", n - NOTE_NAMES);
}

/* What the org should tell every analysis about how it was mined. */
static void
add_notes(VsOrg *org, const VsMineResult *r, const VsOrg *units, guint64 self_pairs)
{
  guint64 skipped = r->counts[VS_MINE_EVENTS_SKIPPED];

  if (skipped > 0)
    vs_i_org_add_note(org, "mined from %s: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT
                      " events had no team and were skipped", r->name, skipped,
                      r->counts[VS_MINE_EVENTS]);
  if (r->unmapped->len > 0) {
    g_autoptr(GString) s = g_string_new(NULL);
    append_names(s, (const char *const *)r->unmapped->pdata, r->unmapped->len);
    vs_i_org_add_note(org, "mined from %s: %u people are not in the people map, so their %"
                      G_GUINT64_FORMAT " events were skipped: %s", r->name, r->unmapped->len,
                      r->counts[VS_MINE_EVENTS_UNMAPPED], s->str);
  }
  if (self_pairs > 0)
    vs_i_org_add_note(org, "mined from %s: %" G_GUINT64_FORMAT " self-handover pairs (a team to "
                      "itself) are not handoffs of the model and were left out", r->name,
                      self_pairs);
  if (units != NULL) {
    g_autoptr(GPtrArray) absent = g_ptr_array_new();
    for (gsize u = 0; u < vs_org_get_n_units(units); u++) {
      const char *id = vs_org_get_unit_id(units, u);
      guint32 hash = vs_i_intern_hash(id, strlen(id));
      if (vs_i_intern_find(&r->units, id, strlen(id), hash) < 0)
        g_ptr_array_add(absent, (gpointer)id);
    }
    if (absent->len > 0) {
      g_autoptr(GString) s = g_string_new(NULL);
      append_names(s, (const char *const *)absent->pdata, absent->len);
      vs_i_org_add_note(org, "mined from %s: %u units of the units file do not occur in the "
                        "log and were left out: %s", r->name, absent->len, s->str);
    }
  }
}

/* The org, and for each of its handoffs the pair it comes from. */
static VsOrg *
build_org(const VsMineResult *r, const VsOrg *units, GArray *pair_of_handoff, GError **error)
{
  g_autoptr(VsOrg) org = vs_org_new();
  const guint32 *from, *to;
  gsize n = vs_mine_result_get_pairs(r, &from, &to);
  const double *col[VS_MINE_RETURNS + 1];
  guint64 self_pairs = 0;

  for (guint c = 0; c < G_N_ELEMENTS(col); c++)
    col[c] = vs_mine_result_get_column(r, (VsMineColumn)c, NULL);
  /* Teams first, then customers, each in order of first appearance. */
  g_autofree guint32 *org_index = g_new(guint32, MAX(vs_mine_result_get_n_units(r), 1));
  guint32 next = 0;
  for (int customers = 0; customers <= 1; customers++)
    for (gsize u = 0; u < vs_mine_result_get_n_units(r); u++) {
      if ((vs_mine_result_get_unit_kind(r, u) == VS_KIND_CUSTOMER) != customers)
        continue;
      if (!add_unit(org, r, units, u, error))
        return NULL;
      org_index[u] = next++;
    }
  for (gsize p = 0; p < n; p++) {
    VsHandoffAttrs attrs = VS_HANDOFF_ATTRS_INIT;
    guint32 pair = (guint32)p;

    if (from[p] == to[p]) {
      self_pairs++;
      continue;
    }
    attrs.weight = col[VS_MINE_WEIGHT][p];
    attrs.volume = col[VS_MINE_VOLUME][p];
    attrs.lead_time_days = col[VS_MINE_LEAD_TIME][p];
    attrs.score = col[VS_MINE_SCORE][p];
    if (vs_i_org_add_handoff_idx(org, org_index[from[p]], org_index[to[p]], &attrs, error) < 0) {
      g_prefix_error(error, "%s: handoff %s -> %s: ", r->name,
                     vs_mine_result_get_unit_id(r, from[p]), vs_mine_result_get_unit_id(r, to[p]));
      return NULL;
    }
    if (pair_of_handoff != NULL)
      g_array_append_val(pair_of_handoff, pair);
  }
  add_notes(org, r, units, self_pairs);
  if (!vs_org_validate(org, error)) {
    g_prefix_error(error, "%s: ", r->name);
    return NULL;
  }
  return g_steal_pointer(&org);
}

VsOrg *
vs_mine_result_to_org(const VsMineResult *result, const VsOrg *units, GError **error)
{
  g_return_val_if_fail(result != NULL, NULL);
  g_return_val_if_fail(error == NULL || *error == NULL, NULL);
  return build_org(result, units, NULL, error);
}

/* ---- CSV text -------------------------------------------------------------------- */

static void
append_text(GString *out, const char *s)
{
  if (s == NULL)
    return;
  if (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[0] != '\t') {
    g_string_append(out, s);
    return;
  }
  g_string_append_c(out, '"');
  for (; *s != '\0'; s++) {
    if (*s == '"')
      g_string_append_c(out, '"');
    g_string_append_c(out, *s);
  }
  g_string_append_c(out, '"');
}

/* A number as it reads back exactly; nothing for NAN (unset). */
static void
append_number(GString *out, double x)
{
  if (!isnan(x))
    vs_i_append_double(out, x);
}

static GString *
units_csv(const VsOrg *org)
{
  GString *out = g_string_new("id,kind,name,group,revenue,own_share,headcount\n");

  for (gsize u = 0; u < vs_org_get_n_units(org); u++) {
    const char *id = vs_org_get_unit_id(org, u), *name = vs_org_get_unit_name(org, u);
    VsKind kind = vs_org_get_unit_kind(org, u);
    append_text(out, id);
    g_string_append_printf(out, ",%s,", vs_kind_name(kind));
    append_text(out, strcmp(name, id) != 0 ? name : NULL);
    g_string_append_c(out, ',');
    append_text(out, vs_org_get_unit_group(org, u));
    g_string_append_c(out, ',');
    if (kind == VS_KIND_CUSTOMER)
      append_number(out, vs_org_get_unit_revenue(org, u));
    g_string_append_c(out, ',');
    append_number(out, vs_org_get_unit_own_share(org, u));
    g_string_append_c(out, ',');
    append_number(out, vs_org_get_unit_headcount(org, u));
    g_string_append_c(out, '\n');
  }
  return out;
}

static GString *
handoffs_csv(const VsOrg *org, const VsMineResult *r, const GArray *pair_of_handoff)
{
  static const VsMineColumn extras[] = {VS_MINE_CASES_COLUMN, VS_MINE_RETURNS,
                                        VS_MINE_LEAD_TIME_P90};
  GString *out = g_string_new(
      "from,to,weight,volume,lead_time_days,score,cases,returns,lead_time_p90_days\n");

  for (gsize h = 0; h < vs_org_get_n_handoffs(org); h++) {
    guint32 p = g_array_index(pair_of_handoff, guint32, h);
    append_text(out, vs_org_get_unit_id(org, vs_org_get_handoff_from(org, h)));
    g_string_append_c(out, ',');
    append_text(out, vs_org_get_unit_id(org, vs_org_get_handoff_to(org, h)));
    g_string_append_c(out, ',');
    append_number(out, vs_org_get_handoff_weight(org, h));
    g_string_append_c(out, ',');
    append_number(out, vs_org_get_handoff_volume(org, h));
    g_string_append_c(out, ',');
    append_number(out, vs_org_get_handoff_lead_time(org, h));
    g_string_append_c(out, ',');
    append_number(out, vs_org_get_handoff_score(org, h));
    for (guint e = 0; e < G_N_ELEMENTS(extras); e++) {
      g_string_append_c(out, ',');
      append_number(out, vs_mine_result_get_column(r, extras[e], NULL)[p]);
    }
    g_string_append_c(out, '\n');
  }
  return out;
}

/* ---- the directory, atomically ------------------------------------------------------ */

static const char *const org_files[] = {"units.csv", "handoffs.csv"};

static gboolean
is_org_file(const char *name)
{
  return strcmp(name, org_files[0]) == 0 || strcmp(name, org_files[1]) == 0;
}

/* An existing @dir may be replaced only when it is a directory holding
 * nothing but the files this writes: never someone's other data. */
static gboolean
check_replaceable(const char *dir, gboolean *exists, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) d = NULL;
  const char *entry;

  *exists = g_file_test(dir, G_FILE_TEST_EXISTS);
  if (!*exists)
    return TRUE;
  d = g_dir_open(dir, 0, &local);
  if (d == NULL) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: exists and is not a directory I can read: %s",
                dir, local->message);
    return FALSE;
  }
  while ((entry = g_dir_read_name(d)) != NULL) {
    if (!is_org_file(entry)) {
      g_set_error(error, VS_ERROR, VS_ERROR_IO,
                  "%s: exists and holds %s, which is not mined output; refusing to replace it "
                  "(choose another directory)",
                  dir, entry);
      return FALSE;
    }
  }
  return TRUE;
}

/* Removes @dir and the org files in it; best effort (used to clean up). */
static void
remove_org_dir(const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS(org_files); i++) {
    g_autofree char *path = g_build_filename(dir, org_files[i], NULL);
    g_unlink(path);
  }
  g_rmdir(dir);
}

static gboolean
write_member(const char *dir, const char *file, const GString *text, GError **error)
{
  g_autofree char *path = g_build_filename(dir, file, NULL);
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents(path, text->str, (gssize)text->len, &local)) {
    g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot write: %s", path, local->message);
    return FALSE;
  }
  return TRUE;
}

static gboolean
io_error(const char *what, const char *path, int err, GError **error)
{
  g_set_error(error, VS_ERROR, VS_ERROR_IO, "%s: cannot %s: %s", path, what, g_strerror(err));
  return FALSE;
}

/* Puts the complete directory @tmp in place of @dir. With an old @dir,
 * RENAME_EXCHANGE swaps the two in one step, so @dir always names a
 * complete org; where the file system cannot, the old one is first moved
 * aside. Either way @tmp ends up holding what is to be removed. */
static gboolean
swap_into_place(const char *tmp, const char *dir, gboolean exists, GError **error)
{
  g_autofree char *aside = NULL;

  if (!exists)
    return rename(tmp, dir) == 0 || io_error("rename into place", dir, errno, error);
  if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0)
    return TRUE;
  if (errno != EINVAL && errno != ENOSYS)
    return io_error("replace", dir, errno, error);
  aside = g_strconcat(tmp, ".old", NULL);
  if (rename(dir, aside) != 0)
    return io_error("move aside", dir, errno, error);
  if (rename(tmp, dir) != 0) {
    int saved = errno;
    rename(aside, dir);
    return io_error("rename into place", dir, saved, error);
  }
  return rename(aside, tmp) == 0 || io_error("clean up", aside, errno, error);
}

gboolean
vs_mine_result_write_dir(const VsMineResult *result, const VsOrg *units, const char *dir,
                         GError **error)
{
  g_autoptr(GArray) pair_of_handoff = g_array_new(FALSE, FALSE, sizeof(guint32));
  g_autoptr(VsOrg) org = NULL;
  g_autoptr(GString) units_text = NULL, handoffs_text = NULL;
  g_autofree char *target = NULL, *parent = NULL, *base = NULL, *tmp = NULL;
  gboolean exists, ok;

  g_return_val_if_fail(result != NULL, FALSE);
  g_return_val_if_fail(dir != NULL, FALSE);
  g_return_val_if_fail(error == NULL || *error == NULL, FALSE);
  if ((org = build_org(result, units, pair_of_handoff, error)) == NULL ||
      !check_replaceable(dir, &exists, error))
    return FALSE;
  units_text = units_csv(org);
  handoffs_text = handoffs_csv(org, result, pair_of_handoff);

  /* "out/" names the directory out: drop trailing slashes first */
  target = g_strdup(dir);
  for (gsize n = strlen(target); n > 1 && target[n - 1] == G_DIR_SEPARATOR; n--)
    target[n - 1] = '\0';
  parent = g_path_get_dirname(target);
  base = g_path_get_basename(target);
  tmp = g_strdup_printf("%s/.%s.tmp-XXXXXX", parent, base);
  if (g_mkdtemp(tmp) == NULL)
    return io_error("create a temporary directory", tmp, errno, error);
  ok = write_member(tmp, org_files[0], units_text, error) &&
       write_member(tmp, org_files[1], handoffs_text, error) &&
       swap_into_place(tmp, target, exists, error);
  remove_org_dir(tmp);
  return ok;
}
