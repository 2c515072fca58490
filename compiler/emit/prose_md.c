/* prose_md.c — a prose tree as CommonMark, written while walking it (pol_prose_walk).
 *
 * Ordinary nodes come out as cmark_render_commonmark writes them with CMARK_OPT_DEFAULT
 * and no line width (the unit tests compare the two). That renderer keeps a little
 * state, kept here the same way: the prefix of the open block quotes and list items,
 * the newlines a block still owes (need_cr: 1 a line break, 2 a blank line, written only
 * when more text follows), and whether the text is at the start of a line or of a
 * block's content (where "-", "+", "=" and "1." must be escaped). Its escaping looks at
 * the last byte of its own output; where a placeholder stood in that output, this file
 * remembers that cmark saw a placeholder character there, whatever the inline wrote.
 *
 * Placeholders become Markdown links or escaped text wherever they stand. Raw HTML is
 * written as escaped text, as a paragraph for an HTML block; a link or image with an
 * unsafe destination leaves only its content (prose.h). */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "emit/prose.h"

typedef enum S_esc { S_LITERAL, S_NORMAL, S_TITLE, S_URL } S_esc;

typedef struct S_md {
	pol_prose_out *o;
	pol_buf *b;
	size_t start;       /* where this block's output begins in b */
	size_t keep;        /* the end of the last inline written, or SIZE_MAX */
	pol_buf prefix;     /* "> " and list item indents of the open blocks */
	int need_cr;
	bool begin_line, begin_content, no_linebreaks, in_tight;
	bool pipes;         /* inside a table's cells: every '|' of the text gets a backslash,
	                       as cmark-gfm's table extension asks of what its cells hold */
	/* The end of what cmark's own output would hold: */
	bool all_nl;        /* only newlines, or nothing */
	int nl;             /* trailing newlines */
	bool digit;         /* the last byte is a digit */
} S_md;

static bool S_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static bool S_isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool S_ispunct(int c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) || (c >= 0x5b && c <= 0x60) ||
	       (c >= 0x7b && c <= 0x7e);
}

/* Writes s[0..n) as cmark would have: it is in cmark's output too. */
static void S_emit(S_md *m, const char *s, size_t n)
{
	if (!n)
		return;
	pol_buf_put(m->b, s, n);
	size_t t = 0;
	while (t < n && s[n - 1 - t] == '\n')
		t++;
	if (t == n) {
		m->nl = m->nl > INT_MAX - (int)n ? INT_MAX : m->nl + (int)n;
	} else {
		m->nl = (int)t;
		m->all_nl = false;
	}
	m->digit = S_isdigit((unsigned char)s[n - 1]);
}

/* Writes inline idx where cmark's output had its placeholder. */
static void S_emit_inline(S_md *m, size_t idx)
{
	pol_prose_inline_md(m->o, idx);
	m->keep = m->b->len;
	m->all_nl = false;
	m->nl = 0;
	m->digit = false;
}

/* Writes the newlines owed, each after the first followed by the prefix when a blank
 * line is owed; newlines already at the end of the output count. */
static void S_flush_cr(S_md *m)
{
	if (m->in_tight && m->need_cr > 1)
		m->need_cr = 1;
	int have = m->all_nl ? INT_MAX : m->nl;
	for (; m->need_cr > 0; m->need_cr--) {
		if (have > 0) {
			have--;
		} else {
			S_emit(m, "\n", 1);
			if (m->need_cr > 1)
				S_emit(m, m->prefix.data, m->prefix.len);
		}
		m->begin_line = m->begin_content = true;
	}
}

/* Whether ASCII c, followed by byte next, is escaped for esc where it stands. */
static bool S_needs_escape(const S_md *m, S_esc esc, int c, int next, bool follows_digit)
{
	switch (esc) {
	case S_NORMAL:
		return c < 0x20 || strchr("*_[]#<>\\`!~", c) || (c == '&' && ((next | 0x20) >= 'a' && (next | 0x20) <= 'z')) ||
		       (m->begin_content && strchr("-+=", c) && !follows_digit) ||
		       (m->begin_content && (c == '.' || c == ')') && follows_digit && (next == 0 || S_isspace(next)));
	case S_URL: return strchr("`<>\\)(", c) || S_isspace(c);
	case S_TITLE: return strchr("`<>\"\\", c) != NULL;
	default: return false;
	}
}

