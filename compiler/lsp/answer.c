/* answer.c — what the server answers from a loaded policy (answer.h): hover text,
 * completion items, the outline, and whether a rename may be done. Each reads the
 * model and its index and builds the protocol's JSON; none knows of documents, URIs
 * or the connection (server.c). */
#include "lsp/answer.h"

#include <stdlib.h>
#include <string.h>

#include "model/syntax.h"

/* ---- ranges ---- */

static json_t *S_pos(long line, long ch)
{
	return json_pack("{s:I,s:I}", "line", (json_int_t)(line < 0 ? 0 : line), "character",
	                 (json_int_t)(ch < 0 ? 0 : ch));
}

json_t *pol_lsp_range(long l0, long c0, long l1, long c1)
{
	return json_pack("{s:o,s:o}", "start", S_pos(l0, c0), "end", S_pos(l1, c1));
}

json_t *pol_lsp_span_range(const pol_file *f, size_t b, size_t e)
{
	long l0, c0, l1, c1;
	pol_lsp_position(f, b, &l0, &c0);
	pol_lsp_position(f, e, &l1, &c1);
	return pol_lsp_range(l0, c0, l1, c1);
}

/* ---- hover ---- */

static void S_md_text(pol_buf *b, const char *s)
{
	/* Markdown's punctuation escaped, so a title shows as written. */
	for (; s && *s; s++) {
		if (*s && strchr("\\`*_[]<>#|~", *s))
			pol_buf_putc(b, '\\');
		pol_buf_putc(b, *s);
	}
}

static void S_where(pol_buf *b, pol_span sp)
{
	if (!sp.file)
		return;
	int line, col;
	pol_file_linecol(sp.file, sp.begin, &line, &col);
	pol_buf_printf(b, "\n\n`%s:%d`", sp.file->rel, line);
}

static void S_hover_node(pol_buf *b, const pol_node *n)
{
	char *h = pol_node_heading(n);
	pol_buf_puts(b, "**");
	S_md_text(b, *h ? h : n->id);
	pol_buf_puts(b, "**");
	free(h);
	if (n->ref && (!n->num || strcmp(n->ref, n->num)))
		pol_buf_printf(b, " (%s)", n->ref);
	pol_buf_printf(b, "\n\n%s", pol_kind_name(n->kind));
	static const char *sems[] = {"rule", "term", "threat", "measure", "procedure", "step"};
	for (int i = 0; i < 6; i++)
		if (n->sem & (1u << i) && strcmp(sems[i], pol_kind_name(n->kind)))
			pol_buf_printf(b, " · %s", sems[i]);
	if (n->level)
		pol_buf_printf(b, " · %s %s", pol_level_name(n->level), pol_level_ja(n->level));
	pol_buf_printf(b, " · %s", pol_vis_name(n->vis));
	if (n->kind == POL_DOCUMENT) {
		if (n->tier)
			pol_buf_printf(b, " · tier=%s", pol_tier_name(n->tier));
		if (n->listed)
			pol_buf_puts(b, " · listed");
	}
	pol_buf_printf(b, "\n\n`%s`", n->key);
	if (n->napplies) {
		pol_buf_puts(b, "\n\napplies:");
		for (uint32_t i = 0; i < n->napplies; i++)
			pol_buf_printf(b, " %s", n->applies[i]->id);
	}
	if (n->owner)
		pol_buf_printf(b, "\n\nowner: %s", n->owner->id);
	if (n->role)
		pol_buf_printf(b, "\n\nrole: %s", n->role->id);
	if (n->nimplements) {
		pol_buf_puts(b, "\n\nimplements:");
		for (uint32_t i = 0; i < n->nimplements; i++)
			pol_buf_printf(b, " %s%s%s", n->implements[i]->key, n->implements[i]->ref ? " " : "",
			               n->implements[i]->ref ? n->implements[i]->ref : "");
	}
	if (n->ncounters) {
		pol_buf_puts(b, "\n\ncounters:");
		for (uint32_t i = 0; i < n->ncounters; i++)
			pol_buf_printf(b, " %s%s%s", n->counters[i]->key, n->counters[i]->ref ? " " : "",
			               n->counters[i]->ref ? n->counters[i]->ref : "");
	}
	if (n->nchecks)
		pol_buf_printf(b, "\n\nchecks: %u", n->nchecks);
	if (pol_more(n)->effective_era)
		pol_buf_printf(b, "\n\n施行日: %s", pol_more(n)->effective_era);
	S_where(b, n->span);
}

static void S_hover_plain(pol_buf *b, const pol_prose *p)
{
	if (!p)
		return;
	char *t = pol_prose_plain(p);
	if (t && *t) {
		pol_buf_puts(b, "\n\n");
		S_md_text(b, t);
	}
	free(t);
}

