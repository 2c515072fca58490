/* edition.c — the edition filter, the one place that decides visibility.
 *
 * It copies, from the full model, exactly what an edition may show into a new model,
 * and re-points every reference into the copy. Whatever is not copied cannot be
 * reached by a renderer, because renderers only ever see the copy: a reference to a
 * withheld node becomes plain text (the node pointer is NULL), and the text it shows
 * is chosen here, never taken from the withheld node (except the title of a document
 * its author marked `listed`). Parsed prose trees are shared with the full model:
 * their text belongs to the node that is copied, and their placeholders are resolved
 * through the copy's own inline table.
 *
 * The copy is cheap: its nodes, prose and inline tables are made in the edition's
 * arena, and its strings are the full model's (they never change, and the full model
 * outlives its editions). What is shared is text of what the edition shows; every
 * pointer to a node, term, role or parameter is the copy's own. The internal
 * edition withholds nothing and is no copy: it is a view of the full model. */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "model/facts.h"
#include "model/number.h"

#define S_WITHHELD_TEXT "（非公開）"

typedef struct S_ed {
	const pol_model *full;
	pol_model *ed;
	pol_edition_kind kind;
	const pol_role *aud;     /* audience role in the full model */
	unsigned char *keep;     /* per full node index: 0 drop, 1 keep whole, 2 heading only */
	pol_node **new_of;       /* per full node index: its copy, or NULL */
	pol_vec src;             /* per copied node (e.nodes): the full node, NULL for a stub */
	pol_map *term_kept;      /* full term id -> (void *)1, audience */
	pol_map *param_kept;
	pol_map *role_kept;
	pol_vec nodes;
	int withheld;
} S_ed;

/* n's index in the full model + 1, or 0 when n is not one of its nodes. */
static size_t S_idx(S_ed *e, const pol_node *n)
{
	return pol_facts_index(e->full->facts, n) + 1;
}

/* The copy of full node n, or NULL when the edition leaves it out. */
static pol_node *S_new_of(S_ed *e, const pol_node *n)
{
	size_t i = n ? S_idx(e, n) : 0;
	return i ? e->new_of[i - 1] : NULL;
}

static bool S_vis_ok(S_ed *e, pol_vis v)
{
	switch (e->kind) {
	case POL_ED_PUBLIC: return v == POL_PUBLIC;
	case POL_ED_AUDIENCE: return v != POL_CONFIDENTIAL;
	default: return true;
	}
}

static bool S_applies(const pol_node *n, const pol_role *r)
{
	for (size_t i = 0; i < n->napplies; i++)
		if (n->applies[i] == r)
			return true;
	return false;
}

/* Audience: a node is kept whole if it is an applicable rule or inside one; its
 * ancestors are kept as headings. */
static bool S_mark_audience(S_ed *e, const pol_node *n, bool inside)
{
	size_t i = S_idx(e, n);
	bool whole = S_vis_ok(e, n->vis) && (inside || ((n->sem & POL_SEM_RULE) && S_applies(n, e->aud)));
	bool any = whole;
	for (size_t k = 0; k < n->nkids; k++)
		any |= S_mark_audience(e, n->kids[k], whole);
	if (i)
		e->keep[i - 1] = whole ? 1 : any ? 2 : 0;
	return any;
}

static void S_note_prose(S_ed *e, const pol_prose *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ninl; i++) {
		const pol_inline *in = &p->inl[i];
		if (in->term)
			pol_map_set(e->term_kept, in->term->id, (void *)1);
		if (in->param)
			pol_map_set(e->param_kept, in->param->id, (void *)1);
	}
}

static pol_prose *S_copy_prose(S_ed *e, const pol_prose *p);

