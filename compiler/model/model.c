/* model.c — the model's types: names of its enums, helpers emitters share, prose and its
 * trees. Loading and freeing a model are in load.c, numbering in number.c, the derived
 * facts in facts.c. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#ifdef __SSE2__
#include <immintrin.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "model/model.h"

const char *pol_kind_name(pol_kind k)
{
	static const char *names[] = {"document", "chapter", "section", "subsection", "article",
	                              "paragraph", "item", "subitem", "subsubitem", "supplement",
	                              "doctable", "appendix"};
	return names[k];
}

const char *pol_vis_name(pol_vis v)
{
	static const char *names[] = {"public", "internal", "confidential"};
	return names[v];
}

const char *pol_tier_name(pol_tier t)
{
	static const char *names[] = {"none", "preface", "basic", "standards", "procedures", "supplementary"};
	return names[t];
}

const char *pol_level_name(pol_rule_level l)
{
	static const char *names[] = {"", "must", "should", "may"};
	return names[l];
}

const char *pol_level_ja(pol_rule_level l)
{
	static const char *names[] = {"", "必須", "推奨", "任意"};
	return names[l];
}

const char *pol_param_type_name(pol_param_type t)
{
	static const char *names[] = {"number", "text", "duration", "date"};
	return names[t];
}

const pol_node *pol_node_document(const pol_node *n)
{
	while (n && n->parent)
		n = n->parent;
	return n;
}

char *pol_node_heading(const pol_node *n)
{
	if (n->num && n->title)
		return pol_xasprintf("%s %s", n->num, n->title);
	return pol_xstrdup(n->num ? n->num : n->title ? n->title : "");
}

const pol_node *pol_node_chapter(const pol_node *n)
{
	while (n && n->kind != POL_CHAPTER && n->kind != POL_SUPPLEMENT)
		n = n->parent;
	return n;
}

const char *pol_ref_text_lent(const pol_node *t, bool local)
{
	if (!t->ref)
		return t->title ? t->title : "";
	const pol_node *ch = pol_node_chapter(t);
	size_t skip = 0;
	if (local && ch && ch != t && ch->ref && !strncmp(t->ref, ch->ref, strlen(ch->ref)))
		skip = strlen(ch->ref);
	return t->ref + skip;
}

char *pol_ref_text(const pol_node *t, bool local)
{
	return pol_xstrdup(pol_ref_text_lent(t, local));
}

char *pol_model_strdup(pol_model *m, const char *s)
{
	return pol_arena_strdup(&m->arena, s);
}

/* Placeholder index at s (U+E000 digits U+E001); returns bytes consumed or 0. */
size_t pol_placeholder_at(const char *s, size_t n, size_t *index)
{
	uint32_t cp;
	size_t k = pol_utf8_decode(s, n, &cp);
	if (k != 3 || cp != 0xE000)
		return 0;
	size_t i = k, v = 0;
	bool any = false;
	while (i < n) {
		k = pol_utf8_decode(s + i, n - i, &cp);
		if (k == 3 && cp >= 0xE010 && cp <= 0xE019) {
			v = v * 10 + (cp - 0xE010);
			any = true;
			i += k;
		} else if (k == 3 && cp == 0xE001 && any) {
			*index = v;
			return i + k;
		} else {
			return 0;
		}
	}
	return 0;
}

/* Appends text with placeholders replaced by their inline's text. */
static void S_put_plain(pol_buf *b, const pol_prose *p, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		size_t idx, k = pol_placeholder_at(s + i, n - i, &idx);
		if (k && idx < p->ninl) {
			pol_buf_puts(b, p->inl[idx].text ? p->inl[idx].text : "");
			i += k;
		} else {
			pol_buf_putc(b, s[i++]);
		}
	}
}

/* ---- nodes ---- */

const pol_node_more pol_node_more_none;

pol_node_more *pol_more_mut(pol_node *n, pol_arena *a)
{
	if (!n->more)
		n->more = pol_arena_calloc(a, sizeof *n->more);
	return (pol_node_more *)n->more;
}

/* ---- plain prose ---- */

static bool S_markup_byte(unsigned char c)
{
	return c < 0x20 || c == '\\' || c == '`' || c == '*' || c == '_' || c == '[' || c == ']' || c == '<' ||
	       c == '>' || c == '&' || c == '|'; /* '|': a GFM table's row */
}

#ifdef __SSE2__
/* S_has_markup for n >= 32, thirty-two bytes at a time, the last thirty-two overlapping
 * the ones before. A byte's class is looked up by its two nibbles, as the UTF-8 check in
 * lib/util.c does: each table gives a bit per group of markup bytes sharing a high
 * nibble (0x00-0x1F; & *; < >; [ \ ] _; `; |), and a byte is markup when the bits for its
 * low and its high nibble meet. Two lookups a block instead of eleven comparisons. */
