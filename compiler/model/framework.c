/* framework.c — external frameworks and the mapping of rules to them.
 *
 * A policy may declare the catalog of a guideline or standard it follows (`@framework`,
 * then one `@clause ID TITLE` line per item) and say on any structural node which
 * clauses it implements (`maps=FW:ID …`). The catalog is data the organization copies
 * from the framework's own text: ids and titles only, no prose. Clause ids keep the
 * framework's numbering ("4.1", "A.5.1"), so they are not policy ids: the first word of
 * the line is the id whatever its form.
 *
 * Resolution happens with the other pending references (check.c), so a framework may be
 * declared after the rules that map to it. A name that resolves to nothing is an error
 * with the closest known name when one is near (lib/suggest.h); a clause no rule maps to
 * is a coverage warning, from the model's facts (facts.h), like a measure no standard
 * implements. */
#include <stdlib.h>
#include <string.h>

#include "model/build.h"
#include "lib/suggest.h"
#include "model/facts.h"

static bool S_id_ok(const char *s, size_t n, bool clause)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (i == 0 && !alnum)
			return false;
		if (!alnum && c != '-' && c != '_' && !(clause && c == '.'))
			return false;
	}
	return !(clause && s[n - 1] == '.');
}

void pol_build_framework(pol_builder *b, pol_directive *dir, int vis)
{
	pol_model *m = b->m;
	b->fw = NULL;
	b->fw_failed = true; /* until it succeeds: its clauses are not reported one by one */
	if (!dir->id) {
		pol_error(b->d, dir->title ? dir->title_span : dir->kw_span,
		          "@framework needs an id (an ASCII letter, then letters, digits, '-' or '_') before its title");
		return;
	}
	if (!S_id_ok(dir->id, strlen(dir->id), false)) {
		pol_error(b->d, dir->id_span, "bad framework id '%s': an ASCII letter, then letters, digits, '-' or '_'",
		          dir->id);
		return;
	}
	if (!m->framework_by_id) {
		m->framework_by_id = pol_map_new_lent(4);
		m->clause_by_key = pol_map_new_lent(64);
	}
	pol_framework *prev = pol_map_get(m->framework_by_id, dir->id);
	if (prev) {
		pol_error(b->d, dir->id_span, "duplicate framework '%s'", dir->id);
		pol_note(b->d, prev->span, "first defined here");
		return;
	}
	pol_arena *A = &m->arena;
	pol_framework *fw = pol_arena_calloc(A, sizeof *fw);
	fw->id = pol_arena_strdup(A, dir->id);
	fw->title = pol_arena_strdup(A, dir->title ? dir->title : dir->id);
	for (size_t i = 0; i < dir->nattrs; i++)
		if (!strcmp(dir->attrs[i].key, "edition"))
			fw->edition = pol_arena_strdup(A, dir->attrs[i].value);
	fw->file = pol_arena_strdup(A, dir->id_span.file ? dir->id_span.file->rel : "");
	fw->vis = vis < 0 ? POL_INTERNAL : (pol_vis)vis;
	fw->span = dir->id_span;
	pol_map_set(m->framework_by_id, fw->id, fw);
	m->frameworks = pol_arena_grow(A, m->frameworks, m->nframeworks, sizeof *m->frameworks);
	m->frameworks[m->nframeworks++] = fw;
	b->fw = fw;
	b->fw_failed = false;
}

bool pol_build_clause(pol_builder *b, pol_directive *dir)
{
	pol_model *m = b->m;
	pol_framework *fw = b->fw;
	if (!fw) {
		if (!b->fw_failed)
			pol_error(b->d, dir->kw_span, "@clause outside a framework: list clauses right below their @framework");
		return false;
	}
	/* The id is the first word, however it looks: the lexer took it for a policy id
	 * ("A.5.1") or left it in the title ("4.1"). */
	const char *id, *title = NULL;
	size_t idlen;
	pol_span span;
	if (dir->id) {
		id = dir->id;
		idlen = strlen(id);
		span = dir->id_span;
		title = dir->title;
	} else if (dir->title) {
		id = dir->title;
		idlen = strcspn(id, " \t");
		span = (pol_span){dir->title_span.file, dir->title_span.begin, dir->title_span.begin + (uint32_t)idlen};
		title = id + idlen;
		while (*title == ' ' || *title == '\t')
			title++;
		if (!*title)
			title = NULL;
	} else {
		pol_error(b->d, dir->kw_span, "@clause needs an id and a title, as in '@clause 4.1 サーバ等の管理'");
		return false;
	}
	if (!S_id_ok(id, idlen, true)) {
		pol_error(b->d, span, "bad clause id '%.*s': an ASCII letter or digit, then letters, digits, '.', '-' or '_'",
		          (int)idlen, id);
		return false;
	}
	if (!title) {
		pol_error(b->d, span, "clause '%.*s' needs a title", (int)idlen, id);
		return false;
	}
	pol_arena *A = &m->arena;
	char *key = pol_arena_printf(A, "%s:%.*s", fw->id, (int)idlen, id);
	pol_clause *prev = pol_map_get(m->clause_by_key, key);
	if (prev) {
		pol_error(b->d, span, "duplicate clause '%s'", key);
		pol_note(b->d, prev->span, "first defined here");
		return false;
	}
	pol_clause *c = pol_arena_calloc(A, sizeof *c);
	c->id = key + strlen(fw->id) + 1;
	c->key = key;
	c->title = pol_arena_strdup(A, title);
	c->fw = fw;
	c->ordinal = (uint32_t)fw->nclauses;
	c->span = span;
	pol_map_set(m->clause_by_key, key, c);
	fw->clauses = pol_arena_grow(A, fw->clauses, fw->nclauses, sizeof *fw->clauses);
	fw->clauses[fw->nclauses++] = c;
	return true;
}

