/* facts.c — the facts derived from a model, computed once (see facts.h).
 *
 * One pass over m->nodes in document order (a parent comes before its children in
 * pre-order) numbers the nodes (each learns its place in m->nodes: pol_node.index) and
 * computes what each takes from its ancestors; later passes compute what depends on the
 * references between nodes and, backwards, what depends on descendants.
 * Relations from one node to many are kept as ranges of a shared pool: a node that adds
 * nothing of its own to what it inherits shares its parent's range, so inherited lists
 * cost nothing per node. Lists keyed by a target (the rules of a measure, the measures
 * of a threat) are built from (target, node) pairs by a stable counting sort.
 * Indexes, offsets and lengths are kept in 32 bits (a node's index is 32 bits already):
 * at 10x the tables per node are the larger part of the facts' fresh memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/facts.h"
#include "model/number.h"

/* An index, offset or length of the tables below; S_NIL: no node. */
typedef uint32_t S_u32;
#define S_NIL UINT32_MAX

/* A growable pool of node pointers with one (offset, length) range per node. */
typedef struct S_ranges {
	pol_node **pool;
	size_t npool, cap;
	S_u32 *off, *len;
} S_ranges;

/* Lists keyed by node index: items[off[i] .. off[i + 1]). */
typedef struct S_csr {
	S_u32 *off;
	pol_node **items;
} S_csr;

/* Pairs (key index, node) collected before they become an S_csr. */
typedef struct S_pairs {
	S_u32 *key;
	pol_node **val;
	size_t n, cap;
} S_pairs;

struct pol_facts {
	const pol_model *m;
	size_t n;
	S_u32 *parent;       /* index of each node's parent, S_NIL for a document */
	pol_node **rules, **threats, **measures, **procs;
	size_t nrules, nthreats, nmeasures, nprocs;
	size_t crules_cap, cthreats, cmeasures, cprocs; /* room in each of the four lists (rule_ix has the rules') */
	S_u32 *rule_ix;      /* the index of each of rules, so that passes over the rules
	                        need not read the rules' nodes to learn it */
	char *heads;         /* every heading, NUL-separated; NULL until first asked for */
	size_t *head_off;
	const pol_node **doc, **chapter, **article;
	S_u32 *mark_at;      /* the nodes with a 構成 mark, in order, and their marks */
	char **mark;
	size_t grouped;
	S_ranges impl, ctr, procs_of;
	S_csr rules_of, threat_measures, threat_rules;
	unsigned char *flags; /* S_F_* per node */
	pol_coverage cov;
	pol_node **gaps;      /* the orphan lists, one after another */
	size_t gap_off[6];
	/* framework mapping: inherited clauses per node (ranges of mpool, shared with the
	 * parent as for implements), and the rules of each clause, clauses numbered across
	 * m->frameworks (fw_off[k] + ordinal) */
	pol_clause **mpool;
	size_t nmpool, mcap;
	S_u32 *moff, *mlen;
	size_t *fw_off, nclauses;
	size_t *crule_off;    /* nclauses + 1 */
	pol_node **crules;
};

enum {
	S_F_IMPLEMENTED = 1 << 0,
	S_F_COUNTERED = 1 << 1,
	S_F_PROC_IMPL = 1 << 2, /* implemented by a node in a procedure */
	S_F_COVERED = 1 << 3,
	S_F_IN_RULE = 1 << 4,
	S_F_IN_PROC = 1 << 5,   /* the node is a procedure or inside one */
	S_F_HAS_MEASURE = 1 << 6, /* a rule implementing a basic measure */
	S_F_HOLDS_RULE = 1 << 7,  /* a rule is below the node */
};

enum { S_GAP_MEASURES, S_GAP_THREATS, S_GAP_MUST, S_GAP_PROCS, S_GAP_STANDARDS };

static const pol_nodes S_none = {NULL, 0};

/* Node i of the model, asking the processor for node i + 8 meanwhile, all its cache
 * lines (the fields a pass reads are spread over them): each pass below reads a field or
 * two of every node, and at 10x the nodes no longer fit in a cache. */
static inline pol_node *S_node(const pol_facts *f, size_t i)
{
	if (i + 8 < f->n) {
		const char *a = (const char *)f->m->nodes[i + 8];
		for (size_t k = 0; k < sizeof(pol_node); k += 64)
			__builtin_prefetch(a + k);
	}
	return f->m->nodes[i];
}

