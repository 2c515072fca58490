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

typedef struct S_trace {
	const pol_site *s;
	const pol_facts *f;
} S_trace;

static void S_set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new_nocheck(o, key, v ? v : json_null());
}

static json_t *S_own(char *s)
{
	json_t *j = s ? json_string_nocheck(s) : json_null();
	free(s);
	return j;
}

/* The first 40 characters of a node's text, for nodes without a title. Caller frees. */
static char *S_snippet(const pol_node *n)
{
	if (n->title)
		return pol_xstrdup(n->title);
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
	char *s = i < len ? pol_xasprintf("%.*s…", (int)i, t) : pol_xstrdup(t);
	free(t);
	return s;
}

static json_t *S_entry(S_trace *t, const pol_node *n)
{
	json_t *o = json_object();
	S_set(o, "ref", S_own(pol_xstrdup(n->ref ? n->ref : n->num)));
	S_set(o, "title", S_own(S_snippet(n)));
	pol_buf b = {0};
	pol_render_href(&b, t->s, n, POL_VIEW_SITE);
	S_set(o, "href", S_own(pol_buf_detach(&b)));
	const pol_node *d = pol_facts_document(t->f, pol_facts_index(t->f, n));
	S_set(o, "doc", S_own(pol_xstrdup(d ? d->title : NULL)));
	S_set(o, "level_ja", n->level ? json_string(pol_level_ja(n->level)) : json_null());
	return o;
}

/* An entry for each node of a list. */
static json_t *S_entries(S_trace *t, pol_nodes list)
{
	json_t *a = json_array();
	for (size_t i = 0; i < list.n; i++)
		json_array_append_new(a, S_entry(t, list.v[i]));
	return a;
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

json_t *pol_view_trace(const pol_site *s)
{
	const pol_facts *f = s->ed->facts;
	S_trace t = {.s = s, .f = f};
	pol_nodes threats = pol_facts_threats(f), measures = pol_facts_measures(f);
	size_t nt = threats.n, cells = measures.n * threats.n;
	int *direct = pol_xcalloc(cells ? cells : 1, sizeof *direct);
	int *rules = pol_xcalloc(cells ? cells : 1, sizeof *rules);
	S_matrix(f, direct, rules);

	json_t *o = json_object();
	S_set(o, "threats", S_entries(&t, threats));
	json_t *mj = json_array();
	for (size_t r = 0; r < measures.n; r++) {
		json_t *m = S_entry(&t, measures.v[r]);
		json_t *row = json_array();
		for (size_t c = 0; c < nt; c++) {
			int d = direct[r * nt + c], n = rules[r * nt + c];
			json_t *cell = json_object();
			S_set(cell, "mark", json_string(d ? "●" : n ? "○" : ""));
			S_set(cell, "marked", json_boolean(d || n));
			S_set(cell, "direct", json_boolean(d));
			S_set(cell, "rules", json_integer(n));
			S_set(cell, "has_rules", json_boolean(n > 0));
			json_array_append_new(row, cell);
		}
		S_set(m, "cells", row);
		json_array_append_new(mj, m);
	}
	S_set(o, "measures", mj);
	S_set(o, "has_matrix", json_boolean(threats.n && measures.n));
	S_set(o, "unimplemented_measures", S_entries(&t, pol_facts_unimplemented_measures(f)));
	S_set(o, "unimplemented_standards", S_entries(&t, pol_facts_uncovered_standards(f)));
	S_set(o, "must_without_checks", S_entries(&t, pol_facts_unchecked_must(f)));
	S_set(o, "uncountered_threats", S_entries(&t, pol_facts_uncountered_threats(f)));
	free(direct);
	free(rules);
	return o;
}
