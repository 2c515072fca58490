/* mustache.h — a Mustache template engine (spec v1 core: interpolation, sections,
 * inverted sections, comments, partials, set delimiters; no lambdas).
 *
 * The engine reads its data through a context interface: a value is null, false, true,
 * a string, a list or a frame, and a frame's names are looked up through its class (a
 * small table of callbacks), so an emitter can hand its own structures to a template
 * without building a tree of JSON. An adapter on top of the interface renders jansson
 * values (pol_mustache_render, pol_mustache_append). Data is only ever data:
 * interpolated values are never parsed as template text, and partial recursion is cut
 * off at a fixed depth. A renderer (pol_mustache) keeps every template it has parsed. */
#ifndef POL_MUSTACHE_H
#define POL_MUSTACHE_H

#include <jansson.h>
#include <stdint.h>

#include "lib/writer.h"

/* ---- the context interface -------------------------------------------------------- */

typedef enum pol_mu_type {
	POL_MU_NULL,   /* falsey, renders as nothing */
	POL_MU_FALSE,  /* falsey, renders as "false" */
	POL_MU_TRUE,   /* renders as "true" */
	POL_MU_STRING, /* s[0..n): valid until the next call into the context */
	POL_MU_LIST,   /* n items, read with cls->item; falsey when empty */
	POL_MU_FRAME,  /* names are looked up in it with cls->get */
} pol_mu_type;

typedef struct pol_mu_class pol_mu_class;

typedef struct pol_mu_value {
	pol_mu_type type;
	const pol_mu_class *cls; /* LIST, FRAME */
	const void *p;           /* LIST, FRAME: what the value is, for cls */
	intptr_t aux;            /* LIST, FRAME: more of it, for cls */
	size_t n;                /* LIST: items; STRING: bytes */
	const char *s;           /* STRING */
} pol_mu_value;

/* How to read the frames and lists of one kind. ctx is the render's context pointer. */
struct pol_mu_class {
	/* The number of field name in frames of this class, or -1 when they have none (the
	 * lookup then goes on down the context stack). Asked once per template name and
	 * class; the answer is kept with the parsed template. NULL: every name is field 0. */
	int (*field)(const char *name);
	/* Sets *out to field (named name) of frame f. Returns false when f has no such
	 * field (the lookup goes on down the stack). */
	bool (*get)(void *ctx, const pol_mu_value *f, int field, const char *name, pol_mu_value *out);
	/* Sets *out to item i (< l->n) of list l. */
	void (*item)(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *out);
	/* Writes a frame or list that is interpolated ({{x}}: HTML-escaped when escape), or
	 * NULL to write nothing. Returns false, with *err set (caller frees; may be NULL), to
	 * fail the render. */
	bool (*write)(void *ctx, const pol_mu_value *v, pol_writer *w, bool escape, char **err);
	/* A promise that lets the renderer render a section once and copy it after: item
	 * (for a list) and get (for a frame's strings, true, false and null) depend only on
	 * their value and ctx, and change nothing, until pol_mustache_forget. A section over
	 * a pure list whose body reads nothing but the fields of pure frames pushed by that
	 * section (no name found further down the stack, no frame or list written or
	 * opened, no partial) is kept, by template node, list, ctx and depth, and written
	 * again as it came out the first time. false (the default) for anything else. */
	bool pure;
};

/* Values, for a class's get and item: null, a boolean, a string (lent: valid until the
 * next call into the context, as the interface asks), a frame or a list of class c. */
