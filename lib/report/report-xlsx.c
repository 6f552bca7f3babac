/* valuestream - an Excel workbook (.xlsx) through libxlsxwriter.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Four sheets: Summary (the SPEC 5 summary figures, then the warnings),
 * Units, Customers and Handoffs (the columns of the CSV tables, rows in
 * input order). On every sheet the header row is frozen and carries an
 * autofilter; numbers are number cells (money "#,##0.00", shares, scores
 * and quality "0.000", counts "0", weights and volumes as they are),
 * ids, names and lists are text cells (an id "007" stays "007"; a name
 * starting with "=" is text, never a formula), a figure that does not
 * exist is an empty cell. Column widths follow the content, capped.
 *
 * Excel holds at most 32,767 characters (UTF-16 code units) in a cell: a
 * longer text is cut to fit with a note "… [cut: N characters]" at its
 * end, N counting the characters left out. A sheet holds at most
 * 1,048,576 rows: an org with more units or handoffs than that is refused
 * (VS_ERROR_INVALID) rather than written partly.
 *
 * libxlsxwriter writes only to a named file: the workbook is built in a
 * temporary file under g_get_tmp_dir() (its own scratch files are
 * anonymous tmpfile()s) and then copied into the writer's stream, so it
 * goes wherever the other formats go; vs_report_write_file() makes that
 * atomic (a temporary file next to the target, renamed when complete).
 * Numbers keep the 15 significant digits Excel holds (libxlsxwriter
 * writes 16). */
#include <errno.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "report-private.h"

/* Excel's limits. */
#define CELL_MAX 32767
#define ROWS_MAX 1048576
/* Column widths in characters: at least the header, at most this. */
#define WIDTH_MAX 60

typedef enum {
  COL_TEXT,  /* ids, names, lists */
  COL_MONEY, /* #,##0.00 */
  COL_RATIO, /* 0.000: shares, scores, quality */
  COL_COUNT, /* 0 */
  COL_PLAIN, /* General: weights, volumes, days */
  COL_BOOL,
} ColKind;

typedef struct {
  const char *name;
  ColKind kind;
} Column;

typedef struct {
  lxw_workbook *wb;
  lxw_format *header, *fmt[COL_BOOL + 1];
  lxw_error err; /* the first error */
  GString *cell, *scratch;
} Book;

typedef struct {
  Book *book;
  lxw_worksheet *ws;
  const Column *cols;
  guint n_cols;
  double width[24];
  lxw_row_t row;
  lxw_col_t col;
} Sheet;

static void
check(Book *b, lxw_error err)
{
  if (b->err == LXW_NO_ERROR)
    b->err = err;
}

/* The number of UTF-16 code units of the UTF-8 @s. */
static gsize
utf16_len(const char *s, gsize *chars)
{
  gsize units = 0, n = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p), n++)
    units += g_utf8_get_char(p) > 0xffff ? 2 : 1;
  if (chars != NULL)
    *chars = n;
  return units;
}

/* @s, or @s cut to fit a cell with a note at its end (then in
 * @b->cell); its length in characters in @chars. */
static const char *
fit_cell(Book *b, const char *s, gsize *chars)
{
  gsize n, units = utf16_len(s, &n), kept = 0, kept_units = 0, room;
  const char *p = s;
  char note[64];

  *chars = n;
  if (units <= CELL_MAX)
    return s;
  /* room for the longest note (all cut; the number only shrinks) */
  g_snprintf(note, sizeof note, " \xe2\x80\xa6 [cut: %" G_GSIZE_FORMAT " characters]", n);
  room = CELL_MAX - (gsize)g_utf8_strlen(note, -1);
  for (; *p; p = g_utf8_next_char(p)) {
    gsize w = g_utf8_get_char(p) > 0xffff ? 2 : 1;
    if (kept_units + w > room)
      break;
    kept_units += w;
    kept++;
  }
  g_snprintf(note, sizeof note, " \xe2\x80\xa6 [cut: %" G_GSIZE_FORMAT " characters]", n - kept);
  g_string_truncate(b->cell, 0);
  g_string_append_len(b->cell, s, p - s);
  g_string_append(b->cell, note);
  *chars = kept + (gsize)g_utf8_strlen(note, -1);
  return b->cell->str;
}

