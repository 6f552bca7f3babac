/* minimal.c - the shortest useful valuestream program.
 *
 * Loads an organisation, analyses it, and prints the teams whose poor
 * service to their internal customers puts the most paying-customer
 * revenue at risk. Build it against an installed library with
 *
 *   cc minimal.c $(pkg-config --cflags --libs valuestream) -o minimal
 *
 * and run it as ./minimal examples/data/acme
 *
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <math.h>
#include <stdio.h>

#include <valuestream.h>

int
main(int argc, char **argv)
{
  const char *path = argc > 1 ? argv[1] : "examples/data/acme";
  GError *error = NULL;
  VsOrg *org;
  VsAnalysis *analysis;
  guint32 *ranked;
  gsize n_ranked;
  const double *fix, *service;

  /* Any SPEC format: a directory of CSV files, a .json or a .graphml file.
   * On failure the error names the file, line, field and reason. */
  org = vs_load(path, &error);
  if (org == NULL) {
    fprintf(stderr, "%s\n", error->message);
    g_error_free(error);
    return 1;
  }

  /* NULL options mean the SPEC defaults (VS_ANALYSIS_OPTIONS_INIT). */
  analysis = vs_analysis_new(org, NULL, &error);
  vs_org_free(org); /* the analysis keeps what it needs */
  if (analysis == NULL) {
    fprintf(stderr, "%s\n", error->message);
    g_error_free(error);
    return 1;
  }

  printf("Revenue %.2f, at risk %.2f\n", vs_analysis_get_total_revenue(analysis),
         vs_analysis_get_total_at_risk(analysis));

  /* Per-unit results are flat arrays indexed by unit; the ranking is a
   * list of unit indices, best fix first, which the caller frees. */
  fix = vs_analysis_get_fix_values(analysis, NULL);
  service = vs_analysis_get_service_scores(analysis, NULL);
  ranked = vs_analysis_dup_flagged(analysis, &n_ranked);
  for (gsize i = 0; i < n_ranked && i < 5; i++) {
    guint32 u = ranked[i];
    const char *id = vs_org_get_unit_id(vs_analysis_get_org(analysis), u);
    /* NAN marks "no rated handoff" throughout the API. */
    if (isnan(service[u]))
      printf("%zu. %-12s fix value %10.2f  service unrated\n", i + 1, id, fix[u]);
    else
      printf("%zu. %-12s fix value %10.2f  service %.2f\n", i + 1, id, fix[u], service[u]);
  }
  vs_free(ranked);
  vs_analysis_free(analysis);
  return 0;
}