static inline bool pol_mu_null(pol_mu_value *o)
{
	*o = (pol_mu_value){.type = POL_MU_NULL};
	return true;
}
static inline bool pol_mu_bool(pol_mu_value *o, bool b)
{
	*o = (pol_mu_value){.type = b ? POL_MU_TRUE : POL_MU_FALSE};
	return true;
}
static inline bool pol_mu_strn(pol_mu_value *o, const char *s, size_t n)
{
	*o = (pol_mu_value){.type = POL_MU_STRING, .s = s, .n = n};
	return true;
}
/* s, or null for NULL. */
static inline bool pol_mu_str(pol_mu_value *o, const char *s)
{
	return s ? pol_mu_strn(o, s, strlen(s)) : pol_mu_null(o);
}
static inline bool pol_mu_frame(pol_mu_value *o, const pol_mu_class *c, const void *p, intptr_t aux)
{
	*o = (pol_mu_value){.type = POL_MU_FRAME, .cls = c, .p = p, .aux = aux};
	return true;
}
static inline bool pol_mu_list(pol_mu_value *o, const pol_mu_class *c, const void *p, size_t n, intptr_t aux)
{
	*o = (pol_mu_value){.type = POL_MU_LIST, .cls = c, .p = p, .n = n, .aux = aux};
	return true;
}
/* k as its decimal digits (as jansson writes an integer), made in buf, which must stay
 * as it is while the value is used. */
bool pol_mu_int(char buf[24], pol_mu_value *o, long long k);
/* The field of name in names[0..n), or -1: a class's field callback over a table. */
int pol_mu_find_field(const char *const *names, size_t n, const char *name);
#define POL_MU_FIELDS(fn, table) \
	static int fn(const char *name) { return pol_mu_find_field(table, sizeof table / sizeof *table, name); }

/* Looks up a partial by name; returns its template text (lent) or NULL when unknown (renders as empty). */
typedef const char *(*pol_partial_fn)(void *ctx, const char *name);

/* A renderer for many renders with the same templates: it keeps every template and
 * partial it has parsed (a template is known by its text's address, so that text must
 * stay unchanged while the renderer lives). Renders may nest (a class's write may render
 * through the same renderer), up to 16 deep: a deeper render fails. */
typedef struct pol_mustache pol_mustache;
/* NULL when out of memory. The partial callback must give the same text for a name every time. */
pol_mustache *pol_mustache_new(pol_partial_fn partial, void *partial_ctx);
void pol_mustache_free(pol_mustache *m);

/* Drops the sections kept for pure lists (pol_mu_class.pure): to be called when what
 * they were made from changes or goes away (a context that is freed, whose address a
 * new one may get). */
void pol_mustache_forget(pol_mustache *m);

/* Renders tmpl (NUL-terminated) with root as the bottom of the context stack, writing to
 * w. Returns 0, or -1 and *err (caller frees) with a message "line N: ..." for a
 * malformed template (unclosed tag, unclosed section, mismatched section end, bad
 * delimiter change), a malformed partial, runaway partial recursion or a failed write
 * callback. A template's syntax errors are found before it writes anything; on a later
 * failure, what was written stays written. */
int pol_mustache_write(pol_mustache *m, char **err, const char *tmpl, void *ctx, const pol_mu_value *root,
                       pol_writer *w);

/* ---- jansson values ------------------------------------------------------------------ */

/* v as a context value (NULL: null): objects are frames, arrays lists; numbers render
 * as integers or the shortest %g that reads back; objects and arrays interpolated
 * render as compact JSON. v must live as long as the render. */
void pol_mustache_json(json_t *v, pol_mu_value *out);

/* Renders tmpl against data. Returns 0 and *out (caller frees with free()), or -1 and
 * *err (caller frees), as pol_mustache_write. */
int pol_mustache_render(char **out, char **err, const char *tmpl, json_t *data,
                        pol_partial_fn partial, void *partial_ctx);
/* Renders tmpl against data, appending to m's own output. Returns 0, or -1 and *err
 * (caller frees), the output then being as it was before the call. */
int pol_mustache_append(pol_mustache *m, char **err, const char *tmpl, json_t *data);
/* The output so far, NUL-terminated; lent until the next call on m. */
const char *pol_mustache_output(const pol_mustache *m, size_t *len);
/* Empties the output (its memory is kept for the next renders). */
void pol_mustache_clear(pol_mustache *m);

#endif
