/* mustache.h — a Mustache template engine (spec v1 core: interpolation, sections,
 * inverted sections, comments, partials, set delimiters; no lambdas) rendering
 * against jansson values. Data is only ever data: interpolated values are never
 * parsed as template text, and partial recursion is cut off at a fixed depth. A renderer
 * (pol_mustache) keeps parsed templates and its output buffer across many renders. */
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

/* A renderer for many renders with the same templates: it keeps every template and
 * partial it has parsed (a template is known by its text's address, so that text must
 * stay unchanged while the renderer lives) and one output buffer that renders append to.
 * Each render is otherwise independent, with the same limits and errors as above. */
typedef struct pol_mustache pol_mustache;
/* NULL when out of memory. The partial callback must give the same text for a name every time. */
pol_mustache *pol_mustache_new(pol_partial_fn partial, void *partial_ctx);
void pol_mustache_free(pol_mustache *m);
/* Renders tmpl against data, appending to the output. Returns 0, or -1 and *err (caller
 * frees), the output then being as it was before the call. */
int pol_mustache_append(pol_mustache *m, char **err, const char *tmpl, json_t *data);
/* The output so far, NUL-terminated; lent until the next call on m. */
const char *pol_mustache_output(const pol_mustache *m, size_t *len);
/* Empties the output (its memory is kept for the next renders). */
void pol_mustache_clear(pol_mustache *m);
/* Until the next pol_mustache_lend, the value owner[key] (by identity: it must be a truthy
 * value that nothing else shares) renders as text[0..len) (lent, not copied), also inside
 * an object or array dumped as JSON. owner NULL ends the lending. */
void pol_mustache_lend(pol_mustache *m, json_t *owner, const char *key, const char *text, size_t len);

#endif