__attribute__((target("avx2"))) static bool S_has_markup_avx2(const char *s, size_t n)
{
	enum { CTL = 1, AMP_STAR = 2, ANGLE = 4, BRACKET = 8, TICK = 16, BAR = 32 };
#define S_T16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)
	const __m256i by_low = S_T16(
		CTL | TICK, CTL, CTL, CTL, CTL, CTL, CTL | AMP_STAR, CTL,
		CTL, CTL, CTL | AMP_STAR, CTL | BRACKET, CTL | ANGLE | BRACKET | BAR, CTL | BRACKET,
		CTL | ANGLE, CTL | BRACKET);
	const __m256i by_high = S_T16(CTL, CTL, AMP_STAR, ANGLE, 0, BRACKET, TICK, BAR, 0, 0, 0, 0, 0, 0, 0, 0);
#undef S_T16
	const __m256i nibble = _mm256_set1_epi8(0x0F);
	for (size_t i = 0;; i += 32) {
		if (i + 32 > n)
			i = n - 32;
		__m256i x = _mm256_loadu_si256((const __m256i *)(s + i));
		__m256i hit = _mm256_and_si256(_mm256_shuffle_epi8(by_low, _mm256_and_si256(x, nibble)),
		                               _mm256_shuffle_epi8(by_high, _mm256_and_si256(_mm256_srli_epi16(x, 4), nibble)));
		if (!_mm256_testz_si256(hit, hit))
			return true;
		if (i + 32 == n)
			return false;
	}
}
#endif

/* Whether s[0..n) holds a byte that may be CommonMark markup or a control character. */
static bool S_has_markup(const char *s, size_t n)
{
	size_t i = 0;
#ifdef __SSE2__
	if (n >= 32 && __builtin_cpu_supports("avx2"))
		return S_has_markup_avx2(s, n);
	static const char set[] = "\\`*_[]<>&|";
	__m128i eq[sizeof set - 1];
	for (size_t k = 0; k < sizeof set - 1; k++)
		eq[k] = _mm_set1_epi8(set[k]);
	const __m128i ctl = _mm_set1_epi8(0x1f);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i hit = _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x);
		for (size_t k = 0; k < sizeof set - 1; k++)
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(x, eq[k]));
		if (_mm_movemask_epi8(hit))
			return true;
	}
#endif
	for (; i < n; i++)
		if (S_markup_byte((unsigned char)s[i]))
			return true;
	return false;
}

/* Whether a line can only be text of a paragraph: no character that starts CommonMark
 * markup anywhere, no leading or trailing space, and no start that opens a block
 * (list, heading, quote, fence, break, HTML, indented code). */
static bool S_plain_line(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
		return false;
	if (c >= '0' && c <= '9') {
		size_t d = 0;
		while (d < n && s[d] >= '0' && s[d] <= '9')
			d++;
		if (d < n && (s[d] == '.' || s[d] == ')'))
			return false;
	}
	return s[n - 1] != ' ' && !S_has_markup(s, n);
}

void pol_plain_start(pol_plain_lines *it, const pol_prose *p)
{
	it->s = p && p->md ? p->md : "";
	it->end = it->s + (p && p->md ? p->mdlen : 0);
	it->gap = it->any = false;
}

int pol_plain_next(pol_plain_lines *it, const char **line, size_t *n)
{
	while (it->s < it->end) {
		const char *at = it->s, *nl = memchr(at, '\n', (size_t)(it->end - at));
		size_t k = nl ? (size_t)(nl - at) : (size_t)(it->end - at);
		it->s = nl ? nl + 1 : it->end;
		if (!k) {
			it->gap = true;
			continue;
		}
		int what = it->any && !it->gap ? 2 : 1;
		it->any = true;
		it->gap = false;
		*line = at;
		*n = k;
		return what;
	}
	return 0;
}

bool pol_prose_is_plain(const pol_prose *p)
{
	if (!p || !p->md)
		return false;
	/* The answer is a cache, as the tree is: it does not change what the prose means. */
	pol_prose_tree *t = p->tree ? p->tree : (pol_prose_tree *)&p->own;
	if (!t->plain) {
		const char *s = p->md, *end = s + p->mdlen;
		bool plain = true;
		while (plain && s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
			plain = !n || S_plain_line(s, n);
			s = nl ? nl + 1 : end;
		}
		t->plain = plain ? 1 : -1;
	}
	return t->plain > 0;
}