char *pol_lsp_hover(const pol_occ *o)
{
	pol_buf b = {0};
	switch (o->kind) {
	case POL_SYM_NODE:
		S_hover_node(&b, o->target);
		break;
	case POL_SYM_ROLE: {
		const pol_role *r = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, r->title ? r->title : r->id);
		pol_buf_printf(&b, "**\n\nrole `%s` · %s · used %d times", r->id, pol_vis_name(r->vis), r->uses);
		S_hover_plain(&b, r->desc);
		S_where(&b, r->span);
		break;
	}
	case POL_SYM_TERM: {
		const pol_term *t = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, t->title);
		pol_buf_printf(&b, "**\n\nterm `%s` · %s · used %d times", t->id, pol_vis_name(t->vis), t->uses);
		if (t->node && t->node->ref)
			pol_buf_printf(&b, " · %s", t->node->ref);
		if (t->def_text && *t->def_text) {
			pol_buf_puts(&b, "\n\n");
			S_md_text(&b, t->def_text);
		}
		S_where(&b, t->span);
		break;
	}
	case POL_SYM_PARAM: {
		const pol_param *q = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, q->display);
		pol_buf_printf(&b, "**\n\nparameter `%s` · %s · value=%s · %s · used %d times", q->id,
		               pol_param_type_name(q->type), q->value ? q->value : "", pol_vis_name(q->vis), q->uses);
		S_hover_plain(&b, q->desc);
		S_where(&b, q->span);
		break;
	}
	case POL_SYM_CHECK: {
		const pol_check *c = o->target;
		pol_buf_printf(&b, "**check `%s`**", c->id);
		if (c->every_ja)
			pol_buf_printf(&b, " · %s (%s)", c->every_ja, c->every);
		if (c->evidence) {
			pol_buf_puts(&b, "\n\nevidence: ");
			S_md_text(&b, c->evidence);
		}
		if (c->rule) {
			char *h = pol_node_heading(c->rule);
			pol_buf_puts(&b, "\n\nrule: ");
			S_md_text(&b, h);
			free(h);
		}
		S_hover_plain(&b, c->question);
		break;
	}
	case POL_SYM_FILE:
		pol_buf_printf(&b, "`%s`", ((const pol_file *)o->target)->rel);
		break;
	case POL_SYM_FRAMEWORK: {
		const pol_framework *fw = o->target;
		pol_buf_puts(&b, "**");
		S_md_text(&b, fw->title ? fw->title : fw->id);
		pol_buf_printf(&b, "**\n\nframework `%s` · %s · %zu clauses", fw->id, pol_vis_name(fw->vis), fw->nclauses);
		if (fw->edition) {
			pol_buf_puts(&b, " · ");
			S_md_text(&b, fw->edition);
		}
		S_where(&b, fw->span);
		break;
	}
	case POL_SYM_CLAUSE: {
		const pol_clause *cl = o->target;
		pol_buf_printf(&b, "**%s ", cl->id);
		S_md_text(&b, cl->title);
		pol_buf_printf(&b, "**\n\nclause `%s`", cl->key);
		if (cl->fw && cl->fw->title) {
			pol_buf_puts(&b, " of ");
			S_md_text(&b, cl->fw->title);
		}
		S_where(&b, cl->span);
		break;
	}
	}
	return pol_buf_detach(&b);
}

/* ---- what the language's words mean (docs/language.md, in a line each) ---- */