/* ---- the index ---- */

/* Node i learns its place in m->nodes (pol_node.index): the index needs no table. A
 * parent before its node has its index by then; one after it is not taken. */
static void S_index_at(pol_facts *f, size_t i, pol_node *n)
{
	n->index = (uint32_t)i;
	size_t p = pol_facts_index(f, n->parent);
	f->parent[i] = p < i ? (S_u32)p : S_NIL;
}

size_t pol_facts_index(const pol_facts *f, const pol_node *n)
{
	if (!f || !n || n->index >= f->n || f->m->nodes[n->index] != n)
		return POL_FACTS_NONE;
	return n->index;
}

size_t pol_facts_index_of_key(const pol_facts *f, const char *key)
{
	return f && key ? pol_facts_index(f, pol_map_get(f->m->by_key, key)) : POL_FACTS_NONE;
}

pol_node *pol_facts_node(const pol_facts *f, size_t i)
{
	return f->m->nodes[i];
}

size_t pol_facts_count(const pol_facts *f)
{
	return f ? f->n : 0;
}

/* The index of n's parent, or POL_FACTS_NONE for a document (or a parent not before n). */
static size_t S_parent(const pol_facts *f, size_t i)
{
	S_u32 p = f->parent[i];
	return p == S_NIL ? POL_FACTS_NONE : p;
}

/* Offsets into a pool are 32 bits: a pool of more would take 32 GiB. */
static void S_pool_room(size_t n)
{
	if (n >= S_NIL) {
		fputs("polc: out of memory (more than 2^32 inherited references)\n", stderr);
		abort();
	}
}

/* ---- pools, ranges and pairs ---- */

static void S_pool_push(S_ranges *r, pol_node *x)
{
	if (r->npool == r->cap) {
		S_pool_room(r->npool);
		r->cap = r->cap ? 2 * r->cap : 64;
		r->pool = pol_xrealloc(r->pool, r->cap * sizeof *r->pool);
	}
	r->pool[r->npool++] = x;
}

