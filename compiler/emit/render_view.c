/* render_view.c — the JSON view-model that the edition templates receive.
 *
 * It is built from an edition model only, so a template can show nothing the edition
 * does not hold. Numbers, references and dates are the model's (never computed here);
 * prose arrives already rendered (HTML or CommonMark, by mode) and templates place it
 * with triple braces; every other text is plain data that templates escape (HTML), or
 * that is Markdown-escaped here (MD mode, where templates use triple braces).
 *
 * Mustache looks a missing name up in the enclosing contexts, so an absent field could
 * silently show a parent's value (or recurse without end through `kids`): every object
 * of one kind therefore carries every field, null or false when it does not apply. The
 * field list is in docs/editions.md. */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "emit/history_json.h"
#include "model/number.h"
#include "emit/render.h"

#define S_WITHHELD_NOTICE "本文書は非公開です。"

struct pol_view {
	const pol_site *s;
	pol_view_mode mode;
	pol_map *defs;       /* term id -> <dfn>s so far */
	pol_map *def_at;     /* term id -> node where a {def} first defines it (lent) */
	const pol_node *cur; /* node whose prose is being rendered */
	pol_buf buf;         /* scratch: the value being made (no allocation per value) */
	pol_buf tmp;         /* scratch: text composed before it is escaped into buf */
	pol_map *shared;     /* constant string -> one json_t given (referenced) to every node */
	pol_vec shared_vals; /* those json_t, to release */
	json_t *hlevel[7];   /* the integers 0..6, likewise shared */
	json_t *empty;       /* the empty array, likewise shared (nothing edits a view) */
};

/* A constant string value, made once per view and referenced from every node. */
static json_t *S_const(pol_view *v, const char *s)
{
	json_t *j = pol_map_get(v->shared, s);
	if (!j) {
		j = json_string(s);
		pol_map_set(v->shared, s, j);
		pol_vec_push(&v->shared_vals, j);
	}
	return json_incref(j);
}

/* A new array when it will have items, else the shared empty one. */
static json_t *S_array(pol_view *v, size_t n)
{
	return n ? json_array() : json_incref(v->empty);
}

static void S_set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v ? v : json_null());
}

static json_t *S_raw(const char *s)
{
	return s ? json_string_nocheck(s) : json_null();
}

static json_t *S_own(char *s)
{
	json_t *j = S_raw(s);
	free(s);
	return j;
}

/* The scratch buffer, emptied. */
static pol_buf *S_clear(pol_buf *b)
{
	pol_buf_put(b, "", 0);
	b->len = 0;
	b->data[0] = 0;
	return b;
}

/* The scratch buffer's content as a JSON string. */
static json_t *S_take(pol_view *v)
{
	return json_stringn_nocheck(v->buf.data, v->buf.len);
}

/* A plain text field: as is for HTML (the template escapes), Markdown-escaped for MD. */
static json_t *S_text(pol_view *v, const char *s)
{
	if (!s)
		return json_null();
	if (v->mode != POL_VIEW_MD)
		return json_string_nocheck(s);
	pol_md_escape(S_clear(&v->buf), s, false);
	return S_take(v);
}

static void S_on_def(void *ctx, const pol_inline *in, const char *id)
{
	pol_view *v = ctx;
	(void)id;
	if (v->cur && in->term && !pol_map_get(v->def_at, in->term->id))
		pol_map_set(v->def_at, in->term->id, (void *)v->cur);
}

static json_t *S_prose(pol_view *v, const pol_prose *p)
{
	if (!p)
		return json_null();
	pol_render_prose(S_clear(&v->buf), v->s, p, v->mode, v->defs, S_on_def, v);
	return S_take(v);
}

static json_t *S_href(pol_view *v, const pol_node *n)
{
	pol_render_href(S_clear(&v->buf), v->s, n, v->mode);
	return S_take(v);
}

static char *S_page_href(pol_view *v, const char *stem)
{
	if (v->mode == POL_VIEW_PRINT)
		return pol_xstrdup("");
	return pol_xasprintf("%s.%s", stem, v->mode == POL_VIEW_MD ? "md" : "html");
}

