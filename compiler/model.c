/* model.c — loading a policy into the model, numbering it, and freeing it.
 *
 * pol_model_load runs the stages in order — read and parse (build.c), resolve and
 * check (check.c), number (here) — each only if the one before left no errors that
 * would make the next meaningless. Numbering walks the tree once: chapter numbers run
 * on across documents, articles restart per chapter (guideline) or run on (reiki). */
#include <cmark.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "number.h"

const char *pol_kind_name(pol_kind k)
{
	static const char *names[] = {"document", "chapter", "section", "subsection", "article",
	                              "paragraph", "item", "subitem", "subsubitem", "supplement",
	                              "doctable"};
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

static const pol_node *S_chapter(const pol_node *n)
{
	while (n && n->kind != POL_CHAPTER && n->kind != POL_SUPPLEMENT)
		n = n->parent;
	return n;
}

char *pol_ref_text(const pol_node *t, bool local)
{
	if (!t->ref)
		return pol_xstrdup(t->title ? t->title : "");
	const pol_node *ch = S_chapter(t);
	size_t skip = 0;
	if (local && ch && ch != t && ch->ref && !strncmp(t->ref, ch->ref, strlen(ch->ref)))
		skip = strlen(ch->ref);
	return pol_xstrdup(t->ref + skip);
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
	if (!p || !p->doc)
		return pol_xstrdup("");
	cmark_iter *it = cmark_iter_new(p->doc);
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
		}
	}
	cmark_iter_free(it);
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = 0;
	return pol_buf_detach(&b);
}

/* ---- numbering ---- */

typedef struct S_num {
	pol_model *m;
	int chapter;            /* chapters numbered so far */
	int article;            /* reiki: articles so far, policy-wide */
	pol_map *anchors;       /* anchors in use */
} S_num;

static char *S_anchor(S_num *st, const char *key)
{
	pol_buf b = {0};
	for (const char *p = key; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
			pol_buf_putc(&b, c);
		else
			pol_buf_putc(&b, '-');
	}
	char *a = pol_buf_detach(&b);
	for (int n = 2; pol_map_get(st->anchors, a); n++) {
		char *base = a;
		a = pol_xasprintf("%s-%d", base, n);
		free(base);
	}
	pol_map_set(st->anchors, a, (void *)1);
	return a;
}

static int S_article_range(const pol_node *n, int *first, int *last)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind == POL_ARTICLE) {
			if (!*first)
				*first = k->ordinal;
			*last = k->ordinal;
		} else if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION) {
			S_article_range(k, first, last);
		}
	}
	return *first;
}

/* True when n is inside a 附則: its articles are numbered within it (附則第1条, 附則1). */
static bool S_in_supplement(const pol_node *n)
{
	for (; n; n = n->parent)
		if (n->kind == POL_SUPPLEMENT)
			return true;
	return false;
}

/* Numbers n's children. chapter_article counts articles of the enclosing chapter (or
 * 附則); items counts the items of the enclosing article in the guideline style, where
 * a paragraph is unnumbered and its items go on from the article's. */
