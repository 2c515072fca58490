/* bundle.h — the checkable rule bundle (bundle.c): JSON for other tools.
 * Format documented in docs/bundle.md, schema in docs/bundle.schema.json. */
#ifndef POL_BUNDLE_H
#define POL_BUNDLE_H

#include <stdio.h>

#include "model/model.h"

/* The bundle of a model (a full model or an edition model) as JSON text with keys in
 * a fixed order and a final newline. Caller frees. */
char *pol_bundle_render(const pol_model *m);
/* The same text written to f as it is made (only one section element's JSON is alive
 * at a time). Returns 0, or -1 when a write failed. */
int pol_bundle_write(const pol_model *m, FILE *f);

#endif