static bool S_in(pol_node *const *v, size_t n, const pol_node *x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

static pol_nodes S_range(const S_ranges *r, size_t i)
{
	return (pol_nodes){r->len[i] ? r->pool + r->off[i] : NULL, r->len[i]};
}

static void S_ranges_init(const pol_facts *f, S_ranges *r)
{
	r->off = pol_xcalloc(f->n ? f->n : 1, sizeof *r->off);
	r->len = pol_xcalloc(f->n ? f->n : 1, sizeof *r->len);
}

/* Node i's range: its own list, then its parent's range without what the own list
 * holds; a node with an empty own list shares its parent's range. */
static void S_inherit_at(pol_facts *f, S_ranges *r, size_t i, pol_node *const *own, size_t nown)
{
	size_t p = S_parent(f, i);
	if (!nown) {
		if (p != POL_FACTS_NONE) {
			r->off[i] = r->off[p];
			r->len[i] = r->len[p];
		}
		return;
	}
	r->off[i] = (S_u32)r->npool;
	for (size_t k = 0; k < nown; k++)
		if (r->npool == r->off[i] || !S_in(r->pool + r->off[i], r->npool - r->off[i], own[k]))
			S_pool_push(r, own[k]); /* (no pool yet: nothing to look in) */
	if (p != POL_FACTS_NONE)
		for (size_t k = 0; k < r->len[p]; k++) {
			pol_node *x = r->pool[r->off[p] + k];
			if (!S_in(own, nown, x))
				S_pool_push(r, x);
		}
	r->len[i] = (S_u32)(r->npool - r->off[i]);
}

static void S_pair(S_pairs *p, size_t key, pol_node *val)
{
	if (p->n == p->cap) {
		S_pool_room(p->n);
		p->cap = p->cap ? 2 * p->cap : 64;
		p->key = pol_xrealloc(p->key, p->cap * sizeof *p->key);
		p->val = pol_xrealloc(p->val, p->cap * sizeof *p->val);
	}
	p->key[p->n] = (S_u32)key;
	p->val[p->n++] = val;
}

/* The pairs as lists keyed by node index, each in the order the pairs came; frees p. */
static S_csr S_group(const pol_facts *f, S_pairs *p)
{
	S_csr c = {pol_xcalloc(f->n + 2, sizeof *c.off), pol_xcalloc(p->n ? p->n : 1, sizeof *c.items)};
	for (size_t k = 0; k < p->n; k++)
		c.off[p->key[k] + 2]++;
	for (size_t i = 2; i < f->n + 2; i++)
		c.off[i] += c.off[i - 1];
	for (size_t k = 0; k < p->n; k++)
		c.items[c.off[p->key[k] + 1]++] = p->val[k];
	free(p->key);
	free(p->val);
	*p = (S_pairs){0};
	return c;
}

static pol_nodes S_list(const S_csr *c, size_t i)
{
	size_t n = (size_t)c->off[i + 1] - c->off[i];
	return (pol_nodes){n ? c->items + c->off[i] : NULL, n};
}

static void S_csr_free(S_csr *c)
{
	free(c->off);
	free(c->items);
}

/* ---- the passes ---- */

/* The lists of nodes of one meaning grow as they fill, from room for S_KIND_ROOM: they
 * are a small part of the nodes, and one of room for every node would be cleared whole. */
enum { S_KIND_ROOM = 64 };

/* Appends x to a list of threats, measures or procedures. */
static void S_kind_push(pol_node ***v, size_t *n, size_t *cap, pol_node *x)
{
	if (*n == *cap)
		*v = pol_xrealloc(*v, (*cap *= 2) * sizeof **v);
	(*v)[(*n)++] = x;
}

/* Appends rule x, node i, to the rules and i to rule_ix, which share their room. */
static void S_rule_push(pol_facts *f, size_t i, pol_node *x)
{
	if (f->nrules == f->crules_cap) {
		f->crules_cap *= 2;
		f->rules = pol_xrealloc(f->rules, f->crules_cap * sizeof *f->rules);
		f->rule_ix = pol_xrealloc(f->rule_ix, f->crules_cap * sizeof *f->rule_ix);
	}
	f->rule_ix[f->nrules] = (S_u32)i;
	f->rules[f->nrules++] = x;
}

static void S_kind_at(pol_facts *f, size_t i, pol_node *x)
{
	if (x->sem & POL_SEM_RULE)
		S_rule_push(f, i, x);
	if (x->sem & POL_SEM_THREAT)
		S_kind_push(&f->threats, &f->nthreats, &f->cthreats, x);
	if (x->sem & POL_SEM_MEASURE)
		S_kind_push(&f->measures, &f->nmeasures, &f->cmeasures, x);
	if (x->sem & POL_SEM_PROCEDURE)
		S_kind_push(&f->procs, &f->nprocs, &f->cprocs, x);
}

static void S_headings(pol_facts *f)
{
	pol_buf b = {0};
	f->head_off = pol_xcalloc(f->n ? f->n : 1, sizeof *f->head_off);
	for (size_t i = 0; i < f->n; i++) {
		const pol_node *x = S_node(f, i);
		f->head_off[i] = b.len;
		if (x->num)
			pol_buf_puts(&b, x->num);
		if (x->num && x->title)
			pol_buf_putc(&b, ' ');
		if (x->title)
			pol_buf_puts(&b, x->title);
		pol_buf_put(&b, "", 1);
	}
	f->heads = b.data ? b.data : pol_xstrdup("");
}

/* The document, chapter and article that hold node i. */
static void S_place_at(pol_facts *f, size_t i, const pol_node *x)
{
	size_t p = S_parent(f, i);
	bool top = p == POL_FACTS_NONE;
	f->doc[i] = top ? pol_node_document(x) : f->doc[p];
	f->chapter[i] = x->kind == POL_CHAPTER || x->kind == POL_SUPPLEMENT ? x
	              : top ? pol_node_chapter(x) : f->chapter[p];
	if (x->kind == POL_ARTICLE)
		f->article[i] = x;
	else if (!top)
		f->article[i] = f->article[p];
	else
		for (const pol_node *a = x; a && !f->article[i]; a = a->parent)
			if (a->kind == POL_ARTICLE)
				f->article[i] = a;
}

/* The marks of the 構成 table: one per document of the basic policy or the standards. */
static void S_marks(pol_facts *f)
{
	f->mark_at = pol_xcalloc(f->m->ndocs ? f->m->ndocs : 1, sizeof *f->mark_at);
	f->mark = pol_xcalloc(f->m->ndocs ? f->m->ndocs : 1, sizeof *f->mark);
	for (size_t d = 0; d < f->m->ndocs; d++) {
		const pol_node *x = f->m->docs[d];
		size_t i = pol_facts_index(f, x);
		if (i == POL_FACTS_NONE || (x->tier != POL_TIER_BASIC && x->tier != POL_TIER_STANDARDS))
			continue;
		f->mark_at[f->grouped] = (S_u32)i;
		f->mark[f->grouped] = pol_num_circled((int)f->grouped + 1);
		f->grouped++;
	}
}

/* Who implements and counters what, by their own lists; the procedures implementing
 * each node, itself or through an ancestor. */
static void S_links(pol_facts *f)
{
	f->flags = pol_xcalloc(f->n ? f->n : 1, 1);
	S_pairs direct = {0};
	for (size_t i = 0; i < f->n; i++) {
		pol_node *x = S_node(f, i);
		size_t p = S_parent(f, i);
		if ((x->sem & POL_SEM_PROCEDURE) || (p != POL_FACTS_NONE && (f->flags[p] & S_F_IN_PROC)))
			f->flags[i] |= S_F_IN_PROC;
		for (size_t k = 0; k < x->nimplements; k++) {
			size_t t = pol_facts_index(f, x->implements[k]);
			if (t == POL_FACTS_NONE)
				continue;
			f->flags[t] |= S_F_IMPLEMENTED | (f->flags[i] & S_F_IN_PROC ? S_F_PROC_IMPL : 0);
			if (x->sem & POL_SEM_PROCEDURE)
				S_pair(&direct, t, x);
		}
		for (size_t k = 0; k < x->ncounters; k++) {
			size_t t = pol_facts_index(f, x->counters[k]);
			if (t != POL_FACTS_NONE)
				f->flags[t] |= S_F_COUNTERED;
		}
	}
	/* procedures_of(i) = direct(i) merged with procedures_of(parent), both in order. */
	S_csr d = S_group(f, &direct);
	S_ranges *r = &f->procs_of;
	S_ranges_init(f, r);
	for (size_t i = 0; i < f->n; i++) {
		pol_nodes own = S_list(&d, i);
		size_t p = S_parent(f, i);
		pol_nodes up = p == POL_FACTS_NONE ? S_none : S_range(r, p);
		if (!own.n) {
			r->off[i] = p == POL_FACTS_NONE ? 0 : r->off[p];
			r->len[i] = (S_u32)up.n;
			continue;
		}
		size_t a = 0, b = 0, start = r->npool, upoff = p == POL_FACTS_NONE ? 0 : r->off[p];
		while (a < own.n || b < up.n) {
			/* up's items are read from the pool by offset: pushing may move it */
			pol_node *y = b < up.n ? r->pool[upoff + b] : NULL;
			size_t xi = a < own.n ? pol_facts_index(f, own.v[a]) : POL_FACTS_NONE;
			size_t yi = y ? pol_facts_index(f, y) : POL_FACTS_NONE;
			if (xi == yi) {
				S_pool_push(r, own.v[a++]);
				b++;
			} else if (xi < yi) {
				S_pool_push(r, own.v[a++]);
			} else {
				S_pool_push(r, y);
				b++;
			}
		}
		r->off[i] = (S_u32)start;
		r->len[i] = (S_u32)(r->npool - start);
	}
	S_csr_free(&d);
}

/* Rules of each measure; measures and measureless rules of each threat. */
static void S_trace(pol_facts *f)
{
	S_pairs rules_of = {0}, tm = {0}, tr = {0};
	for (size_t r = 0; r < f->nrules; r++) {
		size_t ri = f->rule_ix[r];
		pol_nodes impl = S_range(&f->impl, ri);
		for (size_t k = 0; k < impl.n; k++) {
			size_t t = pol_facts_index(f, impl.v[k]);
			if (t != POL_FACTS_NONE && (impl.v[k]->sem & POL_SEM_MEASURE)) {
				S_pair(&rules_of, t, f->rules[r]);
				f->flags[ri] |= S_F_HAS_MEASURE;
			}
		}
	}
	f->rules_of = S_group(f, &rules_of);
	/* last[threat] = 1 + the measure last linked to it, so each link is made once. */
	S_u32 *last = pol_xcalloc(f->n ? f->n : 1, sizeof *last);
	for (size_t m = 0; m < f->nmeasures; m++) {
		pol_node *ms = f->measures[m];
		size_t mi = pol_facts_index(f, ms);
		for (size_t k = 0; k < ms->ncounters; k++) {
			size_t t = pol_facts_index(f, ms->counters[k]);
			if (t != POL_FACTS_NONE && last[t] != mi + 1) {
				last[t] = (S_u32)(mi + 1);
				S_pair(&tm, t, ms);
			}
		}
		pol_nodes rv = S_list(&f->rules_of, mi);
		for (size_t k = 0; k < rv.n; k++) {
			pol_nodes ctr = S_range(&f->ctr, pol_facts_index(f, rv.v[k]));
			for (size_t c = 0; c < ctr.n; c++) {
				size_t t = pol_facts_index(f, ctr.v[c]);
				if (t != POL_FACTS_NONE && last[t] != mi + 1) {
					last[t] = (S_u32)(mi + 1);
					S_pair(&tm, t, ms);
				}
			}
		}
	}
	free(last);
	f->threat_measures = S_group(f, &tm);
	for (size_t r = 0; r < f->nrules; r++) {
		size_t ri = f->rule_ix[r];
		if (f->flags[ri] & S_F_HAS_MEASURE)
			continue;
		pol_nodes ctr = S_range(&f->ctr, ri);
		for (size_t c = 0; c < ctr.n; c++) {
			size_t t = pol_facts_index(f, ctr.v[c]);
			if (t != POL_FACTS_NONE)
				S_pair(&tr, t, f->rules[r]);
		}
	}
	f->threat_rules = S_group(f, &tr);
}

/* What a procedure covers, what sits in a rule: from above (forwards), from below
 * (backwards: in pre-order every descendant comes after its node). Which nodes are
 * rules comes from rule_ix: the passes read no node. */
static void S_cover(pol_facts *f)
{
	size_t n = f->n ? f->n : 1;
	unsigned char *above = pol_xcalloc(n, 1), *below = pol_xcalloc(n, 1), *rule = pol_xcalloc(n, 1);
	enum { COV = 1, RULE = 2 };
	for (size_t r = 0; r < f->nrules; r++)
		rule[f->rule_ix[r]] = 1;
	for (size_t i = 0; i < f->n; i++) {
		size_t p = S_parent(f, i);
		if (p == POL_FACTS_NONE)
			continue;
		above[i] = above[p];
		if (f->flags[p] & S_F_PROC_IMPL)
			above[i] |= COV;
		if (rule[p])
			above[i] |= RULE;
	}
	for (size_t i = f->n; i-- > 0;) {
		size_t p = S_parent(f, i);
		if (p == POL_FACTS_NONE)
			continue;
		below[p] |= below[i];
		if (f->flags[i] & S_F_PROC_IMPL)
			below[p] |= COV;
		if (rule[i])
			below[p] |= RULE;
	}
	for (size_t i = 0; i < f->n; i++) {
		if (((above[i] | below[i]) & COV) || (f->flags[i] & S_F_PROC_IMPL))
			f->flags[i] |= S_F_COVERED;
		if ((above[i] | below[i]) & RULE)
			f->flags[i] |= S_F_IN_RULE;
		if (below[i] & RULE)
			f->flags[i] |= S_F_HOLDS_RULE;
	}
	free(above);
	free(below);
	free(rule);
}

/* The coverage figures and the lists of gaps. */
static void S_gaps(pol_facts *f)
{
	pol_coverage *c = &f->cov;
	pol_vec g[5] = {{0}};
	for (size_t i = 0; i < f->n; i++) {
		pol_node *x = S_node(f, i);
		unsigned fl = f->flags[i];
		if (x->sem & POL_SEM_MEASURE) {
			c->measures++;
			c->measures_implemented += (fl & S_F_IMPLEMENTED) != 0;
			if (!(fl & S_F_IMPLEMENTED))
				pol_vec_push(&g[S_GAP_MEASURES], x);
		}
		if (x->sem & POL_SEM_THREAT) {
			c->threats++;
			c->threats_countered += (fl & S_F_COUNTERED) != 0;
			if (!(fl & S_F_COUNTERED))
				pol_vec_push(&g[S_GAP_THREATS], x);
		}
		bool rule = (x->sem & POL_SEM_RULE) != 0;
		if (rule) {
			c->rules++;
			c->checks += x->nchecks;
			if (x->level == POL_MUST) {
				c->must_rules++;
				c->must_rules_with_checks += x->nchecks > 0;
				if (!x->nchecks)
					pol_vec_push(&g[S_GAP_MUST], x);
			}
		}
		if ((x->sem & POL_SEM_PROCEDURE) && !x->nimplements)
			pol_vec_push(&g[S_GAP_PROCS], x);
		bool lone_item = x->kind == POL_ITEM && !(fl & S_F_IN_RULE);
		if (f->doc[i] && f->doc[i]->tier == POL_TIER_STANDARDS && (rule || lone_item) && !(fl & S_F_COVERED))
			pol_vec_push(&g[S_GAP_STANDARDS], x);
	}
	size_t total = 0;
	for (int k = 0; k < 5; k++)
		total += g[k].len;
	f->gaps = pol_xcalloc(total ? total : 1, sizeof *f->gaps);
	for (int k = 0; k < 5; k++) {
		f->gap_off[k + 1] = f->gap_off[k] + g[k].len;
		if (g[k].len)
			memcpy(f->gaps + f->gap_off[k], g[k].items, g[k].len * sizeof *f->gaps);
		pol_vec_free(&g[k]);
	}
}

static void S_mpush(pol_facts *f, pol_clause *c)
{
	if (f->nmpool == f->mcap) {
		S_pool_room(f->nmpool);
		f->mcap = f->mcap ? 2 * f->mcap : 64;
		f->mpool = pol_xrealloc(f->mpool, f->mcap * sizeof *f->mpool);
	}
	f->mpool[f->nmpool++] = c;
}

static bool S_min(pol_clause *const *v, size_t n, const pol_clause *c)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == c)
			return true;
	return false;
}

