/* render_view.c — the view that the edition templates read: frame and list classes of
 * the Mustache context interface (lib/mustache.h) over the edition model.
 *
 * It reads an edition model only, so a template can show nothing the edition does not
 * hold. Numbers, references, dates, headings and the 構成 marks are the model's (its
 * facts, model/facts.h; never computed here); prose is
 * rendered ahead (HTML or CommonMark, by mode) and templates place it with triple
 * braces; every other text is plain data that templates escape (HTML), or that is
 * Markdown-escaped here (MD mode, where templates use triple braces). A value is made
 * when a template asks for it, into a scratch buffer: no tree of values is ever built.
 *
 * Mustache looks a missing name up in the enclosing contexts, so an absent field could
 * silently show a parent's value (or recurse without end through `kids`): every frame
 * of one kind therefore has every field, null or false when it does not apply. The
 * field list is in docs/editions.md. */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "model/facts.h"
#include "model/number.h"
#include "emit/render.h"

#define S_WITHHELD_NOTICE "本文書は非公開です。"
/* Up to this many documents, every site page's navigation lists them all; beyond it, a
 * document page lists its neighbours only (the index lists them all), so that a page's
 * size does not grow with the number of documents. */
#define S_NAV_ALL_MAX 16

/* ---- prose rendered ahead ------------------------------------------------------------ */

/* Rendered prose by its pol_prose: an open-addressing table of offsets into one text. */
typedef struct S_pslot {
	const pol_prose *p;
	size_t off, len;
} S_pslot;

typedef struct S_ptab {
	S_pslot *slots;
	size_t cap, n; /* cap: a power of two, or 0 */
	size_t *used;  /* the n slots taken, so that clearing does not sweep the whole table */
	pol_buf text;
} S_ptab;

static size_t S_phash(const pol_prose *p, size_t cap)
{
	return (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15ull >> 20) & (cap - 1);
}

static void S_ptab_put(S_ptab *t, const pol_prose *p, size_t off, size_t len)
{
	if (2 * (t->n + 1) > t->cap) {
		S_ptab old = *t;
		t->cap = t->cap ? 2 * t->cap : 64;
		t->slots = pol_xcalloc(t->cap, sizeof *t->slots);
		t->used = pol_xmalloc(t->cap / 2 * sizeof *t->used);
		t->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].p)
				S_ptab_put(t, old.slots[i].p, old.slots[i].off, old.slots[i].len);
		free(old.slots);
		free(old.used);
	}
	size_t i = S_phash(p, t->cap);
	while (t->slots[i].p && t->slots[i].p != p)
		i = (i + 1) & (t->cap - 1);
	if (!t->slots[i].p)
		t->used[t->n++] = i;
	t->slots[i] = (S_pslot){p, off, len};
}

static const S_pslot *S_ptab_get(const S_ptab *t, const pol_prose *p)
{
	if (!t->cap)
		return NULL;
	for (size_t i = S_phash(p, t->cap); t->slots[i].p; i = (i + 1) & (t->cap - 1))
		if (t->slots[i].p == p)
			return &t->slots[i];
	return NULL;
}

static void S_ptab_clear(S_ptab *t)
{
	for (size_t i = 0; i < t->n; i++)
		t->slots[t->used[i]].p = NULL;
	t->n = 0;
	t->text.len = 0;
}

static void S_ptab_free(S_ptab *t)
{
	free(t->slots);
	free(t->used);
	pol_buf_free(&t->text);
}

/* ---- the view ------------------------------------------------------------------------ */

/* A row of the 構成 table. */
typedef struct S_row {
	const pol_node *doc;
	const char *mark; /* ① … for grouped rows, else NULL */
	bool group, first;
} S_row;

/* A 目次 entry of a reiki document. */
typedef struct S_moku {
	const pol_node *node;
	int depth;
} S_moku;

/* Where the last item of a table of contents was found, per parent. */
typedef struct S_cursor {
	const pol_node *parent;
	size_t i, k; /* item i is kid k */
} S_cursor;

enum { S_CURSORS = 8 };

struct pol_view {
	const pol_site *s;
	pol_view_mode mode;
	pol_mustache *m;
	pol_map *defs;       /* term id -> <dfn>s so far */
	pol_map *def_at;     /* term id -> node where a {def} first defines it (lent) */
	const pol_node *cur; /* node whose prose is being rendered */
	S_ptab base, sub;    /* prose of the documents, roles, parameters; of the current top-level node */
	pol_buf buf, tmp;    /* scratch: the value being made, and text composed for it */
	char *ed_name, *label;
	char *css[4];        /* css.title, label, mark, rev */
	/* the page */
	const char *page_kind, *page_file, *page_title;
	const pol_node *doc;  /* `doc` */
	const pol_node *node; /* `node`: the top-level node being rendered */
	bool in_content;      /* a document's content is being rendered */
	pol_mu_value trace;  /* `trace`: null, or a frame of render_trace.c or render_frameworks.c */
	bool glossary;
	size_t *gloss;       /* the terms' indexes in the glossary's 五十音順 (S_gloss_order) */
	bool plain;          /* the clean text: no rule metadata, traceability or checks */
	/* lists made for one node at a time */
	const pol_node *rows_of;
	S_row *rows;
	size_t nrows, grouped;
	const pol_node *moku_of;
	S_moku *moku;
	size_t nmoku, capmoku;
	int chapters;
	/* per document, by its place in ed->docs: its file stem and the link to its page */
	const char **doc_stem;
	size_t *doc_href; /* offsets into doc_hrefs, ndocs + 1 of them */
	pol_buf doc_hrefs;
	size_t doc_ix;    /* the place of `doc` */
	S_cursor cursor[S_CURSORS];
	unsigned next_cursor;
	char *err;
};

static const pol_mu_class S_root_c, S_policy_c, S_edition_c, S_css_c, S_rev_c, S_pages_c, S_page_c, S_nav_c, S_doc_c,
	S_content_c, S_node_c, S_role_c, S_target_c, S_check_c, S_doctable_c, S_row_c, S_moku_c, S_toc_c,
	S_term_c, S_defat_c, S_hist_c, S_param_c;
static const pol_mu_class S_docs_l, S_kids_l, S_applies_l, S_impl_l, S_counters_l, S_checks_l, S_rows_l,
	S_moku_l, S_toc_l, S_glossary_l, S_roles_l, S_params_l, S_hist_l;

/* ---- values ---------------------------------------------------------------------------- */

static pol_buf *S_clear(pol_buf *b)
{
	pol_buf_put(b, "", 0);
	b->len = 0;
	b->data[0] = 0;
	return b;
}

static bool S_buf_val(pol_mu_value *o, const pol_buf *b)
{
	return pol_mu_strn(o, b->data, b->len);
}

/* A plain text field: as is for HTML (the template escapes), Markdown-escaped for MD. */
static bool S_text(pol_view *v, pol_mu_value *o, const char *s)
{
	if (!s || v->mode != POL_VIEW_MD)
		return pol_mu_str(o, s);
	pol_md_escape(S_clear(&v->buf), s, false);
	return S_buf_val(o, &v->buf);
}