/* Appends the escaped form of ASCII c: a space in a URL as %XX, punctuation after a
 * backslash, anything else as a numeric character reference. */
static void S_put_escape(S_md *m, S_esc esc, int c)
{
	char e[16];
	if (esc == S_URL && S_isspace(c))
		snprintf(e, sizeof e, "%%%2X", c);
	else if (S_ispunct(c))
		snprintf(e, sizeof e, "\\%c", c);
	else
		snprintf(e, sizeof e, "&#%d;", c);
	S_emit(m, e, strlen(e));
}

/* The end of the run of non-ASCII bytes other than 0xEE (a placeholder's lead byte)
 * that starts at s[i], within s[0..n): sixteen bytes at a time where SSE2 is there. */
static size_t S_non_ascii_end(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
	const __m128i ee = _mm_set1_epi8((char)0xEE);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		unsigned stop = ~(unsigned)_mm_movemask_epi8(x) & 0xFFFF;
		stop |= (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(x, ee));
		if (stop)
			return i + (size_t)__builtin_ctz(stop);
	}
#endif
	while (i < n && (unsigned char)s[i] >= 0x80 && (unsigned char)s[i] != 0xEE)
		i++;
	return i;
}

/* Writes s[0..n) escaped for esc, with its placeholders as inlines. */
static void S_out(S_md *m, const char *s, size_t n, S_esc esc)
{
	S_flush_cr(m);
	size_t i = 0, run = 0;
	while (i < n) {
		if (m->begin_line) {
			S_emit(m, s + run, i - run);
			run = i;
			S_emit(m, m->prefix.data, m->prefix.len);
			m->begin_line = false;
		}
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80) {
			size_t k = 1, idx;
			if (c == 0xEE && (k = pol_placeholder_at(s + i, n - i, &idx)) > 0) {
				S_emit(m, s + run, i - run);
				S_emit_inline(m, idx);
				run = i + k;
			} else {
				/* Other code points are written as they are, up to the next ASCII byte
				 * or possible placeholder (cmark's parser leaves only valid UTF-8). */
				k = S_non_ascii_end(s, i + 1, n) - i;
			}
			m->begin_content = false;
			i += k;
			continue;
		}
		int next = i + 1 < n ? (unsigned char)s[i + 1] : 0;
		if (c == '|' && m->pipes) {
			S_emit(m, s + run, i - run);
			S_emit(m, "\\", 1);
			run = i;
		}
		if (esc == S_LITERAL && c == '\n') {
			m->begin_line = m->begin_content = true;
			i++;
			continue;
		}
		if (esc != S_LITERAL &&
		    S_needs_escape(m, esc, c, next, i > run ? S_isdigit((unsigned char)s[i - 1]) : m->digit)) {
			S_emit(m, s + run, i - run);
			S_put_escape(m, esc, c);
			run = i + 1;
		}
		m->begin_content = m->begin_content && S_isdigit(c);
		i++;
	}
	S_emit(m, s + run, i - run);
}

static void S_lit(S_md *m, const char *s)
{
	S_out(m, s, strlen(s), S_LITERAL);
}

static void S_str(S_md *m, const char *s, S_esc esc)
{
	if (!s)
		s = "";
	S_out(m, s, strlen(s), esc);
}

static void S_cr(S_md *m)
{
	if (m->need_cr < 1)
		m->need_cr = 1;
}

static void S_blankline(S_md *m)
{
	if (m->need_cr < 2)
		m->need_cr = 2;
}

/* ---- nodes -------------------------------------------------------------------------- */

static cmark_node *S_containing_block(cmark_node *n)
{
	while (n && (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) != CMARK_NODE_TYPE_BLOCK)
		n = cmark_node_parent(n);
	return n;
}

static bool S_in_tight_item(cmark_node *n)
{
	cmark_node *b = S_containing_block(n);
	if (!b)
		return false;
	cmark_node *p = cmark_node_parent(b);
	if (cmark_node_get_type(b) == CMARK_NODE_ITEM && cmark_node_get_list_tight(p))
		return true;
	return p && cmark_node_get_type(p) == CMARK_NODE_ITEM && cmark_node_get_list_tight(cmark_node_parent(p));
}

