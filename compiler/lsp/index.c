/* index.c — occurrences of names in a loaded policy (index.h).
 *
 * Three sources of occurrences, each in one pass: the definitions the model keeps
 * (nodes, roles, parameters, terms, checks, frameworks and clauses, by their id
 * spans), the inline markup of
 * every prose ({ref}, {param}, {term}, {def}: resolved pointers and spans are in the
 * model), and the attribute values and include paths of every directive, for which
 * each file is parsed again and names are resolved as model/check.c resolves them. */
#include "lsp/index.h"

#include <stdlib.h>
#include <string.h>

#include "front/ast.h"

static pol_index_file *S_file(pol_index *x, const pol_file *f)
{
	for (size_t i = 0; i < x->nfiles; i++)
		if (x->files[i].file == f)
			return &x->files[i];
	return NULL;
}

static void S_add(pol_index *x, const pol_file *f, uint32_t b, uint32_t e, pol_sym_kind kind, void *target,
                  bool def, bool by_id)
{
	pol_index_file *xf = f ? S_file(x, f) : NULL;
	if (!xf || !target || e < b || e > f->len)
		return;
	if (xf->nocc == xf->cap) {
		xf->cap = xf->cap ? 2 * xf->cap : 64;
		xf->occ = pol_xrealloc(xf->occ, xf->cap * sizeof *xf->occ);
	}
	xf->occ[xf->nocc++] = (pol_occ){b, e, kind, def, by_id, target};
}

/* The text of span [b, e) of f, with blanks trimmed: *b and *e move. */
static void S_trim(const pol_file *f, uint32_t *b, uint32_t *e)
{
	while (*b < *e && (f->text[*b] == ' ' || f->text[*b] == '\t'))
		(*b)++;
	while (*e > *b && (f->text[*e - 1] == ' ' || f->text[*e - 1] == '\t'))
		(*e)--;
}

static bool S_span_is(const pol_file *f, uint32_t b, uint32_t e, const char *s)
{
	size_t n = strlen(s);
	return e - b == n && !memcmp(f->text + b, s, n);
}

/* ---- resolving names as model/check.c does ---- */

typedef struct S_ctx {
	pol_index *x;
	pol_map *bare;   /* bare node id -> pol_node*, or &S_ambiguous */
	pol_map *at;     /* "<file>:<offset>" of a node's span -> pol_node* */
} S_ctx;

static char S_ambiguous;

static pol_node *S_node_named(S_ctx *c, const char *name, size_t n, const pol_node *doc)
{
	const pol_model *m = c->x->m;
	char *key = pol_xstrndup(name, n);
	pol_node *t = NULL;
	if (memchr(name, '.', n)) {
		t = pol_map_get(m->by_key, key);
	} else {
		if (doc && doc->id) {
			char *k = pol_xasprintf("%s.%s", doc->id, key);
			t = pol_map_get(m->by_key, k);
			free(k);
		}
		if (!t) {
			void *v = pol_map_get(c->bare, key);
			t = v == &S_ambiguous ? NULL : v;
		}
		if (!t) {
			pol_node *d = pol_map_get(m->by_key, key);
			t = d && d->kind == POL_DOCUMENT ? d : NULL;
		}
	}
	free(key);
	return t;
}

/* A node reference written at [b, e) of f: "id", or "doc.id" (the document's id is an
 * occurrence of the document, the rest one of the node). */
static void S_node_ref(S_ctx *c, const pol_file *f, uint32_t b, uint32_t e, const pol_node *doc)
{
	pol_node *t = S_node_named(c, f->text + b, e - b, doc);
	if (!t)
		return;
	const char *dot = memchr(f->text + b, '.', e - b);
	if (dot && t->kind != POL_DOCUMENT) {
		uint32_t d = (uint32_t)(dot - f->text);
		const pol_node *td = pol_node_document(t);
		S_add(c->x, f, b, d, POL_SYM_NODE, (void *)td, false, true);
		b = d + 1;
	}
	S_add(c->x, f, b, e, POL_SYM_NODE, t, false, true);
}

static char *S_at_key(const pol_file *f, uint32_t off)
{
	return pol_xasprintf("%p:%u", (const void *)f, off);
}

/* ---- inline markup ---- */