/* A number as its digits (no printf: this is asked for at every heading). */
bool pol_view_int(pol_view *v, pol_mu_value *o, long long k)
{
	char d[24];
	pol_mu_value t;
	pol_mu_int(d, &t, k);
	pol_buf *b = S_clear(&v->buf);
	pol_buf_put(b, t.s, t.n);
	return S_buf_val(o, b);
}

static bool S_href(pol_view *v, pol_mu_value *o, const pol_node *n)
{
	pol_render_href(S_clear(&v->buf), v->s, n, v->mode);
	return S_buf_val(o, &v->buf);
}

/* The link to a fixed page or a document's page: "" in print, STEM.md or STEM.html. */
static bool S_page_href(pol_view *v, pol_mu_value *o, const char *stem)
{
	pol_buf *b = S_clear(&v->buf);
	if (v->mode != POL_VIEW_PRINT) {
		pol_buf_puts(b, stem);
		pol_buf_puts(b, v->mode == POL_VIEW_MD ? ".md" : ".html");
	}
	return S_buf_val(o, b);
}

/* ---- prose ------------------------------------------------------------------------------ */

static void S_on_def(void *ctx, const pol_inline *in, const char *id)
{
	pol_view *v = ctx;
	(void)id;
	if (v->cur && in->term && !pol_map_get(v->def_at, in->term->id))
		pol_map_set(v->def_at, in->term->id, (void *)v->cur);
}

/* Renders p into t, with the {def} ids counted on. */
static void S_ahead(pol_view *v, S_ptab *t, const pol_prose *p)
{
	if (!p || S_ptab_get(t, p))
		return;
	size_t off = t->text.len;
	pol_render_prose(&t->text, v->s, p, v->mode, v->defs, S_on_def, v);
	S_ptab_put(t, p, off, t->text.len - off);
}

/* The prose of n's subtree, in document order: a node's body, its checks, its kids. */
static void S_ahead_tree(pol_view *v, const pol_node *n)
{
	v->cur = n;
	S_ahead(v, &v->sub, n->body);
	for (size_t i = 0; i < n->nchecks; i++)
		S_ahead(v, &v->sub, n->checks[i]->question);
	for (size_t i = 0; i < n->nkids; i++)
		S_ahead_tree(v, n->kids[i]);
}

/* Rendered prose p (null for none). */
static bool S_prose(pol_view *v, pol_mu_value *o, const pol_prose *p)
{
	if (!p)
		return pol_mu_null(o);
	const S_pslot *e = S_ptab_get(&v->sub, p);
	const S_ptab *t = &v->sub;
	if (!e) {
		t = &v->base;
		e = S_ptab_get(t, p);
	}
	if (!e) { /* not reachable by the default templates: rendered on the spot */
		pol_render_prose(S_clear(&v->buf), v->s, p, v->mode, v->defs, S_on_def, v);
		return S_buf_val(o, &v->buf);
	}
	return pol_mu_strn(o, t->text.data + e->off, e->len);
}

/* ---- roles, targets, checks ----------------------------------------------------------------- */

enum { S_ROLE_FIRST = 1, S_ROLE_DESC = 2 };
static const char *const S_role_f[] = {"id", "title", "first", "desc"};
POL_MU_FIELDS(S_role_field, S_role_f)

static bool S_role_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_role *r = f->p;
	switch (k) {
	case 0: return S_text(v, o, r->id);
	case 1: return S_text(v, o, r->title);
	case 2: return pol_mu_bool(o, f->aux & S_ROLE_FIRST);
	default: return (f->aux & S_ROLE_DESC) && S_prose(v, o, r->desc);
	}
}

static bool S_role(pol_mu_value *o, const pol_role *r, intptr_t flags)
{
	return r ? pol_mu_frame(o, &S_role_c, r, flags) : pol_mu_null(o);
}

static void S_applies_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	S_role(o, ((const pol_node *)l->p)->applies[i], i == 0 ? S_ROLE_FIRST : 0);
}

static void S_roles_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	S_role(o, v->s->ed->roles[i], S_ROLE_DESC | (i == 0 ? S_ROLE_FIRST : 0));
}

/* A node referred to by implements / counters: its full reference and title. */
static const char *const S_target_f[] = {"href", "ref", "title"};
POL_MU_FIELDS(S_target_field, S_target_f)

static bool S_target_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *t = f->p;
	switch (k) {
	case 0: return S_href(v, o, t);
	case 1: return S_text(v, o, t->ref ? t->ref : t->title);
	default: return S_text(v, o, t->ref ? t->title : NULL);
	}
}

static void S_impl_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_mu_frame(o, &S_target_c, ((const pol_node *)l->p)->implements[i], 0);
}

static void S_counters_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_mu_frame(o, &S_target_c, ((const pol_node *)l->p)->counters[i], 0);
}

static const char *const S_check_f[] = {"id", "question", "every", "every_ja", "evidence"};
POL_MU_FIELDS(S_check_field, S_check_f)

static bool S_check_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_check *c = f->p;
	switch (k) {
	case 0: return S_text(v, o, c->id);
	case 1: return S_prose(v, o, c->question);
	case 2: return pol_mu_str(o, c->every);
	case 3: return S_text(v, o, c->every_ja);
	default: return S_text(v, o, c->evidence);
	}
}

static void S_checks_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_mu_frame(o, &S_check_c, ((const pol_node *)l->p)->checks[i], 0);
}

/* ---- the 構成 table ------------------------------------------------------------------------ */

/* The rows of a doctable: basic and standards documents grouped under the policy's title
 * and numbered ①②…, then the others; preface documents are not listed. */
static void S_make_rows(pol_view *v, const pol_node *n)
{
	if (v->rows_of == n)
		return;
	const pol_model *ed = v->s->ed;
	v->rows_of = n;
	v->rows = pol_xrealloc(v->rows, (ed->ndocs ? ed->ndocs : 1) * sizeof *v->rows);
	v->nrows = 0;
	v->grouped = pol_facts_doc_grouped(ed->facts);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < ed->ndocs; i++) {
			const pol_node *d = ed->docs[i];
			const char *mark = pol_facts_doc_mark(ed->facts, pol_facts_index(ed->facts, d));
			if (d->tier == POL_TIER_PREFACE || (mark != NULL) != (pass == 0))
				continue;
			v->rows[v->nrows] = (S_row){d, mark, mark != NULL, mark && (!v->nrows || !v->rows[v->nrows - 1].mark)};
			v->nrows++;
		}
	}
}

static const char *const S_doctable_f[] = {"title", "rows"};
POL_MU_FIELDS(S_doctable_field, S_doctable_f)

static bool S_doctable_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *n = f->p;
	if (k == 0)
		return S_text(v, o, n->title);
	S_make_rows(v, n);
	return pol_mu_list(o, &S_rows_l, n, v->nrows, 0);
}

static void S_rows_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	S_make_rows(v, l->p);
	pol_mu_frame(o, &S_row_c, l->p, (intptr_t)i);
}

static const char *const S_row_f[] = {"group", "first", "group_title", "group_rows", "mark",
                                      "title", "summary", "withheld", "href"};
POL_MU_FIELDS(S_row_field, S_row_f)