static const char *const S_words_doc[][2] = {
	{"@policy", "the policy header: `@policy ID TITLE`, then `organization =`, `issued =` (YYYY-MM), `numbering =` (guideline or reiki); first in policy.pol"},
	{"@include", "reads another file here: `@include PATH`, relative to the source root"},
	{"@role", "a role (who rules apply to, who owns them): `@role ID TITLE`; the prose below describes it"},
	{"@param", "a typed parameter, shown in prose by `{param ID}`: `[number|text|duration|date, value=…, unit=…]`"},
	{"@term", "a defined term (定義): `@term ID TITLE`; the prose below is its definition; used as `{TITLE}` or `{ID}`"},
	{"@document", "a document (基本方針, 対策基準 …): `[public|internal|confidential, tier=…, summary=…, listed, notice=…]`"},
	{"@chapter", "a chapter: 第1章 (序章 in a preface document)"},
	{"@section", "a section: 第1節"},
	{"@subsection", "a 款: 第1款"},
	{"@article", "an article: 1. (guideline) or 第1条 (reiki)"},
	{"@paragraph", "a 項 of an article: unnumbered, or 2, 3 … in the reiki style"},
	{"@item", "an item (号): (1)"},
	{"@subitem", "a sub-item: ① (guideline) or ア (reiki)"},
	{"@subsubitem", "a sub-sub-item: ア (guideline) or (ア) (reiki)"},
	{"@rule", "a rule, an item with a level: `[must|should|may, applies=ROLE …, owner=ROLE, implements=ID …, counters=ID …]`"},
	{"@threat", "a threat (an item), countered by measures and rules (`counters=`)"},
	{"@measure", "a basic measure (an item), implemented by standards (`implements=`)"},
	{"@procedure", "a procedure (an article) that implements a standard: `[implements=ID]`"},
	{"@step", "a step of a procedure (an item): `[role=ROLE]`"},
	{"@supplement", "附則: `@supplement ID [effective=YYYY-MM-DD or words, promulgated=…, number=…]` (施行日; an amendment's 公布日 and 番号)"},
	{"@appendix", "別表: `@appendix ID [TITLE] [rel=ARTICLE …]`, numbered 別表 or 別表第1 … per document (docs/reiki.md)"},
	{"@form", "様式: `@form ID TITLE [rel=ARTICLE …]`, numbered 様式第1号 … per document (docs/reiki.md)"},
	{"@doctable", "the generated table of the policy's documents (構成)"},
	{"@check", "a check of the rule above (自己点検): `[every=day|week|month|quarter|half-year|year|event, evidence=…]`; the prose below is the question"},
	{"@framework", "a framework catalog (the guideline, ISO/IEC 27001 …): `@framework ID TITLE [edition=…]`, then its `@clause` lines"},
	{"@clause", "one clause of the framework above: `@clause ID TITLE` (4.1, A.5.1); rules map to it with `maps=FW:ID`"},
	{"public", "visibility: shown in the public edition (公開)"},
	{"internal", "visibility: internal editions only (非公開); the default of a document"},
	{"confidential", "visibility: confidential (非公開, narrower than internal)"},
	{"must", "rule level 必須"},
	{"should", "rule level 推奨"},
	{"may", "rule level 任意"},
	{"applies", "the roles a rule applies to, space-separated role ids"},
	{"owner", "the role responsible for a rule"},
	{"role", "the role that carries out a procedure step"},
	{"implements", "what this implements, space-separated ids (a standard → a basic measure, a procedure → a standard)"},
	{"counters", "the threats a rule or measure counters, space-separated ids"},
	{"maps", "the framework clauses a node implements, space-separated FW:ID (guideline:4.1)"},
	{"edition", "the framework's edition (令和7年3月版)"},
	{"tier", "the document's tier: preface, basic, standards, procedures or supplementary"},
	{"summary", "the document's 内容 in the 構成 table"},
	{"listed", "the document's title may be shown where it is withheld"},
	{"notice", "what a withheld, listed document shows instead of its content"},
	{"effective", "the 施行日 of a 附則 (YYYY-MM-DD)"},
	{"every", "how often a check is done: day week month quarter half-year year event (毎日 … 随時)"},
	{"evidence", "what shows a check was done (証跡)"},
	{"value", "the parameter's value: a number, text, a duration (90d, 1y) or a date (YYYY-MM-DD)"},
	{"unit", "the unit of a number parameter (文字, 回 …)"},
	{"number", "on @param: the type number (with an optional unit); on @document or @supplement: the 番号 (訓令第3号)"},
	{"promulgated", "the 公布日 of a 例規 or an amendment's 附則 (YYYY-MM-DD, rendered in the era)"},
	{"rel", "the articles a 別表 or 様式 belongs to, space-separated ids (（第5条関係）)"},
	{"reading", "a term's reading in kana (じょうほうしすてむ): the glossary is sorted 五十音順 by it"},
	{"public-commit", "yes: public outputs show commit ids (by default they show dates only)"},
	{"text", "parameter type: text"},
	{"duration", "parameter type: a number and h, d, w, m or y (90d → 90日)"},
	{"date", "parameter type: YYYY-MM-DD (rendered in the Japanese era)"},
	{"rule", "flag: the node is a rule (`@rule`, or a level, says it shorter)"},
	{"term", "flag: the node is a defined term (`@term` says it shorter)"},
	{"threat", "flag: the node is a threat (`@threat`)"},
	{"measure", "flag: the node is a basic measure (`@measure`)"},
	{"procedure", "flag: the node is a procedure (`@procedure`)"},
	{"step", "flag: the node is a procedure step (`@step`)"},
	{"organization", "the organization's name"},
	{"issued", "when the policy was issued: YYYY-MM or YYYY-MM-DD (rendered 令和8年3月)"},
	{"numbering", "guideline (第1章 / 1. / (1) / ① / ア) or reiki (第1条, 項, 号)"},
	{"toc-range", "the reiki 目次 range separator: ― (default) or ～ (（第1条～第7条）)"},
	{"deleted", "flag: a deleted reiki article (第5条　削除): no title, text, 項 or 号"},
	{"articles", "how many numbers a deleted article stands for (2: 第5条及び第6条, 3: 第5条から第7条まで)"},
};