static bool S_has_scheme(const char *u)
{
	if (!((*u | 0x20) >= 'a' && (*u | 0x20) <= 'z'))
		return false;
	size_t i = 1;
	while (i < 33 && u[i] && (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') || S_isdigit(u[i]) || strchr(".+-", u[i])))
		i++;
	return i >= 2 && i <= 32 && u[i] == ':';
}

/* Whether link n is written as <url>: its text is its URL (without "mailto:"). */
static bool S_is_autolink(cmark_node *n)
{
	const char *url = cmark_node_get_url(n), *title = cmark_node_get_title(n);
	cmark_node *t = cmark_node_first_child(n);
	if (!url || !S_has_scheme(url) || (title && title[0]) || !t)
		return false;
	if (!strncmp(url, "mailto:", 7))
		url += 7;
	cmark_node_type type = cmark_node_get_type(t);
	if (type != CMARK_NODE_TEXT) {
		const char *lit = type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE ? cmark_node_get_literal(t) : NULL;
		return lit && !strcmp(url, lit);
	}
	/* cmark joins the adjacent text nodes first */
	size_t at = 0, len = strlen(url);
	for (; t && cmark_node_get_type(t) == CMARK_NODE_TEXT; t = cmark_node_next(t)) {
		const char *lit = cmark_node_get_literal(t);
		size_t k = lit ? strlen(lit) : 0;
		if (k > len - at || memcmp(url + at, lit, k))
			return false;
		at += k;
	}
	return at == len;
}

static void S_item(S_md *m, cmark_node *n, bool enter)
{
	cmark_node *list = cmark_node_parent(n);
	char marker[32] = "  - ";
	if (cmark_node_get_list_type(list) != CMARK_BULLET_LIST) {
		int num = cmark_node_get_list_start(list);
		for (cmark_node *t = cmark_node_previous(n); t; t = cmark_node_previous(t))
			num++;
		snprintf(marker, sizeof marker, "%d%s%s", num, cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ")" : ".",
		         num < 10 ? "  " : " ");
	}
	size_t width = strlen(marker);
	if (enter) {
		S_lit(m, marker);
		m->begin_content = true;
		for (size_t i = 0; i < width; i++)
			pol_buf_putc(&m->prefix, ' ');
	} else {
		m->prefix.len -= width;
		m->prefix.data[m->prefix.len] = '\0';
		S_cr(m);
	}
}

static size_t S_longest_ticks(const char *s)
{
	size_t best = 0, cur = 0;
	for (; *s; s++) {
		cur = *s == '`' ? cur + 1 : 0;
		if (cur > best)
			best = cur;
	}
	return best;
}

static void S_code_block(S_md *m, cmark_node *n)
{
	cmark_node *parent = cmark_node_parent(n);
	bool first_in_item = !cmark_node_previous(n) && parent && cmark_node_get_type(parent) == CMARK_NODE_ITEM;
	if (!first_in_item)
		S_blankline(m);
	const char *info = cmark_node_get_fence_info(n), *code = cmark_node_get_literal(n);
	info = info ? info : "";
	code = code ? code : "";
	size_t len = strlen(code);
	/* cmark-gfm indents a block without info that neither starts with a blank nor ends
	 * with two, unless it is the first thing in a list item */
	if (!*info && len > 2 && !S_isspace((unsigned char)code[0]) &&
	    !(S_isspace((unsigned char)code[len - 1]) && S_isspace((unsigned char)code[len - 2])) && !first_in_item) {
		S_lit(m, "    ");
		pol_buf_puts(&m->prefix, "    ");
		S_str(m, code, S_LITERAL);
		m->prefix.len -= 4;
		m->prefix.data[m->prefix.len] = '\0';
		S_blankline(m);
		return;
	}
	size_t ticks = S_longest_ticks(code) + 1;
	ticks = ticks < 3 ? 3 : ticks;
	pol_buf fence = {0};
	for (size_t i = 0; i < ticks; i++)
		pol_buf_putc(&fence, strchr(info, '`') ? '~' : '`');
	S_lit(m, fence.data);
	S_lit(m, " ");
	S_str(m, info, S_LITERAL);
	S_cr(m);
	S_str(m, code, S_LITERAL);
	S_cr(m);
	S_lit(m, fence.data);
	S_blankline(m);
	pol_buf_free(&fence);
}

/* The shortest run of backticks that code does not hold (at most 32). */
static size_t S_unused_ticks(const char *code)
{
	uint32_t used = 1;
	size_t cur = 0;
	for (const char *s = code;; s++) {
		if (*s == '`') {
			cur++;
			continue;
		}
		if (cur > 0 && cur < 32)
			used |= 1u << cur;
		cur = 0;
		if (!*s)
			break;
	}
	size_t i = 0;
	while (i < 32 && (used & 1)) {
		used >>= 1;
		i++;
	}
	return i;
}

static void S_code(S_md *m, cmark_node *n)
{
	const char *code = cmark_node_get_literal(n);
	code = code ? code : "";
	size_t len = strlen(code), ticks = S_unused_ticks(code);
	/* cmark-gfm pads a code span that starts or ends with a space or backtick */
	bool extra = len == 0 || code[0] == '`' || code[len - 1] == '`' || code[0] == ' ' || code[len - 1] == ' ';
	char t[33];
	memset(t, '`', ticks);
	t[ticks] = '\0';
	S_lit(m, t);
	if (extra)
		S_lit(m, " ");
	S_str(m, code, S_LITERAL);
	if (extra)
		S_lit(m, " ");
	S_lit(m, t);
}

/* Raw HTML as text: its literal without trailing newlines, escaped. */
static void S_html_as_text(S_md *m, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	while (len && lit[len - 1] == '\n')
		len--;
	S_out(m, lit ? lit : "", len, S_NORMAL);
}

/* A link or image; returns false when its content is not to be walked (an autolink). */
static bool S_link(S_md *m, cmark_node *n, bool enter)
{
	const char *url = cmark_node_get_url(n), *title = cmark_node_get_title(n);
	bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
	if (!pol_prose_url_safe(m->o, url))
		return true;
	if (!image && S_is_autolink(n)) {
		if (enter) {
			S_lit(m, "<");
			S_lit(m, strncmp(url, "mailto:", 7) ? url : url + 7);
			S_lit(m, ">");
		}
		return false;
	}
	if (enter) {
		S_lit(m, image ? "![" : "[");
		return true;
	}
	S_lit(m, "](");
	S_str(m, url, S_URL);
	if (title && title[0]) {
		S_lit(m, " \"");
		S_str(m, title, S_TITLE);
		S_lit(m, "\"");
	}
	S_lit(m, ")");
	return true;
}

/* A GFM table, as cmark-gfm's table extension writes it: a blank line around it, a row
 * a line, "| a | b |", the delimiter row after the header with each column's alignment. */
static void S_table(S_md *m, cmark_node *n, bool enter, const char *type)
{
	bool pipes = m->pipes;
	m->pipes = false; /* the table's own bars */
	if (!strcmp(type, "table")) {
		S_blankline(m);
		pipes = enter;
	} else if (!strcmp(type, "table_cell")) {
		if (enter) {
			S_lit(m, " ");
		} else {
			S_lit(m, " |");
			cmark_node *row = cmark_node_parent(n), *table = cmark_node_parent(row);
			if (cmark_gfm_extensions_get_table_row_is_header(row) && !cmark_node_next(n)) {
				uint16_t cols = cmark_gfm_extensions_get_table_columns(table);
				const uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
				S_cr(m);
				S_lit(m, "|");
				for (uint16_t i = 0; i < cols; i++)
					S_lit(m, align[i] == 'l' ? " :-- |" : align[i] == 'c' ? " :-: |" : align[i] == 'r' ? " --: |" : " --- |");
				S_cr(m);
			}
		}
	} else if (enter) { /* a row */
		S_cr(m);
		S_lit(m, "|");
	}
	m->pipes = pipes;
}

static bool S_node(S_md *m, cmark_node *n, bool enter)
{
	cmark_node_type type = cmark_node_get_type(n);
	if (!(type == CMARK_NODE_ITEM && !cmark_node_previous(n) && enter))
		m->in_tight = S_in_tight_item(n);
	switch (type) {
	case CMARK_NODE_BLOCK_QUOTE:
		if (enter) {
			S_lit(m, "> ");
			m->begin_content = true;
			pol_buf_puts(&m->prefix, "> ");
		} else {
			m->prefix.len -= 2;
			m->prefix.data[m->prefix.len] = '\0';
			S_blankline(m);
		}
		break;
	case CMARK_NODE_LIST:
		if (!enter && cmark_node_next(n) && (cmark_node_get_type(cmark_node_next(n)) == CMARK_NODE_LIST ||
		                                     cmark_node_get_type(cmark_node_next(n)) == CMARK_NODE_CODE_BLOCK)) {
			S_cr(m);
			S_lit(m, "<!-- end list -->");
			S_blankline(m);
		}
		break;
	case CMARK_NODE_ITEM: S_item(m, n, enter); break;
	case CMARK_NODE_HEADING:
		if (enter) {
			char h[8] = "######";
			h[cmark_node_get_heading_level(n)] = '\0';
			S_lit(m, h);
			S_lit(m, " ");
			m->begin_content = m->no_linebreaks = true;
		} else {
			m->no_linebreaks = false;
			S_blankline(m);
		}
		break;
	case CMARK_NODE_CODE_BLOCK: S_code_block(m, n); break;
	case CMARK_NODE_HTML_BLOCK: /* as a paragraph of text */
		S_html_as_text(m, n);
		S_blankline(m);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		S_blankline(m);
		S_lit(m, "-----");
		S_blankline(m);
		break;
	case CMARK_NODE_PARAGRAPH:
		if (!enter)
			S_blankline(m);
		break;
	case CMARK_NODE_TEXT: S_str(m, cmark_node_get_literal(n), S_NORMAL); break;
	case CMARK_NODE_LINEBREAK:
		S_lit(m, "  ");
		S_cr(m);
		break;
	case CMARK_NODE_SOFTBREAK:
		if (m->no_linebreaks)
			S_lit(m, " ");
		else
			S_cr(m);
		break;
	case CMARK_NODE_CODE: S_code(m, n); break;
	case CMARK_NODE_HTML_INLINE: S_html_as_text(m, n); break;
	case CMARK_NODE_STRONG: S_lit(m, "**"); break;
	case CMARK_NODE_EMPH: {
		cmark_node *p = cmark_node_parent(n);
		bool inner = p && cmark_node_get_type(p) == CMARK_NODE_EMPH && !cmark_node_next(n) && !cmark_node_previous(n);
		S_lit(m, inner ? "_" : "*");
		break;
	}
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE: return S_link(m, n, enter);
	default: {
		/* the document; the table extension's nodes; custom nodes are never parsed */
		const char *ext = type == CMARK_NODE_DOCUMENT ? NULL : cmark_node_get_type_string(n);
		if (ext && !strncmp(ext, "table", 5))
			S_table(m, n, enter, ext);
		break;
	}
	}
	return true;
}

static bool S_visit(void *ctx, cmark_node *n, bool enter)
{
	return S_node(ctx, n, enter);
}

/* Plain prose (pol_prose_is_plain) from its lines, as S_node writes the tree it would
 * parse into: a paragraph per run of lines, a text per line, soft breaks between. */
static void S_plain_paragraphs(S_md *m)
{
	pol_plain_lines it;
	pol_plain_start(&it, m->o->p);
	const char *line;
	size_t n;
	int what;
	bool any = false;
	while ((what = pol_plain_next(&it, &line, &n))) {
		if (what == 1 && any)
			S_blankline(m); /* the paragraph before ends */
		else if (what == 2)
			S_cr(m); /* a soft break */
		S_out(m, line, n, S_NORMAL);
		any = true;
	}
	if (any)
		S_blankline(m);
}

void pol_prose_md(pol_prose_out *o)
{
	S_md m = {.o = o, .b = o->b, .start = o->b->len, .keep = SIZE_MAX, .begin_line = true, .begin_content = true,
	          .all_nl = true};
	pol_buf_put(&m.prefix, "", 0);
	if (pol_prose_is_plain(o->p))
		S_plain_paragraphs(&m);
	else
		pol_prose_walk(pol_prose_doc(o->p), S_visit, &m);
	pol_buf_free(&m.prefix);
	/* Blocks end with newlines; the templates place the prose themselves. */
	pol_buf *b = o->b;
	while (b->len > m.start && (m.keep == SIZE_MAX || b->len > m.keep) && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
}
