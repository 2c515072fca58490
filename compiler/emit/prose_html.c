/* prose_html.c — a prose tree as HTML, written while walking it (pol_prose_walk).
 *
 * Ordinary nodes come out as cmark_render_html writes them with CMARK_OPT_DEFAULT (the
 * unit tests compare the two): blocks on lines of their own, paragraphs of tight lists
 * without <p>, soft breaks as newlines, raw HTML as "<!-- raw HTML omitted -->", an
 * image's description as plain text in its alt attribute. Placeholders in text and code
 * become links, <dfn> and <span class="param">; in an attribute (title, alt, a code
 * block's language) their escaped text. A link or image with an unsafe destination
 * leaves only its content (prose.h). */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <stdint.h>
#include <string.h>

#include "emit/prose.h"

typedef struct S_html {
	pol_prose_out *o;
	size_t start;       /* where this block's output begins in o->b */
	size_t keep;        /* the end of the last inline written (SIZE_MAX: none): cmark's
	                       output had the placeholder there, which is no newline */
	cmark_node *plain;  /* the image whose description is being written as alt text */
	bool tbody, thead;  /* a table's <tbody> is open; its header row is being written */
} S_html;

/* A newline unless the output is empty or already ends with one. */
static void S_cr(S_html *h)
{
	pol_buf *b = h->o->b;
	if (b->len == h->keep || (b->len > h->start && b->data[b->len - 1] != '\n'))
		pol_buf_putc(b, '\n');
}

/* Escaped text s[0..n) with its placeholders: written as markup, or as plain text in an
 * attribute. Runs of bytes that are neither escaped nor a placeholder's lead byte (0xEE)
 * are found sixteen at a time (pol_escape_html_plain) and copied whole. */
static void S_text(S_html *h, const char *s, size_t n, bool attr)
{
	pol_buf *b = h->o->b;
	size_t run = 0, i = 0;
	while ((i += pol_escape_html_plain(s + i, n - i, 0xEE)) < n) {
		unsigned char c = (unsigned char)s[i];
		size_t idx = 0, k = 0;
		if (c == 0xEE) {
			if (!(k = pol_placeholder_at(s + i, n - i, &idx))) {
				i++;
				continue;
			}
			pol_buf_put(b, s + run, i - run);
			pol_prose_inline_html(h->o, idx, attr);
			h->keep = b->len;
			i += k;
			run = i;
			continue;
		}
		pol_buf_put(b, s + run, i - run);
		pol_escape_html(b, s + i, 1);
		run = ++i;
	}
	pol_buf_put(b, s + run, n - run);
}

static void S_literal(S_html *h, cmark_node *n, bool attr)
{
	const char *s = cmark_node_get_literal(n);
	if (s)
		S_text(h, s, strlen(s), attr);
}

static void S_attr(S_html *h, const char *name, const char *value)
{
	pol_buf_puts(h->o->b, name);
	S_text(h, value, strlen(value), true);
}

/* Inside an image's alt attribute: text only, breaks as spaces. */
static void S_plain(S_html *h, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE: S_literal(h, n, true); break;
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_SOFTBREAK: pol_buf_putc(h->o->b, ' '); break;
	default: break;
	}
}

static void S_list(S_html *h, cmark_node *n, bool enter)
{
	pol_buf *b = h->o->b;
	bool bullet = cmark_node_get_list_type(n) == CMARK_BULLET_LIST;
	if (!enter) {
		pol_buf_puts(b, bullet ? "</ul>\n" : "</ol>\n");
		return;
	}
	S_cr(h);
	int start = cmark_node_get_list_start(n);
	if (bullet)
		pol_buf_puts(b, "<ul>\n");
	else if (start == 1)
		pol_buf_puts(b, "<ol>\n");
	else
		pol_buf_printf(b, "<ol start=\"%d\">\n", start);
}

