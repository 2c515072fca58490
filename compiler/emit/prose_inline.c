/* prose_inline.c — what the prose renderers share below the tree walk: the link target
 * of a node (pol_render_href, also used by the view), the safety of a link destination
 * with its placeholders written out, what each placeholder of inline markup stands for
 * in HTML and CommonMark, and the walk over a cmark tree itself (emit/prose.h). */
#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

#include "emit/prose.h"

void pol_render_href(pol_buf *b, const pol_site *s, const pol_node *n, pol_view_mode mode)
{
	const pol_node *doc = pol_node_document(n);
	const char *stem = doc && doc->key ? pol_map_get(s->file_of, doc->key) : NULL;
	const char *anchor = n->anchor ? n->anchor : "";
	if (mode == POL_VIEW_PRINT || !stem) {
		pol_buf_putc(b, '#');
		pol_buf_puts(b, anchor);
	} else {
		pol_buf_puts(b, stem);
		pol_buf_puts(b, mode == POL_VIEW_MD ? ".md#" : ".html#");
		pol_buf_puts(b, anchor);
	}
}

static void S_term_href(pol_buf *b, const pol_term *t, pol_view_mode mode)
{
	switch (mode) {
	case POL_VIEW_PRINT: pol_buf_putc(b, '#'); break;
	case POL_VIEW_MD: pol_buf_puts(b, "glossary.md#"); break;
	default: pol_buf_puts(b, "glossary.html#"); break;
	}
	pol_buf_puts(b, t->anchor);
}

bool pol_prose_url_safe(const pol_prose_out *o, const char *url)
{
	if (!url || !strchr(url, '\xEE'))
		return pol_url_is_safe(url);
	pol_buf b = {0};
	size_t n = strlen(url), run = 0;
	for (size_t i = 0; i < n; i++) {
		size_t idx, k = pol_placeholder_at(url + i, n - i, &idx);
		if (!k)
			continue;
		pol_buf_put(&b, url + run, i - run);
		if (idx < o->p->ninl && o->p->inl[idx].text)
			pol_buf_puts(&b, o->p->inl[idx].text);
		i += k - 1;
		run = i + 1;
	}
	pol_buf_put(&b, url + run, n - run);
	bool safe = pol_url_is_safe(b.data);
	pol_buf_free(&b);
	return safe;
}

/* Appends <a class="CLS" href="…">text</a>; the href is written first by put_href. */
static void S_html_link_open(pol_buf *b, const char *cls)
{
	pol_buf_puts(b, "<a class=\"");
	pol_buf_puts(b, cls);
	pol_buf_puts(b, "\" href=\"");
}

static void S_html_link_close(pol_buf *b, const char *text)
{
	pol_buf_puts(b, "\">");
	pol_escape_html(b, text, strlen(text));
	pol_buf_puts(b, "</a>");
}

/* The id of the next <dfn> of in's term, def-<term anchor>-<n>, into o->id. */
static const char *S_def_id(pol_prose_out *o, const pol_inline *in)
{
	uintptr_t n = (uintptr_t)pol_map_get(o->defs, in->term->id) + 1;
	pol_map_set(o->defs, in->term->id, (void *)n);
	snprintf(o->id, sizeof o->id, "def-%s-%lu", in->term->anchor, (unsigned long)n);
	if (o->on_def)
		o->on_def(o->ctx, in, o->id);
	return o->id;
}

void pol_prose_inline_html(pol_prose_out *o, size_t idx, bool plain)
{
	if (idx >= o->p->ninl)
		return;
	const pol_inline *in = &o->p->inl[idx];
	pol_buf *b = o->b;
	const char *text = in->text ? in->text : "";
	if (plain) {
		pol_escape_html(b, text, strlen(text));
		return;
	}
	switch (in->kind) {
	case POL_IN_TERM:
		if (!in->term)
			break;
		S_html_link_open(b, "term");
		S_term_href(b, in->term, o->mode); /* anchors are [a-z0-9-] */
		S_html_link_close(b, text);
		return;
	case POL_IN_REF:
		if (!in->node)
			break;
		S_html_link_open(b, "xref");
		pol_render_href(b, o->s, in->node, o->mode);
		S_html_link_close(b, text);
		return;
	case POL_IN_PARAM:
		pol_buf_puts(b, "<span class=\"param\">");
		pol_escape_html(b, text, strlen(text));
		pol_buf_puts(b, "</span>");
		return;
	case POL_IN_DEF:
		if (!in->term)
			break;
		if (o->defs)
			pol_buf_printf(b, "<dfn class=\"def\" id=\"%s\">", S_def_id(o, in));
		else
			pol_buf_puts(b, "<dfn class=\"def\">");
		pol_escape_html(b, text, strlen(text));
		pol_buf_puts(b, "</dfn>");
		return;
	}
	pol_escape_html(b, text, strlen(text));
}

void pol_prose_inline_md(pol_prose_out *o, size_t idx)
{
	if (idx >= o->p->ninl)
		return;
	const pol_inline *in = &o->p->inl[idx];
	pol_buf *b = o->b;
	const char *text = in->text ? in->text : "";
	bool term = in->kind == POL_IN_TERM && in->term, ref = in->kind == POL_IN_REF && in->node;
	if (in->kind == POL_IN_DEF && in->term && o->defs)
		S_def_id(o, in); /* keeps the numbering in step with the HTML */
	if (!term && !ref) {
		pol_escape_md(b, text, false);
		return;
	}
	pol_buf_putc(b, '[');
	pol_escape_md(b, text, false);
	pol_buf_puts(b, "](");
	if (term)
		S_term_href(b, in->term, POL_VIEW_MD); /* anchors and stems are [a-z0-9-] */
	else
		pol_render_href(b, o->s, in->node, POL_VIEW_MD);
	pol_buf_putc(b, ')');
}

static bool S_leaf(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_THEMATIC_BREAK: return true;
	default: return false;
	}
}

void pol_prose_walk(cmark_node *root, pol_prose_visit_fn visit, void *ctx)
{
	cmark_node *n = root;
	for (;;) {
		/* n is entered */
		if (visit(ctx, n, true) && !S_leaf(n)) {
			cmark_node *c = cmark_node_first_child(n);
			if (c) {
				n = c;
				continue;
			}
			visit(ctx, n, false);
		}
		/* n is done: its next sibling, or its parent is left */
		for (;;) {
			if (n == root)
				return;
			cmark_node *next = cmark_node_next(n);
			if (next) {
				n = next;
				break;
			}
			n = cmark_node_parent(n);
			visit(ctx, n, false);
		}
	}
}
