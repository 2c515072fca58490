/* render_frameworks.c — the framework mapping table of the internal edition.
 *
 * For each framework the policy declares (and the edition lists): every clause, with the
 * rules mapped to it (their maps, inherited from the nodes around them), then the
 * clauses no rule maps to. An auditor reads here which items of the guideline the
 * policy covers. The rules of a clause are a fact of the edition model (model/facts.h);
 * this file only lays them out for frameworks.html.mustache, as frames of the context
 * interface (lib/mustache.h) read straight from the model, under the same `trace` key
 * the traceability page uses. The classes are called with the view as their context. */
#include <stdlib.h>

#include "emit/render.h"
#include "model/facts.h"

static const pol_mu_class S_top_c, S_fw_c, S_clause_c, S_rule_c;
static const pol_mu_class S_fws_l, S_clauses_l, S_unmapped_l, S_rules_l;

static const pol_model *S_ed(void *ctx)
{
	return pol_view_site(ctx)->ed;
}

/* ---- the table: `frameworks` ---- */

static const char *const S_top_f[] = {"frameworks"};
POL_MU_FIELDS(S_top_field, S_top_f)

static bool S_top_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	return pol_mu_list(o, &S_fws_l, NULL, S_ed(ctx)->nframeworks, 0);
}

static void S_fws_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_mu_frame(o, &S_fw_c, S_ed(ctx)->frameworks[i], 0);
}

/* ---- a framework ---- */

static const char *const S_fw_f[] = {"id", "title", "edition", "file", "total", "mapped", "clauses", "unmapped"};
POL_MU_FIELDS(S_fw_field, S_fw_f)

static bool S_fw_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	const pol_framework *fw = f->p;
	const pol_facts *facts = S_ed(ctx)->facts;
	switch (k) {
	case 0: return pol_mu_str(o, fw->id);
	case 1: return pol_mu_str(o, fw->title);
	case 2: return pol_mu_str(o, fw->edition);
	case 3: return pol_mu_str(o, fw->file);
	case 4: return pol_view_int(ctx, o, (long long)fw->nclauses);
	case 5: return pol_view_int(ctx, o, (long long)pol_facts_framework_covered(facts, fw));
	case 6: return pol_mu_list(o, &S_clauses_l, fw, fw->nclauses, 0);
	default:
		return pol_mu_list(o, &S_unmapped_l, fw, fw->nclauses - pol_facts_framework_covered(facts, fw), 0);
	}
}

static void S_clauses_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	const pol_framework *fw = l->p;
	pol_mu_frame(o, &S_clause_c, fw->clauses[i], 0);
}

/* Item i of the clauses no rule maps to, in their order. */
static void S_unmapped_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	const pol_framework *fw = l->p;
	const pol_facts *facts = S_ed(ctx)->facts;
	for (size_t k = 0; k < fw->nclauses; k++)
		if (!pol_facts_clause_rules(facts, fw->clauses[k]).n && !i--) {
			pol_mu_frame(o, &S_clause_c, fw->clauses[k], 0);
			return;
		}
	pol_mu_null(o);
}

/* ---- a clause ---- */

static const char *const S_clause_f[] = {"id", "key", "title", "count", "rules", "unmapped"};
POL_MU_FIELDS(S_clause_field, S_clause_f)

static bool S_clause_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	const pol_clause *c = f->p;
	pol_nodes rules = pol_facts_clause_rules(S_ed(ctx)->facts, c);
	switch (k) {
	case 0: return pol_mu_str(o, c->id);
	case 1: return pol_mu_str(o, c->key);
	case 2: return pol_mu_str(o, c->title);
	case 3: return pol_view_int(ctx, o, (long long)rules.n);
	case 4: return pol_mu_list(o, &S_rules_l, c, rules.n, 0);
	default: return pol_mu_bool(o, !rules.n);
	}
}

static void S_rules_item(void *ctx, const pol_mu_value *l, size_t i, pol_mu_value *o)
{
	pol_nodes rules = pol_facts_clause_rules(S_ed(ctx)->facts, l->p);
	pol_mu_frame(o, &S_rule_c, rules.v[i], 0);
}

/* ---- a rule mapped to a clause ---- */

static const char *const S_rule_f[] = {"ref", "title", "level_ja", "href"};
POL_MU_FIELDS(S_rule_field, S_rule_f)

static bool S_rule_get(void *ctx, const pol_mu_value *f, int k, const char *name, pol_mu_value *o)
{
	const pol_node *n = f->p;
	switch (k) {
	case 0: return pol_mu_str(o, n->ref ? n->ref : n->num);
	case 1: return pol_mu_str(o, n->title ? n->title : n->id);
	case 2: return pol_mu_str(o, n->level ? pol_level_ja(n->level) : NULL);
	default: {
		pol_buf *b = pol_view_scratch(ctx);
		pol_render_href(b, pol_view_site(ctx), n, POL_VIEW_SITE);
		return pol_mu_strn(o, b->data, b->len);
	}
	}
}

static const pol_mu_class S_top_c = {S_top_field, S_top_get, NULL, NULL, false};
static const pol_mu_class S_fw_c = {S_fw_field, S_fw_get, NULL, NULL, false};
static const pol_mu_class S_clause_c = {S_clause_field, S_clause_get, NULL, NULL, false};
static const pol_mu_class S_rule_c = {S_rule_field, S_rule_get, NULL, NULL, false};
static const pol_mu_class S_fws_l = {NULL, NULL, S_fws_item, NULL, false};
static const pol_mu_class S_clauses_l = {NULL, NULL, S_clauses_item, NULL, false};
static const pol_mu_class S_unmapped_l = {NULL, NULL, S_unmapped_item, NULL, false};
static const pol_mu_class S_rules_l = {NULL, NULL, S_rules_item, NULL, false};

void pol_view_frameworks(const pol_site *s, pol_mu_value *out)
{
	pol_mu_frame(out, &S_top_c, s, 0);
}