static void S_code_block(S_html *h, cmark_node *n)
{
	pol_buf *b = h->o->b;
	const char *info = cmark_node_get_fence_info(n);
	S_cr(h);
	if (!info || !info[0]) {
		pol_buf_puts(b, "<pre><code>");
	} else {
		size_t k = 0;
		while (info[k] && !strchr(" \t\n\v\f\r", info[k]))
			k++;
		pol_buf_puts(b, "<pre><code class=\"language-");
		S_text(h, info, k, true);
		pol_buf_puts(b, "\">");
	}
	S_literal(h, n, false);
	pol_buf_puts(b, "</code></pre>\n");
}

static bool S_tight_paragraph(cmark_node *n)
{
	cmark_node *gp = cmark_node_parent(cmark_node_parent(n));
	return gp && cmark_node_get_type(gp) == CMARK_NODE_LIST && cmark_node_get_list_tight(gp);
}

/* A link or image: its tag, unless its destination is unsafe (then nothing, and its
 * content is written as the rest of the text). */
static void S_link(S_html *h, cmark_node *n, bool enter)
{
	pol_buf *b = h->o->b;
	bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
	const char *url = cmark_node_get_url(n), *title = cmark_node_get_title(n);
	if (!pol_prose_url_safe(h->o, url))
		return;
	if (enter) {
		pol_buf_puts(b, image ? "<img src=\"" : "<a href=\"");
		if (url)
			pol_escape_url(b, url, strlen(url));
		if (image) {
			pol_buf_puts(b, "\" alt=\"");
			h->plain = n;
			return;
		}
	}
	if (!enter && !image) {
		pol_buf_puts(b, "</a>");
		return;
	}
	if (title && title[0])
		S_attr(h, "\" title=\"", title);
	pol_buf_puts(b, image ? "\" />" : "\">");
}

/* A GFM table, as cmark-gfm's table extension writes it: <thead> around the header row,
 * <tbody> around the others (when there are any), each cell aligned as its column. */
static void S_table(S_html *h, cmark_node *n, bool enter, const char *type)
{
	pol_buf *b = h->o->b;
	if (!strcmp(type, "table")) {
		if (enter) {
			S_cr(h);
			pol_buf_puts(b, "<table>");
			h->tbody = false;
			return;
		}
		if (h->tbody) {
			S_cr(h);
			pol_buf_puts(b, "</tbody>");
			S_cr(h);
		}
		h->tbody = false;
		S_cr(h);
		pol_buf_puts(b, "</table>");
		S_cr(h);
	} else if (!strcmp(type, "table_cell")) {
		if (!enter) {
			pol_buf_puts(b, h->thead ? "</th>" : "</td>");
			return;
		}
		S_cr(h);
		pol_buf_puts(b, h->thead ? "<th" : "<td");
		cmark_node *row = cmark_node_parent(n);
		const uint8_t *align = cmark_gfm_extensions_get_table_alignments(cmark_node_parent(row));
		size_t i = 0;
		for (cmark_node *c = cmark_node_first_child(row); c && c != n; c = cmark_node_next(c))
			i++;
		uint8_t a = align && i < cmark_gfm_extensions_get_table_columns(cmark_node_parent(row)) ? align[i] : 0;
		pol_buf_puts(b, a == 'l' ? " align=\"left\">" : a == 'c' ? " align=\"center\">" : a == 'r' ? " align=\"right\">" : ">");
	} else { /* a row: "table_header" or "table_row" */
		bool header = cmark_gfm_extensions_get_table_row_is_header(n);
		if (enter) {
			S_cr(h);
			if (header) {
				h->thead = true;
				pol_buf_puts(b, "<thead>");
				S_cr(h);
			} else if (!h->tbody) {
				pol_buf_puts(b, "<tbody>");
				S_cr(h);
				h->tbody = true;
			}
			pol_buf_puts(b, "<tr>");
			return;
		}
		S_cr(h);
		pol_buf_puts(b, "</tr>");
		if (header) {
			S_cr(h);
			pol_buf_puts(b, "</thead>");
			h->thead = false;
		}
	}
}