static void S_prose(S_ctx *c, const pol_prose *p, const pol_node *doc)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ninl; i++) {
		const pol_inline *in = &p->inl[i];
		const pol_file *f = in->span.file;
		if (!f)
			continue;
		uint32_t b = in->span.begin, e = in->span.end;
		switch (in->kind) {
		case POL_IN_REF:
			S_trim(f, &b, &e);
			if (in->node)
				S_node_ref(c, f, b, e, doc);
			break;
		case POL_IN_PARAM:
			S_trim(f, &b, &e);
			S_add(c->x, f, b, e, POL_SYM_PARAM, in->param, false, true);
			break;
		case POL_IN_TERM:
			b++, e--; /* inside the braces */
			S_trim(f, &b, &e);
			if (in->term)
				S_add(c->x, f, b, e, POL_SYM_TERM, in->term, false, S_span_is(f, b, e, in->term->id));
			break;
		case POL_IN_DEF:
			if (in->term) {
				uint32_t ib = b + 5, ie = ib + (uint32_t)strlen(in->term->id);
				bool def = in->term->span.file == f && in->term->span.begin == ib;
				if (ie <= e && S_span_is(f, ib, ie, in->term->id))
					S_add(c->x, f, ib, ie, POL_SYM_TERM, in->term, def, true);
			}
			break;
		}
	}
}

/* ---- attribute values and includes, from each file parsed again ---- */

static void S_words(S_ctx *c, const pol_file *f, const pol_attr *a, const pol_node *from, bool roles)
{
	if (!a->value || a->value_span.file != f)
		return;
	const pol_model *m = c->x->m;
	uint32_t i = a->value_span.begin, end = a->value_span.end;
	while (i < end) {
		while (i < end && (f->text[i] == ' ' || f->text[i] == '\t'))
			i++;
		uint32_t j = i;
		while (j < end && f->text[j] != ' ' && f->text[j] != '\t')
			j++;
		if (j > i) {
			if (roles) {
				char *name = pol_xstrndup(f->text + i, j - i);
				pol_role *r = pol_map_get(m->role_by_id, name);
				free(name);
				S_add(c->x, f, i, j, POL_SYM_ROLE, r, false, true);
			} else {
				S_node_ref(c, f, i, j, from ? pol_node_document(from) : NULL);
			}
		}
		i = j;
	}
}

/* `maps=FW:ID …`: the framework part and the clause part of each word. */
static void S_clauses(S_ctx *c, const pol_file *f, const pol_attr *a)
{
	const pol_model *m = c->x->m;
	if (!a->value || a->value_span.file != f || !m->clause_by_key)
		return;
	uint32_t i = a->value_span.begin, end = a->value_span.end;
	while (i < end) {
		while (i < end && (f->text[i] == ' ' || f->text[i] == '\t'))
			i++;
		uint32_t j = i;
		while (j < end && f->text[j] != ' ' && f->text[j] != '\t')
			j++;
		const char *colon = j > i ? memchr(f->text + i, ':', j - i) : NULL;
		if (colon) {
			uint32_t k = (uint32_t)(colon - f->text);
			char *key = pol_xstrndup(f->text + i, j - i);
			pol_clause *cl = pol_map_get(m->clause_by_key, key);
			key[k - i] = 0;
			pol_framework *fw = m->framework_by_id ? pol_map_get(m->framework_by_id, key) : NULL;
			free(key);
			S_add(c->x, f, i, k, POL_SYM_FRAMEWORK, fw, false, true);
			S_add(c->x, f, k + 1, j, POL_SYM_CLAUSE, cl, false, true);
		}
		i = j;
	}
}

static void S_directives(S_ctx *c, const pol_file *f)
{
	pol_diag quiet;
	pol_diag_init(&quiet, NULL);
	pol_ast ast = {0};
	pol_parse_file(&ast, f, &quiet);
	const pol_model *m = c->x->m;
	for (size_t i = 0; i < ast.lines.len; i++) {
		const pol_line *l = ast.lines.items[i];
		if (l->kind != POL_LINE_DIRECTIVE)
			continue;
		const pol_directive *dir = l->dir;
		if (!strcmp(dir->keyword, "include")) {
			const char *path = dir->title ? dir->title : dir->id;
			pol_span ps = dir->title ? dir->title_span : dir->id_span;
			if (!path || (dir->id && dir->title))
				continue;
			while (path[0] == '.' && path[1] == '/')
				path += 2;
			for (size_t k = 0; k < m->nfiles; k++)
				if (!strcmp(m->files[k]->rel, path))
					S_add(c->x, f, ps.begin, ps.end, POL_SYM_FILE, m->files[k], false, false);
			continue;
		}
		pol_span at = dir->id ? dir->id_span : dir->kw_span;
		char *key = S_at_key(f, at.begin);
		const pol_node *node = pol_map_get(c->at, key);
		free(key);
		for (size_t k = 0; k < dir->nattrs; k++) {
			const pol_attr *a = &dir->attrs[k];
			if (!strcmp(a->key, "applies") || !strcmp(a->key, "owner") || !strcmp(a->key, "role"))
				S_words(c, f, a, node, true);
			else if (node && (!strcmp(a->key, "implements") || !strcmp(a->key, "counters")))
				S_words(c, f, a, node, false);
			else if (!strcmp(a->key, "maps"))
				S_clauses(c, f, a);
		}
	}
	pol_ast_fini(&ast);
	pol_diag_fini(&quiet);
}