static const char *S_word_doc(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof S_words_doc / sizeof *S_words_doc; i++)
		if (strlen(S_words_doc[i][0]) == n && !memcmp(S_words_doc[i][0], w, n))
			return S_words_doc[i][1];
	return NULL;
}

static bool S_wordc(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

char *pol_lsp_hover_word(const char *line, size_t n, size_t at, size_t *b, size_t *e)
{
	if (!n || line[0] != '@' || at > n)
		return NULL;
	size_t kw = 1;
	while (kw < n && S_wordc(line[kw]))
		kw++;
	if (at <= kw) { /* the keyword, its '@' included */
		const char *doc = S_word_doc(line, kw);
		if (!doc)
			return NULL;
		*b = 0, *e = kw;
		return pol_xasprintf("**%.*s** — %s", (int)kw, line, doc);
	}
	/* an attribute name or flag inside [...] */
	const char *open = memchr(line, '[', n);
	if (!open || at <= (size_t)(open - line))
		return NULL;
	size_t wb = at, we = at;
	while (wb > 0 && S_wordc(line[wb - 1]))
		wb--;
	while (we < n && S_wordc(line[we]))
		we++;
	if (wb == we || !(line[wb - 1] == '[' || line[wb - 1] == ',' || line[wb - 1] == ' '))
		return NULL;
	/* a name, not a value: nothing but blanks since the last '[' or ',' */
	size_t k = wb;
	while (k > 0 && line[k - 1] == ' ')
		k--;
	if (k == 0 || (line[k - 1] != '[' && line[k - 1] != ','))
		return NULL;
	const char *doc = S_word_doc(line + wb, we - wb);
	if (!doc)
		return NULL;
	*b = wb, *e = we;
	return pol_xasprintf("**%.*s** — %s", (int)(we - wb), line + wb, doc);
}

/* ---- completion ---- */

/* CompletionItemKind */
enum { K_FIELD = 5, K_VARIABLE = 6, K_CLASS = 7, K_MODULE = 9, K_PROPERTY = 10, K_VALUE = 12, K_KEYWORD = 14,
       K_REFERENCE = 18, K_CONSTANT = 21 };

typedef struct S_comp {
	json_t *items;
	long line, from, to; /* the range the items replace (the word being typed) */
	const char *prefix;  /* what is typed of it */
	size_t nprefix;
} S_comp;

static void S_item(S_comp *c, const char *label, const char *insert, int kind, const char *detail)
{
	if (c->nprefix && strncmp(label, c->prefix, c->nprefix) && strncmp(insert, c->prefix, c->nprefix))
		return;
	json_t *it = json_pack("{s:s,s:i,s:{s:o,s:s}}", "label", label, "kind", kind, "textEdit", "range",
	                       pol_lsp_range(c->line, c->from, c->line, c->to), "newText", insert);
	if (detail)
		json_object_set_new(it, "detail", json_string(detail));
	json_array_append_new(c->items, it);
}

static long S_u16(const char *s, size_t n)
{
	long u = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(s + i, n - i, &cp);
		if (!k)
			k = 1, cp = 0xFFFD;
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	return u;
}

static void S_comp_nodes(S_comp *c, const pol_model *m, const pol_node *doc, unsigned sem)
{
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (!n->id || (sem && !(n->sem & sem)))
			continue;
		const pol_node *nd = pol_node_document(n);
		char *label = n->kind == POL_DOCUMENT || nd == doc ? pol_xstrdup(n->id) : pol_xstrdup(n->key);
		char *h = pol_node_heading(n);
		S_item(c, label, label, n->kind == POL_DOCUMENT ? K_MODULE : K_REFERENCE, h);
		free(h);
		free(label);
	}
}

static void S_comp_roles(S_comp *c, const pol_model *m)
{
	for (size_t i = 0; i < m->nroles; i++)
		S_item(c, m->roles[i]->id, m->roles[i]->id, K_CLASS, m->roles[i]->title);
}

static void S_comp_words(S_comp *c, const char *const *w, int kind)
{
	for (; *w; w++)
		S_item(c, *w, *w, kind, NULL);
}

/* The document the byte offset off of f stands in: that of the last node above it. */
const pol_node *pol_lsp_doc_at(const pol_model *m, const pol_file *f, size_t off)
{
	const pol_node *doc = NULL;
	for (size_t i = 0; m && f && i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (n->span.file == f && n->span.begin <= off)
			doc = pol_node_document(n);
	}
	return doc;
}