static json_t *S_role(pol_view *v, const pol_role *r, bool first)
{
	json_t *o = json_object();
	S_set(o, "id", S_text(v, r->id));
	S_set(o, "title", S_text(v, r->title));
	S_set(o, "first", json_boolean(first));
	return o;
}

/* A node referred to by implements / counters: its full reference and title. */
static json_t *S_target(pol_view *v, const pol_node *t)
{
	json_t *o = json_object();
	S_set(o, "href", S_href(v, t));
	S_set(o, "ref", S_text(v, t->ref ? t->ref : t->title));
	S_set(o, "title", S_text(v, t->ref ? t->title : NULL));
	return o;
}

static json_t *S_check(pol_view *v, const pol_check *c)
{
	json_t *o = json_object();
	S_set(o, "id", S_text(v, c->id));
	S_set(o, "question", S_prose(v, c->question));
	S_set(o, "every", S_raw(c->every));
	S_set(o, "every_ja", S_text(v, c->every_ja));
	S_set(o, "evidence", S_text(v, c->evidence));
	return o;
}

/* The 構成 table: basic and standards documents grouped under the policy's title and
 * numbered ①②…, then the others; preface documents are not listed. */
static json_t *S_doctable(pol_view *v, const pol_node *n)
{
	const pol_model *ed = v->s->ed;
	json_t *o = json_object(), *rows = json_array();
	S_set(o, "title", S_text(v, n->title));
	int grouped = 0;
	for (size_t i = 0; i < ed->ndocs; i++)
		grouped += ed->docs[i]->tier == POL_TIER_BASIC || ed->docs[i]->tier == POL_TIER_STANDARDS;
	for (int pass = 0; pass < 2; pass++) {
		int k = 0;
		for (size_t i = 0; i < ed->ndocs; i++) {
			const pol_node *d = ed->docs[i];
			bool group = d->tier == POL_TIER_BASIC || d->tier == POL_TIER_STANDARDS;
			if (d->tier == POL_TIER_PREFACE || group != (pass == 0))
				continue;
			json_t *r = json_object();
			S_set(r, "group", json_boolean(group));
			S_set(r, "first", json_boolean(group && k == 0));
			S_set(r, "group_title", S_text(v, ed->title));
			S_set(r, "group_rows", json_integer(grouped));
			S_set(r, "mark", group ? S_own(pol_num_circled(++k)) : json_null());
			S_set(r, "title", S_text(v, d->title));
			S_set(r, "summary", S_text(v, d->summary));
			S_set(r, "withheld", json_boolean(d->withheld));
			S_set(r, "href", S_href(v, d));
			json_array_append_new(rows, r);
		}
	}
	S_set(o, "rows", rows);
	return o;
}

static const char *S_kinds[] = {"document", "chapter", "section", "subsection", "article", "paragraph",
                                "item", "subitem", "subsubitem", "supplement", "doctable"};
static const char *S_kind_flags[] = {"is_document", "is_chapter", "is_section", "is_subsection",
                                     "is_article", "is_paragraph", "is_item", "is_subitem",
                                     "is_subsubitem", "is_supplement", "is_doctable"};
static const struct {
	unsigned bit;
	const char *flag;
} S_sems[] = {
	{POL_SEM_RULE, "is_rule"}, {POL_SEM_TERM, "is_term"}, {POL_SEM_THREAT, "is_threat"},
	{POL_SEM_MEASURE, "is_measure"}, {POL_SEM_PROCEDURE, "is_procedure"}, {POL_SEM_STEP, "is_step"},
};

/* num + " " + title, or whichever exists, composed in v->tmp (lent). */
static const char *S_heading(pol_view *v, const pol_node *n)
{
	pol_buf *b = S_clear(&v->tmp);
	if (n->num)
		pol_buf_puts(b, n->num);
	if (n->num && n->title)
		pol_buf_putc(b, ' ');
	if (n->title)
		pol_buf_puts(b, n->title);
	return b->data;
}