static void
widen(Sheet *sh, gsize chars)
{
  double w = (double)MIN(chars, (gsize)WIDTH_MAX);
  if (w > sh->width[sh->col])
    sh->width[sh->col] = w;
}

static void
sheet_begin(Sheet *sh, Book *b, const char *name, const Column *cols, guint n_cols)
{
  memset(sh, 0, sizeof *sh);
  sh->book = b;
  sh->cols = cols;
  sh->n_cols = n_cols;
  g_assert(n_cols <= G_N_ELEMENTS(sh->width));
  sh->ws = workbook_add_worksheet(b->wb, name);
  if (sh->ws == NULL) {
    check(b, LXW_ERROR_MEMORY_MALLOC_FAILED);
    return;
  }
  for (guint c = 0; c < n_cols; c++) {
    check(b, worksheet_write_string(sh->ws, 0, (lxw_col_t)c, cols[c].name, b->header));
    sh->width[c] = (double)strlen(cols[c].name) + 2; /* room for the filter button */
  }
  sh->row = 1;
}

static void
cell_text(Sheet *sh, const char *s)
{
  gsize chars;
  if (sh->ws != NULL && s != NULL && *s != '\0') {
    const char *fit = fit_cell(sh->book, s, &chars);
    check(sh->book, worksheet_write_string(sh->ws, sh->row, sh->col, fit, sh->book->fmt[COL_TEXT]));
    widen(sh, chars);
  }
  sh->col++;
}

/* An empty cell for a figure that does not exist (NAN). */
static void
cell_number(Sheet *sh, double x)
{
  ColKind kind = sh->cols[sh->col].kind;
  if (sh->ws != NULL && isfinite(x)) {
    Book *b = sh->book;
    check(b, worksheet_write_number(sh->ws, sh->row, sh->col, x, b->fmt[kind]));
    /* the width of the number as shown */
    g_string_truncate(b->scratch, 0);
    if (kind == COL_MONEY) {
      g_string_printf(b->scratch, "%.2f", fabs(x));
      widen(sh, b->scratch->len + (b->scratch->len - 3 - 1) / 3 + (x < 0) + 1);
    } else if (kind == COL_RATIO) {
      g_string_printf(b->scratch, "%.3f", x);
      widen(sh, b->scratch->len + 1);
    } else if (kind == COL_COUNT) {
      g_string_printf(b->scratch, "%.0f", x);
      widen(sh, b->scratch->len + 1);
    } else {
      g_string_printf(b->scratch, "%.10g", x);
      widen(sh, b->scratch->len + 1);
    }
  }
  sh->col++;
}

static void
cell_bool(Sheet *sh, gboolean v)
{
  if (sh->ws != NULL)
    check(sh->book, worksheet_write_boolean(sh->ws, sh->row, sh->col, v, sh->book->fmt[COL_BOOL]));
  widen(sh, 6);
  sh->col++;
}

/* A list of unit ids as one text cell, separated by ';'; takes @units. */
static void
cell_units(Sheet *sh, const VsAnalysisView *av, guint32 *units, gsize n)
{
  GString *s = g_string_new(NULL);
  for (gsize i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c(s, ';');
    g_string_append(s, vs_org_get_unit_id(av->org, units[i]));
  }
  cell_text(sh, s->str);
  g_string_free(s, TRUE);
  g_free(units);
}

static void
row_end(Sheet *sh)
{
  sh->row++;
  sh->col = 0;
}

/* Widths, the frozen header row and the autofilter. */
static void
sheet_end(Sheet *sh)
{
  if (sh->ws == NULL)
    return;
  for (guint c = 0; c < sh->n_cols; c++)
    check(sh->book,
          worksheet_set_column(sh->ws, (lxw_col_t)c, (lxw_col_t)c, sh->width[c] + 1, NULL));
  worksheet_freeze_panes(sh->ws, 1, 0);
  check(sh->book, worksheet_autofilter(sh->ws, 0, 0, sh->row > 1 ? sh->row - 1 : 0,
                                       (lxw_col_t)(sh->n_cols - 1)));
}

