/* test_framework.c — frameworks and maps= (model/framework.c, the mapping facts of
 * model/facts.h) on a small in-memory policy: clauses in order with their keys,
 * inherited maps, the rules of each clause and the coverage count; the public edition
 * lists only public frameworks and keeps only their clauses; and emit/oscal.h's ids
 * (which read back) and version 5 UUIDs (their layout here; tests/e2e/oscal.sh compares
 * them with Python's uuid.uuid5). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "emit/oscal.h"
#include "memsource.h"
#include "model/facts.h"
#include "model/model.h"

static const char *S_policy =
	"@policy t テスト方針\n"
	"  issued = 2026-03\n"
	"@include fw.pol\n"
	"@role staff 職員等 [public]\n"
	"@document basic 基本方針 [public, tier=basic]\n"
	"@chapter ch 総則\n"
	"@article a 公開の条 [maps=pub:1]\n"
	"@rule open 公開の規則 [should, applies=staff]\n"
	"本文。\n"
	"@document std 対策基準 [internal, tier=standards]\n"
	"@chapter main 対策基準\n"
	"@article phy 物理 [maps=g:4]\n"
	"@item srv サーバ [maps=g:4.1]\n"
	"@subitem power 電源 [should, maps=g:4.2 g:4.1 pub:2]\n"
	"本文。\n"
	"@subitem maint 保守 [should]\n"
	"本文。\n"
	"@article other その他\n"
	"@rule none 対応なし [should]\n"
	"本文。\n";

static const char *S_fw =
	"@framework g ガイドライン [edition=第1版]\n"
	"@clause 4 物理的セキュリティ\n"
	"@clause 4.1 サーバ等の管理\n"
	"@clause 4.2 管理区域\n"
	"@clause A.5.1 方針群\n"
	"@framework pub 公開の枠組み [public]\n"
	"@clause 1 一\n"
	"@clause 2 二\n";

static pol_model *S_m;

static void S_load(void)
{
	const char *files[] = {"policy.pol", S_policy, "fw.pol", S_fw, NULL};
	pol_source *src = mem_source_new(files);
	pol_diag d;
	pol_diag_init(&d, NULL);
	S_m = pol_model_load(src, &d);
	pol_source_free(src);
	cr_assert_not_null(S_m, "no model: %s", d.mem.data ? d.mem.data : "");
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	/* g:A.5.1 is mapped by no rule: the one warning */
	cr_assert_eq(d.warnings, 1, "%s", d.mem.data ? d.mem.data : "");
	cr_assert(strstr(d.mem.data, "clause 'g:A.5.1' (方針群) is mapped by no rule"), "%s", d.mem.data);
	pol_diag_fini(&d);
}

static void S_unload(void)
{
	pol_model_free(S_m);
}

static const pol_node *S_node(const pol_model *m, const char *key)
{
	const pol_node *n = pol_map_get(m->by_key, key);
	cr_assert_not_null(n, "no node %s", key);
	return n;
}

/* The keys of a clause list, space-separated. Caller frees. */
static char *S_keys(pol_clauses l)
{
	pol_buf b = {0};
	pol_buf_put(&b, "", 0);
	for (size_t i = 0; i < l.n; i++)
		pol_buf_printf(&b, "%s%s", i ? " " : "", l.v[i]->key);
	return pol_buf_detach(&b);
}

static char *S_rules(pol_nodes l)
{
	pol_buf b = {0};
	pol_buf_put(&b, "", 0);
	for (size_t i = 0; i < l.n; i++)
		pol_buf_printf(&b, "%s%s", i ? " " : "", l.v[i]->key);
	return pol_buf_detach(&b);
}

TestSuite(framework, .init = S_load, .fini = S_unload);

Test(framework, catalog)
{
	cr_assert_eq(S_m->nframeworks, 2);
	const pol_framework *g = S_m->frameworks[0];
	cr_assert_str_eq(g->id, "g");
	cr_assert_str_eq(g->edition, "第1版");
	cr_assert_str_eq(g->file, "fw.pol");
	cr_assert_eq(g->vis, POL_INTERNAL);
	cr_assert_eq(S_m->frameworks[1]->vis, POL_PUBLIC);
	cr_assert_eq(g->nclauses, 4);
	const char *ids[] = {"4", "4.1", "4.2", "A.5.1"};
	for (size_t i = 0; i < 4; i++) {
		cr_assert_str_eq(g->clauses[i]->id, ids[i]);
		cr_assert_eq(g->clauses[i]->ordinal, i);
		cr_assert_eq(g->clauses[i]->fw, g);
	}
	cr_assert_str_eq(g->clauses[3]->key, "g:A.5.1");
	cr_assert_str_eq(g->clauses[2]->title, "管理区域");
}

