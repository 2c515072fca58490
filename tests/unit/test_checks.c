/* test_checks.c — resolution and the consistency checks, run through pol_model_load on
 * an in-memory source (a tiny pol_source over a table of files). Diagnostics go to the
 * diag's memory buffer (out = NULL) and are matched exactly, with line and column. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "memsource.h"
#include "model/model.h"

typedef struct {
	pol_model *m;
	pol_diag d;
} loaded;

/* Loads the files given as name/text pairs ending with NULL; werror as --werror. */
static loaded *load_files(bool werror, const char **files)
{
	loaded *l = calloc(1, sizeof *l);
	pol_source *src = mem_source_new(files);
	pol_diag_init(&l->d, NULL);
	l->d.werror = werror;
	l->m = pol_model_load(src, &l->d);
	pol_source_free(src);
	return l;
}

/* One policy.pol. */
static loaded *load(const char *policy)
{
	static const char *files[3];
	files[0] = "policy.pol";
	files[1] = policy;
	files[2] = NULL;
	return load_files(false, files);
}

static void done(loaded *l)
{
	pol_model_free(l->m);
	pol_diag_fini(&l->d);
	free(l);
}

static const char *mem(loaded *l)
{
	return l->d.mem.data ? l->d.mem.data : "";
}

/* Expects the diagnostics to contain this message line (file:line:col: sev: msg). */
#define HAS(l, line) cr_expect(strstr(mem(l), line "\n") != NULL, "missing «%s» in:\n%s", line, mem(l))

static const char *HEAD = "@policy test テスト\n";

static char *cat(const char *a, const char *b)
{
	return pol_xasprintf("%s%s", a, b);
}

/* ---- a clean policy ---- */

Test(checks, clean_policy_has_no_diagnostics)
{
	char *src = cat(HEAD, "@role staff 職員等 [public]\n"
	                      "@param pw.min [number, value=12, unit=文字, public]\n"
	                      "@document doc 文書 [public]\n"
	                      "@chapter ch 総則\n"
	                      "@article pw パスワード\n"
	                      "@rule pw-len 長さ [must, applies=staff]\n"
	                      "{param pw.min}以上とする。\n"
	                      "@check [every=year]\n"
	                      "長さは足りているか。\n");
	loaded *l = load(src);
	cr_assert_not_null(l->m, "%s", mem(l));
	cr_expect_eq(l->d.errors, 0, "%s", mem(l));
	cr_expect_eq(l->d.warnings, 0, "%s", mem(l));
	cr_expect_str_eq(mem(l), "");
	cr_expect_not(pol_diag_failed(&l->d));
	done(l);
	free(src);
}

/* ---- errors ---- */

Test(checks, unknown_roles)
{
	char *src = cat(HEAD, "@role staff 職員\n"
	                      "@document doc 文書\n"
	                      "@chapter ch 総則\n"
	                      "@article acc アクセス管理\n"
	                      "@rule acc-id 利用者ID [should, applies=staff contractor, owner=admn]\n"
	                      "@procedure proc 手順 [implements=acc-id]\n"
	                      "@step [role=helpdesk]\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 3, "%s", mem(l));
	HAS(l, "src/policy.pol:6:43: error: unknown role 'contractor'");
	HAS(l, "src/policy.pol:6:61: error: unknown role 'admn'");
	HAS(l, "src/policy.pol:8:13: error: unknown role 'helpdesk'");
	cr_expect(pol_diag_failed(&l->d));
	done(l);
	free(src);
}

/* A bare name is its own document's node first, else the one node of that id anywhere:
 * the name table is asked before the node index (check.c, S_resolve_node). */
Test(checks, a_bare_name_is_the_own_documents_first_else_the_only_one)
{
	char *src = cat(HEAD, "@document basic 基本方針\n"
	                      "@chapter ch1 総則\n"
	                      "@article purpose 目的\n"
	                      "@article only 唯一\n"
	                      "{ref only}、{ref purpose}\n"
	                      "@document standards 対策基準\n"
	                      "@chapter ch2 総則\n"
	                      "@article purpose 目的\n"
	                      "@article uses 参照\n"
	                      "{ref purpose}、{ref only}\n");
	loaded *l = load(src);
	cr_assert_eq(l->d.errors, 0, "%s", mem(l));
	static const struct {
		const char *from, *to[2];
	} want[] = {{"basic.only", {"basic.only", "basic.purpose"}}, {"standards.uses", {"standards.purpose", "basic.only"}}};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		const pol_node *n = pol_map_get(l->m->by_key, want[i].from);
		cr_assert_not_null(n, "%s", want[i].from);
		cr_assert_not_null(n->body);
		cr_assert_eq(n->body->ninl, 2);
		for (size_t k = 0; k < 2; k++) {
			cr_assert_not_null(n->body->inl[k].node, "%s, reference %zu", want[i].from, k);
			cr_expect_str_eq(n->body->inl[k].node->key, want[i].to[k], "%s, reference %zu", want[i].from, k);
		}
	}
	done(l);
	free(src);
}