static int
cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The flags' names, sorted, separated by ',' (as in the GEXF output). */
static void
cell_flags(Sheet *sh, guint32 flags)
{
  const char *names[VS_N_FLAGS];
  GString *s = sh->book->scratch;
  guint n = 0;

  for (guint b = 0; b < VS_N_FLAGS; b++)
    if ((flags & (1u << b)) && vs_flag_name(1u << b) != NULL)
      names[n++] = vs_flag_name(1u << b);
  qsort(names, n, sizeof names[0], cmp_str);
  g_string_truncate(s, 0);
  for (guint i = 0; i < n; i++) {
    if (i > 0)
      g_string_append_c(s, ',');
    g_string_append(s, names[i]);
  }
  cell_text(sh, s->str);
}

static void
write_summary(Book *b, const VsAnalysisView *av)
{
  static const Column cols[] = {{"figure", COL_TEXT}, {"value", COL_MONEY}};
  const struct {
    const char *name;
    double value;
    gboolean money;
  } rows[] = {
      {"units", (double)av->n, FALSE},
      {"teams", (double)vs_analysis_get_n_kind(av->analysis, VS_KIND_TEAM), FALSE},
      {"customers", (double)vs_analysis_get_n_kind(av->analysis, VS_KIND_CUSTOMER), FALSE},
      {"suppliers", (double)vs_analysis_get_n_kind(av->analysis, VS_KIND_SUPPLIER), FALSE},
      {"handoffs", (double)av->m, FALSE},
      {"total_revenue", av->total_revenue, TRUE},
      {"revenue_at_risk", av->total_risk, TRUE},
      {"total_cost", av->total_cost, TRUE},
      {"cost_to_serve", av->total_cost_to_serve, TRUE},
      {"stranded_cost", av->total_stranded_cost, TRUE},
  };
  Sheet sh;

  sheet_begin(&sh, b, "Summary", cols, G_N_ELEMENTS(cols));
  for (gsize i = 0; i < G_N_ELEMENTS(rows); i++) {
    cell_text(&sh, rows[i].name);
    if (sh.ws != NULL)
      check(b, worksheet_write_number(sh.ws, sh.row, 1, rows[i].value,
                                      b->fmt[rows[i].money ? COL_MONEY : COL_COUNT]));
    sh.col = 1;
    g_string_printf(b->scratch, "%.2f", rows[i].value);
    widen(&sh, b->scratch->len + b->scratch->len / 3 + 1);
    row_end(&sh);
  }
  for (gsize i = 0; i < av->n_warnings; i++) {
    cell_text(&sh, "warning");
    cell_text(&sh, av->warnings[i]);
    row_end(&sh);
  }
  sheet_end(&sh);
}

static void
write_units(Book *b, const VsAnalysisView *av)
{
  static const Column cols[] = {
      {"id", COL_TEXT},           {"kind", COL_TEXT},           {"name", COL_TEXT},
      {"group", COL_TEXT},        {"rank", COL_COUNT},          {"flags", COL_TEXT},
      {"fix_value", COL_MONEY},   {"service_score", COL_RATIO}, {"quality", COL_RATIO},
      {"exposure", COL_MONEY},    {"own", COL_RATIO},           {"reaches_customer", COL_BOOL},
      {"hops", COL_COUNT},        {"customers", COL_TEXT},      {"path", COL_TEXT},
      {"chokepoints", COL_TEXT},  {"dependents", COL_COUNT},    {"cost", COL_MONEY},
      {"loaded_cost", COL_MONEY}, {"stranded_cost", COL_MONEY},
  };
  gsize n_flagged = 0, n;
  guint32 *list;
  g_autofree guint32 *flagged = vs_analysis_dup_flagged(av->analysis, &n_flagged);
  g_autofree guint32 *rank = g_new0(guint32, av->n + 1);
  Sheet sh;

  for (gsize i = 0; i < n_flagged; i++)
    rank[flagged[i]] = (guint32)i + 1;
  sheet_begin(&sh, b, "Units", cols, G_N_ELEMENTS(cols));
  for (guint32 u = 0; u < av->n && b->err == LXW_NO_ERROR; u++) {
    gboolean customer = av->kind[u] == VS_KIND_CUSTOMER;
    cell_text(&sh, vs_org_get_unit_id(av->org, u));
    cell_text(&sh, vs_kind_name(av->kind[u]));
    cell_text(&sh, vs_org_get_unit_name(av->org, u));
    cell_text(&sh, vs_org_get_unit_group(av->org, u));
    cell_number(&sh, rank[u] > 0 ? (double)rank[u] : NAN);
    cell_flags(&sh, av->flags[u]);
    cell_number(&sh, av->fix[u]);
    cell_number(&sh, av->service[u]);
    cell_number(&sh, av->q[u]);
    cell_number(&sh, av->exposure[u]);
    cell_number(&sh, av->own[u]);
    cell_bool(&sh, av->hops[u] >= 0);
    cell_number(&sh, av->hops[u] >= 0 ? (double)av->hops[u] : NAN);
    /* the list first: the order arguments are evaluated in is unspecified */
    n = 0;
    list = customer ? NULL : vs_analysis_dup_unit_customers(av->analysis, u, &n);
    cell_units(&sh, av, list, n);
    list = vs_analysis_dup_path(av->analysis, u, &n);
    cell_units(&sh, av, list, list != NULL ? n : 0);
    list = vs_analysis_dup_chokepoints(av->analysis, u, &n);
    cell_units(&sh, av, list, n);
    cell_number(&sh, av->dependents[u]);
    /* a team's or supplier's cost figures; none for a customer */
    cell_number(&sh, customer ? NAN : av->unit_cost[u]);
    cell_number(&sh, av->loaded_cost[u]);
    cell_number(&sh, customer ? NAN : av->stranded_cost[u]);
    row_end(&sh);
  }
  sheet_end(&sh);
}