static pol_node *S_copy_node(S_ed *e, const pol_node *n, pol_node *parent)
{
	size_t i = S_idx(e, n);
	unsigned char keep = i ? e->keep[i - 1] : 0;
	if (!keep)
		return NULL;
	pol_arena *A = &e->ed->arena;
	pol_node *c = pol_arena_alloc(A, sizeof *c);
	/* Numbers are copied, never recomputed: they are the same in every edition, and
	 * number.c numbers the public documents first, so no public number depends on a
	 * document this edition drops. Strings are shared; every pointer to another node,
	 * role or check is set below or by S_fix_refs. */
	*c = *n;
	c->parent = parent;
	c->withheld = false;
	c->kids = NULL;
	c->nkids = 0;
	c->body = NULL;
	c->checks = NULL;
	c->nchecks = 0;
	c->applies = NULL;
	c->napplies = 0;
	c->owner = NULL;
	c->implements = NULL;
	c->nimplements = 0;
	c->counters = NULL;
	c->ncounters = 0;
	c->role = NULL;
	c->related = NULL;
	c->nrelated = 0;
	c->maps = NULL;
	c->nmaps = 0;
	e->new_of[i - 1] = c;
	pol_vec_push(&e->nodes, c);
	pol_vec_push(&e->src, (void *)n);
	if (keep == 1) {
		c->body = S_copy_prose(e, n->body);
		c->checks = pol_arena_alloc(A, (n->nchecks ? n->nchecks : 1) * sizeof *c->checks);
		for (size_t k = 0; k < n->nchecks; k++) {
			const pol_check *src = n->checks[k];
			pol_check *ck = pol_arena_alloc(A, sizeof *ck);
			*ck = *src;
			ck->question = S_copy_prose(e, src->question);
			ck->rule = c;
			c->checks[c->nchecks++] = ck;
		}
	}
	size_t nk = 0;
	for (size_t k = 0; k < n->nkids; k++)
		nk += S_idx(e, n->kids[k]) && e->keep[S_idx(e, n->kids[k]) - 1];
	if (nk)
		c->kids = pol_arena_alloc(A, nk * sizeof *c->kids);
	for (size_t k = 0; k < n->nkids; k++) {
		pol_node *kid = S_copy_node(e, n->kids[k], c);
		if (kid)
			c->kids[c->nkids++] = kid;
	}
	return c;
}

/* A listed document withheld from the public edition: its title and notice only. */
static pol_node *S_stub(S_ed *e, const pol_node *d)
{
	pol_node *c = pol_arena_calloc(&e->ed->arena, sizeof *c);
	c->kind = POL_DOCUMENT;
	c->withheld = true;
	c->listed = true;
	c->vis = d->vis;
	c->tier = d->tier;
	c->title = d->title;
	if (pol_more(d)->summary || pol_more(d)->notice) { /* nothing else of it */
		pol_node_more *x = pol_more_mut(c, &e->ed->arena);
		x->summary = pol_more(d)->summary;
		x->notice = pol_more(d)->notice;
	}
	c->key = pol_arena_printf(&e->ed->arena, "withheld-%d", ++e->withheld);
	c->anchor = c->key;
	pol_vec_push(&e->nodes, c);
	pol_vec_push(&e->src, NULL);
	return c;
}

static pol_prose *S_copy_prose(S_ed *e, const pol_prose *p)
{
	if (!p)
		return NULL;
	pol_arena *A = &e->ed->arena;
	pol_prose *c = pol_arena_calloc(A, sizeof *c);
	c->md = p->md;
	c->mdlen = p->mdlen;
	pol_prose_share_tree(c, p);
	c->span = p->span;
	c->ninl = p->ninl;
	c->inl = pol_arena_calloc(A, (p->ninl ? p->ninl : 1) * sizeof *c->inl);
	for (size_t i = 0; i < p->ninl; i++) {
		c->inl[i].kind = p->inl[i].kind;
		c->inl[i].span = p->inl[i].span;
		c->inl[i].local = p->inl[i].local;
		/* Targets are re-pointed once every node, term and parameter is copied. */
		c->inl[i].term = p->inl[i].term;
		c->inl[i].node = p->inl[i].node;
		c->inl[i].param = p->inl[i].param;
		/* A {def} shows its own text, which is part of this prose. */
		if (p->inl[i].kind == POL_IN_DEF)
			c->inl[i].text = p->inl[i].text;
	}
	return c;
}

/* The reiki 目次 ranges of the copy, from the articles it holds: the full model's count
 * the edition's withheld articles too (（第5条・第6条） with 第6条 internal would show a
 * public reader the number of a non-public article). First and last article of c,
 * through its sections, as number.c counts them. */