/* The place of clause c among the clauses of f's frameworks, or nclauses when c's
 * framework is not one of this model's. */
static size_t S_clause_index(const pol_facts *f, const pol_clause *c)
{
	for (size_t k = 0; c && k < f->m->nframeworks; k++)
		if (f->m->frameworks[k] == c->fw)
			return f->fw_off[k] + c->ordinal;
	return f->nclauses;
}

/* Node i's inherited maps: its own, then its parent's without those (shared with the
 * parent when it has none of its own). Returns how many (clause, rule) pairs it makes. */
static size_t S_maps_at(pol_facts *f, size_t i, const pol_node *x)
{
	size_t p = S_parent(f, i);
	if (!x->nmaps) {
		if (p != POL_FACTS_NONE) {
			f->moff[i] = f->moff[p];
			f->mlen[i] = f->mlen[p];
		}
	} else {
		size_t start = f->nmpool;
		for (size_t k = 0; k < x->nmaps; k++)
			if (!S_min(f->mpool + start, f->nmpool - start, x->maps[k]))
				S_mpush(f, x->maps[k]);
		if (p != POL_FACTS_NONE)
			for (size_t k = 0; k < f->mlen[p]; k++) {
				pol_clause *c = f->mpool[f->moff[p] + k];
				if (!S_min(x->maps, x->nmaps, c))
					S_mpush(f, c);
			}
		f->moff[i] = (S_u32)start;
		f->mlen[i] = (S_u32)(f->nmpool - start);
	}
	return x->sem & POL_SEM_RULE ? f->mlen[i] : 0;
}