static json_t *S_node(pol_view *v, const pol_node *n, int depth)
{
	bool reiki = v->s->ed->numbering == POL_NUM_REIKI;
	json_t *o = json_object();
	S_set(o, "kind", S_const(v, S_kinds[n->kind]));
	for (size_t i = 0; i < sizeof S_kind_flags / sizeof *S_kind_flags; i++)
		S_set(o, S_kind_flags[i], json_boolean((size_t)n->kind == i));
	for (size_t i = 0; i < sizeof S_sems / sizeof *S_sems; i++)
		S_set(o, S_sems[i].flag, json_boolean(n->sem & S_sems[i].bit));
	S_set(o, "anchor", S_raw(n->anchor));
	S_set(o, "id", S_text(v, n->id));
	S_set(o, "num", S_text(v, n->num));
	if (v->mode == POL_VIEW_MD && n->num) {
		pol_md_escape(S_clear(&v->buf), n->num, true);
		S_set(o, "num_lead", S_take(v));
	} else {
		S_set(o, "num_lead", S_raw(n->num));
	}
	S_set(o, "title", S_text(v, n->title));
	S_set(o, "caption", S_text(v, n->caption));
	S_set(o, "heading", S_text(v, S_heading(v, n)));
	int h = depth < 6 ? depth : 6;
	S_set(o, "hlevel", json_incref(v->hlevel[h]));
	S_set(o, "hashes", S_const(v, "######" + (6 - h)));
	/* Numbered text: reiki articles (第1条 on the text's first line, caption above),
	 * paragraphs, and items without a title ((1) before the text). */
	bool lead = n->kind >= POL_ARTICLE && n->kind <= POL_SUBSUBITEM &&
	            (!n->title || (reiki && n->kind == POL_ARTICLE));
	bool heading = !lead && n->kind != POL_DOCTABLE && (n->num || n->title);
	S_set(o, "lead", json_boolean(lead));
	S_set(o, "has_heading", json_boolean(heading));
	v->cur = n;
	S_set(o, "body", S_prose(v, n->body));
	/* Rules, steps and traceability. */
	S_set(o, "level", n->level ? S_const(v, pol_level_name(n->level)) : json_null());
	S_set(o, "level_ja", n->level ? S_const(v, pol_level_ja(n->level)) : json_null());
	json_t *applies = S_array(v, n->napplies);
	pol_buf *at = S_clear(&v->tmp);
	for (size_t i = 0; i < n->napplies; i++) {
		json_array_append_new(applies, S_role(v, n->applies[i], i == 0));
		pol_buf_printf(at, "%s%s", i ? "、" : "", n->applies[i]->title);
	}
	S_set(o, "applies", applies);
	S_set(o, "applies_text", n->napplies ? S_text(v, at->data) : json_null());
	S_set(o, "owner", n->owner ? S_role(v, n->owner, true) : json_null());
	S_set(o, "role", n->role ? S_role(v, n->role, true) : json_null());
	json_t *impl = S_array(v, n->nimplements), *counters = S_array(v, n->ncounters), *checks = S_array(v, n->nchecks);
	for (size_t i = 0; i < n->nimplements; i++)
		json_array_append_new(impl, S_target(v, n->implements[i]));
	for (size_t i = 0; i < n->ncounters; i++)
		json_array_append_new(counters, S_target(v, n->counters[i]));
	for (size_t i = 0; i < n->nchecks; i++)
		json_array_append_new(checks, S_check(v, n->checks[i]));
	S_set(o, "has_applies", json_boolean(n->napplies > 0));
	S_set(o, "has_implements", json_boolean(n->nimplements > 0));
	S_set(o, "has_counters", json_boolean(n->ncounters > 0));
	S_set(o, "has_checks", json_boolean(n->nchecks > 0));
	S_set(o, "implements", impl);
	S_set(o, "counters", counters);
	S_set(o, "checks", checks);
	S_set(o, "has_meta", json_boolean(n->level || n->napplies || n->owner || n->role || n->nimplements ||
	                                  n->ncounters));
	S_set(o, "effective", S_raw(n->effective));
	S_set(o, "effective_era", S_text(v, n->effective_era));
	S_set(o, "doctable", n->kind == POL_DOCTABLE ? S_doctable(v, n) : json_null());
	json_t *kids = S_array(v, n->nkids);
	for (size_t i = 0; i < n->nkids; i++)
		json_array_append_new(kids, S_node(v, n->kids[i], depth + 1));
	S_set(o, "kids", kids);
	return o;
}

