/* edition.c — the edition filter, the one place that decides visibility.
 *
 * It copies, from the full model, exactly what an edition may show into a new model,
 * and re-points every reference into the copy. Whatever is not copied cannot be
 * reached by a renderer, because renderers only ever see the copy: a reference to a
 * withheld node becomes plain text (the node pointer is NULL), and the text it shows
 * is chosen here, never taken from the withheld node (except the title of a document
 * its author marked `listed`). Parsed prose trees are shared with the full model:
 * their text belongs to the node that is copied, and their placeholders are resolved
 * through the copy's own inline table. */
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "model/facts.h"

#define S_WITHHELD_TEXT "（非公開）"

typedef struct S_ed {
	const pol_model *full;
	pol_model *ed;
	pol_edition_kind kind;
	const pol_role *aud;     /* audience role in the full model */
	unsigned char *keep;     /* per full node index: 0 drop, 1 keep whole, 2 heading only */
	pol_map *index;          /* full node key -> index + 1 */
	pol_map *new_of;         /* full node key -> copied node */
	pol_map *term_kept;      /* full term id -> (void *)1, audience */
	pol_map *param_kept;
	pol_map *role_kept;
	pol_vec nodes;
	int withheld;
} S_ed;

static size_t S_idx(S_ed *e, const pol_node *n)
{
	return (size_t)(uintptr_t)pol_map_get(e->index, n->key);
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
	pol_node *c = pol_xcalloc(1, sizeof *c);
	c->kind = n->kind;
	c->sem = n->sem;
	c->id = pol_xstrdup(n->id);
	c->key = pol_xstrdup(n->key);
	c->title = pol_xstrdup(n->title);
	c->vis = n->vis;
	c->listed = n->listed;
	c->parent = parent;
	/* Numbers are copied, never recomputed: they are the same in every edition, and
	 * number.c numbers the public documents first, so no public number depends on a
	 * document this edition drops. */
	c->ordinal = n->ordinal;
	c->num = pol_xstrdup(n->num);
	c->ref = pol_xstrdup(n->ref);
	c->anchor = pol_xstrdup(n->anchor);
	c->caption = pol_xstrdup(n->caption);
	c->level = n->level;
	c->tier = n->tier;
	c->summary = pol_xstrdup(n->summary);
	c->notice = pol_xstrdup(n->notice);
	c->effective = pol_xstrdup(n->effective);
	c->effective_era = pol_xstrdup(n->effective_era);
	c->toc_range = pol_xstrdup(n->toc_range);
	c->span = n->span;
	pol_map_set(e->new_of, n->key, c);
	pol_vec_push(&e->nodes, c);
	if (keep == 1) {
		c->body = S_copy_prose(e, n->body);
		c->checks = pol_xcalloc(n->nchecks ? n->nchecks : 1, sizeof *c->checks);
		for (size_t k = 0; k < n->nchecks; k++) {
			const pol_check *src = n->checks[k];
			pol_check *ck = pol_xcalloc(1, sizeof *ck);
			ck->id = pol_xstrdup(src->id);
			ck->every = pol_xstrdup(src->every);
			ck->every_ja = pol_xstrdup(src->every_ja);
			ck->evidence = pol_xstrdup(src->evidence);
			ck->question = S_copy_prose(e, src->question);
			ck->rule = c;
			ck->span = src->span;
			c->checks[c->nchecks++] = ck;
		}
	}
	for (size_t k = 0; k < n->nkids; k++) {
		pol_node *kid = S_copy_node(e, n->kids[k], c);
		if (kid) {
			c->kids = pol_xrealloc(c->kids, (c->nkids + 1) * sizeof *c->kids);
			c->kids[c->nkids++] = kid;
		}
	}
	return c;
}

/* A listed document withheld from the public edition: its title and notice only. */
static pol_node *S_stub(S_ed *e, const pol_node *d)
{
	pol_node *c = pol_xcalloc(1, sizeof *c);
	c->kind = POL_DOCUMENT;
	c->withheld = true;
	c->listed = true;
	c->vis = d->vis;
	c->tier = d->tier;
	c->title = pol_xstrdup(d->title);
	c->summary = pol_xstrdup(d->summary);
	c->notice = pol_xstrdup(d->notice);
	c->key = pol_xasprintf("withheld-%d", ++e->withheld);
	c->anchor = pol_xstrdup(c->key);
	pol_vec_push(&e->nodes, c);
	return c;
}

static pol_prose *S_copy_prose(S_ed *e, const pol_prose *p)
{
	if (!p)
		return NULL;
	pol_prose *c = pol_xcalloc(1, sizeof *c);
	c->md = pol_xstrdup(p->md);
	pol_prose_share_tree(c, p);
	c->span = p->span;
	c->ninl = p->ninl;
	c->inl = pol_xcalloc(p->ninl ? p->ninl : 1, sizeof *c->inl);
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
			c->inl[i].text = pol_xstrdup(p->inl[i].text);
	}
	return c;
}