static void S_number(S_num *st, pol_node *n, int *chapter_article, int *items, bool preface)
{
	pol_model *m = st->m;
	pol_numbering style = m->numbering;
	int counts[POL_DOCTABLE + 1] = {0};
	int anon[POL_DOCTABLE + 1] = {0};
	/* Reiki: the article's own text is its first paragraph (項). */
	if (n->kind == POL_ARTICLE && n->body)
		counts[POL_PARAGRAPH] = 1;
	if (!items)
		items = &counts[POL_ITEM];
	bool supp = S_in_supplement(n);
	for (size_t i = 0; i < n->nkids; i++) {
		pol_node *k = n->kids[i];
		int ord = 0;
		switch (k->kind) {
		case POL_CHAPTER:
			ord = preface ? 0 : ++st->chapter;
			break;
		case POL_ARTICLE:
			ord = style == POL_NUM_REIKI && !supp ? ++st->article : ++*chapter_article;
			break;
		case POL_SUPPLEMENT:
		case POL_DOCTABLE:
			ord = 0;
			break;
		case POL_ITEM:
			ord = ++*items;
			break;
		default:
			ord = ++counts[k->kind];
		}
		k->ordinal = ord;
		if (k->kind != POL_DOCTABLE) {
			k->num = pol_num_label(style, k->kind, ord, preface && k->kind == POL_CHAPTER);
			char *part = pol_num_ref_part(style, k->kind, ord, preface && k->kind == POL_CHAPTER);
			/* Guideline article references hang from the chapter (sections and 款 are
			 * skipped); reiki article references stand alone, except in a 附則. */
			const char *base = n->ref;
			if (k->kind == POL_ARTICLE) {
				const pol_node *ch = n;
				while (ch && ch->kind != POL_CHAPTER && ch->kind != POL_SUPPLEMENT)
					ch = ch->parent;
				base = ch && (style == POL_NUM_GUIDELINE || ch->kind == POL_SUPPLEMENT) ? ch->ref : NULL;
			}
			if (part)
				k->ref = base ? pol_xasprintf("%s%s", base, part) : pol_xstrdup(part);
			else
				k->ref = base ? pol_xstrdup(base) : NULL;
			free(part);
		}
		if (k->kind == POL_ARTICLE && style == POL_NUM_REIKI && k->title)
			k->caption = pol_xasprintf("（%s）", k->title);
		if (k->id) {
			k->anchor = S_anchor(st, k->key);
		} else {
			static const char letters[] = "dcsuapiyzxt";
			char *key = pol_xasprintf("%s/%c%d", n->key, letters[k->kind], ++anon[k->kind]);
			free(k->key);
			k->key = key;
			/* Nodes without an id get their key only here; register it, or the edition
			 * filter cannot find them (their prose would keep full-model pointers). */
			pol_map_set(m->by_key, key, k);
			k->anchor = S_anchor(st, key);
		}
		int sub_articles = 0;
		if (k->kind == POL_CHAPTER || k->kind == POL_SUPPLEMENT)
			S_number(st, k, &sub_articles, NULL, false);
		else if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION)
			S_number(st, k, chapter_article, NULL, false);
		else if (k->kind == POL_PARAGRAPH && style == POL_NUM_GUIDELINE)
			S_number(st, k, &sub_articles, items, false);
		else
			S_number(st, k, &sub_articles, NULL, false);
	}
}

static void S_ranges(pol_node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		pol_node *k = n->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION)
			continue;
		bool nested = false;
		for (size_t j = 0; j < k->nkids; j++)
			nested |= k->kids[j]->kind == POL_SECTION || k->kids[j]->kind == POL_SUBSECTION;
		int first = 0, last = 0;
		if (!nested && S_article_range(k, &first, &last))
			k->toc_range = pol_num_range(first, last);
		S_ranges(k);
	}
}

void pol_build_number(pol_model *m)
{
	S_num st = {.m = m, .anchors = pol_map_new()};
	for (size_t i = 0; i < m->ndocs; i++) {
		pol_node *d = m->docs[i];
		d->anchor = S_anchor(&st, d->key);
		int articles = 0;
		S_number(&st, d, &articles, NULL, d->tier == POL_TIER_PREFACE);
		if (m->numbering == POL_NUM_REIKI)
			S_ranges(d);
	}
	for (size_t i = 0; i < m->nterms; i++) {
		char *key = pol_xasprintf("term-%s", m->terms[i]->id);
		m->terms[i]->anchor = S_anchor(&st, key);
		free(key);
	}
	pol_map_free(st.anchors);
	/* Preface chapters: 序章 is their whole number. */
}

/* ---- digest ---- */

static char *S_digest(const pol_model *m)
{
	pol_buf b = {0};
	for (size_t i = 0; i < m->nfiles; i++) {
		git_oid oid;
		char hex[GIT_OID_HEXSZ + 1];
		git_odb_hash(&oid, m->files[i]->text, m->files[i]->len, GIT_OBJECT_BLOB);
		git_oid_tostr(hex, sizeof hex, &oid);
		pol_buf_printf(&b, "%s %s\n", hex, m->files[i]->rel);
	}
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];
	git_odb_hash(&oid, b.data ? b.data : "", b.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof hex, &oid);
	pol_buf_free(&b);
	return pol_xstrdup(hex);
}

static void S_rev_copy(pol_revision *dst, const pol_revision *src)
{
	dst->in_repo = src->in_repo;
	dst->dirty = src->dirty;
	dst->commit = pol_xstrdup(src->commit);
	dst->short_commit = pol_xstrdup(src->short_commit);
	dst->date = pol_xstrdup(src->date);
	dst->era_date = pol_xstrdup(src->era_date);
	dst->describe = pol_xstrdup(src->describe);
}