Test(checks, references)
{
	char *src = cat(HEAD, "@document basic 基本方針\n"
	                      "@chapter ch1 総則\n"
	                      "@article purpose 目的\n"
	                      "@document standards 対策基準\n"
	                      "@chapter ch2 総則\n"
	                      "@article purpose 目的\n"
	                      "@document procedures 実施手順\n"
	                      "@chapter ch3 総則\n"
	                      "@article intro はじめに\n"
	                      "{ref purpose}、{ref nowhere}、{ref basic.nowhere}、{ref standards.purpose}\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 3, "%s", mem(l));
	HAS(l, "src/policy.pol:11:6: error: ambiguous reference 'purpose': name its document, as in 'basic.purpose'");
	HAS(l, "src/policy.pol:11:20: error: unresolved reference 'nowhere'");
	HAS(l, "src/policy.pol:11:34: error: unresolved reference 'basic.nowhere'");
	done(l);
	free(src);
}

Test(checks, unknown_term_and_parameter)
{
	char *src = cat(HEAD, "@param pw [number, value=12]\n"
	                      "@document doc 文書\n"
	                      "@chapter ch 総則\n"
	                      "@article a 条\n"
	                      "{foo}と{param nope}と{param pw}\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 2, "%s", mem(l));
	HAS(l, "src/policy.pol:6:1: error: unknown term 'foo'");
	HAS(l, "src/policy.pol:6:14: error: unknown parameter 'nope'");
	done(l);
	free(src);
}

Test(checks, visibility_leaks)
{
	char *src = cat(HEAD, "@role admin 管理者\n"
	                      "@param pw [number, value=12]\n"
	                      "@term secret 秘密\n"
	                      "秘密の定義。\n"
	                      "@document pub 公開文書 [public]\n"
	                      "@chapter c 章\n"
	                      "@article a 条\n"
	                      "{ref hidden}、{secret}、{param pw}\n"
	                      "@rule r 規則 [may, applies=admin]\n"
	                      "@article hidden 内部 [internal]\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 4, "%s", mem(l));
	HAS(l, "src/policy.pol:9:6: error: public text refers to internal article 'hidden'");
	HAS(l, "src/policy.pol:9:14: error: public text refers to internal term '秘密'");
	HAS(l, "src/policy.pol:9:30: error: public text refers to internal parameter 'pw'");
	HAS(l, "src/policy.pol:10:26: error: public text refers to internal role 'admin'");
	done(l);
	free(src);
}

Test(checks, listed_document_title_is_public)
{
	char *src = cat(HEAD, "@document pub 公開文書 [public]\n"
	                      "@chapter c 章\n"
	                      "@article a 条\n"
	                      "{ref std}を参照。\n"
	                      "@document std 対策基準 [listed]\n"
	                      "@chapter c2 章\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 0, "%s", mem(l));
	done(l);
	free(src);
}

Test(checks, child_more_public_than_parent)
{
	char *src = cat(HEAD, "@document doc 文書 [confidential]\n"
	                      "@chapter ch 総則 [public]\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 1, "%s", mem(l));
	HAS(l, "src/policy.pol:3:17: error: 'public' node inside a confidential one: a child may not be more "
	       "public than its parent");
	done(l);
	free(src);
}

Test(checks, duplicate_id_with_note)
{
	char *src = cat(HEAD, "@document doc 文書\n"
	                      "@chapter ch 総則\n"
	                      "@article purpose 目的\n"
	                      "@article purpose 目的（再掲）\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 1, "%s", mem(l));
	cr_expect_str_eq(mem(l), "src/policy.pol:5:10: error: duplicate id 'purpose'\n"
	                         "    5 | @article purpose 目的（再掲）\n"
	                         "      |          ^~~~~~~\n"
	                         "src/policy.pol:4:10: note: first defined here\n"
	                         "    4 | @article purpose 目的\n"
	                         "      |          ^~~~~~~\n");
	done(l);
	free(src);
}

Test(checks, levels_out_of_place)
{
	char *src = cat(HEAD, "@chapter c0 章\n"
	                      "@document doc 文書\n"
	                      "@article a0 条\n"
	                      "@chapter ch 総則\n"
	                      "@item i0 号\n"
	                      "@article a 条\n"
	                      "@subitem s0 細目\n"
	                      "@check\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 5, "%s", mem(l));
	HAS(l, "src/policy.pol:2:1: error: @chapter outside a document");
	HAS(l, "src/policy.pol:4:1: error: @article outside a chapter");
	HAS(l, "src/policy.pol:6:1: error: @item outside an article");
	HAS(l, "src/policy.pol:8:1: error: @subitem outside an item");
	HAS(l, "src/policy.pol:9:1: error: @check outside a rule");
	done(l);
	free(src);
}

Test(checks, dates)
{
	char *src = cat(HEAD, "  issued = 2026-13\n"
	                      "@param a [date, value=2026-02-30]\n"
	                      "@param b [date, value=2024-02-29]\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 2, "%s", mem(l));
	HAS(l, "src/policy.pol:2:12: error: date '2026-13' does not exist (write YYYY-MM or YYYY-MM-DD)");
	HAS(l, "src/policy.pol:3:23: error: date '2026-02-30' does not exist (write YYYY-MM-DD)");
	done(l);
	free(src);
}

/* ---- files ---- */

Test(checks, include_cycle_and_root)
{
	const char *files[] = {
		"policy.pol", "@policy test テスト\n@include a.pol\n@include ../x.pol\n@include /etc/passwd\n",
		"a.pol", "@include b.pol\n",
		"b.pol", "@include a.pol\n",
		NULL,
	};
	loaded *l = load_files(false, files);
	cr_expect_eq(l->d.errors, 3, "%s", mem(l));
	HAS(l, "src/b.pol:1:10: error: include cycle: 'a.pol' includes itself");
	HAS(l, "src/policy.pol:3:10: error: include path '../x.pol' is outside the source root");
	HAS(l, "src/policy.pol:4:10: error: include path '/etc/passwd' is outside the source root");
	done(l);
}

Test(checks, missing_include)
{
	const char *files[] = {"policy.pol", "@policy test テスト\n@include roles.pol\n", NULL};
	loaded *l = load_files(false, files);
	cr_expect_eq(l->d.errors, 1, "%s", mem(l));
	HAS(l, "src/policy.pol:2:10: error: cannot read 'roles.pol': no such file");
	done(l);
}

Test(checks, missing_policy_pol_gives_no_model)
{
	const char *files[] = {"main.pol", "@policy test テスト\n", NULL};
	loaded *l = load_files(false, files);
	cr_expect_null(l->m);
	cr_expect(strstr(mem(l), "cannot read src/policy.pol") != NULL, "%s", mem(l));
	done(l);
}

Test(checks, invalid_utf8)
{
	loaded *l = load("@policy test テスト\n情報\xff資産\n");
	cr_expect_null(l->m);
	cr_expect_eq(l->d.errors, 1);
	HAS(l, "src/policy.pol:2:3: error: invalid UTF-8 (byte 0xFF at byte 29)");
	done(l);
}

/* ---- warnings ---- */

Test(checks, warnings)
{
	char *src = cat(HEAD, "@term unused 未使用\n"
	                      "使われない。\n"
	                      "@document d 文書\n"
	                      "@chapter c 章\n"
	                      "@article a 条\n"
	                      "@measure m1 対策\n"
	                      "@threat t1 脅威\n"
	                      "@rule r1 規則 [must]\n"
	                      "@procedure pr 手順\n");
	loaded *l = load(src);
	cr_assert_not_null(l->m, "warnings leave a model");
	cr_expect_eq(l->d.errors, 0, "%s", mem(l));
	cr_expect_eq(l->d.warnings, 5, "%s", mem(l));
	HAS(l, "src/policy.pol:2:7: warning: term '未使用' is never used");
	HAS(l, "src/policy.pol:7:10: warning: basic measure '対策' is not implemented by any standard");
	HAS(l, "src/policy.pol:8:9: warning: threat '脅威' is not countered by any measure or rule");
	HAS(l, "src/policy.pol:9:7: warning: must-rule 'r1' has no check");
	HAS(l, "src/policy.pol:10:12: warning: procedure '手順' implements nothing");
	cr_expect_not(pol_diag_failed(&l->d), "warnings alone do not fail");
	done(l);
	free(src);
}

Test(checks, werror_fails_on_warnings)
{
	const char *files[] = {"policy.pol", "@policy test テスト\n@term unused 未使用\n定義。\n", NULL};
	loaded *l = load_files(true, files);
	cr_expect_eq(l->d.errors, 0);
	cr_expect_eq(l->d.warnings, 1);
	cr_expect(pol_diag_failed(&l->d));
	done(l);
}

Test(checks, term_defined_twice)
{
	char *src = cat(HEAD, "@document doc 文書\n"
	                      "@chapter ch 総則\n"
	                      "@article a 条\n"
	                      "{def staff 職員等: 全職員}は{staff}。\n"
	                      "@article b 条2\n"
	                      "{def staff 職員等: すべての職員}\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 0, "%s", mem(l));
	cr_expect_eq(l->d.warnings, 1, "%s", mem(l));
	HAS(l, "src/policy.pol:7:6: warning: term '職員等' defined twice with different text");
	HAS(l, "src/policy.pol:5:6: note: first defined here");
	done(l);
	free(src);
}

Test(checks, consistency_checks_wait_for_errors_to_be_fixed)
{
	/* The warnings come only once the policy has no errors. */
	char *src = cat(HEAD, "@term unused 未使用\n"
	                      "定義。\n"
	                      "@frob\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 1, "%s", mem(l));
	cr_expect_eq(l->d.warnings, 0, "%s", mem(l));
	done(l);
	free(src);
}

Test(checks, attributes)
{
	char *src = cat(HEAD, "@document doc 文書 [public=yes, colour=red, tier]\n"
	                      "@document doc2 文書2 [tier=basic, tier=standards]\n");
	loaded *l = load(src);
	cr_expect_eq(l->d.errors, 4, "%s", mem(l));
	HAS(l, "src/policy.pol:2:19: error: 'public' takes no value");
	HAS(l, "src/policy.pol:2:31: error: unknown attribute 'colour' for @document");
	HAS(l, "src/policy.pol:2:43: error: 'tier' needs a value");
	HAS(l, "src/policy.pol:3:33: error: attribute 'tier' given twice");
	done(l);
	free(src);
}