/* Completes at byte off of text (the buffer), line starting at ls. */
static void S_complete(S_comp *c, const pol_model *m, const char *text, size_t ls, size_t off, const pol_node *doc)
{
	const char *line = text + ls;
	size_t n = off - ls;
	size_t w = n; /* start of the word being typed */
	while (w > 0 && (strchr("-_.", line[w - 1]) || ((unsigned char)line[w - 1] >= 0x80) ||
	                 (line[w - 1] >= 'a' && line[w - 1] <= 'z') || (line[w - 1] >= 'A' && line[w - 1] <= 'Z') ||
	                 (line[w - 1] >= '0' && line[w - 1] <= '9')))
		w--;
	c->from = S_u16(line, w);
	c->to = S_u16(line, n);
	c->prefix = line + w;
	c->nprefix = n - w;

	if (line[0] == '@') {
		if (w == 1) { /* the keyword */
			for (size_t i = 0; i < pol_syntax_ndirectives(); i++) {
				char *at = pol_xasprintf("@%s", pol_syntax_directive(i));
				S_item(c, pol_syntax_directive(i), pol_syntax_directive(i), K_KEYWORD, S_word_doc(at, strlen(at)));
				free(at);
			}
			S_item(c, "include", "include", K_KEYWORD, S_word_doc("@include", 8));
			return;
		}
		const char *open = memchr(line, '[', n);
		if (!open || memchr(open, ']', (size_t)(line + n - open)))
			return;
		size_t kw = 1;
		while (kw < n && line[kw] != ' ' && line[kw] != '\t' && line[kw] != '[')
			kw++;
		char *keyword = pol_xstrndup(line + 1, kw - 1);
		const char *attrs = pol_syntax_attributes(keyword);
		free(keyword);
		/* the attribute being written: after the last '[' or ',' */
		size_t a = n;
		while (a > 0 && line[a - 1] != '[' && line[a - 1] != ',')
			a--;
		const char *eq = memchr(line + a, '=', n - a);
		if (!eq) {
			for (const char *p = attrs; p && *p;) {
				while (*p == ' ')
					p++;
				const char *e = p;
				while (*e && *e != ' ')
					e++;
				if (e > p) {
					char *name = pol_xstrndup(p, (size_t)(e - p));
					bool val = name[e - p - 1] == '=';
					char *label = pol_xstrndup(p, (size_t)(e - p) - val);
					const char *doc = S_word_doc(label, strlen(label));
					S_item(c, label, name, K_PROPERTY, doc ? doc : val ? "takes a value" : "flag");
					free(label);
					free(name);
				}
				p = e;
			}
			return;
		}
		size_t ks = a;
		while (line[ks] == ' ')
			ks++;
		size_t ke = (size_t)(eq - line);
		while (ke > ks && line[ke - 1] == ' ')
			ke--;
		char *key = pol_xstrndup(line + ks, ke - ks);
		static const char *const every[] = {"day", "week", "month", "quarter", "half-year", "year", "event", NULL};
		static const char *const tiers[] = {"preface", "basic", "standards", "procedures", "supplementary", NULL};
		if (m && (!strcmp(key, "applies") || !strcmp(key, "owner") || !strcmp(key, "role")))
			S_comp_roles(c, m);
		else if (m && !strcmp(key, "implements"))
			S_comp_nodes(c, m, doc, POL_SEM_MEASURE | POL_SEM_RULE | POL_SEM_PROCEDURE);
		else if (m && !strcmp(key, "counters"))
			S_comp_nodes(c, m, doc, POL_SEM_THREAT);
		else if (m && !strcmp(key, "maps"))
			for (size_t i = 0; i < m->nframeworks; i++)
				for (size_t k = 0; k < m->frameworks[i]->nclauses; k++)
					S_item(c, m->frameworks[i]->clauses[k]->key, m->frameworks[i]->clauses[k]->key, K_REFERENCE,
					       m->frameworks[i]->clauses[k]->title);
		else if (!strcmp(key, "every"))
			S_comp_words(c, every, K_VALUE);
		else if (!strcmp(key, "tier"))
			S_comp_words(c, tiers, K_VALUE);
		free(key);
		return;
	}
	/* an indented `key = value` line under a directive: the attributes with a value */
	if ((line[0] == ' ' || line[0] == '\t') && !memchr(line, '=', n)) {
		size_t k = 0;
		while (k < w && (line[k] == ' ' || line[k] == '\t'))
			k++;
		/* the directive above: back over the attribute lines */
		size_t at = ls;
		while (at > 0 && k == w) {
			size_t prev = at - 1;
			while (prev > 0 && text[prev - 1] != '\n')
				prev--;
			at = prev;
			if (text[at] == '@') {
				size_t e = at + 1;
				while (text[e] && text[e] != ' ' && text[e] != '\t' && text[e] != '[' && text[e] != '\n')
					e++;
				char *keyword = pol_xstrndup(text + at + 1, e - at - 1);
				const char *attrs = pol_syntax_attributes(keyword);
				free(keyword);
				for (const char *p = attrs; p && *p;) {
					while (*p == ' ')
						p++;
					const char *q = p;
					while (*q && *q != ' ')
						q++;
					if (q > p && q[-1] == '=') {
						char *label = pol_xstrndup(p, (size_t)(q - p - 1));
						char *insert = pol_xasprintf("%s = ", label);
						S_item(c, label, insert, K_PROPERTY, "takes a value");
						free(insert);
						free(label);
					}
					p = q;
				}
				return;
			}
			if (text[at] != ' ' && text[at] != '\t')
				return; /* prose or a blank line: not under a directive */
		}
	}
	/* prose: inside an open '{' */
	size_t b = n;
	while (b > 0 && line[b - 1] != '{' && line[b - 1] != '}')
		b--;
	if (!b || line[b - 1] != '{' || (b >= 2 && line[b - 2] == '\\'))
		return;
	const char *in = line + b;
	size_t inlen = n - b;
	if (inlen >= 4 && !strncmp(in, "ref ", 4)) {
		if (m)
			S_comp_nodes(c, m, doc, 0);
	} else if (inlen >= 6 && !strncmp(in, "param ", 6)) {
		for (size_t i = 0; m && i < m->nparams; i++)
			S_item(c, m->params[i]->id, m->params[i]->id, K_VARIABLE, m->params[i]->display);
	} else if (inlen >= 4 && !strncmp(in, "def ", 4)) {
		return;
	} else if (!memchr(in, ' ', inlen)) {
		for (size_t i = 0; m && i < m->nterms; i++)
			S_item(c, m->terms[i]->title, m->terms[i]->title, K_CONSTANT, m->terms[i]->id);
		S_item(c, "ref", "ref ", K_KEYWORD, "{ref ID}: a cross-reference, shown as its number");
		S_item(c, "param", "param ", K_KEYWORD, "{param ID}: a parameter's value");
		S_item(c, "def", "def ", K_KEYWORD, "{def ID TITLE: TEXT}: defines a term");
	}
}