static void S_node(S_html *h, cmark_node *n, bool enter)
{
	pol_buf *b = h->o->b;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		S_cr(h);
		pol_buf_puts(b, enter ? "<blockquote>\n" : "</blockquote>\n");
		break;
	case CMARK_NODE_LIST: S_list(h, n, enter); break;
	case CMARK_NODE_ITEM:
		if (enter) {
			S_cr(h);
			pol_buf_puts(b, "<li>");
		} else {
			pol_buf_puts(b, "</li>\n");
		}
		break;
	case CMARK_NODE_HEADING:
		if (enter)
			S_cr(h);
		pol_buf_printf(b, enter ? "<h%d>" : "</h%d>\n", cmark_node_get_heading_level(n));
		break;
	case CMARK_NODE_CODE_BLOCK: S_code_block(h, n); break;
	case CMARK_NODE_HTML_BLOCK:
		S_cr(h);
		pol_buf_puts(b, "<!-- raw HTML omitted -->");
		S_cr(h);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		S_cr(h);
		pol_buf_puts(b, "<hr />\n");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (S_tight_paragraph(n))
			break;
		if (enter) {
			S_cr(h);
			pol_buf_puts(b, "<p>");
		} else {
			pol_buf_puts(b, "</p>\n");
		}
		break;
	case CMARK_NODE_TEXT: S_literal(h, n, false); break;
	case CMARK_NODE_LINEBREAK: pol_buf_puts(b, "<br />\n"); break;
	case CMARK_NODE_SOFTBREAK: pol_buf_putc(b, '\n'); break;
	case CMARK_NODE_CODE:
		pol_buf_puts(b, "<code>");
		S_literal(h, n, false);
		pol_buf_puts(b, "</code>");
		break;
	case CMARK_NODE_HTML_INLINE: pol_buf_puts(b, "<!-- raw HTML omitted -->"); break;
	case CMARK_NODE_STRONG: pol_buf_puts(b, enter ? "<strong>" : "</strong>"); break;
	case CMARK_NODE_EMPH: pol_buf_puts(b, enter ? "<em>" : "</em>"); break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE: S_link(h, n, enter); break;
	case CMARK_NODE_DOCUMENT: break;
	default: {
		/* the table extension's nodes; custom nodes are never parsed */
		const char *ext = cmark_node_get_type_string(n);
		if (ext && !strncmp(ext, "table", 5))
			S_table(h, n, enter, ext);
		break;
	}
	}
}

static bool S_visit(void *ctx, cmark_node *n, bool enter)
{
	S_html *h = ctx;
	if (h->plain == n)
		h->plain = NULL;
	if (h->plain)
		S_plain(h, n);
	else
		S_node(h, n, enter);
	return true;
}

/* Plain prose (pol_prose_is_plain) from its lines, as S_node writes the tree it would
 * parse into: a paragraph per run of lines, a text per line, soft breaks between. */
static void S_plain_paragraphs(S_html *h)
{
	pol_buf *b = h->o->b;
	pol_plain_lines it;
	pol_plain_start(&it, h->o->p);
	const char *line;
	size_t n;
	int what;
	bool open = false;
	while ((what = pol_plain_next(&it, &line, &n))) {
		if (what == 1) {
			if (open)
				pol_buf_puts(b, "</p>\n");
			S_cr(h);
			pol_buf_puts(b, "<p>");
			open = true;
		} else {
			pol_buf_putc(b, '\n');
		}
		S_text(h, line, n, false);
	}
	if (open)
		pol_buf_puts(b, "</p>\n");
}

void pol_prose_html(pol_prose_out *o)
{
	S_html h = {.o = o, .start = o->b->len, .keep = SIZE_MAX};
	if (pol_prose_is_plain(o->p))
		S_plain_paragraphs(&h);
	else
		pol_prose_walk(pol_prose_doc(o->p), S_visit, &h);
	/* Blocks end with a newline; the templates place the prose themselves. */
	while (o->b->len > h.start && (h.keep == SIZE_MAX || o->b->len > h.keep) && o->b->data[o->b->len - 1] == '\n')
		o->b->data[--o->b->len] = '\0';
}
