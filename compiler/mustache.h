/* mustache.h — a Mustache template engine (spec v1 core: interpolation, sections,
 * inverted sections, comments, partials, set delimiters; no lambdas) rendering
 * against jansson values. Data is only ever data: interpolated values are never
 * parsed as template text, and partial recursion is cut off at a fixed depth. */
#ifndef POL_MUSTACHE_H
#define POL_MUSTACHE_H

#include <jansson.h>

/* Looks up a partial by name; returns its template text (lent) or NULL when unknown (renders as empty). */
typedef const char *(*pol_partial_fn)(void *ctx, const char *name);

/* Renders tmpl (NUL-terminated) against data. Returns 0 and *out (caller frees with free()),
 * or -1 and *err (caller frees) with a message "line N: ..." for a malformed template
 * (unclosed tag, unclosed section, mismatched section end, bad delimiter change). */
int pol_mustache_render(char **out, char **err, const char *tmpl, json_t *data,
                        pol_partial_fn partial, void *partial_ctx);

#endif