/* ---- document symbols ---- */

/* SymbolKind */
int pol_lsp_symbol_kind(const pol_node *n)
{
	if (n->sem & POL_SEM_RULE)
		return 12; /* Function */
	if (n->sem & POL_SEM_TERM)
		return 14; /* Constant */
	if (n->sem & POL_SEM_THREAT)
		return 24; /* Event */
	if (n->sem & POL_SEM_MEASURE)
		return 11; /* Interface */
	if (n->sem & POL_SEM_PROCEDURE)
		return 6; /* Method */
	if (n->sem & POL_SEM_STEP)
		return 22; /* EnumMember */
	switch (n->kind) {
	case POL_DOCUMENT: return 2;   /* Module */
	case POL_CHAPTER: return 3;    /* Namespace */
	case POL_SECTION:
	case POL_SUBSECTION: return 4; /* Package */
	case POL_ARTICLE: return 5;    /* Class */
	case POL_SUPPLEMENT: return 3;
	default: return 8;             /* Field */
	}
}

static bool S_under(const pol_node *n, const pol_node *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return true;
	return false;
}

static json_t *S_symbol(const char *name, const char *detail, int kind, json_t *range, json_t *sel)
{
	json_t *o = json_pack("{s:s,s:i,s:o,s:o}", "name", *name ? name : "-", "kind", kind, "range", range,
	                      "selectionRange", sel);
	if (detail)
		json_object_set_new(o, "detail", json_string(detail));
	return o;
}

static size_t S_line_start(const pol_file *f, size_t off)
{
	while (off > 0 && f->text[off - 1] != '\n')
		off--;
	return off;
}

static size_t S_line_end(const pol_file *f, size_t off)
{
	while (off < f->len && f->text[off] != '\n')
		off++;
	return off;
}