/* Table of contents of a document: chapters, sections, 款, articles, 附則. */
static json_t *S_toc(pol_view *v, const pol_node *n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind > POL_ARTICLE && k->kind != POL_SUPPLEMENT)
			continue;
		json_t *o = json_object();
		S_set(o, "num", S_text(v, k->num));
		S_set(o, "title", S_text(v, k->title));
		S_set(o, "heading", S_text(v, S_heading(v, k)));
		S_set(o, "href", S_href(v, k));
		S_set(o, "anchor", S_raw(k->anchor));
		json_t *kids = k->kind == POL_ARTICLE ? json_array() : S_toc(v, k);
		S_set(o, "has_kids", json_boolean(json_array_size(kids) > 0));
		S_set(o, "kids", kids);
		json_array_append_new(a, o);
	}
	return a;
}

/* The reiki 目次: chapters, sections and 款 with their article ranges; 附則 last. */
static void S_mokuji(pol_view *v, json_t *a, const pol_node *n, int depth, int *chapters)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION &&
		    k->kind != POL_SUPPLEMENT)
			continue;
		*chapters += k->kind == POL_CHAPTER;
		json_t *o = json_object();
		S_set(o, "num", S_text(v, k->num));
		S_set(o, "title", S_text(v, k->title));
		S_set(o, "range", S_text(v, k->toc_range));
		S_set(o, "depth", json_integer(depth));
		S_set(o, "indent", json_stringn("          ", (size_t)(depth < 5 ? 2 * (depth - 1) : 8)));
		S_set(o, "is_supplement", json_boolean(k->kind == POL_SUPPLEMENT));
		S_set(o, "href", S_href(v, k));
		json_array_append_new(a, o);
		S_mokuji(v, a, k, depth + 1, chapters);
	}
}

static json_t *S_doc(pol_view *v, const pol_node *d)
{
	const char *stem = pol_map_get(v->s->file_of, d->key);
	json_t *o = json_object();
	S_set(o, "anchor", S_raw(d->anchor));
	S_set(o, "file", S_raw(stem));
	S_set(o, "href", S_own(S_page_href(v, stem)));
	S_set(o, "title", S_text(v, d->title));
	S_set(o, "tier", json_string(pol_tier_name(d->tier)));
	S_set(o, "summary", S_text(v, d->summary));
	S_set(o, "withheld", json_boolean(d->withheld));
	S_set(o, "notice", d->withheld ? S_text(v, d->notice ? d->notice : S_WITHHELD_NOTICE) : S_text(v, d->notice));
	S_set(o, "is_reiki", json_boolean(v->s->ed->numbering == POL_NUM_REIKI));
	json_t *mokuji = json_array();
	int chapters = 0;
	if (v->s->ed->numbering == POL_NUM_REIKI)
		S_mokuji(v, mokuji, d, 1, &chapters);
	if (!chapters)
		json_array_clear(mokuji);
	S_set(o, "has_mokuji", json_boolean(chapters > 0));
	S_set(o, "mokuji", mokuji);
	json_t *toc = S_toc(v, d);
	S_set(o, "has_toc", json_boolean(json_array_size(toc) > 0));
	S_set(o, "toc", toc);
	v->cur = d;
	S_set(o, "body", S_prose(v, d->body));
	S_set(o, "content", json_null()); /* its nodes, rendered: see render.c */
	return o;
}

/* Plain text as a block: <p>escaped</p> in HTML modes, Markdown-escaped for MD. */
static json_t *S_text_block(pol_view *v, const char *s)
{
	if (!s)
		return json_null();
	pol_buf *b = S_clear(&v->buf);
	if (v->mode == POL_VIEW_MD) {
		pol_md_escape(b, s, true);
	} else {
		pol_buf_puts(b, "<p>");
		pol_buf_put_html(b, s, strlen(s));
		pol_buf_puts(b, "</p>");
	}
	return S_take(v);
}