static void S_article_span(const pol_node *c, int *first, int *last)
{
	for (size_t i = 0; i < c->nkids; i++) {
		const pol_node *k = c->kids[i];
		if (k->kind == POL_ARTICLE) {
			if (!*first)
				*first = k->ordinal;
			*last = k->ordinal + (k->deleted > 1 ? (int)k->deleted - 1 : 0);
		} else if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION) {
			S_article_span(k, first, last);
		}
	}
}

static void S_fix_ranges(S_ed *e, pol_node *c)
{
	for (size_t i = 0; i < c->nkids; i++) {
		pol_node *k = c->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION)
			continue;
		if (k->toc_range) {
			int first = 0, last = 0;
			S_article_span(k, &first, &last);
			char *r = pol_num_range(first, last, e->ed->toc_range_sep);
			k->toc_range = r ? pol_model_strdup(e->ed, r) : NULL;
			free(r);
		}
		S_fix_ranges(e, k);
	}
}

/* Points a copied prose's inlines at the copy, or turns them into safe plain text. */
static void S_fix_prose(S_ed *e, pol_prose *p)
{
	if (!p)
		return;
	pol_model *ed = e->ed;
	for (size_t i = 0; i < p->ninl; i++) {
		pol_inline *in = &p->inl[i];
		const pol_term *ft = in->term;
		const pol_param *fp = in->param;
		const pol_node *fn = in->node;
		in->term = ft ? pol_map_get(ed->term_by_id, ft->id) : NULL;
		in->param = fp ? pol_map_get(ed->param_by_id, fp->id) : NULL;
		in->node = S_new_of(e, fn);
		switch (in->kind) {
		case POL_IN_TERM:
			in->text = in->term ? in->term->title : S_WITHHELD_TEXT;
			break;
		case POL_IN_DEF:
			break;
		case POL_IN_PARAM:
			in->text = in->param ? in->param->display : S_WITHHELD_TEXT;
			break;
		case POL_IN_REF:
			/* Text taken from a node left out is copied into the edition. */
			if (in->node)
				in->text = pol_ref_text_lent(in->node, in->local);
			else if (fn && fn->kind == POL_DOCUMENT && fn->listed && fn->title)
				in->text = pol_model_strdup(ed, fn->title);
			else if (fn && e->kind == POL_ED_AUDIENCE && fn->vis != POL_CONFIDENTIAL)
				/* The audience edition is itself non-public: a number left out of it is
				 * shown, without a link, rather than hidden. */
				in->text = pol_model_strdup(ed, pol_ref_text_lent(fn, false));
			else
				in->text = S_WITHHELD_TEXT;
			break;
		}
	}
}

/* c's references to nodes and roles, re-pointed from n's (its full node) into the copy. */
static void S_fix_refs(S_ed *e, pol_node *c, const pol_node *n)
{
	if (!n || c->withheld)
		return;
	pol_model *ed = e->ed;
	pol_arena *A = &ed->arena;
	for (size_t k = 0; k < n->nimplements; k++) {
		pol_node *t = S_new_of(e, n->implements[k]);
		if (t) {
			c->implements = pol_arena_grow(A, c->implements, c->nimplements, sizeof *c->implements);
			c->implements[c->nimplements++] = t;
		}
	}
	for (size_t k = 0; k < n->ncounters; k++) {
		pol_node *t = S_new_of(e, n->counters[k]);
		if (t) {
			c->counters = pol_arena_grow(A, c->counters, c->ncounters, sizeof *c->counters);
			c->counters[c->ncounters++] = t;
		}
	}
	for (size_t k = 0; k < n->nrelated; k++) {
		pol_node *t = S_new_of(e, n->related[k]);
		if (t) {
			c->related = pol_arena_grow(A, c->related, c->nrelated, sizeof *c->related);
			c->related[c->nrelated++] = t;
		}
	}
	for (size_t k = 0; k < n->napplies; k++) {
		pol_role *r = pol_map_get(ed->role_by_id, n->applies[k]->id);
		if (r) {
			c->applies = pol_arena_grow(A, c->applies, c->napplies, sizeof *c->applies);
			c->applies[c->napplies++] = r;
		}
	}
	c->owner = n->owner ? pol_map_get(ed->role_by_id, n->owner->id) : NULL;
	c->role = n->role ? pol_map_get(ed->role_by_id, n->role->id) : NULL;
	/* Clauses are shared with the full model: those of a framework the edition lists. */
	for (size_t k = 0; k < n->nmaps; k++) {
		bool listed = false;
		for (size_t j = 0; j < ed->nframeworks && !listed; j++)
			listed = ed->frameworks[j] == n->maps[k]->fw;
		if (listed) {
			c->maps = pol_arena_grow(A, c->maps, c->nmaps, sizeof *c->maps);
			c->maps[c->nmaps++] = n->maps[k];
		}
	}
	S_fix_prose(e, c->body);
	for (size_t k = 0; k < c->nchecks; k++)
		S_fix_prose(e, c->checks[k]->question);
}

