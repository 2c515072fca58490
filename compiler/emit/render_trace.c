/* render_trace.c — the traceability view of the internal edition.
 *
 * A threat × measure matrix: a cell is marked when the basic measure itself counters
 * the threat (●), or only rules that implement the measure do (○, with their count). A
 * rule implements a measure when it, or an article or chapter above it, names the
 * measure in `implements`. Then the gaps an auditor asks about: measures nothing
 * implements, standards (rules and stand-alone items) no procedure implements, must-rules
 * without a check, threats nothing counters. Every one of these is a fact of the edition
 * model (model/facts.h): this file only lays them out for the template. */
#include <stdlib.h>
#include <string.h>

#include "emit/render.h"
#include "model/facts.h"

/* The first 40 characters of a node's text, for nodes without a title, into b. */
static void S_snippet(pol_buf *b, const pol_node *n)
{
	if (n->title) {
		pol_buf_puts(b, n->title);
		return;
	}
	char *t = pol_prose_plain(n->body);
	size_t len = strlen(t), i = 0, cps = 0;
	while (i < len && cps < 40) {
		uint32_t cp;
		size_t k = pol_utf8_decode(t + i, len - i, &cp);
		if (!k || cp == '\n')
			break;
		i += k;
		cps++;
	}
	pol_buf_put(b, t, i);
	if (i < len)
		pol_buf_puts(b, "…");
	free(t);
}

/* n's index, or the count of nodes when n has none. */
static size_t S_at(const pol_facts *f, const pol_node *n)
{
	size_t i = pol_facts_index(f, n);
	return i == POL_FACTS_NONE ? pol_facts_count(f) : i;
}

/* The matrix cells, |measures| × |threats|: direct[] when the measure counters the
 * threat itself, rules[] the number of rules implementing the measure that counter it. */
static void S_matrix(const pol_facts *f, int *direct, int *rules)
{
	pol_nodes threats = pol_facts_threats(f), measures = pol_facts_measures(f);
	size_t nt = threats.n, *col = pol_xcalloc(pol_facts_count(f) + 1, sizeof *col);
	for (size_t c = 0; c < nt; c++)
		col[pol_facts_index(f, threats.v[c])] = c + 1;
	col[pol_facts_count(f)] = 0; /* where a node of no index looks */
	for (size_t r = 0; r < measures.n; r++) {
		const pol_node *m = measures.v[r];
		for (size_t k = 0; k < m->ncounters; k++) {
			size_t c = col[S_at(f, m->counters[k])];
			if (c)
				direct[r * nt + c - 1] = 1;
		}
		pol_nodes rv = pol_facts_rules_of(f, pol_facts_index(f, m));
		for (size_t k = 0; k < rv.n; k++) {
			pol_nodes ctr = pol_facts_counters(f, pol_facts_index(f, rv.v[k]));
			for (size_t j = 0; j < ctr.n; j++) {
				size_t c = col[S_at(f, ctr.v[j])];
				if (c)
					rules[r * nt + c - 1]++;
			}
		}
	}
	free(col);
}

/* ---- the view ---- */

/* The lists of nodes the page shows, in the order of S_top_f after its first. */
enum { S_THREATS, S_MEASURES, S_UNIMPL_MEASURES, S_UNIMPL_STANDARDS, S_MUST, S_UNCOUNTERED, S_LISTS };

struct pol_trace_view {
	const pol_facts *f;
	pol_nodes list[S_LISTS];
	int *direct, *rules; /* the matrix, |measures| × |threats| (S_matrix) */
};

static const pol_mu_class S_top_c, S_entry_c, S_cell_c, S_entries_l, S_cells_l;

static const pol_trace_view *S_t(const pol_mu_value *v)
{
	return v->p;
}

/* An entry's place, item i of list k, as one number (a frame's aux). */
static intptr_t S_at2(size_t k, size_t i)
{
	return (intptr_t)(i * S_LISTS + k);
}

static const char *const S_top_f[] = {"has_matrix", "threats", "measures", "unimplemented_measures",
                                      "unimplemented_standards", "must_without_checks", "uncountered_threats"};
POL_MU_FIELDS(S_top_field, S_top_f)

static bool S_top_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	const pol_trace_view *t = S_t(f);
	if (!k)
		return pol_mu_bool(o, t->list[S_THREATS].n && t->list[S_MEASURES].n);
	return pol_mu_list(o, &S_entries_l, t, t->list[k - 1].n, k - 1);
}

