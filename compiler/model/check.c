/* check.c — resolution and the consistency checks.
 *
 * Runs after the whole policy has been read, so forward references work. First every
 * name is resolved to a pointer (attributes, then inline markup in prose); then the
 * checks that make a policy consistent: nothing public points at something that is
 * not, every term is used, every basic measure implemented, every threat countered,
 * every must-rule checked, every procedure implements something. */
#include <stdlib.h>
#include <string.h>

#include "lib/suggest.h"
#include "model/build.h"
#include "model/facts.h"

/* "unresolved reference 'x'", with the closest id (or doc.id for a dotted name). */
static void S_unresolved(pol_builder *b, pol_span span, const char *name)
{
	pol_model *m = b->m;
	pol_suggester sg;
	pol_suggest_init(&sg, name);
	bool dotted = strchr(name, '.') != NULL;
	for (size_t i = 0; i < m->nnodes; i++)
		pol_suggest_add(&sg, dotted ? m->nodes[i]->key : m->nodes[i]->id);
	for (size_t i = 0; !dotted && i < m->ndocs; i++)
		pol_suggest_add(&sg, m->docs[i]->id);
	const char *near = pol_suggest_best(&sg);
	if (near)
		pol_error(b->d, span, "unresolved reference '%s'; did you mean '%s'?", name, near);
	else
		pol_error(b->d, span, "unresolved reference '%s'", name);
}

/* Resolves a node reference: "doc.id", or "id" in the current document first, then
 * across the policy, then a document id. */
static pol_node *S_resolve_node(pol_builder *b, const char *name, const pol_node *doc, pol_span span)
{
	pol_model *m = b->m;
	const char *dot = strchr(name, '.');
	if (dot) {
		pol_node *n = pol_map_get(m->by_key, name);
		if (!n)
			S_unresolved(b, span, name);
		return n;
	}
	/* The table of bare ids, small and in the caches, is asked first. "doc.name" is in the
	 * node index only if some node has the id name (node ids hold no dot), and where one
	 * node has it, that node is the answer wherever it is: only a name that several
	 * documents use is looked up in the index, which spares it a lookup that would fail
	 * for every threat a rule counters. */
	pol_idinfo *info = pol_map_get(b->ids, name);
	if (doc && info && info->count > 1) {
		char buf[128], *key = buf;
		size_t nd = strlen(doc->id), nn = strlen(name);
		if (nd + nn + 2 > sizeof buf)
			key = pol_xmalloc(nd + nn + 2);
		memcpy(key, doc->id, nd);
		key[nd] = '.';
		memcpy(key + nd + 1, name, nn + 1);
		pol_node *n = pol_map_get(m->by_key, key);
		if (key != buf)
			free(key);
		if (n)
			return n;
	}
	if (info && info->count == 1)
		return info->first;
	if (info) {
		pol_error(b->d, span, "ambiguous reference '%s': name its document, as in '%s'", name,
		          info->first->key);
		return NULL;
	}
	pol_node *n = pol_map_get(m->by_key, name);
	if (n && n->kind == POL_DOCUMENT)
		return n;
	S_unresolved(b, span, name);
	return NULL;
}

static void S_push_node(pol_builder *b, pol_node ***arr, uint32_t *n, pol_node *x)
{
	for (size_t i = 0; i < *n; i++)
		if ((*arr)[i] == x)
			return;
	*arr = pol_arena_grow(&b->m->arena, *arr, *n, sizeof **arr);
	(*arr)[(*n)++] = x;
}

static const char *S_name(const pol_node *n)
{
	return n->title ? n->title : n->id ? n->id : pol_kind_name(n->kind);
}

/* A public owner may only point at public things; a listed document's title is public. */
static void S_leak_check(pol_builder *b, pol_vis from, pol_vis to, bool listed_doc, pol_span span,
                         const char *what, const char *name)
{
	if (from == POL_PUBLIC && to != POL_PUBLIC && !listed_doc)
		pol_error(b->d, span, "public text refers to %s %s '%s'", pol_vis_name(to), what, name);
}

/* Resolution walks every pending reference and every prose of the model, in the order
 * they were read, each through a pointer or two: at 10x these are long out of the
 * processor's caches, so each item asks for what the items a few places on will read
 * (the item eight on, then the fields of the one four on, which has arrived by then).
 * Always inlined (POL_ALWAYS_INLINE): GCC drops a call to a function that only
 * prefetches. */
POL_ALWAYS_INLINE void S_pending_ahead(const pol_vec *v, size_t i)
{
	if (i + 8 < v->len)
		__builtin_prefetch(v->items[i + 8]);
	if (i + 4 < v->len) {
		const pol_pending *a = v->items[i + 4];
		__builtin_prefetch(a->from);
		__builtin_prefetch(a->name);
	}
}