static bool S_row_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	S_make_rows(v, f->p);
	const S_row *r = &v->rows[f->aux];
	switch (k) {
	case 0: return pol_mu_bool(o, r->group);
	case 1: return pol_mu_bool(o, r->first);
	case 2: return S_text(v, o, v->s->ed->title);
	case 3: return pol_view_int(v, o, (long long)v->grouped);
	case 4: return pol_mu_str(o, r->mark);
	case 5: return S_text(v, o, r->doc->title);
	case 6: return S_text(v, o, pol_more(r->doc)->summary);
	case 7: return pol_mu_bool(o, r->doc->withheld);
	default: return S_href(v, o, r->doc);
	}
}

/* ---- nodes ------------------------------------------------------------------------------------ */

static const struct {
	unsigned bit;
	const char *flag;
} S_sems[] = {
	{POL_SEM_RULE, "is_rule"}, {POL_SEM_TERM, "is_term"}, {POL_SEM_THREAT, "is_threat"},
	{POL_SEM_MEASURE, "is_measure"}, {POL_SEM_PROCEDURE, "is_procedure"}, {POL_SEM_STEP, "is_step"},
};
static const char *S_kinds[] = {"document", "chapter", "section", "subsection", "article", "paragraph",
                                "item", "subitem", "subsubitem", "supplement", "doctable", "appendix"};

enum {
	N_KIND,
	N_IS_KIND,                  /* is_document … is_doctable: 11 fields */
	N_IS_SEM = N_IS_KIND + 11,  /* is_rule … is_step: 6 fields */
	N_ANCHOR = N_IS_SEM + 6,
	N_ID, N_NUM, N_NUM_LEAD, N_TITLE, N_CAPTION, N_HEADING, N_HLEVEL, N_HASHES, N_LEAD, N_HAS_HEADING,
	N_BODY, N_LEVEL, N_LEVEL_JA, N_APPLIES, N_APPLIES_TEXT, N_OWNER, N_ROLE, N_HAS_APPLIES,
	N_HAS_IMPLEMENTS, N_HAS_COUNTERS, N_HAS_CHECKS, N_IMPLEMENTS, N_COUNTERS, N_CHECKS, N_HAS_META,
	N_EFFECTIVE, N_EFFECTIVE_ERA, N_DOCTABLE, N_KIDS, N_IS_APPENDIX, N_RELATION, N_OMITTED, N_LEAD_TERM,
	N_TERM_HREF,
};
static const char *const S_node_f[] = {
	"kind", "is_document", "is_chapter", "is_section", "is_subsection", "is_article", "is_paragraph",
	"is_item", "is_subitem", "is_subsubitem", "is_supplement", "is_doctable", "is_rule", "is_term",
	"is_threat", "is_measure", "is_procedure", "is_step", "anchor", "id", "num", "num_lead", "title",
	"caption", "heading", "hlevel", "hashes", "lead", "has_heading", "body", "level", "level_ja",
	"applies", "applies_text", "owner", "role", "has_applies", "has_implements", "has_counters",
	"has_checks", "implements", "counters", "checks", "has_meta", "effective", "effective_era",
	"doctable", "kids", "is_appendix", "relation", "omitted", "lead_term", "term_href",
};
POL_MU_FIELDS(S_node_field, S_node_f)

/* 「①〜⑦　略」: in an audience edition, the numbers of the siblings of n's kind left out
 * before it (numbers are the policy's, so a gap is what the audience does not get), or
 * NULL. Written into v->tmp. */
static const char *S_omitted(pol_view *v, const pol_node *n)
{
	const pol_model *ed = v->s->ed;
	if (ed->edition != POL_ED_AUDIENCE || !n->parent || n->ordinal <= 1 || !n->num)
		return NULL;
	int prev = 0;
	for (size_t i = 0; i < n->parent->nkids && n->parent->kids[i] != n; i++)
		if (n->parent->kids[i]->kind == n->kind && n->parent->kids[i]->ordinal > 0)
			prev = n->parent->kids[i]->ordinal;
	if (n->ordinal <= prev + 1)
		return NULL;
	char *from = pol_num_label(ed->numbering, n->kind, prev + 1, false);
	char *to = n->ordinal - 1 > prev + 1 ? pol_num_label(ed->numbering, n->kind, n->ordinal - 1, false) : NULL;
	pol_buf *b = S_clear(&v->tmp);
	if (from)
		pol_buf_printf(b, "%s%s%s　略", from, !to ? "" : n->ordinal - 1 == prev + 2 ? "・" : "〜", to ? to : "");
	free(from);
	free(to);
	return b->len ? b->data : NULL;
}

/* num + " " + title, or whichever exists (lent). */
static const char *S_heading(pol_view *v, const pol_node *n)
{
	const pol_facts *f = v->s->ed->facts;
	return pol_facts_heading(f, pol_facts_index(f, n));
}

static bool S_is_term_item(const pol_node *n)
{
	return n->kind >= POL_ITEM && n->kind <= POL_SUBSUBITEM && (n->sem & POL_SEM_TERM) && n->title;
}

/* Numbered text: reiki articles (第1条 on the text's first line, caption above),
 * paragraphs, and items without a title ((1) before the text). */
static bool S_is_lead(const pol_view *v, const pol_node *n)
{
	bool reiki = v->s->ed->numbering == POL_NUM_REIKI;
	return n->kind >= POL_ARTICLE && n->kind <= POL_SUBSUBITEM &&
	       (!n->title || (reiki && (n->kind == POL_ARTICLE || S_is_term_item(n))));
}

/* The glossary term a reiki 号 defines, printed on the 号's line as 例規 do
 * ((1)　ネットワーク　…をいう。), linked to its glossary entry; NULL for other nodes. */
static const pol_term *S_lead_term(const pol_view *v, const pol_node *n)
{
	if (v->s->ed->numbering != POL_NUM_REIKI || !S_is_term_item(n) || !n->id || !v->s->ed->term_by_id)
		return NULL;
	const pol_term *t = pol_map_get(v->s->ed->term_by_id, n->id);
	return t && t->anchor ? t : NULL;
}

static bool S_applies_text(pol_view *v, pol_mu_value *o, const pol_node *n)
{
	if (!n->napplies)
		return pol_mu_null(o);
	pol_buf *at = S_clear(&v->tmp);
	for (size_t i = 0; i < n->napplies; i++) {
		if (i)
			pol_buf_puts(at, "、");
		pol_buf_puts(at, n->applies[i]->title);
	}
	return S_text(v, o, at->data);
}