/* The framework id closest to id (lib/suggest.h), or NULL. */
static const char *S_near_framework(const pol_model *m, const char *id)
{
	pol_suggester sg;
	pol_suggest_init(&sg, id);
	for (size_t i = 0; i < m->nframeworks; i++)
		pol_suggest_add(&sg, m->frameworks[i]->id);
	return pol_suggest_best(&sg);
}

/* The id of fw's clause closest to id ("4.11" → "4.1"), or NULL: ids are compared, not
 * keys, so a short id is not matched to any other for sharing the framework's name. */
static const char *S_near_clause(const pol_framework *fw, const char *id)
{
	pol_suggester sg;
	pol_suggest_init(&sg, id);
	for (size_t i = 0; i < fw->nclauses; i++)
		pol_suggest_add(&sg, fw->clauses[i]->id);
	return pol_suggest_best(&sg);
}

void pol_build_resolve_map(pol_builder *b, pol_pending *p)
{
	pol_model *m = b->m;
	const char *colon = strchr(p->name, ':');
	if (!colon || colon == p->name || !colon[1]) {
		pol_error(b->d, p->span, "'%s' names no framework clause: write FRAMEWORK:ID, as in '%s:%s'", p->name,
		          m->nframeworks ? m->frameworks[0]->id : "guideline",
		          m->nframeworks && m->frameworks[0]->nclauses ? m->frameworks[0]->clauses[0]->id : "4.1");
		return;
	}
	char *fwid = pol_xstrndup(p->name, (size_t)(colon - p->name));
	pol_framework *fw = m->framework_by_id ? pol_map_get(m->framework_by_id, fwid) : NULL;
	if (!fw) {
		const char *near = S_near_framework(m, fwid);
		if (near)
			pol_error(b->d, p->span, "unknown framework '%s'; did you mean '%s'?", fwid, near);
		else if (m->nframeworks)
			pol_error(b->d, p->span, "unknown framework '%s'", fwid);
		else
			pol_error(b->d, p->span, "unknown framework '%s' (the policy declares none: see @framework)", fwid);
		free(fwid);
		return;
	}
	free(fwid);
	pol_clause *c = pol_map_get(m->clause_by_key, p->name);
	if (!c) {
		/* The whole name is quoted first, so an editor's quick fix replaces all of it. */
		const char *near = S_near_clause(fw, colon + 1);
		if (near)
			pol_error(b->d, p->span, "unknown clause '%s'; did you mean '%s:%s'?", p->name, fw->id, near);
		else
			pol_error(b->d, p->span, "unknown clause '%s'", p->name);
		return;
	}
	pol_node *n = p->from;
	if (n->vis == POL_PUBLIC && fw->vis != POL_PUBLIC) {
		pol_error(b->d, p->span, "public text refers to %s framework '%s'", pol_vis_name(fw->vis), fw->id);
		return;
	}
	for (size_t k = 0; k < n->nmaps; k++)
		if (n->maps[k] == c)
			return;
	n->maps = pol_arena_grow(&m->arena, n->maps, n->nmaps, sizeof *n->maps);
	n->maps[n->nmaps++] = c;
}

void pol_build_framework_warnings(pol_builder *b)
{
	const pol_model *m = b->m;
	for (size_t i = 0; i < m->nframeworks; i++) {
		const pol_framework *fw = m->frameworks[i];
		for (size_t k = 0; k < fw->nclauses; k++) {
			const pol_clause *c = fw->clauses[k];
			if (!pol_facts_clause_rules(m->facts, c).n)
				pol_warning(b->d, c->span, "clause '%s' (%s) is mapped by no rule", c->key, c->title);
		}
	}
}
