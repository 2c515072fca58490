/* render_frameworks.c — the framework mapping table of the internal edition.
 *
 * For each framework the policy declares (and the edition lists): every clause, with the
 * rules mapped to it (their maps, inherited from the nodes around them), then the
 * clauses no rule maps to. An auditor reads here which items of the guideline the
 * policy covers. The rules of a clause are a fact of the edition model (model/facts.h);
 * this file only lays them out for frameworks.html.mustache, with the same `trace` key
 * the traceability page uses. */
#include <stdlib.h>

#include "emit/render.h"
#include "model/facts.h"

static json_t *S_str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *S_rule(const pol_site *s, const pol_node *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "ref", S_str(n->ref ? n->ref : n->num));
	json_object_set_new(o, "title", S_str(n->title ? n->title : n->id));
	json_object_set_new(o, "level_ja", n->level ? json_string(pol_level_ja(n->level)) : json_null());
	pol_buf b = {0};
	pol_render_href(&b, s, n, POL_VIEW_SITE);
	json_object_set_new(o, "href", json_string(b.data ? b.data : ""));
	pol_buf_free(&b);
	return o;
}

json_t *pol_view_frameworks(const pol_site *s)
{
	const pol_model *m = s->ed;
	const pol_facts *f = m->facts;
	json_t *list = json_array();
	for (size_t i = 0; i < m->nframeworks; i++) {
		const pol_framework *fw = m->frameworks[i];
		json_t *o = json_object(), *clauses = json_array(), *unmapped = json_array();
		json_object_set_new(o, "id", json_string(fw->id));
		json_object_set_new(o, "title", json_string(fw->title));
		json_object_set_new(o, "edition", S_str(fw->edition));
		json_object_set_new(o, "file", json_string(fw->file));
		json_object_set_new(o, "total", json_integer((json_int_t)fw->nclauses));
		json_object_set_new(o, "mapped", json_integer((json_int_t)pol_facts_framework_covered(f, fw)));
		for (size_t k = 0; k < fw->nclauses; k++) {
			const pol_clause *c = fw->clauses[k];
			pol_nodes rules = pol_facts_clause_rules(f, c);
			json_t *cj = json_object(), *rj = json_array();
			json_object_set_new(cj, "id", json_string(c->id));
			json_object_set_new(cj, "key", json_string(c->key));
			json_object_set_new(cj, "title", json_string(c->title));
			for (size_t r = 0; r < rules.n; r++)
				json_array_append_new(rj, S_rule(s, rules.v[r]));
			json_object_set_new(cj, "count", json_integer((json_int_t)rules.n));
			json_object_set_new(cj, "rules", rj);
			json_object_set_new(cj, "unmapped", json_boolean(!rules.n));
			if (!rules.n)
				json_array_append(unmapped, cj);
			json_array_append_new(clauses, cj);
		}
		json_object_set_new(o, "clauses", clauses);
		json_object_set_new(o, "unmapped", unmapped);
		json_array_append_new(list, o);
	}
	json_t *top = json_object();
	json_object_set_new(top, "frameworks", list);
	return top;
}
