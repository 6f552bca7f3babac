/* valuestream - the command line: example analysis programs on the library.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Each subcommand is a thin layer: parse arguments, load, analyse, write.
 * Exit codes: 0 success, 1 bad input, 2 usage. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const VsCliCommand commands[] = {
    {"analyze", "analyse an organisation and report line of sight and ripple", vs_cli_analyze},
    {"generate", "write a synthetic organisation or event log (benchmarks, tests)",
     vs_cli_generate},
    {"report", "write one HTML page: ranked findings, explanations and a picture", vs_cli_report},
    {"render", "draw the value stream as an image through Graphviz (svg, png, pdf)", vs_cli_render},
    {"mine", "build an organisation's handoffs from an event log (CSV or XES)", vs_cli_mine},
    {"plan", "which teams to fix first: the improvement plan, step by step", vs_cli_plan},
    {"whatif", "apply what-if scenarios to an organisation and compare each with it",
     vs_cli_whatif},
    {"diff", "compare two snapshots of an organisation", vs_cli_diff},
};

void
vs_cli_error(const char *fmt, ...)
{
  va_list ap;
  g_autofree char *msg = NULL;
  va_start(ap, fmt);
  msg = g_strdup_vprintf(fmt, ap);
  va_end(ap);
  fprintf(stderr, "valuestream: %s\n", msg);
}

gboolean
vs_cli_parse(GOptionContext *ctx, int *argc, char ***argv)
{
  g_autoptr(GError) error = NULL;
  if (!g_option_context_parse(ctx, argc, argv, &error)) {
    vs_cli_error("%s (see --help)", error->message);
    return FALSE;
  }
  return TRUE;
}

static void
usage(FILE *out)
{
  fprintf(out, "Usage: valuestream COMMAND [OPTION...]\n\n"
               "Trace each team's line of sight to the paying customers and find the teams\n"
               "whose poor service to their internal customers ripples down to them.\n\n"
               "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++)
    fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(out, "\nRun 'valuestream COMMAND --help' for a command's options.\n"
               "Exit status: 0 success, 1 bad input, 2 usage error.\n");
}

int
main(int argc, char **argv)
{
  setlocale(LC_ALL, "");
  if (argc < 2) {
    usage(stderr);
    return VS_EXIT_USAGE;
  }
  if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
      strcmp(argv[1], "help") == 0) {
    usage(stdout);
    return VS_EXIT_OK;
  }
  if (strcmp(argv[1], "--version") == 0) {
    printf("valuestream %s\n", vs_version_string());
    return VS_EXIT_OK;
  }
  for (guint i = 0; i < G_N_ELEMENTS(commands); i++) {
    if (strcmp(argv[1], commands[i].name) == 0) {
      g_autofree char *name = g_strdup_printf("valuestream %s", commands[i].name);
      argv[1] = name;
      return commands[i].run(argc - 1, argv + 1);
    }
  }
  vs_cli_error("unknown command '%s'", argv[1]);
  usage(stderr);
  return VS_EXIT_USAGE;
}