POL_ALWAYS_INLINE void S_prose_ahead(const pol_vec *v, size_t i)
{
	if (i + 8 < v->len)
		__builtin_prefetch(v->items[i + 8]);
	if (i + 4 < v->len)
		__builtin_prefetch(((const pol_prose_ctx *)v->items[i + 4])->prose);
	if (i + 2 < v->len)
		__builtin_prefetch(((const pol_prose_ctx *)v->items[i + 2])->prose->inl);
}

static void S_resolve_pending(pol_builder *b)
{
	pol_model *m = b->m;
	for (size_t i = 0; i < b->pending.len; i++) {
		S_pending_ahead(&b->pending, i);
		pol_pending *p = b->pending.items[i];
		pol_node *n = p->from;
		const pol_node *doc = p->doc;
		if (p->slot == POL_REF_RELATED) {
			/* an appendix's 第5条関係: a node with a number, as public as the appendix */
			pol_node *t = S_resolve_node(b, p->name, doc, p->span);
			if (!t)
				continue;
			if (t->kind == POL_DOCUMENT || t->kind == POL_APPENDIX || t->kind == POL_DOCTABLE) {
				pol_error(b->d, p->span, "an appendix belongs to an article or a part of one, not to %s '%s'",
				          t->kind == POL_APPENDIX ? "the appendix" : "the document", p->name);
				continue;
			}
			S_leak_check(b, n->vis, t->vis, false, p->span, pol_kind_name(t->kind), p->name);
			S_push_node(b, &n->related, &n->nrelated, t);
			continue;
		}
		if (p->slot == POL_REF_MAPS) {
			pol_build_resolve_map(b, p);
			continue;
		}
		if (p->slot == POL_REF_IMPLEMENTS || p->slot == POL_REF_COUNTERS) {
			pol_node *t = S_resolve_node(b, p->name, doc, p->span);
			if (!t)
				continue;
			if (t == n) {
				pol_error(b->d, p->span, "a node cannot refer to itself");
				continue;
			}
			if (p->slot == POL_REF_COUNTERS && !(t->sem & POL_SEM_THREAT)) {
				pol_error(b->d, p->span, "'%s' is not a threat", p->name);
				continue;
			}
			S_leak_check(b, n->vis, t->vis, false, p->span, pol_kind_name(t->kind), p->name);
			if (p->slot == POL_REF_IMPLEMENTS)
				S_push_node(b, &n->implements, &n->nimplements, t);
			else
				S_push_node(b, &n->counters, &n->ncounters, t);
			continue;
		}
		pol_role *r = pol_map_get(m->role_by_id, p->name);
		if (!r) {
			pol_suggester sg;
			pol_suggest_init(&sg, p->name);
			for (size_t k = 0; k < m->nroles; k++)
				pol_suggest_add(&sg, m->roles[k]->id);
			if (pol_suggest_best(&sg))
				pol_error(b->d, p->span, "unknown role '%s'; did you mean '%s'?", p->name, pol_suggest_best(&sg));
			else
				pol_error(b->d, p->span, "unknown role '%s'", p->name);
			continue;
		}
		r->uses++;
		S_leak_check(b, n->vis, r->vis, false, p->span, "role", p->name);
		if (p->slot == POL_REF_OWNER)
			n->owner = r;
		else if (p->slot == POL_REF_ROLE)
			n->role = r;
		else {
			bool dup = false;
			for (size_t k = 0; k < n->napplies; k++)
				dup |= n->applies[k] == r;
			if (!dup) {
				n->applies = pol_arena_grow(&m->arena, n->applies, n->napplies, sizeof *n->applies);
				n->applies[n->napplies++] = r;
			}
		}
	}
}

static void S_resolve_prose(pol_builder *b, pol_prose_ctx *ctx)
{
	pol_model *m = b->m;
	pol_prose *p = ctx->prose;
	for (size_t i = 0; i < p->ninl; i++) {
		pol_inline *in = &p->inl[i];
		switch (in->kind) {
		case POL_IN_DEF:
			break;
		case POL_IN_TERM: {
			pol_term *t = pol_map_get(m->term_by_id, in->text);
			if (!t)
				t = pol_map_get(m->term_by_title, in->text);
			if (!t) {
				pol_suggester sg;
				pol_suggest_init(&sg, in->text);
				for (size_t k = 0; k < m->nterms; k++) {
					pol_suggest_add(&sg, m->terms[k]->id);
					pol_suggest_add(&sg, m->terms[k]->title);
				}
				if (pol_suggest_best(&sg))
					pol_error(b->d, in->span, "unknown term '%s'; did you mean '%s'?", in->text,
					          pol_suggest_best(&sg));
				else
					pol_error(b->d, in->span, "unknown term '%s'", in->text);
				break;
			}
			in->term = t;
			t->uses++;
			S_leak_check(b, ctx->vis, t->vis, false, in->span, "term", t->title);
			in->text = t->title;
			break;
		}
		case POL_IN_PARAM: {
			pol_param *q = pol_map_get(m->param_by_id, in->text);
			if (!q) {
				pol_suggester sg;
				pol_suggest_init(&sg, in->text);
				for (size_t k = 0; k < m->nparams; k++)
					pol_suggest_add(&sg, m->params[k]->id);
				if (pol_suggest_best(&sg))
					pol_error(b->d, in->span, "unknown parameter '%s'; did you mean '%s'?", in->text,
					          pol_suggest_best(&sg));
				else
					pol_error(b->d, in->span, "unknown parameter '%s'", in->text);
				break;
			}
			in->param = q;
			q->uses++;
			S_leak_check(b, ctx->vis, q->vis, false, in->span, "parameter", q->id);
			in->text = q->display;
			break;
		}
		case POL_IN_REF: {
			pol_node *t = S_resolve_node(b, in->text, ctx->doc, in->span);
			if (!t)
				break;
			in->node = t;
			S_leak_check(b, ctx->vis, t->vis, t->kind == POL_DOCUMENT && t->listed, in->span,
			             pol_kind_name(t->kind), in->text);
			break;
		}
		}
	}
}