/* The fields that are texts of the node. */
static bool S_node_text(pol_view *v, const pol_node *n, int k, int depth, pol_mu_value *o)
{
	int h = depth < 6 ? depth : 6;
	switch (k) {
	case N_KIND: return pol_mu_str(o, S_kinds[n->kind]);
	case N_ANCHOR: return pol_mu_str(o, n->anchor);
	case N_ID: return S_text(v, o, n->id);
	case N_NUM: return S_text(v, o, n->num);
	case N_NUM_LEAD:
		if (v->mode != POL_VIEW_MD || !n->num)
			return pol_mu_str(o, n->num);
		pol_md_escape(S_clear(&v->buf), n->num, true);
		return S_buf_val(o, &v->buf);
	case N_TITLE: return S_text(v, o, n->title);
	case N_CAPTION: return S_text(v, o, pol_more(n)->caption);
	case N_HEADING: return S_text(v, o, S_heading(v, n));
	case N_HLEVEL: return pol_view_int(v, o, h);
	case N_HASHES: return pol_mu_str(o, "######" + (6 - h));
	case N_BODY: return S_prose(v, o, n->body);
	case N_LEVEL: return pol_mu_str(o, n->level ? pol_level_name(n->level) : NULL);
	case N_LEVEL_JA: return pol_mu_str(o, n->level ? pol_level_ja(n->level) : NULL);
	case N_APPLIES_TEXT: return S_applies_text(v, o, n);
	case N_EFFECTIVE: return pol_mu_str(o, pol_more(n)->effective);
	case N_EFFECTIVE_ERA: return S_text(v, o, pol_more(n)->effective_era);
	case N_RELATION: return S_text(v, o, pol_more(n)->relation);
	case N_LEAD_TERM: return S_text(v, o, S_lead_term(v, n) ? n->title : NULL);
	case N_TERM_HREF: {
		const pol_term *t = S_lead_term(v, n);
		if (!t)
			return pol_mu_null(o);
		pol_buf *b = S_clear(&v->buf);
		pol_buf_puts(b, v->mode == POL_VIEW_PRINT ? "#" : v->mode == POL_VIEW_MD ? "glossary.md#" : "glossary.html#");
		pol_buf_puts(b, t->anchor); /* [a-z0-9-] */
		return S_buf_val(o, b);
	}
	}
	return false;
}

static bool S_node_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *n = f->p;
	int depth = (int)f->aux;
	if (k >= N_IS_KIND && k < N_IS_SEM)
		return pol_mu_bool(o, (int)n->kind == k - N_IS_KIND);
	if (k >= N_IS_SEM && k < N_ANCHOR)
		return pol_mu_bool(o, n->sem & S_sems[k - N_IS_SEM].bit);
	switch (k) {
	case N_LEAD: return pol_mu_bool(o, S_is_lead(v, n));
	case N_HAS_HEADING: return pol_mu_bool(o, !S_is_lead(v, n) && n->kind != POL_DOCTABLE && (n->num || n->title));
	case N_APPLIES: return pol_mu_list(o, &S_applies_l, n, n->napplies, 0);
	case N_OWNER: return S_role(o, n->owner, S_ROLE_FIRST);
	case N_ROLE: return S_role(o, n->role, S_ROLE_FIRST);
	case N_HAS_APPLIES: return pol_mu_bool(o, n->napplies > 0);
	case N_HAS_IMPLEMENTS: return pol_mu_bool(o, n->nimplements > 0);
	case N_HAS_COUNTERS: return pol_mu_bool(o, n->ncounters > 0);
	case N_HAS_CHECKS: return pol_mu_bool(o, n->nchecks > 0);
	case N_IMPLEMENTS: return pol_mu_list(o, &S_impl_l, n, n->nimplements, 0);
	case N_COUNTERS: return pol_mu_list(o, &S_counters_l, n, n->ncounters, 0);
	case N_CHECKS: return pol_mu_list(o, &S_checks_l, n, n->nchecks, 0);
	case N_HAS_META:
		return pol_mu_bool(o, n->level || n->napplies || n->owner || n->role || n->nimplements || n->ncounters);
	case N_DOCTABLE: return n->kind == POL_DOCTABLE ? pol_mu_frame(o, &S_doctable_c, n, 0) : pol_mu_null(o);
	case N_KIDS: return pol_mu_list(o, &S_kids_l, n, n->nkids, depth + 1);
	case N_IS_APPENDIX: return pol_mu_bool(o, n->kind == POL_APPENDIX);
	case N_OMITTED: return S_text(v, o, S_omitted(v, n));
	}
	return S_node_text(v, n, k, depth, o);
}

static void S_kids_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_mu_frame(o, &S_node_c, ((const pol_node *)l->p)->kids[i], l->aux);
}

/* ---- documents: contents and 目次 ------------------------------------------------------------ */

static bool S_in_toc(const pol_node *k)
{
	return k->kind <= POL_ARTICLE || k->kind == POL_SUPPLEMENT || k->kind == POL_APPENDIX;
}

/* The entries of n's table of contents: chapters, sections, 款, articles, 附則. */
static size_t S_toc_count(const pol_node *n)
{
	size_t c = 0;
	for (size_t i = 0; i < n->nkids; i++)
		c += S_in_toc(n->kids[i]);
	return c;
}

static bool S_toc_value(pol_mu_value *o, const pol_node *n)
{
	return pol_mu_list(o, &S_toc_l, n, n->kind == POL_ARTICLE ? 0 : S_toc_count(n), 0);
}

/* Entry i of n's table of contents, found from where the last lookup in n stopped. */
static void S_toc_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *n = l->p;
	S_cursor *c = NULL;
	for (int j = 0; j < S_CURSORS && !c; j++)
		if (v->cursor[j].parent == n && v->cursor[j].i <= i)
			c = &v->cursor[j];
	if (!c) {
		c = &v->cursor[v->next_cursor++ % S_CURSORS];
		*c = (S_cursor){n, 0, 0};
		while (!S_in_toc(n->kids[c->k]))
			c->k++;
	}
	while (c->i < i) {
		c->k++;
		while (!S_in_toc(n->kids[c->k]))
			c->k++;
		c->i++;
	}
	pol_mu_frame(o, &S_toc_c, n->kids[c->k], 0);
}

static const char *const S_toc_f[] = {"num", "title", "heading", "href", "anchor", "has_kids", "kids"};
POL_MU_FIELDS(S_toc_field, S_toc_f)

static bool S_toc_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *n = f->p;
	switch (k) {
	case 0: return S_text(v, o, n->num);
	case 1: return S_text(v, o, n->title);
	case 2: return S_text(v, o, S_heading(v, n));
	case 3: return S_href(v, o, n);
	case 4: return pol_mu_str(o, n->anchor);
	case 5: S_toc_value(o, n); return pol_mu_bool(o, o->n > 0);
	default: return S_toc_value(o, n);
	}
}

/* The reiki 目次: chapters, sections and 款 with their article ranges; 附則 (once, for
 * the original and every amendment's), then the 別表 and 様式, as the source orders them. */
static void S_moku_walk(pol_view *v, const pol_node *n, int depth)
{
	bool supplement = false;
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION &&
		    k->kind != POL_SUPPLEMENT && k->kind != POL_APPENDIX)
			continue;
		if (k->kind == POL_SUPPLEMENT && supplement)
			continue;
		supplement |= k->kind == POL_SUPPLEMENT;
		v->chapters += k->kind == POL_CHAPTER;
		if (v->nmoku == v->capmoku) {
			v->capmoku = v->capmoku ? 2 * v->capmoku : 16;
			v->moku = pol_xrealloc(v->moku, v->capmoku * sizeof *v->moku);
		}
		v->moku[v->nmoku++] = (S_moku){k, depth};
		S_moku_walk(v, k, depth + 1);
	}
}

/* The 目次 entries of document d (none without a chapter, or outside reiki numbering). */
static size_t S_make_moku(pol_view *v, const pol_node *d)
{
	if (v->moku_of != d) {
		v->moku_of = d;
		v->nmoku = 0;
		v->chapters = 0;
		if (v->s->ed->numbering == POL_NUM_REIKI)
			S_moku_walk(v, d, 1);
		if (!v->chapters)
			v->nmoku = 0;
	}
	return v->nmoku;
}

