/* prose_docx.c — a prose tree as WordprocessingML paragraphs (emit/docx.h), written
 * while walking it (pol_prose_walk) like the HTML and Markdown renderers.
 *
 * Paragraphs become paragraphs of the style asked for; emphasis, strong emphasis and
 * code become run properties; list items start with ・ or their number and hang by it;
 * block quotes and code blocks are indented; headings inside prose are bold
 * paragraphs. Raw HTML is dropped, as the HTML renderer drops it; a link is its text
 * (a printed document has no use for the target, and an unsafe one is never written).
 * Placeholders are written as their inline's text: the term's title, the reference's
 * number, the parameter's value, as the edition filter set them. A soft break is a
 * space after ASCII and nothing after Japanese text, where a space would show. */
#include <cmark.h>
#include <string.h>

#include "emit/docx.h"
#include "emit/prose.h"

enum { S_LISTS = 16 };

typedef struct S_px {
	pol_docx *x;
	const pol_prose *p;
	const char *style;
	int left, hanging;
	const char *lead;  /* the number still to write before the first paragraph */
	unsigned flags;    /* bold, italic of the inlines around */
	int strong, emph;
	int quote;         /* block quotes open */
	int nlists;
	struct {
		bool bullet;
		int next;
	} lists[S_LISTS];
	char item[16];     /* the marker still to write before an item's first paragraph */
	bool heading;
} S_px;

static unsigned S_flags(const S_px *c)
{
	return (c->strong ? POL_DOCX_BOLD : 0) | (c->emph ? POL_DOCX_ITALIC : 0) | (c->heading ? POL_DOCX_BOLD : 0);
}

/* Text with its placeholders as their inlines' text. */
static void S_text(S_px *c, const char *s, size_t n, unsigned flags)
{
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		size_t idx, k;
		if ((unsigned char)s[i] != 0xEE || !(k = pol_placeholder_at(s + i, n - i, &idx)))
			continue;
		pol_docx_text(c->x, s + run, i - run, flags);
		if (idx < c->p->ninl && c->p->inl[idx].text)
			pol_docx_puts(c->x, c->p->inl[idx].text, flags);
		i += k - 1;
		run = i + 1;
	}
	pol_docx_text(c->x, s + run, n - run, flags);
}

static void S_literal(S_px *c, cmark_node *n, unsigned flags)
{
	const char *s = cmark_node_get_literal(n);
	if (s)
		S_text(c, s, strlen(s), flags);
}

/* Opens a paragraph indented for the lists and quotes around, with the pending node
 * number or list marker first. */
static void S_open(S_px *c, const char *style)
{
	int left = c->left + (c->quote + c->nlists) * 2 * POL_DOCX_CHAR, hanging = c->hanging;
	if (c->item[0]) /* the marker hangs: the item's lines align after it */
		hanging = 2 * POL_DOCX_CHAR;
	pol_docx_p(c->x, style ? style : c->style, left, hanging);
	if (c->lead) {
		pol_docx_puts(c->x, c->lead, 0);
		pol_docx_puts(c->x, "　", 0);
		c->lead = NULL;
	}
	if (c->item[0]) {
		pol_docx_puts(c->x, c->item, 0);
		c->item[0] = 0;
	}
}

static bool S_visit(void *ctx, cmark_node *n, bool enter)
{
	S_px *c = ctx;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		c->heading = cmark_node_get_type(n) == CMARK_NODE_HEADING;
		if (enter)
			S_open(c, NULL);
		else
			pol_docx_p_end(c->x);
		if (!enter)
			c->heading = false;
		break;
	case CMARK_NODE_BLOCK_QUOTE: c->quote += enter ? 1 : -1; break;
	case CMARK_NODE_LIST:
		if (enter && c->nlists < S_LISTS) {
			c->lists[c->nlists].bullet = cmark_node_get_list_type(n) == CMARK_BULLET_LIST;
			c->lists[c->nlists].next = cmark_node_get_list_start(n);
			c->nlists++;
		} else if (!enter && c->nlists > 0) {
			c->nlists--;
		}
		break;
	case CMARK_NODE_ITEM:
		if (enter && c->nlists > 0) {
			if (c->lists[c->nlists - 1].bullet)
				snprintf(c->item, sizeof c->item, "・");
			else
				snprintf(c->item, sizeof c->item, "%d.　", c->lists[c->nlists - 1].next++);
		}
		break;
	case CMARK_NODE_CODE_BLOCK: {
		const char *s = cmark_node_get_literal(n);
		size_t len = s ? strlen(s) : 0;
		while (len && s[len - 1] == '\n')
			len--;
		S_open(c, NULL);
		S_text(c, s ? s : "", len, POL_DOCX_CODE);
		pol_docx_p_end(c->x);
		break;
	}
	case CMARK_NODE_THEMATIC_BREAK:
		S_open(c, "Center");
		pol_docx_puts(c->x, "＊　＊　＊", 0);
		pol_docx_p_end(c->x);
		break;
	case CMARK_NODE_TEXT: S_literal(c, n, S_flags(c)); break;
	case CMARK_NODE_CODE: S_literal(c, n, S_flags(c) | POL_DOCX_CODE); break;
	case CMARK_NODE_SOFTBREAK:
		if (pol_docx_last_ascii(c->x))
			pol_docx_puts(c->x, " ", S_flags(c));
		break;
	case CMARK_NODE_LINEBREAK: pol_docx_puts(c->x, "\n", S_flags(c)); break;
	case CMARK_NODE_STRONG: c->strong += enter ? 1 : -1; break;
	case CMARK_NODE_EMPH: c->emph += enter ? 1 : -1; break;
	default: break; /* the document, links and images (their text is written), raw HTML (dropped) */
	}
	return true;
}

void pol_docx_prose(pol_docx *x, const pol_prose *p, const char *style, int left, int hanging, const char *lead)
{
	S_px c = {.x = x, .p = p, .style = style, .left = left, .hanging = hanging, .lead = lead};
	cmark_node *doc = p ? pol_prose_doc(p) : NULL;
	if (doc)
		pol_prose_walk(doc, S_visit, &c);
	pol_docx_p_end(x);
	if (c.lead) { /* no paragraph to put the number in */
		pol_docx_p(x, style, left, hanging);
		pol_docx_puts(x, c.lead, 0);
		pol_docx_p_end(x);
	}
}
