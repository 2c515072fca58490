/* render_trace.c — the traceability view of the internal edition.
 *
 * A threat × measure matrix: a cell is marked when the basic measure itself counters
 * the threat (●), or only rules that implement the measure do (○, with their count). A
 * rule implements a measure when it, or an article or chapter above it, names the
 * measure in `implements`. Then the gaps an auditor asks about: measures nothing
 * implements, standards (rules and stand-alone items) no procedure implements, must-rules
 * without a check, threats nothing counters. One pass over the nodes plus one over the
 * document trees; lookups go through hash maps keyed by node key. */
#include <stdlib.h>
#include <string.h>

#include "emit/render.h"

typedef struct S_trace {
	const pol_site *s;
	pol_map *row, *col;  /* measure / threat key -> index + 1 */
	int *direct, *rules; /* |measures| × |threats| */
	size_t nt;
	pol_map *impl;       /* key -> 1: implemented by any node */
	pol_map *proc;       /* key -> 1: implemented by a procedure or one of its steps */
	pol_map *covered;    /* key -> 1: a procedure implements it, a node above or below it */
	pol_map *in_rule;    /* key -> 1: a rule is above it or below it */
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
	const pol_node *d = pol_node_document(n);
	S_set(o, "doc", S_own(pol_xstrdup(d ? d->title : NULL)));
	S_set(o, "level_ja", n->level ? json_string(pol_level_ja(n->level)) : json_null());
	return o;
}

static bool S_in_procedure(const pol_node *n)
{
	for (; n; n = n->parent)
		if (n->sem & POL_SEM_PROCEDURE)
			return true;
	return false;
}

/* Marks, below n, what a procedure covers and what sits in a rule; returns whether
 * anything in n's subtree is implemented by a procedure / is a rule. */
static void S_walk(S_trace *t, const pol_node *n, bool cov_above, bool rule_above, bool *cov_below,
                   bool *rule_below)
{
	bool self_cov = pol_map_get(t->proc, n->key) != NULL;
	bool self_rule = (n->sem & POL_SEM_RULE) != 0;
	bool kc = false, kr = false;
	for (size_t i = 0; i < n->nkids; i++)
		S_walk(t, n->kids[i], cov_above || self_cov, rule_above || self_rule, &kc, &kr);
	if (cov_above || self_cov || kc)
		pol_map_set(t->covered, n->key, (void *)1);
	if (rule_above || kr)
		pol_map_set(t->in_rule, n->key, (void *)1);
	*cov_below |= self_cov || kc;
	*rule_below |= self_rule || kr;
}

