/* render_prose.c — prose for the editions: cmark's output with the placeholders of
 * inline markup replaced by links and text.
 *
 * Each prose block was parsed by cmark once, when the policy was loaded. Here cmark
 * renders that tree to HTML (CMARK_OPT_DEFAULT: raw HTML and unsafe URLs are dropped,
 * never CMARK_OPT_UNSAFE) and to CommonMark, once per tree for the whole build (the
 * cache: edition models share the full model's trees), and then the placeholders
 * U+E000 n U+E001 are replaced in one linear pass by what the edition's own inline
 * table says stands there. Inline texts are always escaped; a placeholder that cmark
 * put inside a tag (a link title) becomes escaped plain text, so nothing can open an
 * attribute or a tag. */
#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#include "emit/render.h"

typedef struct S_entry {
	char *html; /* cmark HTML of the tree, placeholders in */
	char *md;   /* cmark CommonMark of the tree, placeholders in */
} S_entry;

struct pol_render_cache {
	pol_map *by_tree; /* "%p" of the cmark tree -> S_entry */
	pol_vec entries;
};

pol_render_cache *pol_render_cache_new(void)
{
	pol_render_cache *c = pol_xcalloc(1, sizeof *c);
	c->by_tree = pol_map_new();
	return c;
}

void pol_render_cache_free(pol_render_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->entries.len; i++) {
		S_entry *e = c->entries.items[i];
		free(e->html);
		free(e->md);
		free(e);
	}
	pol_vec_free(&c->entries);
	pol_map_free(c->by_tree);
	free(c);
}

static bool S_has_raw_html(cmark_node *doc)
{
	bool found = false;
	cmark_iter *it = cmark_iter_new(doc);
	while (!found && cmark_iter_next(it) != CMARK_EVENT_DONE) {
		cmark_node_type t = cmark_node_get_type(cmark_iter_get_node(it));
		found = t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE;
	}
	cmark_iter_free(it);
	return found;
}

/* CommonMark keeps raw HTML as it is, and a Markdown viewer may render it. The HTML
 * renderer drops it; for Markdown, a private copy of the tree turns it into text
 * (escaped by the CommonMark renderer). Rare, so the re-parse costs nothing in practice. */
static char *S_md_without_html(const char *md)
{
	cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
	pol_vec raw = {0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE))
			pol_vec_push(&raw, n);
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < raw.len; i++) {
		cmark_node *n = raw.items[i];
		cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
		const char *lit = cmark_node_get_literal(n);
		size_t len = lit ? strlen(lit) : 0;
		while (len && lit[len - 1] == '\n')
			len--;
		char *trimmed = pol_xstrndup(lit ? lit : "", len);
		cmark_node_set_literal(text, trimmed);
		free(trimmed);
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
			cmark_node_append_child(para, text);
			cmark_node_replace(n, para);
		} else {
			cmark_node_replace(n, text);
		}
		cmark_node_free(n);
	}
	pol_vec_free(&raw);
	char *out = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	cmark_node_free(doc);
	return out;
}

static S_entry *S_cached(pol_render_cache *c, const pol_prose *p)
{
	char key[32];
	cmark_node *doc = pol_prose_doc(p);
	snprintf(key, sizeof key, "%p", (void *)doc);
	S_entry *e = pol_map_get(c->by_tree, key);
	if (e)
		return e;
	e = pol_xcalloc(1, sizeof *e);
	e->html = cmark_render_html(doc, CMARK_OPT_DEFAULT);
	e->md = S_has_raw_html(doc) ? S_md_without_html(p->md) : cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	pol_map_set(c->by_tree, key, e);
	pol_vec_push(&c->entries, e);
	return e;
}

/* Inline Markdown escaping: ASCII punctuation that could start markup; a line break
 * (which would end a table row or a paragraph) becomes one space. */
static void S_md_put(pol_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n' || *s == '\r') {
			while (s[1] == '\n' || s[1] == '\r')
				s++;
			pol_buf_putc(b, ' ');
			continue;
		}
		if (strchr("\\`*_[]<>&|!", *s))
			pol_buf_putc(b, '\\');
		pol_buf_putc(b, *s);
	}
}

void pol_md_escape(pol_buf *b, const char *s, bool line_start)
{
	pol_buf_put(b, "", 0);
	if (!s)
		return;
	size_t digits = line_start ? strspn(s, "0123456789") : 0;
	if (line_start && s[0] && strchr("#-+=", s[0])) {
		pol_buf_putc(b, '\\');
	} else if (digits && (s[digits] == '.' || s[digits] == ')')) {
		pol_buf_put(b, s, digits);
		pol_buf_putc(b, '\\');
		s += digits;
	}
	S_md_put(b, s);
}

void pol_render_href(pol_buf *b, const pol_site *s, const pol_node *n, pol_view_mode mode)
{
	const pol_node *doc = pol_node_document(n);
	const char *stem = doc && doc->key ? pol_map_get(s->file_of, doc->key) : NULL;
	const char *anchor = n->anchor ? n->anchor : "";
	if (mode == POL_VIEW_PRINT || !stem)
		pol_buf_printf(b, "#%s", anchor);
	else
		pol_buf_printf(b, "%s.%s#%s", stem, mode == POL_VIEW_MD ? "md" : "html", anchor);
}