static void S_collect_audience(S_ed *e)
{
	const pol_model *m = e->full;
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (e->keep[i] != 1)
			continue;
		S_note_prose(e, n->body);
		for (size_t k = 0; k < n->nchecks; k++)
			S_note_prose(e, n->checks[k]->question);
		for (size_t k = 0; k < n->napplies; k++)
			pol_map_set(e->role_kept, n->applies[k]->id, (void *)1);
		if (n->owner)
			pol_map_set(e->role_kept, n->owner->id, (void *)1);
		if (n->role)
			pol_map_set(e->role_kept, n->role->id, (void *)1);
	}
	/* Terms used in kept definitions are needed too (one level is enough for a glossary). */
	for (size_t i = 0; i < m->nterms; i++)
		if (pol_map_get(e->term_kept, m->terms[i]->id))
			S_note_prose(e, m->terms[i]->def);
}

/* Whether the internal edition of full can be full itself: it withholds nothing, and
 * a copy would differ only where a term's defining item has no text (the copy then
 * has no defining node). */
static bool S_shareable(const pol_model *full)
{
	if (!full->facts || full->view_of)
		return false;
	for (size_t i = 0; i < full->nterms; i++)
		if (full->terms[i]->node && !full->terms[i]->node->body)
			return false;
	return true;
}