static void
write_customers(Book *b, const VsAnalysisView *av)
{
  static const Column cols[] = {
      {"id", COL_TEXT},
      {"name", COL_TEXT},
      {"revenue", COL_MONEY},
      {"quality", COL_RATIO},
      {"revenue_at_risk", COL_MONEY},
      {"critical_units", COL_TEXT},
      {"cost_to_serve", COL_MONEY},
      {"margin", COL_MONEY},
  };
  Sheet sh;

  sheet_begin(&sh, b, "Customers", cols, G_N_ELEMENTS(cols));
  for (guint32 k = 0; k < av->n_customers && b->err == LXW_NO_ERROR; k++) {
    guint32 c = av->customers[k];
    gsize n = 0;
    guint32 *critical = vs_analysis_dup_critical_units(av->analysis, c, &n);
    cell_text(&sh, vs_org_get_unit_id(av->org, c));
    cell_text(&sh, vs_org_get_unit_name(av->org, c));
    cell_number(&sh, vs_org_get_unit_revenue(av->org, c));
    cell_number(&sh, av->q[c]);
    cell_number(&sh, av->risk[c]);
    cell_units(&sh, av, critical, n);
    cell_number(&sh, av->cost_to_serve[c]);
    cell_number(&sh, av->margin[c]);
    row_end(&sh);
  }
  sheet_end(&sh);
}

static void
write_handoffs(Book *b, const VsAnalysisView *av)
{
  static const Column cols[] = {
      {"from", COL_TEXT},       {"to", COL_TEXT},      {"deliverable", COL_TEXT},
      {"weight", COL_PLAIN},    {"share", COL_RATIO},  {"score", COL_RATIO},
      {"score_from", COL_TEXT}, {"volume", COL_PLAIN}, {"lead_time_days", COL_PLAIN},
      {"charge", COL_MONEY},
  };
  const VsOrg *org = av->org;
  Sheet sh;

  sheet_begin(&sh, b, "Handoffs", cols, G_N_ELEMENTS(cols));
  for (guint32 e = 0; e < av->m && b->err == LXW_NO_ERROR; e++) {
    cell_text(&sh, vs_org_get_unit_id(org, av->from[e]));
    cell_text(&sh, vs_org_get_unit_id(org, av->to[e]));
    cell_text(&sh, vs_org_get_handoff_deliverable(org, e));
    cell_number(&sh, vs_org_get_handoff_weight(org, e));
    cell_number(&sh, av->share[e]);
    cell_number(&sh, av->score[e]); /* empty when unrated */
    cell_text(&sh, !isnan(vs_org_get_handoff_score(org, e)) ? "handoff"
                   : isnan(av->score[e])                    ? ""
                                                            : "survey");
    cell_number(&sh, vs_org_get_handoff_volume(org, e));
    cell_number(&sh, vs_org_get_handoff_lead_time(org, e));
    cell_number(&sh, av->charge[e]); /* empty when the provider is outside Rc */
    row_end(&sh);
  }
  sheet_end(&sh);
}

