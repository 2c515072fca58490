/* test_facts.c — the facts derived once per model (model/facts.h), on a small in-memory
 * policy: the node index, inherited implements and counters, the rules of each measure,
 * the measures and measureless rules of each threat, the procedures of a rule, coverage
 * and every list of gaps, headings, placement and the 構成 marks; then the same facts of
 * the public edition model, which describe that edition only. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "memsource.h"
#include "model/facts.h"
#include "model/model.h"

static const char *S_policy =
	"@policy t テスト方針\n"
	"  organization = テスト組合\n"
	"  issued = 2026-03\n"
	"@role staff 職員等 [public]\n"
	"@document basic 基本方針 [public, tier=basic]\n"
	"@chapter ch 総則\n"
	"@article threats 脅威\n"
	"@threat leak 漏えい\n"
	"漏れる。\n"
	"@threat loss 消失\n"
	"失われる。\n"
	"@threat quake 地震\n"
	"揺れる。\n"
	"@article measures 対策\n"
	"@measure tech 技術的対策 [counters=leak]\n"
	"技術。\n"
	"@measure phys 物理的対策\n"
	"物理。\n"
	"@measure idle 未実施の対策\n"
	"なし。\n"
	"@document std 対策基準 [internal, tier=standards]\n"
	"@chapter main 対策基準\n"
	"@article tec 技術 [implements=basic.tech]\n"
	"@rule pw パスワード [must, applies=staff, counters=basic.loss]\n"
	"本文。\n"
	"@check [every=year]\n"
	"確認する。\n"
	"@rule lock 施錠 [must, implements=basic.phys]\n"
	"本文。\n"
	"@article misc 雑則\n"
	"@rule alone 単独の規則 [may, counters=basic.loss]\n"
	"本文。\n"
	"@item lone 規則の外の項目\n"
	"本文。\n"
	"@document proc 実施手順 [internal, tier=procedures]\n"
	"@chapter pm 手順\n"
	"@procedure p1 手順一 [implements=std.tec]\n"
	"説明。\n"
	"@step s1 [role=staff]\n"
	"する。\n"
	"@procedure p2 何もしない手順\n"
	"説明。\n";

static pol_model *S_m;

static void S_load(void)
{
	const char *files[] = {"policy.pol", S_policy, NULL};
	pol_source *src = mem_source_new(files);
	pol_diag d;
	pol_diag_init(&d, NULL);
	S_m = pol_model_load(src, &d);
	pol_source_free(src);
	cr_assert_not_null(S_m, "no model: %s", d.mem.data ? d.mem.data : "");
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	pol_diag_fini(&d);
	cr_assert_not_null(S_m->facts, "the loader computes the facts");
}

static void S_unload(void)
{
	pol_model_free(S_m);
}

static pol_node *S_node(const pol_model *m, const char *key)
{
	pol_node *n = pol_map_get(m->by_key, key);
	cr_assert_not_null(n, "no node '%s'", key);
	return n;
}

static size_t S_ix(const pol_model *m, const char *key)
{
	size_t i = pol_facts_index(m->facts, S_node(m, key));
	cr_assert_neq(i, POL_FACTS_NONE, "%s has no index", key);
	return i;
}

/* Asserts that list holds exactly the nodes with the given keys, in that order. */
static void S_keys(pol_nodes list, const char *what, const char *const *want)
{
	size_t n = 0;
	while (want[n])
		n++;
	pol_buf got = {0};
	for (size_t i = 0; i < list.n; i++)
		pol_buf_printf(&got, "%s%s", i ? " " : "", list.v[i]->key);
	cr_expect_eq(list.n, n, "%s: got [%s]", what, got.data ? got.data : "");
	for (size_t i = 0; i < n && i < list.n; i++)
		cr_expect_str_eq(list.v[i]->key, want[i], "%s[%zu]: got [%s]", what, i, got.data ? got.data : "");
	pol_buf_free(&got);
}

#define KEYS(list, ...) S_keys(list, #list, (const char *const[]){__VA_ARGS__, NULL})
#define NOKEYS(list) S_keys(list, #list, (const char *const[]){NULL})

TestSuite(facts, .init = S_load, .fini = S_unload);