/* The rules of each clause, by a counting sort of the (clause, rule) pairs, rules in
 * document order. */
static void S_clause_rules(pol_facts *f, size_t pairs)
{
	f->crule_off = pol_xcalloc(f->nclauses + 2, sizeof *f->crule_off);
	f->crules = pol_xcalloc(pairs ? pairs : 1, sizeof *f->crules);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t r = 0; r < f->nrules; r++) {
			size_t ri = f->rule_ix[r];
			for (size_t k = 0; k < f->mlen[ri]; k++) {
				size_t c = S_clause_index(f, f->mpool[f->moff[ri] + k]);
				if (c == f->nclauses)
					continue;
				if (pass == 0)
					f->crule_off[c + 2]++;
				else
					f->crules[f->crule_off[c + 1]++] = f->rules[r];
			}
		}
		if (pass == 0)
			for (size_t c = 2; c < f->nclauses + 2; c++)
				f->crule_off[c] += f->crule_off[c - 1];
	}
}

/* What each node takes from its parent, in one pass over m->nodes in document order (a
 * parent comes before its children): its index, its kind's list, its placement, its
 * inherited implements, counters and maps. One pass instead of one per fact: at 10x the
 * nodes no longer fit in the processor's caches, and each pass read them all again. */
static void S_forward(pol_facts *f)
{
	const pol_model *m = f->m;
	size_t n = f->n ? f->n : 1;
	f->parent = pol_xcalloc(n, sizeof *f->parent);
	/* the four lists are never NULL, even when empty */
	f->crules_cap = f->cthreats = f->cmeasures = f->cprocs = S_KIND_ROOM;
	f->rules = pol_xmalloc(S_KIND_ROOM * sizeof *f->rules);
	f->rule_ix = pol_xmalloc(S_KIND_ROOM * sizeof *f->rule_ix);
	f->threats = pol_xmalloc(S_KIND_ROOM * sizeof *f->threats);
	f->measures = pol_xmalloc(S_KIND_ROOM * sizeof *f->measures);
	f->procs = pol_xmalloc(S_KIND_ROOM * sizeof *f->procs);
	f->doc = pol_xcalloc(n, sizeof *f->doc);
	f->chapter = pol_xcalloc(n, sizeof *f->chapter);
	f->article = pol_xcalloc(n, sizeof *f->article);
	S_ranges_init(f, &f->impl);
	S_ranges_init(f, &f->ctr);
	f->fw_off = pol_xcalloc(m->nframeworks + 1, sizeof *f->fw_off);
	for (size_t k = 0; k < m->nframeworks; k++)
		f->fw_off[k + 1] = f->fw_off[k] + m->frameworks[k]->nclauses;
	f->nclauses = f->fw_off[m->nframeworks];
	f->moff = pol_xcalloc(n, sizeof *f->moff);
	f->mlen = pol_xcalloc(n, sizeof *f->mlen);
	size_t pairs = 0;
	for (size_t i = 0; i < f->n; i++) {
		pol_node *x = S_node(f, i);
		S_index_at(f, i, x);
		S_kind_at(f, i, x);
		S_place_at(f, i, x);
		S_inherit_at(f, &f->impl, i, x->implements, x->nimplements);
		S_inherit_at(f, &f->ctr, i, x->counters, x->ncounters);
		pairs += S_maps_at(f, i, x);
	}
	S_marks(f);
	S_clause_rules(f, pairs);
}

