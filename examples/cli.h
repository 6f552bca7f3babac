/* valuestream CLI - what the subcommands share.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef VS_CLI_H
#define VS_CLI_H

#include <valuestream.h>

/* Exit codes of every subcommand. */
enum {
  VS_EXIT_OK = 0,
  VS_EXIT_INPUT = 1, /* bad input, or a file that cannot be written */
  VS_EXIT_USAGE = 2,
};

/* A subcommand: gets argv with argv[0] = "valuestream NAME". */
typedef struct {
  const char *name;
  const char *summary;
  int (*run)(int argc, char **argv);
} VsCliCommand;

int vs_cli_analyze(int argc, char **argv);
int vs_cli_generate(int argc, char **argv);
int vs_cli_report(int argc, char **argv);
int vs_cli_render(int argc, char **argv);
int vs_cli_mine(int argc, char **argv);
int vs_cli_plan(int argc, char **argv);
int vs_cli_whatif(int argc, char **argv);
int vs_cli_diff(int argc, char **argv);

/* whatif and diff (cmd-whatif.c): --format NAME (json, text, csv, html)
 * into @format, or an exit code after saying why not. */
int vs_cli_decision_format(const char *name, VsReportFormat *format);
/* "WHAT: NAME", NAME the basename of @path without its extension: the
 * default title of an HTML page. Free it. */
char *vs_cli_page_title(const char *what, const char *path);
/* Writes what @write writes of @data to @output (NULL or "-": stdout),
 * built in memory first so that on error nothing is written and an
 * existing file is untouched; a file is replaced atomically. */
typedef gboolean (*VsCliDecisionWriter)(gconstpointer data, GOutputStream *out, GError **error);
int vs_cli_write_decision(VsCliDecisionWriter write, gconstpointer data, const char *output);

/* What a decision command (whatif, plan, diff) says of itself. */
typedef struct {
  const char *operands;   /* "ORG SCENARIOS" */
  int n_operands;         /* how many */
  const char *summary;    /* for --help */
  const char *usage;      /* said when the operands are wrong */
  const char *title_help; /* the HTML page's default title, for --help */
} VsCliDecisionCommand;

/* The options every decision command takes, parsed (cli-decide.c). */
typedef struct {
  VsAnalysisOptions analysis;
  VsReportOptions report; /* pretty from --compact; the command sets title */
  VsReportFormat format;
  char *format_name, *output, *title;
  gboolean compact, quiet;
} VsCliDecision;

#define VS_CLI_DECISION_INIT                                                                       \
  {                                                                                                \
    VS_ANALYSIS_OPTIONS_INIT, VS_REPORT_OPTIONS_INIT, VS_REPORT_JSON, NULL, NULL, NULL, FALSE,     \
        FALSE                                                                                      \
  }

/* Parses a decision command's own @entries (nullable) and the shared ones
 * (--format, --title, --output, --compact, --quiet, the analysis and cost
 * options) into @d, and checks the operands, the format and the options.
 * Returns VS_EXIT_OK, or the exit code after saying why. */
int vs_cli_decision_parse(VsCliDecision *d, const VsCliDecisionCommand *cmd,
                          const GOptionEntry *entries, int *argc, char ***argv);
void vs_cli_decision_clear(VsCliDecision *d);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(VsCliDecision, vs_cli_decision_clear)

/* Parses @argc/@argv with @ctx; on a usage error prints it and returns FALSE. */
gboolean vs_cli_parse(GOptionContext *ctx, int *argc, char ***argv);
/* Prints "valuestream: MESSAGE" on stderr. */
void vs_cli_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Reads the analysis threshold options shared by subcommands into @opts. */
GOptionGroup *vs_cli_analysis_options(VsAnalysisOptions *opts);
/* --cost-basis and --markup (SPEC 7), into @opts. */
GOptionGroup *vs_cli_cost_options(VsAnalysisOptions *opts);
/* Loads ORG (dir, .json or .graphml), prints the error and returns NULL on failure. */
VsOrg *vs_cli_load(const char *path);
/* Writes @analysis in @format to @output (NULL or "-" = stdout, else atomically). */
int vs_cli_write_report(const VsAnalysis *analysis, VsReportFormat format,
                        const VsReportOptions *options, const char *output);

/* Progress: phases of long work go to stderr when it is a terminal and
 * --quiet was not given. @quiet points at the flag the options set. */
GOptionEntry vs_cli_quiet_option(gboolean *quiet);
void vs_cli_set_quiet(gboolean quiet);
void vs_cli_progress(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Loads ORG and analyses it, telling progress; prints the error and
 * returns NULL on failure. */
VsAnalysis *vs_cli_analyse(const char *path, const VsAnalysisOptions *opts);
/* --top, --picture-units, --highlight, into @o (HTML, DOT, pictures). */
GOptionGroup *vs_cli_picture_options(VsReportOptions *o);
/* FALSE (after printing why) when the picture options are out of range. */
gboolean vs_cli_check_picture_options(const VsReportOptions *o);
/* The default title of pages and pictures: ORG's last path component. */
char *vs_cli_org_title(const char *path);
/* The option context of a command that analyses ORG and may draw it:
 * @entries (which must outlive parsing), then the picture options into
 * @ropts and the analysis options into @opts. */
GOptionContext *vs_cli_org_context(const char *summary, const GOptionEntry *entries,
                                   VsReportOptions *ropts, VsAnalysisOptions *opts);

/* Mining options shared by `mine` and `analyze --log` (cmd-mine.c). */
typedef struct {
  VsMineOptions options;
  char *columns[6]; /* --case --group --resource --timestamp --customer --revenue */
  char *map, *units, *format, *revenue_mode, *delimiter;
  gint depth;
  gboolean once_per_case, self_handovers, quality;
} VsCliMine;

/* Starts @m with the library's defaults. */
void vs_cli_mine_init(VsCliMine *m);
void vs_cli_mine_clear(VsCliMine *m);
/* The options as a group; the entries point into @m. */
GOptionGroup *vs_cli_mine_options(VsCliMine *m);
/* Mines @log (and reads --units into *units); prints the error and
 * returns NULL on bad input. A usage error sets *usage. */
VsMineResult *vs_cli_mine_log(VsCliMine *m, const char *log, VsOrg **units, gboolean *usage);
/* Mines @log into an org (with --units merged) and analyses it, telling
 * progress; prints the error and returns NULL on failure. */
VsAnalysis *vs_cli_mine_analyse(VsCliMine *m, const char *log, const VsAnalysisOptions *opts,
                                gboolean *usage);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(VsCliMine, vs_cli_mine_clear)

#endif /* VS_CLI_H */