static void S_term_href(pol_buf *b, const pol_term *t, pol_view_mode mode)
{
	switch (mode) {
	case POL_VIEW_PRINT: pol_buf_printf(b, "#%s", t->anchor); break;
	case POL_VIEW_MD: pol_buf_printf(b, "glossary.md#%s", t->anchor); break;
	default: pol_buf_printf(b, "glossary.html#%s", t->anchor); break;
	}
}

/* Appends <a class="CLS" href="…">text</a>; the href is written first by put_href. */
static void S_html_link_open(pol_buf *b, const char *cls)
{
	pol_buf_printf(b, "<a class=\"%s\" href=\"", cls);
}

static void S_html_link_close(pol_buf *b, const char *text)
{
	pol_buf_puts(b, "\">");
	pol_buf_put_html(b, text, strlen(text));
	pol_buf_puts(b, "</a>");
}

typedef struct S_sub {
	const pol_site *s;
	const pol_prose *p;
	pol_view_mode mode;
	pol_map *defs;
	pol_def_fn on_def;
	void *ctx;
	char id[256]; /* the last <dfn> id */
} S_sub;

/* The id of the next <dfn> of in's term, def-<term anchor>-<n>, into x->id. */
static const char *S_def_id(S_sub *x, const pol_inline *in)
{
	uintptr_t n = (uintptr_t)pol_map_get(x->defs, in->term->id) + 1;
	pol_map_set(x->defs, in->term->id, (void *)n);
	snprintf(x->id, sizeof x->id, "def-%s-%lu", in->term->anchor, (unsigned long)n);
	if (x->on_def)
		x->on_def(x->ctx, in, x->id);
	return x->id;
}

static void S_put_inline_html(S_sub *x, pol_buf *b, const pol_inline *in, bool in_tag)
{
	const char *text = in->text ? in->text : "";
	if (in_tag) {
		pol_buf_put_html(b, text, strlen(text));
		return;
	}
	switch (in->kind) {
	case POL_IN_TERM:
		if (!in->term)
			break;
		S_html_link_open(b, "term");
		S_term_href(b, in->term, x->mode); /* anchors are [a-z0-9-] */
		S_html_link_close(b, text);
		return;
	case POL_IN_REF:
		if (!in->node)
			break;
		S_html_link_open(b, "xref");
		pol_render_href(b, x->s, in->node, x->mode);
		S_html_link_close(b, text);
		return;
	case POL_IN_PARAM:
		pol_buf_puts(b, "<span class=\"param\">");
		pol_buf_put_html(b, text, strlen(text));
		pol_buf_puts(b, "</span>");
		return;
	case POL_IN_DEF:
		if (!in->term)
			break;
		if (x->defs)
			pol_buf_printf(b, "<dfn class=\"def\" id=\"%s\">", S_def_id(x, in));
		else
			pol_buf_puts(b, "<dfn class=\"def\">");
		pol_buf_put_html(b, text, strlen(text));
		pol_buf_puts(b, "</dfn>");
		return;
	}
	pol_buf_put_html(b, text, strlen(text));
}

static void S_put_inline_md(S_sub *x, pol_buf *b, const pol_inline *in)
{
	const char *text = in->text ? in->text : "";
	bool term = in->kind == POL_IN_TERM && in->term, ref = in->kind == POL_IN_REF && in->node;
	if (in->kind == POL_IN_DEF && in->term && x->defs)
		S_def_id(x, in); /* keeps the numbering in step with the HTML */
	if (!term && !ref) {
		S_md_put(b, text);
		return;
	}
	pol_buf_putc(b, '[');
	S_md_put(b, text);
	pol_buf_puts(b, "](");
	if (term)
		S_term_href(b, in->term, POL_VIEW_MD); /* anchors and stems are [a-z0-9-] */
	else
		pol_render_href(b, x->s, in->node, POL_VIEW_MD);
	pol_buf_putc(b, ')');
}

void pol_render_prose(pol_buf *b, const pol_site *s, const pol_prose *p, pol_view_mode mode, pol_map *defs,
                      pol_def_fn on_def, void *ctx)
{
	pol_buf_put(b, "", 0);
	if (!p)
		return;
	S_entry *e = S_cached(s->cache, p);
	const char *src = mode == POL_VIEW_MD ? e->md : e->html;
	size_t n = strlen(src);
	/* cmark ends blocks with a newline; the templates place the prose themselves. */
	while (n && src[n - 1] == '\n')
		n--;
	S_sub x = {.s = s, .p = p, .mode = mode, .defs = defs, .on_def = on_def, .ctx = ctx};
	bool in_tag = false;
	size_t i = 0, run = 0;
	while (i < n) {
		unsigned char c = (unsigned char)src[i];
		if (c == 0xEE) { /* first byte of U+E000 */
			size_t idx, k = pol_placeholder_at(src + i, n - i, &idx);
			if (k) {
				pol_buf_put(b, src + run, i - run);
				if (idx < p->ninl) {
					if (mode == POL_VIEW_MD)
						S_put_inline_md(&x, b, &p->inl[idx]);
					else
						S_put_inline_html(&x, b, &p->inl[idx], in_tag);
				}
				i += k;
				run = i;
				continue;
			}
		} else if (c == '<') {
			in_tag = true;
		} else if (c == '>') {
			in_tag = false;
		}
		i++;
	}
	pol_buf_put(b, src + run, n - run);
}
