/* assess_oscal.h — an assessment as OSCAL assessment-results (assess_oscal.c; docs/oscal.md). */
#ifndef POL_ASSESS_OSCAL_H
#define POL_ASSESS_OSCAL_H

#include "emit/assess.h"

/* The assessment of the checks of cl in scope (every check, or those of rules applying
 * to role) with answers a, as OSCAL 1.0.6 assessment-results JSON with a final newline;
 * bundle_path is what import-ap names. Deterministic (no clock). Caller frees. */
char *pol_assess_oscal(const pol_checklist *cl, const pol_answers *a, const char *role, const char *bundle_path);

#endif