Test(facts, index_is_document_order_and_knows_only_its_model)
{
	const pol_facts *f = S_m->facts;
	cr_assert_eq(pol_facts_count(f), S_m->nnodes);
	for (size_t i = 0; i < S_m->nnodes; i++) {
		cr_expect_eq(pol_facts_index(f, S_m->nodes[i]), i);
		cr_expect_eq(pol_facts_node(f, i), S_m->nodes[i]);
		cr_expect_eq(pol_facts_index_of_key(f, S_m->nodes[i]->key), i);
	}
	cr_expect_eq(pol_facts_index_of_key(f, "no.such"), POL_FACTS_NONE);
	cr_expect_eq(pol_facts_index(f, NULL), POL_FACTS_NONE);
	pol_model *ed = pol_edition_filter(S_m, POL_ED_PUBLIC, NULL);
	cr_expect_eq(pol_facts_index(f, ed->nodes[0]), POL_FACTS_NONE, "a node of another model");
	pol_model_free(ed);
}

Test(facts, kinds_in_document_order)
{
	const pol_facts *f = S_m->facts;
	KEYS(pol_facts_rules(f), "std.pw", "std.lock", "std.alone");
	KEYS(pol_facts_threats(f), "basic.leak", "basic.loss", "basic.quake");
	KEYS(pol_facts_measures(f), "basic.tech", "basic.phys", "basic.idle");
	KEYS(pol_facts_procedures(f), "proc.p1", "proc.p2");
}

Test(facts, implements_and_counters_are_inherited_own_first)
{
	const pol_facts *f = S_m->facts;
	KEYS(pol_facts_implements(f, S_ix(S_m, "std.pw")), "basic.tech");
	KEYS(pol_facts_implements(f, S_ix(S_m, "std.lock")), "basic.phys", "basic.tech");
	NOKEYS(pol_facts_implements(f, S_ix(S_m, "std.alone")));
	KEYS(pol_facts_counters(f, S_ix(S_m, "std.pw")), "basic.loss");
	KEYS(pol_facts_implements(f, S_ix(S_m, "proc.s1")), "std.tec");
	cr_expect(pol_facts_rule_counters(f, S_ix(S_m, "std.pw"), S_node(S_m, "basic.loss")));
	cr_expect(!pol_facts_rule_counters(f, S_ix(S_m, "std.lock"), S_node(S_m, "basic.loss")));
}

Test(facts, traceability)
{
	const pol_facts *f = S_m->facts;
	KEYS(pol_facts_rules_of(f, S_ix(S_m, "basic.tech")), "std.pw", "std.lock");
	KEYS(pol_facts_rules_of(f, S_ix(S_m, "basic.phys")), "std.lock");
	NOKEYS(pol_facts_rules_of(f, S_ix(S_m, "basic.idle")));
	/* leak: the measure counters it; loss: a rule implementing the measure does. */
	KEYS(pol_facts_threat_measures(f, S_ix(S_m, "basic.leak")), "basic.tech");
	KEYS(pol_facts_threat_measures(f, S_ix(S_m, "basic.loss")), "basic.tech");
	NOKEYS(pol_facts_threat_measures(f, S_ix(S_m, "basic.quake")));
	KEYS(pol_facts_threat_rules(f, S_ix(S_m, "basic.loss")), "std.alone");
	NOKEYS(pol_facts_threat_rules(f, S_ix(S_m, "basic.leak")));
	/* p1 implements the article: its rules and the article itself have it. */
	KEYS(pol_facts_procedures_of(f, S_ix(S_m, "std.pw")), "proc.p1");
	KEYS(pol_facts_procedures_of(f, S_ix(S_m, "std.tec")), "proc.p1");
	NOKEYS(pol_facts_procedures_of(f, S_ix(S_m, "std.alone")));
	NOKEYS(pol_facts_procedures_of(f, S_ix(S_m, "std.main")));
}

