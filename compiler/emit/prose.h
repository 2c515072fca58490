/* prose.h — the prose renderers' shared parts (internal to emit/prose_*.c and
 * render_prose.c; emit/render.h declares pol_render_prose, their entry point).
 *
 * A prose block's cmark tree is walked once per output (pol_prose_walk) and written
 * directly: prose_html.c writes what cmark_render_html writes for the same tree
 * (CMARK_OPT_DEFAULT), prose_md.c what cmark_render_commonmark writes (width 0), and
 * both write the inline markup standing in text as placeholders (model.h) as they meet
 * it. Where the two differ from cmark, on purpose:
 *
 *   - a link or image whose destination pol_url_is_safe rejects is not written as a
 *     link or image at all; its text (its description) is, in both formats;
 *   - Markdown shows raw HTML as escaped text (a Markdown viewer would render it), as
 *     the HTML drops it. */
#ifndef POL_PROSE_H
#define POL_PROSE_H

#include "emit/render.h"

/* One rendering of one prose block. */
typedef struct pol_prose_out {
	pol_buf *b;
	const pol_site *s;
	const pol_prose *p;
	pol_view_mode mode;
	pol_map *defs;      /* {def} counts per term, or NULL: no ids */
	pol_def_fn on_def;
	void *ctx;
	char id[256];       /* the last <dfn> id */
} pol_prose_out;

/* Walks the tree under root as cmark_iter does, with no iterator to allocate: visit
 * sees each container entered (enter) and left (!enter), each leaf (text, code, breaks,
 * raw HTML, code blocks, thematic breaks) entered only. When visit returns false on
 * entering a container, its children and its exit are skipped, as cmark_iter_reset(it,
 * n, CMARK_EVENT_EXIT) skips them. */
typedef bool (*pol_prose_visit_fn)(void *ctx, struct cmark_node *n, bool enter);
void pol_prose_walk(struct cmark_node *root, pol_prose_visit_fn visit, void *ctx);

/* The HTML of o->p's tree (site or print links), appended to o->b. */
void pol_prose_html(pol_prose_out *o);
/* The CommonMark of o->p's tree, appended to o->b. */
void pol_prose_md(pol_prose_out *o);

/* Whether a link or image to url may be written: pol_url_is_safe of url with each
 * placeholder replaced by its inline's text (a parameter's value could spell a scheme). */
bool pol_prose_url_safe(const pol_prose_out *o, const char *url);
/* Appends what inline idx of o->p stands for in HTML: a link, <dfn> or <span>, or, with
 * plain (inside an attribute), its escaped text only. An index past the table appends
 * nothing. */
void pol_prose_inline_html(pol_prose_out *o, size_t idx, bool plain);
/* Appends what inline idx stands for in CommonMark: a link or escaped text. */
void pol_prose_inline_md(pol_prose_out *o, size_t idx);

#endif