pol_facts *pol_facts_new(const pol_model *m)
{
	pol_facts *f = pol_xcalloc(1, sizeof *f);
	f->m = m;
	f->n = m->nnodes;
	S_forward(f);
	S_links(f);
	S_trace(f);
	S_cover(f);
	S_gaps(f);
	return f;
}

static void S_ranges_free(S_ranges *r)
{
	free(r->pool);
	free(r->off);
	free(r->len);
}

void pol_facts_free(pol_facts *f)
{
	if (!f)
		return;
	free(f->parent);
	free(f->rules);
	free(f->rule_ix);
	free(f->threats);
	free(f->measures);
	free(f->procs);
	free(f->heads);
	free(f->head_off);
	free(f->doc);
	free(f->chapter);
	free(f->article);
	for (size_t k = 0; k < f->grouped; k++)
		free(f->mark[k]);
	free(f->mark);
	free(f->mark_at);
	S_ranges_free(&f->impl);
	S_ranges_free(&f->ctr);
	S_ranges_free(&f->procs_of);
	S_csr_free(&f->rules_of);
	S_csr_free(&f->threat_measures);
	S_csr_free(&f->threat_rules);
	free(f->flags);
	free(f->gaps);
	free(f->mpool);
	free(f->moff);
	free(f->mlen);
	free(f->fw_off);
	free(f->crule_off);
	free(f->crules);
	free(f);
}