pol_model *pol_edition_filter(const pol_model *full, pol_edition_kind kind, const char *audience)
{
	if ((kind == POL_ED_INTERNAL || kind == POL_ED_FULL) && S_shareable(full)) {
		/* Nothing is withheld: the edition is a view of the full model (the same
		 * nodes, prose, facts and history), freed before it. */
		pol_model *ed = pol_xmalloc(sizeof *ed);
		*ed = *full;
		ed->edition = POL_ED_INTERNAL;
		ed->owns_files = false;
		ed->arena = (pol_arena){0};
		ed->view_of = full;
		return ed;
	}
	S_ed e = {.full = full, .kind = kind};
	if (kind == POL_ED_AUDIENCE) {
		e.aud = audience ? pol_map_get(full->role_by_id, audience) : NULL;
		if (!e.aud)
			return NULL;
	}
	pol_model *ed = pol_xcalloc(1, sizeof *ed);
	e.ed = ed;
	/* The policy's own strings are the full model's. */
	ed->id = full->id;
	ed->title = full->title;
	ed->organization = full->organization;
	ed->issued = full->issued;
	ed->issued_era = full->issued_era;
	ed->edition_date = full->edition_date;
	ed->edition_era = full->edition_era;
	ed->numbering = full->numbering;
	ed->toc_range_sep = full->toc_range_sep ? pol_model_strdup(ed, full->toc_range_sep) : NULL;
	ed->public_commit = full->public_commit;
	ed->edition = kind == POL_ED_FULL ? POL_ED_INTERNAL : kind;
	ed->audience = pol_model_strdup(ed, kind == POL_ED_AUDIENCE ? audience : NULL);
	ed->digest = full->digest;
	ed->rev.in_repo = full->rev.in_repo;
	ed->rev.dirty = full->rev.dirty;
	ed->rev.commit = pol_xstrdup(full->rev.commit);
	ed->rev.short_commit = pol_xstrdup(full->rev.short_commit);
	ed->rev.date = pol_xstrdup(full->rev.date);
	ed->rev.era_date = pol_xstrdup(full->rev.era_date);
	ed->rev.describe = pol_xstrdup(full->rev.describe);
	/* A commit id says nothing a public reader needs and ties the publication to the
	 * repository: the public editions name the commit's date only, unless the policy
	 * header says `public-commit = yes` (docs/history.md). */
	bool hide_commit = kind == POL_ED_PUBLIC && !full->public_commit;
	if (hide_commit && ed->rev.commit) {
		free(ed->rev.describe);
		ed->rev.describe = pol_xasprintf("%s%s", ed->rev.era_date ? ed->rev.era_date : ed->rev.date,
		                                 ed->rev.dirty ? " 未確定の変更あり" : "");
		free(ed->rev.commit);
		free(ed->rev.short_commit);
		ed->rev.commit = ed->rev.short_commit = NULL;
	}
	ed->owns_files = false; /* an edition has no files of its own */
	if (full->history) {
		/* The public 改定履歴 shows public summaries only: no internal summary, and no
		 * commit unless the organization chose to publish them. */
		bool pub = kind == POL_ED_PUBLIC;
		ed->history = pol_xcalloc(1, sizeof *ed->history);
		ed->history->entries = pol_xcalloc(full->history->n ? full->history->n : 1, sizeof *ed->history->entries);
		for (size_t i = 0; i < full->history->n; i++) {
			const pol_history_entry *s = &full->history->entries[i];
			pol_history_entry *c = &ed->history->entries[ed->history->n++];
			c->tag = pol_xstrdup(s->tag);
			c->edition = pol_xstrdup(s->edition);
			c->date = pol_xstrdup(s->date);
			c->era_date = pol_xstrdup(s->era_date);
			c->version_era = pol_xstrdup(s->version_era);
			c->public_summary = pol_xstrdup(s->public_summary);
			c->internal_summary = pub ? NULL : pol_xstrdup(s->internal_summary);
			c->commit = hide_commit ? NULL : pol_xstrdup(s->commit);
			c->short_commit = hide_commit ? NULL : pol_xstrdup(s->short_commit);
		}
	}
	/* Keys are the (shared) strings of the copied nodes, terms, roles and parameters. */
	ed->by_key = pol_map_new_lent(full->nnodes);
	ed->role_by_id = pol_map_new_lent(full->nroles);
	ed->term_by_id = pol_map_new_lent(full->nterms);
	ed->term_by_title = pol_map_new_lent(full->nterms);
	ed->param_by_id = pol_map_new_lent(full->nparams);

	e.term_kept = pol_map_new_lent(0);
	e.param_kept = pol_map_new_lent(0);
	e.role_kept = pol_map_new_lent(0);
	e.keep = pol_xcalloc(full->nnodes ? full->nnodes : 1, 1);
	e.new_of = pol_xcalloc(full->nnodes ? full->nnodes : 1, sizeof *e.new_of);

	if (kind == POL_ED_AUDIENCE) {
		for (size_t i = 0; i < full->ndocs; i++)
			S_mark_audience(&e, full->docs[i], false);
		S_collect_audience(&e);
	} else {
		for (size_t i = 0; i < full->nnodes; i++)
			e.keep[i] = S_vis_ok(&e, full->nodes[i]->vis) ? 1 : 0;
	}
	pol_arena *A = &ed->arena;
	ed->roles = pol_xmalloc((full->nroles ? full->nroles : 1) * sizeof *ed->roles);
	ed->params = pol_xmalloc((full->nparams ? full->nparams : 1) * sizeof *ed->params);
	ed->docs = pol_xmalloc((full->ndocs ? full->ndocs : 1) * sizeof *ed->docs);
	ed->terms = pol_xmalloc((full->nterms ? full->nterms : 1) * sizeof *ed->terms);

	/* Roles, parameters and terms first, so nodes can point at them. */
	for (size_t i = 0; i < full->nroles; i++) {
		const pol_role *r = full->roles[i];
		if (!S_vis_ok(&e, r->vis) || (kind == POL_ED_AUDIENCE && !pol_map_get(e.role_kept, r->id)))
			continue;
		pol_role *c = pol_arena_alloc(A, sizeof *c);
		*c = *r;
		c->desc = S_copy_prose(&e, r->desc);
		pol_map_set(ed->role_by_id, c->id, c);
		ed->roles[ed->nroles++] = c;
	}
	for (size_t i = 0; i < full->nparams; i++) {
		const pol_param *p = full->params[i];
		if (!S_vis_ok(&e, p->vis) || (kind == POL_ED_AUDIENCE && !pol_map_get(e.param_kept, p->id)))
			continue;
		pol_param *c = pol_arena_alloc(A, sizeof *c);
		*c = *p;
		c->desc = S_copy_prose(&e, p->desc);
		pol_map_set(ed->param_by_id, c->id, c);
		ed->params[ed->nparams++] = c;
	}
	/* Frameworks: shared, never changed; the edition lists those it may show. */
	ed->frameworks = pol_arena_alloc(A, (full->nframeworks ? full->nframeworks : 1) * sizeof *ed->frameworks);
	for (size_t i = 0; i < full->nframeworks; i++)
		if (S_vis_ok(&e, full->frameworks[i]->vis))
			ed->frameworks[ed->nframeworks++] = full->frameworks[i];
	/* Documents. */
	for (size_t i = 0; i < full->ndocs; i++) {
		const pol_node *d = full->docs[i];
		pol_node *c = S_copy_node(&e, d, NULL);
		if (!c && kind == POL_ED_PUBLIC && d->listed)
			c = S_stub(&e, d);
		if (!c)
			continue;
		ed->docs[ed->ndocs++] = c;
	}
	/* Terms: visible ones; a term defined by an item needs that item in the edition. */
	for (size_t i = 0; i < full->nterms; i++) {
		const pol_term *t = full->terms[i];
		if (!S_vis_ok(&e, t->vis) || (kind == POL_ED_AUDIENCE && !pol_map_get(e.term_kept, t->id)))
			continue;
		pol_node *tn = S_new_of(&e, t->node);
		pol_term *c = pol_arena_alloc(A, sizeof *c);
		*c = *t;
		c->node = tn && tn->body ? tn : NULL;
		c->def = c->node ? c->node->body : S_copy_prose(&e, t->def);
		pol_map_set(ed->term_by_id, c->id, c);
		if (!pol_map_get(ed->term_by_title, c->title))
			pol_map_set(ed->term_by_title, c->title, c);
		ed->terms[ed->nterms++] = c;
	}
	ed->nodes = (pol_node **)e.nodes.items;
	ed->nnodes = e.nodes.len;
	for (size_t i = 0; i < ed->nnodes; i++) {
		pol_map_set(ed->by_key, ed->nodes[i]->key, ed->nodes[i]);
		S_fix_refs(&e, ed->nodes[i], e.src.items[i]);
	}
	for (size_t i = 0; i < ed->ndocs; i++)
		if (!ed->docs[i]->withheld)
			S_fix_ranges(&e, ed->docs[i]);
	for (size_t i = 0; i < ed->nroles; i++)
		S_fix_prose(&e, ed->roles[i]->desc);
	for (size_t i = 0; i < ed->nparams; i++)
		S_fix_prose(&e, ed->params[i]->desc);
	for (size_t i = 0; i < ed->nterms; i++)
		if (!ed->terms[i]->node)
			S_fix_prose(&e, ed->terms[i]->def);
	ed->facts = pol_facts_new(ed);

	free(e.keep);
	free(e.new_of);
	pol_vec_free(&e.src);
	pol_map_free(e.term_kept);
	pol_map_free(e.param_kept);
	pol_map_free(e.role_kept);
	return ed;
}

char *pol_edition_name(const pol_model *ed)
{
	switch (ed->edition) {
	case POL_ED_PUBLIC: return pol_xstrdup("public");
	case POL_ED_AUDIENCE: return pol_xasprintf("audience-%s", ed->audience);
	default: return pol_xstrdup("internal");
	}
}

char *pol_edition_label(const pol_model *ed)
{
	switch (ed->edition) {
	case POL_ED_PUBLIC: return pol_xstrdup("公開版");
	case POL_ED_AUDIENCE: {
		const pol_role *r = pol_map_get(ed->role_by_id, ed->audience);
		return pol_xasprintf("%s向け（非公開）", r ? r->title : ed->audience);
	}
	default: return pol_xstrdup("内部版（非公開）");
	}
}