pol_model *pol_model_load(pol_source *src, pol_diag *d)
{
	git_libgit2_init();
	pol_model *m = pol_xcalloc(1, sizeof *m);
	m->owns_files = true;
	m->by_key = pol_map_new();
	m->role_by_id = pol_map_new();
	m->term_by_id = pol_map_new();
	m->term_by_title = pol_map_new();
	m->param_by_id = pol_map_new();
	pol_builder b = {.m = m, .d = d, .ids = pol_map_new(), .checks = pol_map_new()};
	int rc = pol_build_read(&b, src);
	if (rc == 0) {
		pol_build_resolve(&b);
		pol_build_number(m);
		/* A cross-reference shows its target's number (or title, for documents). */
		for (size_t i = 0; i < b.prose.len; i++) {
			pol_prose_ctx *ctx = b.prose.items[i];
			pol_prose *p = ctx->prose;
			for (size_t k = 0; k < p->ninl; k++)
				if (p->inl[k].kind == POL_IN_REF && p->inl[k].node) {
					const pol_node *t = p->inl[k].node;
					p->inl[k].local = m->numbering == POL_NUM_GUIDELINE && ctx->node &&
					                  S_chapter(ctx->node) && S_chapter(ctx->node) == S_chapter(t);
					free(p->inl[k].text);
					p->inl[k].text = pol_ref_text(t, p->inl[k].local);
				}
		}
		if (d->errors == 0)
			pol_build_check(&b);
	}
	for (size_t i = 0; i < b.prose.len; i++)
		free(b.prose.items[i]);
	pol_vec_free(&b.prose);
	for (size_t i = 0; i < b.pending.len; i++) {
		pol_pending *p = b.pending.items[i];
		free(p->name);
		free(p);
	}
	pol_vec_free(&b.pending);
	for (size_t i = 0; i < b.idinfos.len; i++)
		free(b.idinfos.items[i]);
	pol_vec_free(&b.idinfos);
	pol_map_free(b.ids);
	pol_map_free(b.checks);
	for (size_t i = 0; i < b.redefs.len; i++) {
		pol_redef *r = b.redefs.items[i];
		free(r->title);
		free(r->text);
		free(r);
	}
	pol_vec_free(&b.redefs);
	if (!m->id)
		m->id = pol_xstrdup("policy");
	if (!m->title)
		m->title = pol_xstrdup("");
	m->digest = S_digest(m);
	S_rev_copy(&m->rev, &src->rev);
	git_libgit2_shutdown();
	if (rc != 0) {
		pol_model_free(m);
		return NULL;
	}
	return m;
}

void pol_history_free(pol_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		pol_history_entry *e = &h->entries[i];
		free(e->tag);
		free(e->edition);
		free(e->date);
		free(e->era_date);
		free(e->public_summary);
		free(e->internal_summary);
		free(e->commit);
		free(e->short_commit);
	}
	free(h->entries);
	free(h);
}

void pol_model_free(pol_model *m)
{
	if (!m)
		return;
	pol_history_free(m->history);
	for (size_t i = 0; i < m->nnodes; i++)
		pol_node_free(m->nodes[i]);
	free(m->nodes);
	free(m->docs);
	for (size_t i = 0; i < m->nroles; i++) {
		pol_role *r = m->roles[i];
		free(r->id);
		free(r->title);
		pol_prose_free(r->desc);
		free(r);
	}
	free(m->roles);
	for (size_t i = 0; i < m->nterms; i++)
		pol_term_free(m->terms[i]);
	free(m->terms);
	for (size_t i = 0; i < m->nparams; i++) {
		pol_param *p = m->params[i];
		free(p->id);
		free(p->value);
		free(p->unit);
		free(p->display);
		pol_prose_free(p->desc);
		free(p);
	}
	free(m->params);
	pol_map_free(m->by_key);
	pol_map_free(m->role_by_id);
	pol_map_free(m->term_by_id);
	pol_map_free(m->term_by_title);
	pol_map_free(m->param_by_id);
	if (m->owns_files)
		for (size_t i = 0; i < m->nfiles; i++)
			pol_file_free(m->files[i]);
	free(m->files);
	free(m->id);
	free(m->title);
	free(m->organization);
	free(m->issued);
	free(m->issued_era);
	free(m->audience);
	free(m->digest);
	pol_revision_clear(&m->rev);
	free(m);
}