char *pol_prose_plain(const pol_prose *p)
{
	pol_buf b = {0};
	if (!p)
		return pol_xstrdup("");
	cmark_iter *it = cmark_iter_new(pol_prose_doc(p));
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *cur = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(cur);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)) {
			const char *lit = cmark_node_get_literal(cur);
			S_put_plain(&b, p, lit, strlen(lit));
		} else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_LINEBREAK) {
			pol_buf_putc(&b, '\n');
		} else if (ev == CMARK_EVENT_EXIT && (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
		                                       t == CMARK_NODE_CODE_BLOCK)) {
			pol_buf_putc(&b, '\n');
		} else if (ev == CMARK_EVENT_ENTER && t == CMARK_NODE_CODE_BLOCK) {
			const char *lit = cmark_node_get_literal(cur);
			S_put_plain(&b, p, lit, strlen(lit));
		} else if (ev == CMARK_EVENT_EXIT && (t & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK &&
		           t != CMARK_NODE_DOCUMENT) {
			/* a GFM table: a row a line, its cells apart by a tab */
			const char *ext = cmark_node_get_type_string(cur);
			if (!strcmp(ext, "table_cell") && cmark_node_next(cur))
				pol_buf_putc(&b, '\t');
			else if (!strcmp(ext, "table_row") || !strcmp(ext, "table_header"))
				pol_buf_putc(&b, '\n');
		}
	}
	cmark_iter_free(it);
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = 0;
	return pol_buf_detach(&b);
}

/* ---- prose ---------------------------------------------------------------- */

pol_prose *pol_prose_new_md(const char *md)
{
	pol_prose *p = pol_xcalloc(1, sizeof *p);
	p->md = pol_xstrdup(md);
	p->mdlen = strlen(md);
	return p;
}

/* cmark-gfm's table extension, found once: GFM pipe tables are the only extension prose
 * has (docs/reiki.md). Registering is idempotent; the extension lives for the process. */
static cmark_syntax_extension *S_table_ext(void)
{
	static cmark_syntax_extension *table;
	if (!table) {
		cmark_gfm_core_extensions_ensure_registered();
		table = cmark_find_syntax_extension("table");
	}
	return table;
}

/* One parser for every prose of the run: cmark_parser_finish leaves the parser reset,
 * its extensions attached, for the next text. */
static cmark_parser *S_parser;

static void S_parser_free(void)
{
	cmark_parser_free(S_parser);
	S_parser = NULL;
}

cmark_node *pol_cmark_parse(const char *md, size_t len)
{
	if (!S_parser) {
		S_parser = cmark_parser_new(CMARK_OPT_DEFAULT);
		cmark_syntax_extension *table = S_table_ext();
		if (table)
			cmark_parser_attach_syntax_extension(S_parser, table);
		atexit(S_parser_free);
	}
	cmark_parser_feed(S_parser, md, len);
	return cmark_parser_finish(S_parser);
}

cmark_node *pol_prose_doc(const pol_prose *p)
{
	/* The tree is a cache: making it does not change what the prose means. */
	pol_prose_tree *t = p->tree ? p->tree : (pol_prose_tree *)&p->own;
	if (!t->doc)
		t->doc = pol_cmark_parse(p->md ? p->md : "", p->md ? p->mdlen : 0);
	return t->doc;
}

void pol_prose_share_tree(pol_prose *copy, const pol_prose *from)
{
	copy->tree = from->tree ? from->tree : (pol_prose_tree *)&from->own;
}

void pol_prose_drop_tree(pol_prose *p)
{
	if (p && p->own.doc) {
		cmark_node_free(p->own.doc);
		p->own.doc = NULL;
	}
}

void pol_prose_free(pol_prose *p)
{
	if (!p)
		return;
	free((char *)p->md);
	pol_prose_drop_tree(p);
	for (size_t i = 0; i < p->ninl; i++)
		free((char *)p->inl[i].text);
	free(p->inl);
	free(p);
}


bool pol_term_is_kana(const char *text)
{
	if (!text || !*text)
		return false;
	for (const char *p = text; *p;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(p, strlen(p), &cp);
		if (!k)
			return false;
		bool kana = (cp >= 0x3041 && cp <= 0x3096) || (cp >= 0x309D && cp <= 0x309E) ||
		            (cp >= 0x30A1 && cp <= 0x30FE) || cp == ' ' || cp == 0x3000;
		if (!kana)
			return false;
		p += k;
	}
	return true;
}

const char *pol_term_reading(const pol_term *t)
{
	return t->reading ? t->reading : pol_term_is_kana(t->title) ? t->title : NULL;
}