static void S_moku_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	S_make_moku(v, l->p);
	pol_mu_frame(o, &S_moku_c, v->moku[i].node, v->moku[i].depth);
}

static const char *const S_moku_f[] = {"num", "title", "range", "depth", "indent", "is_supplement", "href"};
POL_MU_FIELDS(S_moku_field, S_moku_f)

static bool S_moku_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *n = f->p;
	int depth = (int)f->aux;
	switch (k) {
	case 0: return S_text(v, o, n->kind == POL_SUPPLEMENT ? "附則" : n->num);
	case 1: return S_text(v, o, n->title);
	case 2: return S_text(v, o, n->kind == POL_APPENDIX ? pol_more(n)->relation : n->toc_range);
	case 3: return pol_view_int(v, o, depth);
	case 4: return pol_mu_strn(o, "          ", (size_t)(depth < 5 ? 2 * (depth - 1) : 8));
	case 5: return pol_mu_bool(o, n->kind == POL_SUPPLEMENT);
	default: return S_href(v, o, n);
	}
}

/* ---- documents ----------------------------------------------------------------------------------- */

static const char *const S_doc_f[] = {"anchor", "file", "href", "title", "tier", "summary", "withheld", "notice",
                                      "is_reiki", "has_mokuji", "mokuji", "has_toc", "toc", "body", "content",
                                      "has_law_header", "promulgated", "promulgated_era", "law_number", "enactment"};
POL_MU_FIELDS(S_doc_field, S_doc_f)

/* The place of document d in ed->docs: from a frame's aux (place + 1), else searched. */
static size_t S_doc_ix(const pol_view *v, const pol_mu_value *f)
{
	if (f->aux)
		return (size_t)f->aux - 1;
	const pol_model *ed = v->s->ed;
	size_t i = 0;
	while (i < ed->ndocs && ed->docs[i] != f->p)
		i++;
	return i;
}

static bool S_doc_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *d = f->p;
	switch (k) {
	case 0: return pol_mu_str(o, d->anchor);
	case 1:
	case 2: {
		/* Asked for every document on every page (the site's navigation): made once. */
		size_t i = S_doc_ix(v, f);
		if (i >= v->s->ed->ndocs) { /* not one of the edition's documents */
			const char *stem = pol_map_get(v->s->file_of, d->key);
			return k == 1 ? pol_mu_str(o, stem) : S_page_href(v, o, stem);
		}
		if (k == 1)
			return pol_mu_str(o, v->doc_stem[i]);
		return pol_mu_strn(o, v->doc_hrefs.data + v->doc_href[i], v->doc_href[i + 1] - v->doc_href[i]);
	}
	case 3: return S_text(v, o, d->title);
	case 4: return pol_mu_str(o, pol_tier_name(d->tier));
	case 5: return S_text(v, o, pol_more(d)->summary);
	case 6: return pol_mu_bool(o, d->withheld);
	case 7: return S_text(v, o, d->withheld && !pol_more(d)->notice ? S_WITHHELD_NOTICE : pol_more(d)->notice);
	case 8: return pol_mu_bool(o, v->s->ed->numbering == POL_NUM_REIKI);
	case 9: return pol_mu_bool(o, S_make_moku(v, d) > 0);
	case 10: return pol_mu_list(o, &S_moku_l, d, S_make_moku(v, d), 0);
	case 11: return pol_mu_bool(o, S_toc_count(d) > 0);
	case 12: return S_toc_value(o, d);
	/* A 例規's own text is its 制定文, shown before its 目次 (enactment), not after it. */
	case 13: return pol_more(d)->promulgated || pol_more(d)->law_number ? pol_mu_null(o) : S_prose(v, o, d->body);
	case 14: return d->nkids ? pol_mu_frame(o, &S_content_c, d, 0) : pol_mu_null(o);
	case 15: return pol_mu_bool(o, pol_more(d)->promulgated || pol_more(d)->law_number);
	case 16: return pol_mu_str(o, pol_more(d)->promulgated);
	case 17: return S_text(v, o, pol_more(d)->promulgated_era);
	case 18: return S_text(v, o, pol_more(d)->law_number);
	default: return pol_more(d)->promulgated || pol_more(d)->law_number ? S_prose(v, o, d->body) : pol_mu_null(o);
	}
}

static void S_docs_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	pol_mu_frame(o, &S_doc_c, v->s->ed->docs[i], (intptr_t)i + 1);
}

/* A document's content: its top-level nodes, each rendered by the driver below with
 * `node` set, straight into w, without the trailing newlines of the whole. A content
 * placed while a content renders (by a node's template) renders as nothing. */
static bool S_content_write(void *ctx, const pol_mu_value *val, pol_writer *w, bool escape, char **err)
{
	static const char driver_html[] = "{{#node}}{{> node.html}}{{/node}}";
	static const char driver_md[] = "{{#node}}{{> node.md}}{{/node}}";
	pol_view *v = ctx;
	const pol_node *d = val->p;
	bool md = v->mode == POL_VIEW_MD;
	*err = NULL;
	if (v->in_content) /* placed inside a node: nothing, or it would recurse without end */
		return true;
	v->in_content = true;
	pol_writer mem, *out = w;
	if (escape) { /* {{content}}: the whole, escaped */
		pol_writer_mem(&mem);
		out = &mem;
	}
	bool held = out->hold;
	pol_writer_hold(out, true);
	const pol_node *outer = v->node;
	bool ok = true;
	pol_mu_value root;
	for (size_t i = 0; ok && i < d->nkids; i++) {
		v->node = d->kids[i];
		S_ptab_clear(&v->sub);
		S_ahead_tree(v, v->node);
		pol_view_root(v, &root);
		char *e = NULL;
		ok = pol_mustache_write(v->m, &e, md ? driver_md : driver_html, v, &root, out) == 0;
		if (!ok && !v->err)
			v->err = pol_xasprintf("template '%s': %s", md ? "node.md.mustache" : "node.html.mustache",
			                       e ? e : "render failed");
		free(e);
	}
	v->node = outer;
	v->in_content = false;
	pol_writer_hold(out, held);
	if (escape) {
		size_t len;
		const char *text = pol_writer_data(&mem, &len);
		pol_writer_put_html(w, text, len);
		ok = pol_writer_close(&mem) == 0 && ok;
	}
	return ok;
}

/* ---- the glossary, history, parameters --------------------------------------------------------- */

static const char *const S_term_f[] = {"id", "anchor", "title", "def", "defined_at"};
POL_MU_FIELDS(S_term_field, S_term_f)

static bool S_term_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_term *t = f->p;
	switch (k) {
	case 0: return S_text(v, o, t->id);
	case 1: return pol_mu_str(o, t->anchor);
	case 2: return S_text(v, o, t->title);
	case 3: {
		pol_buf *b = S_clear(&v->buf);
		if (t->def) {
			pol_render_prose(b, v->s, t->def, v->mode, NULL, NULL, NULL);
		} else if (!t->def_text) {
			return pol_mu_null(o);
		} else if (v->mode == POL_VIEW_MD) {
			pol_md_escape(b, t->def_text, true);
		} else { /* plain text as a block */
			pol_buf_puts(b, "<p>");
			pol_escape_html(b, t->def_text, strlen(t->def_text));
			pol_buf_puts(b, "</p>");
		}
		return S_buf_val(o, b);
	}
	default: {
		const pol_node *at = t->node ? t->node : pol_map_get(v->def_at, t->id);
		return at ? pol_mu_frame(o, &S_defat_c, at, 0) : pol_mu_null(o);
	}
	}
}

