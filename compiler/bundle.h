/* bundle.h — the checkable rule bundle (bundle.c): JSON for other tools.
 * Format documented in docs/bundle.md, schema in docs/bundle.schema.json. */
#ifndef POL_BUNDLE_H
#define POL_BUNDLE_H

#include "model.h"

/* The bundle of a model (a full model or an edition model) as JSON text with keys in
 * a fixed order and a final newline. Caller frees. */
char *pol_bundle_render(const pol_model *m);

#endif