static lxw_format *
new_format(lxw_workbook *wb, const char *num_format)
{
  lxw_format *f = workbook_add_format(wb);
  if (f != NULL && num_format != NULL)
    format_set_num_format(f, num_format);
  return f;
}

/* Builds the workbook into @path. FALSE with an error. */
static gboolean
build(const VsAnalysisView *av, const VsReportOptions *o, const char *path, GError **error)
{
  lxw_workbook_options opts = {.constant_memory = LXW_TRUE, .tmpdir = NULL, .use_zip64 = LXW_TRUE};
  lxw_doc_properties props = {0};
  g_autoptr(GString) cell = g_string_new(NULL);
  g_autoptr(GString) scratch = g_string_new(NULL);
  Book b = {0};
  lxw_error closed;
  int saved;

  b.wb = workbook_new_opt(path, &opts);
  if (b.wb == NULL) {
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start a workbook");
    return FALSE;
  }
  b.cell = cell;
  b.scratch = scratch;
  b.header = workbook_add_format(b.wb);
  if (b.header != NULL)
    format_set_bold(b.header);
  b.fmt[COL_TEXT] = new_format(b.wb, "@");
  b.fmt[COL_MONEY] = new_format(b.wb, "#,##0.00");
  b.fmt[COL_RATIO] = new_format(b.wb, "0.000");
  b.fmt[COL_COUNT] = new_format(b.wb, "0");
  b.fmt[COL_PLAIN] = NULL;
  b.fmt[COL_BOOL] = NULL;
  props.title = (char *)(o->title != NULL ? o->title : "Value stream report");
  props.comments = (char *)"valuestream";
  check(&b, workbook_set_properties(b.wb, &props));

  write_summary(&b, av);
  write_units(&b, av);
  write_customers(&b, av);
  write_handoffs(&b, av);

  /* workbook_close() frees the workbook whatever happens; a failed
   * write leaves its reason in errno */
  errno = 0;
  closed = workbook_close(b.wb);
  saved = errno;
  check(&b, closed);
  if (b.err != LXW_NO_ERROR) {
    /* GIO's domain: vs_report_write_file() puts the path in front */
    g_set_error(error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write the workbook: %s%s%s",
                lxw_strerror(b.err), saved != 0 ? " " : "", saved != 0 ? g_strerror(saved) : "");
    return FALSE;
  }
  return TRUE;
}

void
vs_i_write_xlsx(VsWriter *w, const VsAnalysisView *av, const VsReportOptions *o)
{
  g_autofree char *path = NULL;
  GError *error = NULL;
  char block[65536];
  int fd;

  if (w->error != NULL)
    return;
  if (av->n >= ROWS_MAX || av->m >= ROWS_MAX) {
    g_set_error(&w->error, VS_ERROR, VS_ERROR_INVALID,
                "an Excel sheet holds at most %d rows and this org has %" G_GSIZE_FORMAT
                " units and %" G_GSIZE_FORMAT " handoffs (write CSV tables instead)",
                ROWS_MAX - 1, av->n, av->m);
    return;
  }
  fd = g_file_open_tmp("valuestream-XXXXXX.xlsx", &path, &error);
  if (fd < 0) {
    g_set_error(&w->error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot make a temporary workbook: %s",
                error->message);
    g_error_free(error);
    return;
  }
  /* libxlsxwriter opens @path again; @fd reads back what it wrote */
  if (!build(av, o, path, &error)) {
    g_propagate_error(&w->error, error);
  } else {
    for (;;) {
      ssize_t got = read(fd, block, sizeof block);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0) {
        int err = errno;
        g_set_error(&w->error, G_IO_ERROR, g_io_error_from_errno(err),
                    "cannot read the temporary workbook: %s", g_strerror(err));
        break;
      }
      if (got == 0 || w->error != NULL)
        break;
      g_string_append_len(w->buf, block, got);
      vs_i_writer_flush_if_full(w);
    }
  }
  close(fd);
  g_unlink(path);
}