json_t *pol_view_glossary(pol_view *v)
{
	const pol_model *ed = v->s->ed;
	json_t *a = json_array();
	for (size_t i = 0; i < ed->nterms; i++) {
		const pol_term *t = ed->terms[i];
		json_t *o = json_object();
		S_set(o, "id", S_text(v, t->id));
		S_set(o, "anchor", S_raw(t->anchor));
		S_set(o, "title", S_text(v, t->title));
		if (t->def) {
			pol_render_prose(S_clear(&v->buf), v->s, t->def, v->mode, NULL, NULL, NULL);
			S_set(o, "def", S_take(v));
		} else
			S_set(o, "def", S_text_block(v, t->def_text));
		const pol_node *at = t->node ? t->node : pol_map_get(v->def_at, t->id);
		json_t *da = json_null();
		if (at) {
			da = json_object();
			S_set(da, "href", S_href(v, at));
			S_set(da, "ref", S_text(v, at->ref ? at->ref : at->title));
		}
		S_set(o, "defined_at", da);
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *S_history_text(void *v, const char *s)
{
	return S_text(v, s);
}

static json_t *S_history(pol_view *v)
{
	const pol_history *h = v->s->ed->history;
	return h ? pol_history_json(h, S_history_text, v) : json_null();
}

/* s as the body of a CSS string ("…"): quotes, backslashes, angle brackets and controls
 * as CSS escapes, so it cannot end the string or the <style> element. */
static json_t *S_css_string(const char *s)
{
	pol_buf b = {0};
	pol_escape_css_string(&b, s);
	return S_own(pol_buf_detach(&b));
}

pol_view *pol_view_new(const pol_site *s, pol_view_mode mode)
{
	pol_view *v = pol_xcalloc(1, sizeof *v);
	v->s = s;
	v->mode = mode;
	v->defs = pol_map_new();
	v->def_at = pol_map_new();
	v->shared = pol_map_new();
	for (int i = 0; i < 7; i++)
		v->hlevel[i] = json_integer(i);
	v->empty = json_array();
	return v;
}

void pol_view_free(pol_view *v)
{
	if (!v)
		return;
	pol_map_free(v->defs);
	pol_map_free(v->def_at);
	for (size_t i = 0; i < v->shared_vals.len; i++)
		json_decref(v->shared_vals.items[i]);
	pol_vec_free(&v->shared_vals);
	pol_map_free(v->shared);
	for (int i = 0; i < 7; i++)
		json_decref(v->hlevel[i]);
	json_decref(v->empty);
	pol_buf_free(&v->buf);
	pol_buf_free(&v->tmp);
	free(v);
}

json_t *pol_view_node(pol_view *v, const pol_node *n, int depth)
{
	return S_node(v, n, depth);
}

json_t *pol_view_base(pol_view *v)
{
	const pol_model *ed = v->s->ed;
	pol_view_mode mode = v->mode;
	json_t *o = json_object();
	S_set(o, "lang", json_string("ja"));
	S_set(o, "mode", json_string(mode == POL_VIEW_MD ? "md" : mode == POL_VIEW_PRINT ? "print" : "site"));

	json_t *p = json_object();
	S_set(p, "id", S_text(v, ed->id));
	S_set(p, "title", S_text(v, ed->title));
	S_set(p, "organization", S_text(v, ed->organization));
	S_set(p, "issued", S_raw(ed->issued));
	S_set(p, "issued_era", S_text(v, ed->issued_era));
	S_set(p, "numbering", json_string(ed->numbering == POL_NUM_REIKI ? "reiki" : "guideline"));
	S_set(o, "policy", p);

	char *label = pol_edition_label(ed);
	json_t *e = json_object();
	bool nonpublic = ed->edition != POL_ED_PUBLIC;
	S_set(e, "name", S_own(pol_edition_name(ed)));
	S_set(e, "label", S_text(v, label));
	S_set(e, "public", json_boolean(!nonpublic));
	S_set(e, "nonpublic", json_boolean(nonpublic));
	S_set(e, "internal", json_boolean(ed->edition == POL_ED_INTERNAL || ed->edition == POL_ED_FULL));
	S_set(e, "audience", json_boolean(ed->edition == POL_ED_AUDIENCE));
	const pol_role *aud = ed->audience ? pol_map_get(ed->role_by_id, ed->audience) : NULL;
	S_set(e, "audience_role", aud ? S_text(v, aud->title) : json_null());
	S_set(e, "mark", nonpublic ? json_string("非公開") : json_null());
	S_set(o, "edition", e);

	json_t *css = json_object();
	S_set(css, "title", S_css_string(ed->title));
	S_set(css, "label", S_css_string(label));
	S_set(css, "mark", S_css_string(nonpublic ? "非公開" : ""));
	char *stamp = pol_xasprintf("版 %s", ed->rev.describe ? ed->rev.describe : "");
	S_set(css, "rev", S_css_string(stamp));
	free(stamp);
	S_set(o, "css", css);
	free(label);

	json_t *r = json_object();
	S_set(r, "describe", S_text(v, ed->rev.describe ? ed->rev.describe : ""));
	S_set(r, "commit", S_raw(ed->rev.commit));
	S_set(r, "short_commit", S_raw(ed->rev.short_commit));
	S_set(r, "date", S_raw(ed->rev.date));
	S_set(r, "era_date", S_text(v, ed->rev.era_date));
	S_set(r, "in_repo", json_boolean(ed->rev.in_repo));
	S_set(r, "dirty", json_boolean(ed->rev.dirty));
	S_set(o, "rev", r);

	json_t *pages = json_object();
	bool internal = ed->edition == POL_ED_INTERNAL || ed->edition == POL_ED_FULL;
	S_set(pages, "index", S_own(S_page_href(v, "index")));
	S_set(pages, "glossary", S_own(S_page_href(v, "glossary")));
	S_set(pages, "print", mode == POL_VIEW_MD ? json_null() : json_string("print.html"));
	S_set(pages, "traceability", internal && mode != POL_VIEW_MD ? json_string("traceability.html") : json_null());
	S_set(pages, "style", json_string("style.css"));
	S_set(o, "pages", pages);

	json_t *docs = json_array();
	for (size_t i = 0; i < ed->ndocs; i++)
		json_array_append_new(docs, S_doc(v, ed->docs[i]));
	S_set(o, "docs", docs);
	v->cur = NULL;

	S_set(o, "has_glossary", json_boolean(ed->nterms > 0));
	S_set(o, "glossary", json_array());

	json_t *roles = json_array();
	for (size_t i = 0; i < ed->nroles; i++) {
		json_t *ro = S_role(v, ed->roles[i], i == 0);
		S_set(ro, "desc", S_prose(v, ed->roles[i]->desc));
		json_array_append_new(roles, ro);
	}
	S_set(o, "roles", roles);
	json_t *params = json_array();
	for (size_t i = 0; i < ed->nparams; i++) {
		const pol_param *pa = ed->params[i];
		json_t *po = json_object();
		S_set(po, "id", S_text(v, pa->id));
		S_set(po, "type", json_string(pol_param_type_name(pa->type)));
		S_set(po, "value", S_text(v, pa->value));
		S_set(po, "display", S_text(v, pa->display));
		S_set(po, "desc", S_prose(v, pa->desc));
		json_array_append_new(params, po);
	}
	S_set(o, "params", params);

	json_t *h = S_history(v);
	S_set(o, "history_loaded", json_boolean(h != NULL && !json_is_null(h)));
	S_set(o, "has_history", json_boolean(json_is_array(h) && json_array_size(h) > 0));
	S_set(o, "history", h);

	/* Per-page fields, set by the page renderer. */
	S_set(o, "page", json_null());
	S_set(o, "doc", json_null());
	S_set(o, "trace", json_null());
	S_set(o, "node", json_null());
	return o;
}