json_t *pol_lsp_symbols(const pol_model *m, const pol_file *f)
{
	json_t *top = json_array();
	/* the symbol of each node of f, by its index in m->nodes */
	json_t **sym = pol_xcalloc(m->nnodes ? m->nnodes : 1, sizeof *sym);
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (n->span.file != f)
			continue;
		size_t j = i + 1;
		while (j < m->nnodes && S_under(m->nodes[j], n))
			j++;
		size_t b = S_line_start(f, n->span.begin);
		size_t e = j < m->nnodes && m->nodes[j]->span.file == f ? S_line_start(f, m->nodes[j]->span.begin) : f->len;
		while (e > b && (f->text[e - 1] == '\n' || f->text[e - 1] == '\r'))
			e--;
		if (e < n->span.end)
			e = S_line_end(f, n->span.end);
		char *h = pol_node_heading(n);
		sym[i] = S_symbol(*h ? h : n->id ? n->id : pol_kind_name(n->kind), n->id ? n->key : NULL, pol_lsp_symbol_kind(n),
		                  pol_lsp_span_range(f, b, e), pol_lsp_span_range(f, n->span.begin, n->span.end));
		free(h);
		json_t *parent = NULL;
		for (const pol_node *a = n->parent; a && !parent; a = a->parent) {
			size_t k = a->index;
			if (k < m->nnodes && m->nodes[k] == a && sym[k])
				parent = sym[k];
		}
		if (parent) {
			json_t *kids = json_object_get(parent, "children");
			if (!kids)
				json_object_set_new(parent, "children", kids = json_array());
			json_array_append_new(kids, sym[i]);
		} else {
			json_array_append_new(top, sym[i]);
		}
	}
	free(sym);
	for (size_t i = 0; i < m->nframeworks; i++) {
		const pol_framework *fw = m->frameworks[i];
		if (fw->span.file != f)
			continue;
		size_t b = S_line_start(f, fw->span.begin), e = S_line_end(f, fw->span.end);
		json_t *kids = json_array();
		for (size_t k = 0; k < fw->nclauses; k++) {
			const pol_clause *cl = fw->clauses[k];
			if (cl->span.file != f)
				continue;
			char *name = pol_xasprintf("%s %s", cl->id, cl->title ? cl->title : "");
			size_t cb = S_line_start(f, cl->span.begin), ce = S_line_end(f, cl->span.end);
			json_array_append_new(kids, S_symbol(name, cl->key, 22, pol_lsp_span_range(f, cb, ce),
			                                     pol_lsp_span_range(f, cl->span.begin, cl->span.end)));
			if (ce > e)
				e = ce;
			free(name);
		}
		json_t *sy = S_symbol(fw->title ? fw->title : fw->id, fw->id, 10, pol_lsp_span_range(f, b, e),
		                      pol_lsp_span_range(f, fw->span.begin, fw->span.end));
		json_object_set_new(sy, "children", kids);
		json_array_append_new(top, sy);
	}
	struct { pol_span sp; const char *name, *id; int kind; } more;
	for (size_t i = 0; i < m->nroles + m->nparams + m->nterms; i++) {
		if (i < m->nroles)
			more.sp = m->roles[i]->span, more.name = m->roles[i]->title, more.id = m->roles[i]->id, more.kind = 19;
		else if (i < m->nroles + m->nparams) {
			const pol_param *q = m->params[i - m->nroles];
			more.sp = q->span, more.name = q->id, more.id = q->display, more.kind = 13;
		} else {
			const pol_term *t = m->terms[i - m->nroles - m->nparams];
			if (t->node || !t->span.file || (t->span.begin >= 5 && !memcmp(t->span.file->text + t->span.begin - 5, "{def ", 5)))
				continue;
			more.sp = t->span, more.name = t->title, more.id = t->id, more.kind = 14;
		}
		if (more.sp.file != f)
			continue;
		size_t b = S_line_start(f, more.sp.begin), e = S_line_end(f, more.sp.end);
		json_array_append_new(top, S_symbol(more.name ? more.name : more.id, more.id, more.kind,
		                                    pol_lsp_span_range(f, b, e), pol_lsp_span_range(f, more.sp.begin, more.sp.end)));
	}
	return top;
}

/* ---- rename ---- */

