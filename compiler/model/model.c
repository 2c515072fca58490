/* model.c — the model's types: names of its enums, helpers emitters share, prose and its
 * trees. Loading and freeing a model are in load.c, numbering in number.c, the derived
 * facts in facts.c. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
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
		t->doc = pol_cmark_parse(p->md ? p->md : "", p->md ? strlen(p->md) : 0);
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
	free(p->md);
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