static const char *const S_defat_f[] = {"href", "ref"};
POL_MU_FIELDS(S_defat_field, S_defat_f)

static bool S_defat_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_node *at = f->p;
	return k == 0 ? S_href(v, o, at) : S_text(v, o, at->ref ? at->ref : at->title);
}

static void S_glossary_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	pol_mu_frame(o, &S_term_c, v->s->ed->terms[v->gloss ? v->gloss[i] : i], 0);
}

/* ---- 五十音順 ---- */

typedef struct S_gkey {
	char *key; /* the reading in hiragana, or NULL */
	size_t ix;
} S_gkey;

/* A hiragana's letter at the first level of 五十音順: voiced and semi-voiced kana as
 * their plain ones (が → か, ぱ → は), small ones as large (ょ → よ), as dictionaries
 * sort (JIS X 4061): じょうほう comes before しょくいん. */
static uint32_t S_seion(uint32_t cp)
{
	switch (cp) {
	case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
	case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308E: return cp + 1;
	case 0x3094: return 0x3046; /* ゔ */
	case 0x3095: return 0x304B; /* ゕ */
	case 0x3096: return 0x3051; /* ゖ */
	}
	if (cp >= 0x304C && cp <= 0x3062 && !(cp & 1))
		return cp - 1;
	if (cp >= 0x3065 && cp <= 0x3069 && (cp & 1))
		return cp - 1;
	if (cp >= 0x306F && cp <= 0x307D)
		return cp - (cp - 0x306F) % 3;
	return cp;
}

/* The sort key of reading r: katakana folded to hiragana (カ → か); first every letter
 * as S_seion makes it (the long-vowel mark and spaces left out), then, after a byte
 * below any letter, the reading itself (so が follows か where the rest is equal).
 * UTF-8 bytes compare as code points. Caller frees. */
static char *S_hiragana(const char *r)
{
	pol_buf first = {0}, second = {0};
	pol_buf_puts(&first, "");
	pol_buf_puts(&second, "");
	for (const char *p = r; *p;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(p, strlen(p), &cp);
		if (!k)
			break;
		p += k;
		if (cp >= 0x30A1 && cp <= 0x30F6)
			cp -= 0x60;
		if (cp == ' ' || cp == 0x3000)
			continue;
		char u[4];
		pol_buf_put(&second, u, pol_utf8_encode(cp, u));
		if (cp != 0x30FC)
			pol_buf_put(&first, u, pol_utf8_encode(S_seion(cp), u));
	}
	pol_buf_putc(&first, '\x01');
	pol_buf_put(&first, second.data, second.len);
	pol_buf_free(&second);
	return pol_buf_detach(&first);
}

/* Terms with a reading first, by it (UTF-8 bytes sort as code points: the kana in
 * 五十音順, each voiced kana after its plain one), then those without, as defined. */
static int S_gkey_cmp(const void *a, const void *b)
{
	const S_gkey *x = a, *y = b;
	if (x->key && y->key) {
		int c = strcmp(x->key, y->key);
		if (c)
			return c;
	} else if (x->key || y->key) {
		return x->key ? -1 : 1;
	}
	return x->ix < y->ix ? -1 : x->ix > y->ix;
}

static void S_gloss_order(pol_view *v)
{
	const pol_model *ed = v->s->ed;
	if (v->gloss || !ed->nterms)
		return;
	S_gkey *keys = pol_xcalloc(ed->nterms, sizeof *keys);
	for (size_t i = 0; i < ed->nterms; i++) {
		const char *r = pol_term_reading(ed->terms[i]);
		keys[i] = (S_gkey){r ? S_hiragana(r) : NULL, i};
	}
	qsort(keys, ed->nterms, sizeof *keys, S_gkey_cmp);
	v->gloss = pol_xcalloc(ed->nterms, sizeof *v->gloss);
	for (size_t i = 0; i < ed->nterms; i++) {
		v->gloss[i] = keys[i].ix;
		free(keys[i].key);
	}
	free(keys);
}

static const char *const S_hist_f[] = {"tag", "version", "date", "era_date", "public_summary",
                                       "internal_summary", "commit", "short_commit", "version_era"};
POL_MU_FIELDS(S_hist_field, S_hist_f)

static bool S_hist_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_history_entry *e = f->p;
	switch (k) {
	case 0: return S_text(v, o, e->tag);
	case 1: return S_text(v, o, e->edition); /* not "edition": that names the page's edition */
	case 2: return pol_mu_str(o, e->date);
	case 3: return S_text(v, o, e->era_date);
	case 4: return S_text(v, o, e->public_summary);
	case 5: return S_text(v, o, e->internal_summary);
	case 6: return pol_mu_str(o, e->commit);
	case 7: return pol_mu_str(o, e->short_commit);
	default: return S_text(v, o, e->version_era);
	}
}

static void S_hist_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	pol_mu_frame(o, &S_hist_c, &v->s->ed->history->entries[i], 0);
}

static const char *const S_param_f[] = {"id", "type", "value", "display", "desc"};
POL_MU_FIELDS(S_param_field, S_param_f)

static bool S_param_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_param *p = f->p;
	switch (k) {
	case 0: return S_text(v, o, p->id);
	case 1: return pol_mu_str(o, pol_param_type_name(p->type));
	case 2: return S_text(v, o, p->value);
	case 3: return S_text(v, o, p->display);
	default: return S_prose(v, o, p->desc);
	}
}

static void S_params_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_view *v = ctx;
	pol_mu_frame(o, &S_param_c, v->s->ed->params[i], 0);
}

/* ---- the top level ------------------------------------------------------------------------------- */

static bool S_internal(const pol_model *ed)
{
	return ed->edition == POL_ED_INTERNAL || ed->edition == POL_ED_FULL;
}

static const char *const S_policy_f[] = {"id", "title", "organization", "issued", "issued_era", "numbering",
                                         "title_lead", "title_rest"};
POL_MU_FIELDS(S_policy_field, S_policy_f)

static bool S_policy_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_model *ed = v->s->ed;
	switch (k) {
	case 0: return S_text(v, o, ed->id);
	case 1: return S_text(v, o, ed->title);
	case 2: return S_text(v, o, ed->organization);
	case 3: return pol_mu_str(o, ed->issued);
	case 4: /* built at an edition tag: that edition's date (model.h) */
		return S_text(v, o, ed->edition_era ? ed->edition_era : ed->issued_era);
	case 5: return pol_mu_str(o, ed->numbering == POL_NUM_REIKI ? "reiki" : "guideline");
	default: {
		/* A title that starts with the organization's name, in two parts, so that a
		 * cover or a narrow cell breaks it there and not inside a word (吾妻広域町村圏振興整備組合 /
		 * 情報セキュリティポリシー); both null otherwise. */
		size_t n = ed->organization ? strlen(ed->organization) : 0;
		bool split = n && ed->title && strlen(ed->title) > n && !strncmp(ed->title, ed->organization, n);
		if (!split)
			return pol_mu_null(o);
		return S_text(v, o, k == 6 ? ed->organization : ed->title + n);
	}
	}
}

