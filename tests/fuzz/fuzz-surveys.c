/* valuestream fuzz target: a surveys.csv added to the SPEC example org
 * (vs_load_surveys_csv_data), then analysis and reports. Loading is all
 * or nothing: on error the org must hold exactly the answers it had.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz.h"

static const char units[] = "id,kind,name,group,revenue,own_share\n"
                            "A,team,Platform,eng,,\n"
                            "B,team,Data,eng,,\n"
                            "C,team,Product,prod,,\n"
                            "D,team,Delivery,prod,,0.2\n"
                            "E,team,Internal Comms,ops,,\n"
                            "X,customer,Enterprise,,600,\n"
                            "Y,customer,SMB,,400,\n";
static const char handoffs[] = "from,to,deliverable,weight,score\n"
                               "A,B,datasets,1,\n"
                               "A,C,platform,1,0.9\n"
                               "B,C,metrics,2,\n"
                               "C,D,releases,1,0.7\n"
                               "D,C,rework,1,\n"
                               "D,X,service,1,\n"
                               "D,Y,service,1,\n"
                               "B,Y,reports,1,0.95\n"
                               "A,E,newsletter,1,0.5\n";
/* Answers already there, so a failed load has something to keep. */
static const char before[] = "period,respondent,provider,score\n2025-Q1,C,B,4.2\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  VsOrg *org;

  vs_fuzz_init();
  org = vs_load_csv_data(units, -1, handoffs, -1, before, -1, &error);
  VS_FUZZ_ASSERT(org != NULL && vs_org_get_n_survey_responses(org) == 1);
  if (!vs_load_surveys_csv_data(org, (const char *)data, (gssize)size, NULL, &error)) {
    vs_fuzz_check_error(error);
    VS_FUZZ_ASSERT(vs_org_get_n_survey_responses(org) == 1);
  } else {
    VS_FUZZ_ASSERT(error == NULL);
  }
  vs_fuzz_exercise(org);
  vs_org_free(org);
  return 0;
}