json_t *pol_view_trace(const pol_site *s)
{
	const pol_model *ed = s->ed;
	S_trace t = {.s = s, .row = pol_map_new(), .col = pol_map_new(), .impl = pol_map_new(),
	             .proc = pol_map_new(), .covered = pol_map_new(), .in_rule = pol_map_new()};
	pol_vec threats = {0}, measures = {0};
	for (size_t i = 0; i < ed->nnodes; i++) {
		const pol_node *n = ed->nodes[i];
		if (n->sem & POL_SEM_THREAT) {
			pol_vec_push(&threats, (void *)n);
			pol_map_set(t.col, n->key, (void *)(uintptr_t)threats.len);
		}
		if (n->sem & POL_SEM_MEASURE) {
			pol_vec_push(&measures, (void *)n);
			pol_map_set(t.row, n->key, (void *)(uintptr_t)measures.len);
		}
		bool proc = S_in_procedure(n);
		for (size_t k = 0; k < n->nimplements; k++) {
			pol_map_set(t.impl, n->implements[k]->key, (void *)1);
			if (proc)
				pol_map_set(t.proc, n->implements[k]->key, (void *)1);
		}
	}
	t.nt = threats.len;
	size_t cells = measures.len * threats.len;
	t.direct = pol_xcalloc(cells ? cells : 1, sizeof *t.direct);
	t.rules = pol_xcalloc(cells ? cells : 1, sizeof *t.rules);
	pol_map *countered = pol_map_new();
	for (size_t i = 0; i < ed->nnodes; i++) {
		const pol_node *n = ed->nodes[i];
		for (size_t c = 0; c < n->ncounters; c++)
			pol_map_set(countered, n->counters[c]->key, (void *)1);
		size_t r = (uintptr_t)pol_map_get(t.row, n->key);
		if (r)
			for (size_t c = 0; c < n->ncounters; c++) {
				size_t col = (uintptr_t)pol_map_get(t.col, n->counters[c]->key);
				if (col)
					t.direct[(r - 1) * t.nt + col - 1] = 1;
			}
		if (!(n->sem & POL_SEM_RULE) || !n->ncounters)
			continue;
		/* Measures this rule implements, itself or through a node above it; each once. */
		pol_map *seen = pol_map_new();
		for (const pol_node *a = n; a; a = a->parent)
			for (size_t k = 0; k < a->nimplements; k++) {
				const pol_node *m = a->implements[k];
				size_t mr = (uintptr_t)pol_map_get(t.row, m->key);
				if (!mr || pol_map_get(seen, m->key))
					continue;
				pol_map_set(seen, m->key, (void *)1);
				for (size_t c = 0; c < n->ncounters; c++) {
					size_t col = (uintptr_t)pol_map_get(t.col, n->counters[c]->key);
					if (col)
						t.rules[(mr - 1) * t.nt + col - 1]++;
				}
			}
		pol_map_free(seen);
	}
	for (size_t i = 0; i < ed->ndocs; i++) {
		bool a = false, b = false;
		S_walk(&t, ed->docs[i], false, false, &a, &b);
	}

	json_t *o = json_object();
	json_t *tj = json_array();
	for (size_t i = 0; i < threats.len; i++)
		json_array_append_new(tj, S_entry(&t, threats.items[i]));
	S_set(o, "threats", tj);
	json_t *mj = json_array();
	for (size_t r = 0; r < measures.len; r++) {
		json_t *m = S_entry(&t, measures.items[r]);
		json_t *row = json_array();
		for (size_t c = 0; c < threats.len; c++) {
			int d = t.direct[r * t.nt + c], n = t.rules[r * t.nt + c];
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

	json_t *orphan_m = json_array(), *orphan_s = json_array(), *no_check = json_array(), *open_t = json_array();
	for (size_t i = 0; i < measures.len; i++) {
		const pol_node *m = measures.items[i];
		if (!pol_map_get(t.impl, m->key))
			json_array_append_new(orphan_m, S_entry(&t, m));
	}
	for (size_t i = 0; i < threats.len; i++) {
		const pol_node *th = threats.items[i];
		if (!pol_map_get(countered, th->key))
			json_array_append_new(open_t, S_entry(&t, th));
	}
	for (size_t i = 0; i < ed->nnodes; i++) {
		const pol_node *n = ed->nodes[i];
		const pol_node *d = pol_node_document(n);
		bool rule = (n->sem & POL_SEM_RULE) != 0;
		bool lone_item = n->kind == POL_ITEM && !pol_map_get(t.in_rule, n->key);
		if (d && d->tier == POL_TIER_STANDARDS && (rule || lone_item) && !pol_map_get(t.covered, n->key))
			json_array_append_new(orphan_s, S_entry(&t, n));
		if (rule && n->level == POL_MUST && n->nchecks == 0)
			json_array_append_new(no_check, S_entry(&t, n));
	}
	S_set(o, "has_matrix", json_boolean(threats.len && measures.len));
	S_set(o, "unimplemented_measures", orphan_m);
	S_set(o, "unimplemented_standards", orphan_s);
	S_set(o, "must_without_checks", no_check);
	S_set(o, "uncountered_threats", open_t);

	pol_map_free(countered);
	free(t.direct);
	free(t.rules);
	pol_vec_free(&threats);
	pol_vec_free(&measures);
	pol_map_free(t.row);
	pol_map_free(t.col);
	pol_map_free(t.impl);
	pol_map_free(t.proc);
	pol_map_free(t.covered);
	pol_map_free(t.in_rule);
	return o;
}