static void S_entries_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_mu_frame(o, &S_entry_c, l->p, S_at2((size_t)l->aux, i));
}

/* A node of a list: a measure's row has its cells too. */
static const char *const S_entry_f[] = {"ref", "title", "href", "doc", "level_ja", "cells"};
POL_MU_FIELDS(S_entry_field, S_entry_f)

static bool S_entry_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	const pol_trace_view *t = S_t(f);
	size_t list = (size_t)f->aux % S_LISTS, i = (size_t)f->aux / S_LISTS;
	const pol_node *n = t->list[list].v[i];
	pol_buf *b;
	switch (k) {
	case 0: return pol_mu_str(o, n->ref ? n->ref : n->num);
	case 1:
		b = pol_view_scratch(ctx);
		S_snippet(b, n);
		return pol_mu_strn(o, b->data, b->len);
	case 2:
		b = pol_view_scratch(ctx);
		pol_render_href(b, pol_view_site(ctx), n, POL_VIEW_SITE);
		return pol_mu_strn(o, b->data, b->len);
	case 3: {
		const pol_node *d = pol_facts_document(t->f, pol_facts_index(t->f, n));
		return pol_mu_str(o, d ? d->title : NULL);
	}
	case 4: return pol_mu_str(o, n->level ? pol_level_ja(n->level) : NULL);
	default: /* only a measure's row has cells */
		return list == S_MEASURES && pol_mu_list(o, &S_cells_l, t, t->list[S_THREATS].n, (intptr_t)i);
	}
}

static void S_cells_item(void *ctx, const pol_mu_value *l, size_t c, pol_mu_value *o)
{
	const pol_trace_view *t = S_t(l);
	pol_mu_frame(o, &S_cell_c, t, (intptr_t)((size_t)l->aux * t->list[S_THREATS].n + c));
}

static const char *const S_cell_f[] = {"mark", "marked", "direct", "rules", "has_rules"};
POL_MU_FIELDS(S_cell_field, S_cell_f)

static bool S_cell_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	const pol_trace_view *t = S_t(f);
	int d = t->direct[f->aux], n = t->rules[f->aux];
	switch (k) {
	case 0: return pol_mu_str(o, d ? "●" : n ? "○" : "");
	case 1: return pol_mu_bool(o, d || n);
	case 2: return pol_mu_bool(o, d);
	case 3: return pol_view_int(ctx, o, n);
	default: return pol_mu_bool(o, n > 0);
	}
}

static const pol_mu_class S_top_c = {S_top_field, S_top_get, NULL, NULL, false};
static const pol_mu_class S_entry_c = {S_entry_field, S_entry_get, NULL, NULL, false};
static const pol_mu_class S_cell_c = {S_cell_field, S_cell_get, NULL, NULL, false};
static const pol_mu_class S_entries_l = {NULL, NULL, S_entries_item, NULL, false};
static const pol_mu_class S_cells_l = {NULL, NULL, S_cells_item, NULL, false};

pol_trace_view *pol_trace_view_new(const pol_site *s)
{
	const pol_facts *f = s->ed->facts;
	pol_trace_view *t = pol_xcalloc(1, sizeof *t);
	t->f = f;
	t->list[S_THREATS] = pol_facts_threats(f);
	t->list[S_MEASURES] = pol_facts_measures(f);
	t->list[S_UNIMPL_MEASURES] = pol_facts_unimplemented_measures(f);
	t->list[S_UNIMPL_STANDARDS] = pol_facts_uncovered_standards(f);
	t->list[S_MUST] = pol_facts_unchecked_must(f);
	t->list[S_UNCOUNTERED] = pol_facts_uncountered_threats(f);
	size_t cells = t->list[S_MEASURES].n * t->list[S_THREATS].n;
	t->direct = pol_xcalloc(cells ? cells : 1, sizeof *t->direct);
	t->rules = pol_xcalloc(cells ? cells : 1, sizeof *t->rules);
	S_matrix(f, t->direct, t->rules);
	return t;
}

void pol_trace_view_free(pol_trace_view *t)
{
	if (!t)
		return;
	free(t->direct);
	free(t->rules);
	free(t);
}

void pol_trace_view_value(const pol_trace_view *t, pol_mu_value *out)
{
	pol_mu_frame(out, &S_top_c, t, 0);
}