static const char *const S_edition_f[] = {"name", "label", "public", "nonpublic", "internal", "audience",
                                          "audience_role", "mark"};
POL_MU_FIELDS(S_edition_field, S_edition_f)

static bool S_edition_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_model *ed = v->s->ed;
	bool nonpublic = ed->edition != POL_ED_PUBLIC;
	switch (k) {
	case 0: return pol_mu_str(o, v->ed_name);
	case 1: return S_text(v, o, v->label);
	case 2: return pol_mu_bool(o, !nonpublic);
	case 3: return pol_mu_bool(o, nonpublic);
	case 4: return pol_mu_bool(o, S_internal(ed));
	case 5: return pol_mu_bool(o, ed->edition == POL_ED_AUDIENCE);
	case 6: {
		const pol_role *aud = ed->audience ? pol_map_get(ed->role_by_id, ed->audience) : NULL;
		return S_text(v, o, aud ? aud->title : NULL);
	}
	default: return pol_mu_str(o, nonpublic ? "非公開" : NULL);
	}
}

static const char *const S_css_f[] = {"title", "label", "mark", "rev"};
POL_MU_FIELDS(S_css_field, S_css_f)

static bool S_css_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	return pol_mu_str(o, v->css[k]);
}

static const char *const S_rev_f[] = {"describe", "commit", "short_commit", "date", "era_date", "in_repo", "dirty"};
POL_MU_FIELDS(S_rev_field, S_rev_f)

static bool S_rev_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_revision *r = &v->s->ed->rev;
	switch (k) {
	case 0: return S_text(v, o, r->describe ? r->describe : "");
	case 1: return pol_mu_str(o, r->commit);
	case 2: return pol_mu_str(o, r->short_commit);
	case 3: return pol_mu_str(o, r->date);
	case 4: return S_text(v, o, r->era_date);
	case 5: return pol_mu_bool(o, r->in_repo);
	default: return pol_mu_bool(o, r->dirty);
	}
}

static const char *const S_pages_f[] = {"index", "glossary", "print", "traceability", "style", "frameworks"};
POL_MU_FIELDS(S_pages_field, S_pages_f)

static bool S_pages_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	switch (k) {
	case 0: return S_page_href(v, o, "index");
	case 1: return S_page_href(v, o, "glossary");
	case 2: return pol_mu_str(o, v->mode == POL_VIEW_MD ? NULL : "print.html");
	case 3: return pol_mu_str(o, S_internal(v->s->ed) && v->mode != POL_VIEW_MD ? "traceability.html" : NULL);
	case 4: return pol_mu_str(o, "style.css");
	default: /* the framework mapping table: internal editions of a policy that declares one */
		return pol_mu_str(o, S_internal(v->s->ed) && v->mode != POL_VIEW_MD && v->s->ed->nframeworks ? "frameworks.html"
		                                                                                        : NULL);
	}
}

static const char *const S_page_kinds[] = {"index", "document", "glossary", "print", "traceability"};
static const char *const S_page_f[] = {"file", "title", "is_index", "is_document", "is_glossary", "is_print",
                                       "is_traceability"};
POL_MU_FIELDS(S_page_field, S_page_f)

static bool S_page_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	if (k == 0)
		return pol_mu_str(o, v->page_file);
	if (k == 1)
		return pol_mu_str(o, v->page_title);
	return pol_mu_bool(o, !strcmp(v->page_kind, S_page_kinds[k - 2]));
}

/* The site's navigation: `all` (every document is listed: `docs`), else on a document
 * page `prev` and `next`, its neighbours in the edition's order (null at either end). */
static const char *const S_nav_f[] = {"all", "prev", "next"};
POL_MU_FIELDS(S_nav_field, S_nav_f)

static bool S_nav_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_model *ed = v->s->ed;
	bool all = ed->ndocs <= S_NAV_ALL_MAX;
	if (k == 0)
		return pol_mu_bool(o, all);
	if (all || !v->doc || v->doc_ix >= ed->ndocs)
		return pol_mu_null(o);
	size_t i = k == 1 ? v->doc_ix - 1 : v->doc_ix + 1; /* SIZE_MAX before the first */
	return i < ed->ndocs ? pol_mu_frame(o, &S_doc_c, ed->docs[i], (intptr_t)i + 1) : pol_mu_null(o);
}

static const char *const S_root_f[] = {"lang", "mode", "policy", "edition", "css", "rev", "pages", "docs",
                                       "has_glossary", "glossary", "roles", "params", "history_loaded",
                                       "has_history", "history", "page", "doc", "trace", "node",
                                       "history_commits", "plain", "nav"};
POL_MU_FIELDS(S_root_field, S_root_f)

static bool S_root_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	pol_view *v = ctx;
	const pol_model *ed = v->s->ed;
	const pol_history *h = ed->history;
	if (k == 19) { /* a commit column: internal editions, or a public one that opted in */
		bool any = false;
		for (size_t i = 0; h && i < h->n; i++)
			any |= h->entries[i].short_commit != NULL;
		return pol_mu_bool(o, any);
	}
	switch (k) {
	case 0: return pol_mu_str(o, "ja");
	case 1: return pol_mu_str(o, v->mode == POL_VIEW_MD ? "md" : v->mode == POL_VIEW_PRINT ? "print" : "site");
	case 2: return pol_mu_frame(o, &S_policy_c, v, 0);
	case 3: return pol_mu_frame(o, &S_edition_c, v, 0);
	case 4: return pol_mu_frame(o, &S_css_c, v, 0);
	case 5: return pol_mu_frame(o, &S_rev_c, v, 0);
	case 6: return pol_mu_frame(o, &S_pages_c, v, 0);
	case 7: return pol_mu_list(o, &S_docs_l, v, ed->ndocs, 0);
	case 8: return pol_mu_bool(o, ed->nterms > 0);
	case 9: return pol_mu_list(o, &S_glossary_l, v, v->glossary ? ed->nterms : 0, 0);
	case 10: return pol_mu_list(o, &S_roles_l, v, ed->nroles, 0);
	case 11: return pol_mu_list(o, &S_params_l, v, ed->nparams, 0);
	case 12: return pol_mu_bool(o, h != NULL);
	case 13: return pol_mu_bool(o, h && h->n > 0);
	case 14: return h ? pol_mu_list(o, &S_hist_l, v, h->n, 0) : pol_mu_null(o);
	case 15: return v->page_kind ? pol_mu_frame(o, &S_page_c, v, 0) : pol_mu_null(o);
	case 16: return v->doc ? pol_mu_frame(o, &S_doc_c, v->doc, (intptr_t)v->doc_ix + 1) : pol_mu_null(o);
	case 17: *o = v->trace; return true;
	case 18: return v->node ? pol_mu_frame(o, &S_node_c, v->node, 2) : pol_mu_null(o);
	case 20: return pol_mu_bool(o, v->plain);
	default: return pol_mu_frame(o, &S_nav_c, v, 0);
	}
}

/* ---- classes ------------------------------------------------------------------------------------ */