static const pol_node *S_full_node(S_ed *e, const char *key)
{
	return pol_map_get(e->full->by_key, key);
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
		in->node = fn ? pol_map_get(e->new_of, fn->key) : NULL;
		switch (in->kind) {
		case POL_IN_TERM:
			in->text = pol_xstrdup(in->term ? in->term->title : S_WITHHELD_TEXT);
			break;
		case POL_IN_DEF:
			break;
		case POL_IN_PARAM:
			in->text = pol_xstrdup(in->param ? in->param->display : S_WITHHELD_TEXT);
			break;
		case POL_IN_REF:
			if (in->node)
				in->text = pol_ref_text(in->node, in->local);
			else if (fn && fn->kind == POL_DOCUMENT && fn->listed && fn->title)
				in->text = pol_xstrdup(fn->title);
			else if (fn && e->kind == POL_ED_AUDIENCE && fn->vis != POL_CONFIDENTIAL)
				/* The audience edition is itself non-public: a number left out of it is
				 * shown, without a link, rather than hidden. */
				in->text = pol_ref_text(fn, false);
			else
				in->text = pol_xstrdup(S_WITHHELD_TEXT);
			break;
		}
	}
}

static void S_fix_refs(S_ed *e, pol_node *c)
{
	const pol_node *n = S_full_node(e, c->key);
	if (!n || c->withheld)
		return;
	pol_model *ed = e->ed;
	for (size_t k = 0; k < n->nimplements; k++) {
		pol_node *t = pol_map_get(e->new_of, n->implements[k]->key);
		if (t) {
			c->implements = pol_xrealloc(c->implements, (c->nimplements + 1) * sizeof *c->implements);
			c->implements[c->nimplements++] = t;
		}
	}
	for (size_t k = 0; k < n->ncounters; k++) {
		pol_node *t = pol_map_get(e->new_of, n->counters[k]->key);
		if (t) {
			c->counters = pol_xrealloc(c->counters, (c->ncounters + 1) * sizeof *c->counters);
			c->counters[c->ncounters++] = t;
		}
	}
	for (size_t k = 0; k < n->napplies; k++) {
		pol_role *r = pol_map_get(ed->role_by_id, n->applies[k]->id);
		if (r) {
			c->applies = pol_xrealloc(c->applies, (c->napplies + 1) * sizeof *c->applies);
			c->applies[c->napplies++] = r;
		}
	}
	c->owner = n->owner ? pol_map_get(ed->role_by_id, n->owner->id) : NULL;
	c->role = n->role ? pol_map_get(ed->role_by_id, n->role->id) : NULL;
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

pol_model *pol_edition_filter(const pol_model *full, pol_edition_kind kind, const char *audience)
{
	S_ed e = {.full = full, .kind = kind};
	if (kind == POL_ED_AUDIENCE) {
		e.aud = audience ? pol_map_get(full->role_by_id, audience) : NULL;
		if (!e.aud)
			return NULL;
	}
	pol_model *ed = pol_xcalloc(1, sizeof *ed);
	e.ed = ed;
	ed->id = pol_xstrdup(full->id);
	ed->title = pol_xstrdup(full->title);
	ed->organization = pol_xstrdup(full->organization);
	ed->issued = pol_xstrdup(full->issued);
	ed->issued_era = pol_xstrdup(full->issued_era);
	ed->numbering = full->numbering;
	ed->edition = kind == POL_ED_FULL ? POL_ED_INTERNAL : kind;
	ed->audience = pol_xstrdup(kind == POL_ED_AUDIENCE ? audience : NULL);
	ed->digest = pol_xstrdup(full->digest);
	ed->rev.in_repo = full->rev.in_repo;
	ed->rev.dirty = full->rev.dirty;
	ed->rev.commit = pol_xstrdup(full->rev.commit);
	ed->rev.short_commit = pol_xstrdup(full->rev.short_commit);
	ed->rev.date = pol_xstrdup(full->rev.date);
	ed->rev.era_date = pol_xstrdup(full->rev.era_date);
	ed->rev.describe = pol_xstrdup(full->rev.describe);
	ed->owns_files = false; /* an edition has no files of its own */
	if (full->history) {
		/* The public 改定履歴 shows public summaries only: no internal summary, no commit. */
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
			c->public_summary = pol_xstrdup(s->public_summary);
			c->internal_summary = pub ? NULL : pol_xstrdup(s->internal_summary);
			c->commit = pub ? NULL : pol_xstrdup(s->commit);
			c->short_commit = pub ? NULL : pol_xstrdup(s->short_commit);
		}
	}
	ed->by_key = pol_map_new();
	ed->role_by_id = pol_map_new();
	ed->term_by_id = pol_map_new();
	ed->term_by_title = pol_map_new();
	ed->param_by_id = pol_map_new();

	e.index = pol_map_new();
	e.new_of = pol_map_new();
	e.term_kept = pol_map_new();
	e.param_kept = pol_map_new();
	e.role_kept = pol_map_new();
	e.keep = pol_xcalloc(full->nnodes ? full->nnodes : 1, 1);
	for (size_t i = 0; i < full->nnodes; i++)
		pol_map_set(e.index, full->nodes[i]->key, (void *)(uintptr_t)(i + 1));

	if (kind == POL_ED_AUDIENCE) {
		for (size_t i = 0; i < full->ndocs; i++)
			S_mark_audience(&e, full->docs[i], false);
		S_collect_audience(&e);
	} else {
		for (size_t i = 0; i < full->nnodes; i++)
			e.keep[i] = S_vis_ok(&e, full->nodes[i]->vis) ? 1 : 0;
	}

	/* Roles, parameters and terms first, so nodes can point at them. */
	for (size_t i = 0; i < full->nroles; i++) {
		const pol_role *r = full->roles[i];
		if (!S_vis_ok(&e, r->vis) || (kind == POL_ED_AUDIENCE && !pol_map_get(e.role_kept, r->id)))
			continue;
		pol_role *c = pol_xcalloc(1, sizeof *c);
		c->id = pol_xstrdup(r->id);
		c->title = pol_xstrdup(r->title);
		c->vis = r->vis;
		c->desc = S_copy_prose(&e, r->desc);
		c->span = r->span;
		c->uses = r->uses;
		pol_map_set(ed->role_by_id, c->id, c);
		ed->roles = pol_xrealloc(ed->roles, (ed->nroles + 1) * sizeof *ed->roles);
		ed->roles[ed->nroles++] = c;
	}
	for (size_t i = 0; i < full->nparams; i++) {
		const pol_param *p = full->params[i];
		if (!S_vis_ok(&e, p->vis) || (kind == POL_ED_AUDIENCE && !pol_map_get(e.param_kept, p->id)))
			continue;
		pol_param *c = pol_xcalloc(1, sizeof *c);
		c->id = pol_xstrdup(p->id);
		c->type = p->type;
		c->value = pol_xstrdup(p->value);
		c->unit = pol_xstrdup(p->unit);
		c->display = pol_xstrdup(p->display);
		c->vis = p->vis;
		c->desc = S_copy_prose(&e, p->desc);
		c->span = p->span;
		c->uses = p->uses;
		pol_map_set(ed->param_by_id, c->id, c);
		ed->params = pol_xrealloc(ed->params, (ed->nparams + 1) * sizeof *ed->params);
		ed->params[ed->nparams++] = c;
	}
	/* Documents. */
	for (size_t i = 0; i < full->ndocs; i++) {
		const pol_node *d = full->docs[i];
		pol_node *c = S_copy_node(&e, d, NULL);
		if (!c && kind == POL_ED_PUBLIC && d->listed)
			c = S_stub(&e, d);
		if (!c)
			continue;
		ed->docs = pol_xrealloc(ed->docs, (ed->ndocs + 1) * sizeof *ed->docs);
		ed->docs[ed->ndocs++] = c;
	}
	/* Terms: visible ones; a term defined by an item needs that item in the edition. */
	for (size_t i = 0; i < full->nterms; i++) {
		const pol_term *t = full->terms[i];
		if (!S_vis_ok(&e, t->vis) || (kind == POL_ED_AUDIENCE && !pol_map_get(e.term_kept, t->id)))
			continue;
		pol_node *tn = t->node ? pol_map_get(e.new_of, t->node->key) : NULL;
		pol_term *c = pol_xcalloc(1, sizeof *c);
		c->id = pol_xstrdup(t->id);
		c->title = pol_xstrdup(t->title);
		c->anchor = pol_xstrdup(t->anchor);
		c->def_text = pol_xstrdup(t->def_text);
		c->vis = t->vis;
		c->span = t->span;
		c->uses = t->uses;
		c->node = tn && tn->body ? tn : NULL;
		c->def = c->node ? c->node->body : S_copy_prose(&e, t->def);
		pol_map_set(ed->term_by_id, c->id, c);
		if (!pol_map_get(ed->term_by_title, c->title))
			pol_map_set(ed->term_by_title, c->title, c);
		ed->terms = pol_xrealloc(ed->terms, (ed->nterms + 1) * sizeof *ed->terms);
		ed->terms[ed->nterms++] = c;
	}
	ed->nodes = (pol_node **)e.nodes.items;
	ed->nnodes = e.nodes.len;
	for (size_t i = 0; i < ed->nnodes; i++) {
		pol_map_set(ed->by_key, ed->nodes[i]->key, ed->nodes[i]);
		S_fix_refs(&e, ed->nodes[i]);
	}
	for (size_t i = 0; i < ed->nroles; i++)
		S_fix_prose(&e, ed->roles[i]->desc);
	for (size_t i = 0; i < ed->nparams; i++)
		S_fix_prose(&e, ed->params[i]->desc);
	for (size_t i = 0; i < ed->nterms; i++)
		if (!ed->terms[i]->node)
			S_fix_prose(&e, ed->terms[i]->def);
	ed->facts = pol_facts_new(ed);

	free(e.keep);
	pol_map_free(e.index);
	pol_map_free(e.new_of);
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