static bool S_valid_id(const char *id, bool dots)
{
	if (!((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || (dots && *p == '.')))
			return false;
	return !(dots && (id[strlen(id) - 1] == '.' || strstr(id, "..")));
}

/* Why o's target cannot take the id name, or NULL. */
/* Whether a node of another document than n's has the id name while n is referred to
 * by its bare id from outside its document: after the rename those references would
 * be ambiguous, or name the other node. */
static bool S_bare_clash(const pol_index *x, const pol_node *n, const char *name)
{
	const pol_model *m = x->m;
	const pol_node *doc = pol_node_document(n);
	bool other = false;
	for (size_t i = 0; i < m->nnodes && !other; i++)
		other = m->nodes[i] != n && m->nodes[i]->kind != POL_DOCUMENT && m->nodes[i]->id &&
		        !strcmp(m->nodes[i]->id, name);
	if (!other)
		return false;
	for (size_t i = 0; i < x->nfiles; i++) {
		const pol_index_file *xf = &x->files[i];
		for (size_t k = 0; k < xf->nocc; k++) {
			const pol_occ *q = &xf->occ[k];
			if (q->def || q->kind != POL_SYM_NODE || q->target != n)
				continue;
			bool bare = !(q->begin > 0 && xf->file->text[q->begin - 1] == '.');
			if (bare && pol_lsp_doc_at(m, xf->file, q->begin) != doc)
				return true;
		}
	}
	return false;
}

const char *pol_lsp_rename_clash(const pol_index *x, const pol_occ *o, const char *name)
{
	const pol_model *m = x->m;
	switch (o->kind) {
	case POL_SYM_NODE: {
		const pol_node *n = o->target;
		if (!S_valid_id(name, false))
			return "an id is an ASCII letter, then letters, digits, '-' or '_'";
		if (n->kind == POL_DOCUMENT) {
			if (pol_map_get(m->by_key, name))
				return "a document with that id exists";
			return NULL;
		}
		char *key = pol_xasprintf("%s.%s", pol_node_document(n)->id, name);
		bool used = pol_map_get(m->by_key, key) != NULL;
		free(key);
		if (used)
			return "that id is already used in this document";
		if ((n->sem & POL_SEM_TERM) && pol_map_get(m->term_by_id, name))
			return "a term with that id exists";
		if (S_bare_clash(x, n, name))
			return "another document has a node with that id: the references from other documents "
			       "would name it (write them as DOC.ID first)";
		return NULL;
	}
	case POL_SYM_ROLE:
		return !S_valid_id(name, false) ? "an id is an ASCII letter, then letters, digits, '-' or '_'"
		       : pol_map_get(m->role_by_id, name) ? "a role with that id exists" : NULL;
	case POL_SYM_PARAM:
		return !S_valid_id(name, true) ? "a parameter id is an ASCII letter, then letters, digits, '-', '_' or '.'"
		       : pol_map_get(m->param_by_id, name) ? "a parameter with that id exists" : NULL;
	case POL_SYM_TERM: {
		const pol_term *t = o->target;
		if (!S_valid_id(name, false))
			return "an id is an ASCII letter, then letters, digits, '-' or '_'";
		if (pol_map_get(m->term_by_id, name))
			return "a term with that id exists";
		if (t->node) {
			char *key = pol_xasprintf("%s.%s", pol_node_document(t->node)->id, name);
			bool used = pol_map_get(m->by_key, key) != NULL;
			free(key);
			if (used)
				return "that id is already used in this document";
		}
		return NULL;
	}
	case POL_SYM_CHECK: {
		const pol_check *c = o->target;
		if (!S_valid_id(name, false))
			return "an id is an ASCII letter, then letters, digits, '-' or '_'";
		char *key = pol_xasprintf("%s.%s", pol_node_document(c->rule)->id, name);
		bool used = pol_map_get(m->by_key, key) != NULL;
		for (size_t i = 0; !used && i < m->nnodes; i++)
			for (uint32_t k = 0; k < m->nodes[i]->nchecks; k++)
				used |= !strcmp(m->nodes[i]->checks[k]->id, key);
		free(key);
		return used ? "that id is already used in this document" : NULL;
	}
	case POL_SYM_FILE:
		return "an include path is renamed by renaming the file";
	case POL_SYM_FRAMEWORK:
		return !S_valid_id(name, false) ? "an id is an ASCII letter, then letters, digits, '-' or '_'"
		       : m->framework_by_id && pol_map_get(m->framework_by_id, name) ? "a framework with that id exists" : NULL;
	case POL_SYM_CLAUSE: {
		const pol_clause *cl = o->target;
		bool ok = ((name[0] >= '0' && name[0] <= '9') || S_valid_id(name, true)) && !strchr(name, ':');
		for (const char *p = name; ok && *p; p++)
			ok = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("._-", *p);
		if (!ok)
			return "a clause id is an ASCII letter or digit, then letters, digits, '.', '-' or '_'";
		char *key = pol_xasprintf("%s:%s", cl->fw->id, name);
		bool used = m->clause_by_key && pol_map_get(m->clause_by_key, key);
		free(key);
		return used ? "the framework has a clause with that id" : NULL;
	}
	}
	return NULL;
}

json_t *pol_lsp_complete(const pol_model *m, const char *text, size_t ls, size_t off, long line,
                         const pol_node *doc)
{
	S_comp c = {.items = json_array(), .line = line};
	S_complete(&c, m, text, ls, off, doc);
	return c.items;
}