Test(facts, coverage_and_gaps)
{
	const pol_facts *f = S_m->facts;
	const pol_coverage *c = pol_facts_coverage(f);
	cr_expect_eq(c->measures, 3);
	cr_expect_eq(c->measures_implemented, 2);
	cr_expect_eq(c->threats, 3);
	cr_expect_eq(c->threats_countered, 2);
	cr_expect_eq(c->must_rules, 2);
	cr_expect_eq(c->must_rules_with_checks, 1);
	cr_expect_eq(c->rules, 3);
	cr_expect_eq(c->checks, 1);
	KEYS(pol_facts_unimplemented_measures(f), "basic.idle");
	KEYS(pol_facts_uncountered_threats(f), "basic.quake");
	KEYS(pol_facts_unchecked_must(f), "std.lock");
	KEYS(pol_facts_idle_procedures(f), "proc.p2");
	KEYS(pol_facts_uncovered_standards(f), "std.alone", "std.lone");
	/* Covered from above (pw), itself (tec), below (the chapter); not misc. */
	cr_expect(pol_facts_proc_covered(f, S_ix(S_m, "std.pw")));
	cr_expect(pol_facts_proc_covered(f, S_ix(S_m, "std.tec")));
	cr_expect(pol_facts_proc_covered(f, S_ix(S_m, "std.main")));
	cr_expect(!pol_facts_proc_covered(f, S_ix(S_m, "std.misc")));
	cr_expect(pol_facts_in_rule(f, S_ix(S_m, "std.tec")), "a rule below");
	cr_expect(!pol_facts_in_rule(f, S_ix(S_m, "std.lone")));
	cr_expect(!pol_facts_in_rule(f, S_ix(S_m, "std.pw")), "a rule itself is not in a rule");
	cr_expect(pol_facts_implemented(f, S_ix(S_m, "std.tec")));
	cr_expect(pol_facts_countered(f, S_ix(S_m, "basic.loss")));
	cr_expect(!pol_facts_countered(f, S_ix(S_m, "basic.quake")));
}

Test(facts, headings_placement_and_marks)
{
	const pol_facts *f = S_m->facts;
	for (size_t i = 0; i < S_m->nnodes; i++) {
		char *want = pol_node_heading(S_m->nodes[i]);
		cr_expect_str_eq(pol_facts_heading(f, i), want, "heading of %s", S_m->nodes[i]->key);
		free(want);
		cr_expect_eq(pol_facts_document(f, i), pol_node_document(S_m->nodes[i]));
		cr_expect_eq(pol_facts_chapter(f, i), pol_node_chapter(S_m->nodes[i]));
	}
	size_t pw = S_ix(S_m, "std.pw");
	cr_expect_eq(pol_facts_chapter(f, pw), S_node(S_m, "std.main"));
	cr_expect_eq(pol_facts_article(f, pw), S_node(S_m, "std.tec"));
	cr_expect_eq(pol_facts_article(f, S_ix(S_m, "std.tec")), S_node(S_m, "std.tec"));
	cr_expect_null(pol_facts_article(f, S_ix(S_m, "std.main")));
	cr_expect_eq(pol_facts_document(f, pw), S_node(S_m, "std"));
	cr_expect_str_eq(pol_facts_heading(f, S_ix(S_m, "std")), "対策基準");
	cr_expect_str_eq(pol_facts_doc_mark(f, S_ix(S_m, "basic")), "①");
	cr_expect_str_eq(pol_facts_doc_mark(f, S_ix(S_m, "std")), "②");
	cr_expect_null(pol_facts_doc_mark(f, S_ix(S_m, "proc")));
	cr_expect_null(pol_facts_doc_mark(f, pw));
	cr_expect_eq(pol_facts_doc_grouped(f), 2);
}

Test(facts, an_edition_model_has_facts_of_its_own)
{
	pol_model *ed = pol_edition_filter(S_m, POL_ED_PUBLIC, NULL);
	const pol_facts *f = ed->facts;
	cr_assert_not_null(f, "the edition filter computes the facts");
	cr_expect_eq(pol_facts_count(f), ed->nnodes);
	NOKEYS(pol_facts_rules(f));
	KEYS(pol_facts_unimplemented_measures(f), "basic.tech", "basic.phys", "basic.idle");
	KEYS(pol_facts_uncountered_threats(f), "basic.loss", "basic.quake");
	NOKEYS(pol_facts_threat_measures(f, S_ix(ed, "basic.loss")));
	cr_expect_eq(pol_facts_doc_grouped(f), 1);
	cr_expect_eq(pol_facts_coverage(f)->rules, 0);
	pol_model_free(ed);
}