#define S_FRAME_CLASS(name, field, get) static const pol_mu_class name = {field, get, NULL, NULL, false}
#define S_LIST_CLASS(name, item) static const pol_mu_class name = {NULL, NULL, item, NULL, false}
S_FRAME_CLASS(S_root_c, S_root_field, S_root_get);
S_FRAME_CLASS(S_policy_c, S_policy_field, S_policy_get);
S_FRAME_CLASS(S_edition_c, S_edition_field, S_edition_get);
S_FRAME_CLASS(S_css_c, S_css_field, S_css_get);
S_FRAME_CLASS(S_rev_c, S_rev_field, S_rev_get);
S_FRAME_CLASS(S_pages_c, S_pages_field, S_pages_get);
S_FRAME_CLASS(S_page_c, S_page_field, S_page_get);
S_FRAME_CLASS(S_nav_c, S_nav_field, S_nav_get);
/* Pure (lib/mustache.h): a document's fields depend on it and the view only (its prose
 * is rendered ahead when the view is made), so the list of documents every site page
 * shows is made once per view. */
static const pol_mu_class S_doc_c = {S_doc_field, S_doc_get, NULL, NULL, true};
S_FRAME_CLASS(S_node_c, S_node_field, S_node_get);
S_FRAME_CLASS(S_role_c, S_role_field, S_role_get);
S_FRAME_CLASS(S_target_c, S_target_field, S_target_get);
S_FRAME_CLASS(S_check_c, S_check_field, S_check_get);
S_FRAME_CLASS(S_doctable_c, S_doctable_field, S_doctable_get);
S_FRAME_CLASS(S_row_c, S_row_field, S_row_get);
S_FRAME_CLASS(S_moku_c, S_moku_field, S_moku_get);
S_FRAME_CLASS(S_toc_c, S_toc_field, S_toc_get);
S_FRAME_CLASS(S_term_c, S_term_field, S_term_get);
S_FRAME_CLASS(S_defat_c, S_defat_field, S_defat_get);
S_FRAME_CLASS(S_hist_c, S_hist_field, S_hist_get);
S_FRAME_CLASS(S_param_c, S_param_field, S_param_get);
static int S_no_fields(const char *name)
{
	return -1;
}
static const pol_mu_class S_content_c = {S_no_fields, NULL, NULL, S_content_write, false};
static const pol_mu_class S_docs_l = {NULL, NULL, S_docs_item, NULL, true};
S_LIST_CLASS(S_kids_l, S_kids_item);
S_LIST_CLASS(S_applies_l, S_applies_item);
S_LIST_CLASS(S_impl_l, S_impl_item);
S_LIST_CLASS(S_counters_l, S_counters_item);
S_LIST_CLASS(S_checks_l, S_checks_item);
S_LIST_CLASS(S_rows_l, S_rows_item);
S_LIST_CLASS(S_moku_l, S_moku_item);
S_LIST_CLASS(S_toc_l, S_toc_item);
S_LIST_CLASS(S_glossary_l, S_glossary_item);
S_LIST_CLASS(S_roles_l, S_roles_item);
S_LIST_CLASS(S_params_l, S_params_item);
S_LIST_CLASS(S_hist_l, S_hist_item);

/* ---- the view ------------------------------------------------------------------------------------- */

/* s as the body of a CSS string ("…"): quotes, backslashes, angle brackets and controls
 * as CSS escapes, so it cannot end the string or the <style> element. */
static char *S_css_string(const char *s)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "");
	pol_escape_css_string(&b, s);
	return pol_buf_detach(&b);
}

pol_view *pol_view_new(const pol_site *s, pol_view_mode mode, pol_mustache *m)
{
	const pol_model *ed = s->ed;
	pol_view *v = pol_xcalloc(1, sizeof *v);
	v->s = s;
	v->mode = mode;
	v->m = m;
	v->defs = pol_map_new();
	v->def_at = pol_map_new();
	v->ed_name = pol_edition_name(ed);
	v->label = pol_edition_label(ed);
	v->css[0] = S_css_string(ed->title);
	v->css[1] = S_css_string(v->label);
	v->css[2] = S_css_string(ed->edition != POL_ED_PUBLIC ? "非公開" : "");
	char *stamp = pol_xasprintf("版 %s", ed->rev.describe ? ed->rev.describe : "");
	v->css[3] = S_css_string(stamp);
	free(stamp);
	v->doc_stem = pol_xcalloc(ed->ndocs ? ed->ndocs : 1, sizeof *v->doc_stem);
	v->doc_href = pol_xcalloc(ed->ndocs + 1, sizeof *v->doc_href);
	pol_buf_put(&v->doc_hrefs, "", 0);
	for (size_t i = 0; i < ed->ndocs; i++) {
		pol_mu_value h;
		v->doc_stem[i] = pol_map_get(s->file_of, ed->docs[i]->key);
		S_page_href(v, &h, v->doc_stem[i]);
		pol_buf_put(&v->doc_hrefs, h.s, h.n);
		v->doc_href[i + 1] = v->doc_hrefs.len;
	}
	/* The prose outside the documents' nodes, in the order the ids of its {def}s count. */
	for (size_t i = 0; i < ed->ndocs; i++) {
		v->cur = ed->docs[i];
		S_ahead(v, &v->base, ed->docs[i]->body);
	}
	v->cur = NULL;
	for (size_t i = 0; i < ed->nroles; i++)
		S_ahead(v, &v->base, ed->roles[i]->desc);
	for (size_t i = 0; i < ed->nparams; i++)
		S_ahead(v, &v->base, ed->params[i]->desc);
	return v;
}

void pol_view_free(pol_view *v)
{
	if (!v)
		return;
	pol_mustache_forget(v->m); /* sections kept for this view (its documents list) */
	pol_map_free(v->defs);
	pol_map_free(v->def_at);
	S_ptab_free(&v->base);
	S_ptab_free(&v->sub);
	pol_buf_free(&v->buf);
	pol_buf_free(&v->tmp);
	free(v->ed_name);
	free(v->label);
	for (int i = 0; i < 4; i++)
		free(v->css[i]);
	free(v->rows);
	free(v->gloss);
	free(v->moku);
	free(v->doc_stem);
	free(v->doc_href);
	pol_buf_free(&v->doc_hrefs);
	free(v->err);
	free(v);
}

void pol_view_root(pol_view *v, pol_mu_value *out)
{
	pol_mu_frame(out, &S_root_c, v, 0);
}

void pol_view_page(pol_view *v, const char *kind, const char *file, const char *title)
{
	v->page_kind = kind;
	v->page_file = file;
	v->page_title = title;
}

void pol_view_doc(pol_view *v, const pol_node *d)
{
	v->doc = d;
	v->doc_ix = 0;
	while (d && v->doc_ix < v->s->ed->ndocs && v->s->ed->docs[v->doc_ix] != d)
		v->doc_ix++;
}

void pol_view_plain(pol_view *v, bool plain)
{
	v->plain = plain;
}

void pol_view_glossary(pol_view *v)
{
	v->glossary = true;
	S_gloss_order(v);
}

void pol_view_trace_set(pol_view *v, const pol_mu_value *trace)
{
	if (trace)
		v->trace = *trace;
	else
		pol_mu_null(&v->trace);
}

const pol_site *pol_view_site(const pol_view *v)
{
	return v->s;
}

pol_buf *pol_view_scratch(pol_view *v)
{
	return S_clear(&v->buf);
}

const char *pol_view_error(const pol_view *v)
{
	return v->err;
}
