/* bundle.h — the checkable rule bundle (bundle.c): JSON for other tools.
 * Format documented in docs/bundle.md, schema in docs/bundle.schema.json. */
#ifndef POL_BUNDLE_H
#define POL_BUNDLE_H

#include <stdio.h>

#include "model/model.h"

/* The bundle of a model (a full model or an edition model) as JSON text with keys in
 * a fixed order and a final newline. Caller frees. */
char *pol_bundle_render(const pol_model *m);
/* The same text written to f as it is made (streamed through a 64 KiB buffer; no JSON
 * tree is built). Returns 0, or -1 when a write failed. */
int pol_bundle_write(const pol_model *m, FILE *f);
/* The same into DIR/bundle.json (an edition's), written over the file there
 * (pol_fopen_over). Returns 0, or -1 when it could not be written. */
int pol_bundle_write_into(const pol_model *m, const char *dir);
/* Appends the plain text of p (placeholders replaced by their text) to b, as
 * pol_prose_plain gives it, made from p->md and the inline table: plain paragraphs are
 * read without cmark; any other CommonMark falls back to pol_prose_plain. Nothing for
 * NULL. Used for every text field of the bundle. */
void pol_bundle_plain(pol_buf *b, const pol_prose *p);

#endif