/* pol_prose_plain of p, in the model's arena. */
static char *S_plain(pol_builder *b, const pol_prose *p)
{
	char *t = pol_prose_plain(p);
	char *c = pol_arena_strdup(&b->m->arena, t);
	free(t);
	return c;
}

void pol_build_resolve(pol_builder *b)
{
	S_resolve_pending(b);
	for (size_t i = 0; i < b->prose.len; i++) {
		S_prose_ahead(&b->prose, i);
		S_resolve_prose(b, b->prose.items[i]);
	}
	/* Block terms take their definition text from the defining node's prose. */
	for (size_t i = 0; i < b->m->nterms; i++) {
		pol_term *t = b->m->terms[i];
		if (t->node && t->node->body) {
			t->def = t->node->body;
			t->def_text = S_plain(b, t->def);
		} else if (!t->node && t->def && !t->def_text) {
			t->def_text = S_plain(b, t->def);
		}
	}
	/* A term defined again must say the same thing. */
	for (size_t i = 0; i < b->redefs.len; i++) {
		pol_redef *r = b->redefs.items[i];
		char *text = r->text ? pol_xstrdup(r->text) : r->node && r->node->body ? pol_prose_plain(r->node->body) : NULL;
		const char *first = r->term->def_text;
		bool differ = strcmp(r->term->title, r->title) != 0 ||
		              ((text || first) && (!text || !first || strcmp(text, first) != 0));
		if (differ) {
			pol_warning(b->d, r->span, "term '%s' defined twice with different text", r->title);
			pol_note(b->d, r->term->span, "first defined here");
		}
		free(text);
	}
}

/* The coverage gaps, from the model's facts (model/facts.h), in document order. */
static void S_coverage_warnings(pol_builder *b)
{
	const pol_model *m = b->m;
	const pol_facts *f = m->facts;
	for (size_t i = 0; i < m->nnodes; i++) {
		pol_node *x = m->nodes[i];
		if ((x->sem & POL_SEM_MEASURE) && !pol_facts_implemented(f, i))
			pol_warning(b->d, x->span, "basic measure '%s' is not implemented by any standard", S_name(x));
		if ((x->sem & POL_SEM_THREAT) && !pol_facts_countered(f, i))
			pol_warning(b->d, x->span, "threat '%s' is not countered by any measure or rule", S_name(x));
		if ((x->sem & POL_SEM_RULE) && x->level == POL_MUST && !x->nchecks)
			pol_warning(b->d, x->span, "must-rule '%s' has no check", x->id ? x->id : S_name(x));
		if ((x->sem & POL_SEM_PROCEDURE) && !x->nimplements)
			pol_warning(b->d, x->span, "procedure '%s' implements nothing", S_name(x));
	}
}

void pol_build_check(pol_builder *b)
{
	pol_model *m = b->m;
	for (size_t i = 0; i < m->nterms; i++) {
		pol_term *t = m->terms[i];
		if (!t->uses)
			pol_warning(b->d, t->span, "term '%s' is never used", t->title);
	}
	/* Once a policy gives readings, the glossary is in 五十音順 by them: a term without
	 * one (and whose title is not kana) would be listed after the others. */
	bool readings = false;
	for (size_t i = 0; i < m->nterms && !readings; i++)
		readings = m->terms[i]->reading != NULL;
	for (size_t i = 0; readings && i < m->nterms; i++) {
		pol_term *t = m->terms[i];
		if (!t->reading && !pol_term_is_kana(t->title))
			pol_warning(b->d, t->span,
			            "term '%s' has no reading=: the glossary lists it after the terms in 五十音順", t->title);
	}
	S_coverage_warnings(b);
	pol_build_framework_warnings(b);
}