Test(framework, inherited_maps)
{
	const pol_facts *f = S_m->facts;
	char *k = S_keys(pol_facts_maps(f, S_node(S_m, "std.power")->index));
	cr_assert_str_eq(k, "g:4.2 g:4.1 pub:2 g:4", "own first, then the item's (4.1 once), then the article's");
	free(k);
	k = S_keys(pol_facts_maps(f, S_node(S_m, "std.maint")->index));
	cr_assert_str_eq(k, "g:4.1 g:4");
	free(k);
	cr_assert_eq(pol_facts_maps(f, S_node(S_m, "std.none")->index).n, 0);
}

Test(framework, rules_of_clauses)
{
	const pol_facts *f = S_m->facts;
	const pol_framework *g = S_m->frameworks[0], *p = S_m->frameworks[1];
	const char *want[] = {"std.power std.maint", "std.power std.maint", "std.power", ""};
	for (size_t i = 0; i < 4; i++) {
		char *r = S_rules(pol_facts_clause_rules(f, g->clauses[i]));
		cr_assert_str_eq(r, want[i], "clause %s", g->clauses[i]->key);
		free(r);
	}
	cr_assert_eq(pol_facts_framework_covered(f, g), 3);
	char *r = S_rules(pol_facts_clause_rules(f, p->clauses[0]));
	cr_assert_str_eq(r, "basic.open");
	free(r);
	r = S_rules(pol_facts_clause_rules(f, p->clauses[1]));
	cr_assert_str_eq(r, "std.power");
	free(r);
}

Test(framework, public_edition)
{
	pol_model *ed = pol_edition_filter(S_m, POL_ED_PUBLIC, NULL);
	cr_assert_not_null(ed);
	cr_assert_eq(ed->nframeworks, 1, "only the public framework");
	const pol_framework *p = ed->frameworks[0];
	cr_assert_str_eq(p->id, "pub");
	cr_assert_eq(p, S_m->frameworks[1], "shared with the full model");
	char *r = S_rules(pol_facts_clause_rules(ed->facts, p->clauses[0]));
	cr_assert_str_eq(r, "basic.open");
	free(r);
	cr_assert_eq(pol_facts_clause_rules(ed->facts, p->clauses[1]).n, 0, "its only rule is internal");
	cr_assert_eq(pol_facts_framework_covered(ed->facts, p), 1);
	cr_assert_eq(pol_facts_clause_rules(ed->facts, S_m->frameworks[0]->clauses[0]).n, 0,
	             "a framework the edition does not list has no rules there");
	char *text = pol_oscal_catalog(ed);
	cr_assert_null(strstr(text, "ガイドライン"));
	cr_assert_null(strstr(text, "std."));
	cr_assert_not_null(strstr(text, "\"value\": \"pub:1\""));
	free(text);
	pol_model_free(ed);
}

Test(oscal, ids_read_back)
{
	char *a = pol_oscal_id("preface.composition/t1", NULL);
	cr_assert_str_eq(a, "preface.composition_.t1");
	char *b = pol_oscal_id("std.a_b/i2", "_smt");
	cr_assert_str_eq(b, "std.a__b_.i2_smt");
	char *c = pol_oscal_id("std.a_/b", NULL), *d = pol_oscal_id("std.a/_b", NULL);
	cr_assert_str_neq(c, d, "two keys, two ids");
	free(a);
	free(b);
	free(c);
	free(d);
}

Test(oscal, uuid_v5)
{
	char u[37], v[37], w[37];
	pol_oscal_uuid(u, "t/framework/g");
	pol_oscal_uuid(v, "t/framework/g");
	pol_oscal_uuid(w, "t/framework/h");
	cr_assert_str_eq(u, v);
	cr_assert_str_neq(u, w);
	cr_assert_eq(strlen(u), 36);
	cr_assert_eq(u[14], '5', "version 5: %s", u);
	cr_assert(strchr("89ab", u[19]), "RFC 4122 variant: %s", u);
	cr_assert(u[8] == '-' && u[13] == '-' && u[18] == '-' && u[23] == '-');
}