/* ---- the index ---- */

static int S_cmp(const void *a, const void *b)
{
	const pol_occ *x = a, *y = b;
	if (x->begin != y->begin)
		return x->begin < y->begin ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	/* at one span (a term that is also a node): the term first, the node next */
	if (x->kind != y->kind)
		return x->kind == POL_SYM_TERM ? -1 : y->kind == POL_SYM_TERM ? 1 : (int)x->kind - (int)y->kind;
	return 0;
}

pol_index *pol_index_new(const pol_model *m)
{
	pol_index *x = pol_xcalloc(1, sizeof *x);
	x->m = m;
	x->nfiles = m->nfiles;
	x->files = pol_xcalloc(m->nfiles ? m->nfiles : 1, sizeof *x->files);
	for (size_t i = 0; i < m->nfiles; i++)
		x->files[i].file = m->files[i];
	S_ctx c = {.x = x, .bare = pol_map_new(), .at = pol_map_new()};

	for (size_t i = 0; i < m->nnodes; i++) {
		pol_node *n = m->nodes[i];
		if (n->span.file) {
			char *key = S_at_key(n->span.file, n->span.begin);
			pol_map_set(c.at, key, n);
			free(key);
		}
		if (n->id && n->kind != POL_DOCUMENT) {
			void *prev = pol_map_get(c.bare, n->id);
			pol_map_set(c.bare, n->id, prev ? (void *)&S_ambiguous : n);
		}
		if (n->id)
			S_add(x, n->span.file, n->span.begin, n->span.end, POL_SYM_NODE, n, true, true);
		for (uint32_t k = 0; k < n->nchecks; k++) {
			pol_check *ck = n->checks[k];
			if (ck->span.file && !S_span_is(ck->span.file, ck->span.begin, ck->span.end, "check"))
				S_add(x, ck->span.file, ck->span.begin, ck->span.end, POL_SYM_CHECK, ck, true, true);
		}
	}
	for (size_t i = 0; i < m->nroles; i++)
		S_add(x, m->roles[i]->span.file, m->roles[i]->span.begin, m->roles[i]->span.end, POL_SYM_ROLE, m->roles[i],
		      true, true);
	for (size_t i = 0; i < m->nframeworks; i++) {
		pol_framework *fw = m->frameworks[i];
		S_add(x, fw->span.file, fw->span.begin, fw->span.end, POL_SYM_FRAMEWORK, fw, true, true);
		for (size_t k = 0; k < fw->nclauses; k++)
			S_add(x, fw->clauses[k]->span.file, fw->clauses[k]->span.begin, fw->clauses[k]->span.end,
			      POL_SYM_CLAUSE, fw->clauses[k], true, true);
	}
	for (size_t i = 0; i < m->nparams; i++)
		S_add(x, m->params[i]->span.file, m->params[i]->span.begin, m->params[i]->span.end, POL_SYM_PARAM,
		      m->params[i], true, true);
	for (size_t i = 0; i < m->nterms; i++) {
		pol_term *t = m->terms[i];
		/* {def} terms are added with their inline (below), where the id is found */
		const pol_file *f = t->span.file;
		if (f && S_span_is(f, t->span.begin, t->span.end, t->id) &&
		    !(t->span.begin >= 5 && !memcmp(f->text + t->span.begin - 5, "{def ", 5)))
			S_add(x, f, t->span.begin, t->span.end, POL_SYM_TERM, t, true, true);
	}

	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		const pol_node *doc = pol_node_document(n);
		S_prose(&c, n->body, doc);
		for (uint32_t k = 0; k < n->nchecks; k++)
			S_prose(&c, n->checks[k]->question, doc);
	}
	for (size_t i = 0; i < m->nroles; i++)
		S_prose(&c, m->roles[i]->desc, NULL);
	for (size_t i = 0; i < m->nparams; i++)
		S_prose(&c, m->params[i]->desc, NULL);
	for (size_t i = 0; i < m->nterms; i++)
		if (!m->terms[i]->node)
			S_prose(&c, m->terms[i]->def, NULL);

	for (size_t i = 0; i < m->nfiles; i++)
		S_directives(&c, m->files[i]);

	for (size_t i = 0; i < x->nfiles; i++) {
		pol_index_file *xf = &x->files[i];
		if (!xf->nocc)
			continue;
		qsort(xf->occ, xf->nocc, sizeof *xf->occ, S_cmp);
		size_t w = 1;
		for (size_t r = 1; r < xf->nocc; r++)
			if (S_cmp(&xf->occ[r], &xf->occ[w - 1]) || xf->occ[r].target != xf->occ[w - 1].target)
				xf->occ[w++] = xf->occ[r];
		xf->nocc = w;
	}
	pol_map_free(c.bare);
	pol_map_free(c.at);
	return x;
}