/* ---- accessors ---- */

pol_nodes pol_facts_rules(const pol_facts *f)
{
	return (pol_nodes){f->rules, f->nrules};
}

pol_nodes pol_facts_threats(const pol_facts *f)
{
	return (pol_nodes){f->threats, f->nthreats};
}

pol_nodes pol_facts_measures(const pol_facts *f)
{
	return (pol_nodes){f->measures, f->nmeasures};
}

pol_nodes pol_facts_procedures(const pol_facts *f)
{
	return (pol_nodes){f->procs, f->nprocs};
}

const char *pol_facts_heading(const pol_facts *f, size_t i)
{
	/* Made on first use: the document emitters ask, check and bundle never do. Facts are
	 * made by pol_facts_new, never const themselves, and a model's nodes do not change
	 * once its facts exist. */
	if (!f->heads)
		S_headings((pol_facts *)f);
	return f->heads + f->head_off[i];
}

const pol_node *pol_facts_document(const pol_facts *f, size_t i)
{
	return f->doc[i];
}

const pol_node *pol_facts_chapter(const pol_facts *f, size_t i)
{
	return f->chapter[i];
}

const pol_node *pol_facts_article(const pol_facts *f, size_t i)
{
	return f->article[i];
}

const char *pol_facts_doc_mark(const pol_facts *f, size_t i)
{
	for (size_t k = 0; k < f->grouped; k++)
		if (f->mark_at[k] == i)
			return f->mark[k];
	return NULL;
}

size_t pol_facts_doc_grouped(const pol_facts *f)
{
	return f->grouped;
}

pol_nodes pol_facts_implements(const pol_facts *f, size_t i)
{
	return S_range(&f->impl, i);
}

pol_nodes pol_facts_counters(const pol_facts *f, size_t i)
{
	return S_range(&f->ctr, i);
}

pol_nodes pol_facts_procedures_of(const pol_facts *f, size_t i)
{
	return S_range(&f->procs_of, i);
}

pol_nodes pol_facts_rules_of(const pol_facts *f, size_t i)
{
	return S_list(&f->rules_of, i);
}

pol_nodes pol_facts_threat_measures(const pol_facts *f, size_t i)
{
	return S_list(&f->threat_measures, i);
}

pol_nodes pol_facts_threat_rules(const pol_facts *f, size_t i)
{
	return S_list(&f->threat_rules, i);
}

bool pol_facts_rule_counters(const pol_facts *f, size_t i, const pol_node *t)
{
	pol_nodes c = S_range(&f->ctr, i);
	return S_in(c.v, c.n, t);
}

bool pol_facts_implemented(const pol_facts *f, size_t i)
{
	return f->flags[i] & S_F_IMPLEMENTED;
}

bool pol_facts_countered(const pol_facts *f, size_t i)
{
	return f->flags[i] & S_F_COUNTERED;
}

bool pol_facts_proc_covered(const pol_facts *f, size_t i)
{
	return f->flags[i] & S_F_COVERED;
}

bool pol_facts_in_rule(const pol_facts *f, size_t i)
{
	return f->flags[i] & S_F_IN_RULE;
}

bool pol_facts_holds_rule(const pol_facts *f, size_t i)
{
	return f->flags[i] & S_F_HOLDS_RULE;
}

const pol_coverage *pol_facts_coverage(const pol_facts *f)
{
	return &f->cov;
}

static pol_nodes S_gap(const pol_facts *f, int k)
{
	return (pol_nodes){f->gaps + f->gap_off[k], f->gap_off[k + 1] - f->gap_off[k]};
}

pol_nodes pol_facts_unimplemented_measures(const pol_facts *f)
{
	return S_gap(f, S_GAP_MEASURES);
}

pol_nodes pol_facts_uncountered_threats(const pol_facts *f)
{
	return S_gap(f, S_GAP_THREATS);
}

pol_nodes pol_facts_unchecked_must(const pol_facts *f)
{
	return S_gap(f, S_GAP_MUST);
}

pol_nodes pol_facts_idle_procedures(const pol_facts *f)
{
	return S_gap(f, S_GAP_PROCS);
}

pol_nodes pol_facts_uncovered_standards(const pol_facts *f)
{
	return S_gap(f, S_GAP_STANDARDS);
}

/* ---- framework mapping ---- */

pol_clauses pol_facts_maps(const pol_facts *f, size_t i)
{
	if (!f || i >= f->n || !f->mlen[i])
		return (pol_clauses){NULL, 0};
	return (pol_clauses){f->mpool + f->moff[i], f->mlen[i]};
}

pol_nodes pol_facts_clause_rules(const pol_facts *f, const pol_clause *c)
{
	size_t k = f ? S_clause_index(f, c) : 0;
	if (!f || k >= f->nclauses)
		return S_none;
	size_t n = f->crule_off[k + 1] - f->crule_off[k];
	return (pol_nodes){n ? f->crules + f->crule_off[k] : NULL, n};
}

size_t pol_facts_framework_covered(const pol_facts *f, const pol_framework *fw)
{
	size_t n = 0;
	for (size_t k = 0; fw && k < fw->nclauses; k++)
		n += pol_facts_clause_rules(f, fw->clauses[k]).n > 0;
	return n;
}