void pol_index_free(pol_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nfiles; i++)
		free(x->files[i].occ);
	free(x->files);
	free(x);
}

const pol_index_file *pol_index_file_of(const pol_index *x, const char *rel)
{
	for (size_t i = 0; x && i < x->nfiles; i++)
		if (!strcmp(x->files[i].file->rel, rel))
			return &x->files[i];
	return NULL;
}

const pol_occ *pol_index_at(const pol_index_file *f, size_t off)
{
	/* Occurrences do not nest; at one span the term comes before the node it also
	 * is. A cursor right after a name is on it, unless another name starts there. */
	const pol_occ *after = NULL;
	for (size_t k = 0; f && k < f->nocc && f->occ[k].begin <= off; k++) {
		if (off < f->occ[k].end)
			return &f->occ[k];
		if (off == f->occ[k].end && !after)
			after = &f->occ[k];
	}
	return after;
}

bool pol_index_def(const pol_index *x, const pol_occ *o, const pol_file **file, uint32_t *begin, uint32_t *end)
{
	pol_span s = {0};
	switch (o->kind) {
	case POL_SYM_NODE: s = ((const pol_node *)o->target)->span; break;
	case POL_SYM_ROLE: s = ((const pol_role *)o->target)->span; break;
	case POL_SYM_TERM: s = ((const pol_term *)o->target)->span; break;
	case POL_SYM_PARAM: s = ((const pol_param *)o->target)->span; break;
	case POL_SYM_CHECK: s = ((const pol_check *)o->target)->span; break;
	case POL_SYM_FILE: s = (pol_span){o->target, 0, 0}; break;
	case POL_SYM_FRAMEWORK: s = ((const pol_framework *)o->target)->span; break;
	case POL_SYM_CLAUSE: s = ((const pol_clause *)o->target)->span; break;
	}
	(void)x;
	if (!s.file)
		return false;
	*file = s.file;
	*begin = s.begin;
	*end = s.end;
	return true;
}

bool pol_index_same(const pol_occ *a, const pol_occ *b)
{
	if (a->kind == b->kind)
		return a->target == b->target;
	if (a->kind == POL_SYM_TERM && b->kind == POL_SYM_NODE)
		return ((const pol_term *)a->target)->node == b->target;
	if (a->kind == POL_SYM_NODE && b->kind == POL_SYM_TERM)
		return ((const pol_term *)b->target)->node == a->target;
	return false;
}

/* ---- positions ---- */

size_t pol_lsp_offset(const pol_file *f, long line, long character)
{
	if (line < 0)
		return 0;
	if ((size_t)line >= f->nlines)
		return f->len ? f->len - 1 : 0; /* before the final newline */
	size_t i = f->lines[line];
	long u = 0;
	while (u < character && i < f->len && f->text[i] != '\n') {
		uint32_t cp;
		size_t k = pol_utf8_decode(f->text + i, f->len - i, &cp);
		if (!k) {
			k = 1;
			cp = 0xFFFD;
		}
		long w = cp >= 0x10000 ? 2 : 1;
		if (u + w > character)
			break; /* inside a surrogate pair: stay before it */
		u += w;
		i += k;
	}
	return i;
}

void pol_lsp_position(const pol_file *f, size_t off, long *line, long *character)
{
	/* the final newline (pol_file adds one) starts no line: its end is the last position */
	if (f->len && off >= f->len)
		off = f->len - 1;
	size_t lo = pol_file_line_index(f, off);
	long u = 0;
	for (size_t i = f->lines[lo]; i < off;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(f->text + i, f->len - i, &cp);
		if (!k) {
			k = 1;
			cp = 0xFFFD;
		}
		u += cp >= 0x10000 ? 2 : 1;
		i += k;
	}
	*line = (long)lo;
	*character = u;
}
