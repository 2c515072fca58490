/* test_model.c — the numbered model: a small policy loaded in each numbering style,
 * with nodes looked up through m->by_key and their number, full reference, reiki
 * caption and 目次 range asserted; visibility inheritance; check ids; terms, roles and
 * parameters; inline markup replaced in prose. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "memsource.h"
#include "edition/edition.h"
#include "model/load.h"
#include "model/model.h"

static pol_diag diag;

/* Loads policy.pol from text; the policy must be free of diagnostics. */
static pol_model *load(const char *text)
{
	const char *files[] = {"policy.pol", text, NULL};
	pol_source *src = mem_source_new(files);
	pol_diag_init(&diag, NULL);
	pol_model *m = pol_model_load(src, &diag);
	pol_source_free(src);
	cr_assert_not_null(m, "no model: %s", diag.mem.data ? diag.mem.data : "");
	cr_assert_eq(diag.errors + diag.warnings, 0, "%s", diag.mem.data ? diag.mem.data : "");
	pol_diag_fini(&diag);
	return m;
}

static pol_node *node(pol_model *m, const char *key)
{
	pol_node *n = pol_map_get(m->by_key, key);
	cr_assert_not_null(n, "no node '%s'", key);
	return n;
}

/* A prose's md, which need not end in a NUL (it may be the source text itself). */
static void md_is(const pol_prose *p, const char *want)
{
	cr_assert_not_null(p);
	cr_assert_not_null(p->md);
	cr_expect(p->mdlen == strlen(want) && !memcmp(p->md, want, p->mdlen), "md '%.*s', want '%s'", (int)p->mdlen,
	          p->md, want);
}

static void str_is(const char *got, const char *want, const char *what)
{
	if (!want) {
		cr_expect_null(got, "%s: expected none, got '%s'", what, got ? got : "");
		return;
	}
	cr_expect_not_null(got, "%s: expected '%s', got none", what, want);
	if (got)
		cr_expect_str_eq(got, want, "%s", what);
}

/* Asserts a node's num, ref, caption and range (NULL: none). */
static void numbered(pol_model *m, const char *key, const char *num, const char *ref, const char *caption,
                     const char *range)
{
	pol_node *n = node(m, key);
	char what[128];
	snprintf(what, sizeof what, "%s num", key);
	str_is(n->num, num, what);
	snprintf(what, sizeof what, "%s ref", key);
	str_is(n->ref, ref, what);
	snprintf(what, sizeof what, "%s caption", key);
	str_is(pol_more(n)->caption, caption, what);
	snprintf(what, sizeof what, "%s range", key);
	str_is(n->toc_range, range, what);
}

/* ---- guideline ---- */

static const char *GUIDELINE =
	"@policy isp 情報セキュリティポリシー\n"
	"  organization = 吾妻広域町村圏振興整備組合\n"
	"  issued = 2026-03\n"
	"@role staff 職員等 [public]\n"
	"@param pw.min [number, value=12, unit=文字]\n"
	"@param log.keep [duration, value=90d]\n"
	"@document preface 序文 [public, tier=preface]\n"
	"@chapter intro はじめに\n"
	"@document basic 基本方針 [public, tier=basic, summary=基本的な方針]\n"
	"@chapter general 総則\n"
	"@section scope 適用範囲\n"
	"@subsection assets 情報資産\n"
	"@article definition 定義\n"
	"@paragraph para\n"
	"項の本文。\n"
	"@item network ネットワーク\n"
	"@subitem lan 庁内LAN\n"
	"@subsubitem wired 有線LAN\n"
	"@subsubitem wifi 無線LAN\n"
	"@subitem inet インターネット\n"
	"@item systems 情報システム\n"
	"@article second 第二条\n"
	"{ref wifi}及び{ref standards}を参照。\n"
	"@chapter measures 対策\n"
	"@article org 組織体制\n"
	"{ref wifi}を参照。\n"
	"@supplement enforce [effective=2026-04-01]\n"
	"@document standards 対策基準 [tier=standards, listed]\n"
	"@chapter main 対策基準\n"
	"@article phy 物理 [confidential]\n"
	"@rule phy-room 施錠 [must, applies=staff]\n"
	"{param pw.min}以上、{param log.keep}保存。\n"
	"@check [every=month, evidence=管理簿]\n"
	"施錠されているか。\n"
	"@check phy-annual [every=year]\n"
	"年次点検。\n"
	"@check\n"
	"随時。\n";

Test(model, header)
{
	pol_model *m = load(GUIDELINE);
	cr_expect_str_eq(m->id, "isp");
	cr_expect_str_eq(m->title, "情報セキュリティポリシー");
	cr_expect_str_eq(m->organization, "吾妻広域町村圏振興整備組合");
	cr_expect_str_eq(m->issued, "2026-03");
	cr_expect_str_eq(m->issued_era, "令和8年3月");
	cr_expect_eq(m->numbering, POL_NUM_GUIDELINE);
	cr_expect_eq(m->ndocs, 3);
	pol_model_free(m);
}

Test(model, guideline_numbers)
{
	pol_model *m = load(GUIDELINE);
	numbered(m, "preface.intro", "序章", "序章", NULL, NULL);
	numbered(m, "basic.general", "第1章", "第1章", NULL, NULL);
	numbered(m, "basic.scope", "第1節", "第1章第1節", NULL, NULL);
	numbered(m, "basic.assets", "第1款", "第1章第1節第1款", NULL, NULL);
	numbered(m, "basic.definition", "1.", "第1章1", NULL, NULL);
	numbered(m, "basic.para", NULL, "第1章1", NULL, NULL);
	numbered(m, "basic.network", "(1)", "第1章1(1)", NULL, NULL);
	numbered(m, "basic.lan", "①", "第1章1(1)①", NULL, NULL);
	numbered(m, "basic.wired", "ア", "第1章1(1)①ア", NULL, NULL);
	numbered(m, "basic.wifi", "イ", "第1章1(1)①イ", NULL, NULL);
	numbered(m, "basic.inet", "②", "第1章1(1)②", NULL, NULL);
	numbered(m, "basic.systems", "(2)", "第1章1(2)", NULL, NULL);
	numbered(m, "basic.second", "2.", "第1章2", NULL, NULL);
	/* articles restart in each chapter; chapters run on across documents */
	numbered(m, "basic.measures", "第2章", "第2章", NULL, NULL);
	numbered(m, "basic.org", "1.", "第2章1", NULL, NULL);
	numbered(m, "basic.enforce", "附則", "附則", NULL, NULL);
	numbered(m, "standards.main", "第3章", "第3章", NULL, NULL);
	numbered(m, "standards.phy", "1.", "第3章1", NULL, NULL);
	numbered(m, "standards.phy-room", "(1)", "第3章1(1)", NULL, NULL);
	pol_node *doc = node(m, "basic");
	cr_expect_eq(doc->kind, POL_DOCUMENT);
	cr_expect_null(doc->num);
	cr_expect_eq(doc->tier, POL_TIER_BASIC);
	cr_expect_str_eq(pol_more(doc)->summary, "基本的な方針");
	pol_node *sup = node(m, "basic.enforce");
	cr_expect_eq(sup->kind, POL_SUPPLEMENT);
	cr_expect_str_eq(pol_more(sup)->effective, "2026-04-01");
	cr_expect_str_eq(pol_more(sup)->effective_era, "令和8年4月1日");
	pol_model_free(m);
}

Test(model, tree_and_ordinals)
{
	pol_model *m = load(GUIDELINE);
	pol_node *lan = node(m, "basic.lan");
	cr_expect_eq(lan->kind, POL_SUBITEM);
	cr_expect_eq(lan->ordinal, 1);
	cr_expect_eq(lan->parent, node(m, "basic.network"));
	cr_expect_eq(lan->nkids, 2);
	cr_expect_eq(node(m, "basic.network")->parent, node(m, "basic.para"));
	cr_expect_eq(node(m, "basic.definition")->parent, node(m, "basic.assets"));
	cr_expect_eq(pol_node_document(lan), node(m, "basic"));
	cr_expect_eq(node(m, "basic.systems")->ordinal, 2);
	char *h = pol_node_heading(lan);
	cr_expect_str_eq(h, "① 庁内LAN");
	free(h);
	pol_model_free(m);
}

Test(model, visibility_inheritance)
{
	pol_model *m = load(GUIDELINE);
	cr_expect_eq(node(m, "basic")->vis, POL_PUBLIC);
	cr_expect_eq(node(m, "basic.wifi")->vis, POL_PUBLIC, "inherited through five levels");
	cr_expect_eq(node(m, "standards")->vis, POL_INTERNAL, "a document is internal by default");
	cr_expect(node(m, "standards")->listed);
	cr_expect_eq(node(m, "standards.main")->vis, POL_INTERNAL);
	cr_expect_eq(node(m, "standards.phy")->vis, POL_CONFIDENTIAL);
	cr_expect_eq(node(m, "standards.phy-room")->vis, POL_CONFIDENTIAL, "inherits confidential");
	pol_role *staff = pol_map_get(m->role_by_id, "staff");
	cr_assert_not_null(staff);
	cr_expect_eq(staff->vis, POL_PUBLIC);
	pol_param *pw = pol_map_get(m->param_by_id, "pw.min");
	cr_assert_not_null(pw);
	cr_expect_eq(pw->vis, POL_INTERNAL, "parameters are internal by default");
	pol_model_free(m);
}

Test(model, rules_and_checks)
{
	pol_model *m = load(GUIDELINE);
	pol_node *r = node(m, "standards.phy-room");
	cr_expect(r->sem & POL_SEM_RULE);
	cr_expect_eq(r->level, POL_MUST);
	cr_assert_eq(r->napplies, 1);
	cr_expect_str_eq(r->applies[0]->id, "staff");
	cr_assert_eq(r->nchecks, 3);
	cr_expect_str_eq(r->checks[0]->id, "standards.phy-room.c1");
	cr_expect_str_eq(r->checks[0]->every, "month");
	cr_expect_str_eq(r->checks[0]->every_ja, "毎月");
	cr_expect_str_eq(r->checks[0]->evidence, "管理簿");
	cr_expect_str_eq(r->checks[1]->id, "standards.phy-annual", "an explicit id is <document>.<id>");
	cr_expect_str_eq(r->checks[1]->every_ja, "毎年");
	cr_expect_null(r->checks[2]->every);
	cr_expect_null(r->checks[2]->evidence);
	cr_expect_eq(r->checks[2]->rule, r);
	char *q = pol_prose_plain(r->checks[0]->question);
	cr_expect_str_eq(q, "施錠されているか。");
	free(q);
	pol_model_free(m);
}

Test(model, inline_markup_in_prose)
{
	pol_model *m = load(GUIDELINE);
	char *t = pol_prose_plain(node(m, "standards.phy-room")->body);
	cr_expect_str_eq(t, "12文字以上、90日保存。");
	free(t);
	/* a reference within the chapter leaves the chapter out; elsewhere it is whole; a
	 * document shows its title */
	t = pol_prose_plain(node(m, "basic.second")->body);
	cr_expect_str_eq(t, "1(1)①イ及び対策基準を参照。");
	free(t);
	t = pol_prose_plain(node(m, "basic.org")->body);
	cr_expect_str_eq(t, "第1章1(1)①イを参照。");
	free(t);
	pol_param *pw = pol_map_get(m->param_by_id, "pw.min");
	cr_expect_eq(pw->uses, 1);
	cr_expect_str_eq(pw->display, "12文字");
	pol_model_free(m);
}

/* ---- reiki ---- */

static const char *REIKI =
	"@policy regs 情報セキュリティ規程\n"
	"  numbering = reiki\n"
	"@document regs 規程\n"
	"@chapter general 総則\n"
	"@article purpose 目的\n"
	"この規程は、目的を定める。\n"
	"@paragraph p2\n"
	"第2項。\n"
	"@item i1 号\n"
	"@subitem si1 細目\n"
	"@subsubitem ssi1 細々目\n"
	"@paragraph p3\n"
	"第3項。\n"
	"@article scope 適用範囲\n"
	"@paragraph first\n"
	"第1項。\n"
	"@paragraph second\n"
	"第2項。\n"
	"@chapter org 組織\n"
	"@article a3 第三\n"
	"@article a4 第四\n"
	"@chapter measures 対策\n"
	"@article a5 第五\n"
	"@article a6 第六\n"
	"@article a7 第七\n"
	"@chapter audit 評価\n"
	"@section audit-in 監査\n"
	"@article a8 監査\n"
	"@section audit-self 自己点検\n"
	"@article a9 自己点検\n"
	"@article a10 点検結果\n"
	"{ref i1}、{ref ssi1}、{ref p3}による。\n";

Test(model, reiki_numbers)
{
	pol_model *m = load(REIKI);
	cr_expect_eq(m->numbering, POL_NUM_REIKI);
	numbered(m, "regs.general", "第1章", "第1章", NULL, "（第1条・第2条）");
	numbered(m, "regs.purpose", "第1条", "第1条", "（目的）", NULL);
	numbered(m, "regs.p2", "2", "第1条第2項", NULL, NULL);
	numbered(m, "regs.i1", "(1)", "第1条第2項第1号", NULL, NULL);
	numbered(m, "regs.si1", "ア", "第1条第2項第1号ア", NULL, NULL);
	numbered(m, "regs.ssi1", "(ア)", "第1条第2項第1号ア(ア)", NULL, NULL);
	numbered(m, "regs.p3", "3", "第1条第3項", NULL, NULL);
	/* no text of its own: the first @paragraph is the unnumbered first 項 */
	numbered(m, "regs.scope", "第2条", "第2条", "（適用範囲）", NULL);
	numbered(m, "regs.first", NULL, "第2条第1項", NULL, NULL);
	numbered(m, "regs.second", "2", "第2条第2項", NULL, NULL);
	/* article numbers run on across chapters */
	numbered(m, "regs.org", "第2章", "第2章", NULL, "（第3条・第4条）");
	numbered(m, "regs.a3", "第3条", "第3条", "（第三）", NULL);
	numbered(m, "regs.measures", "第3章", "第3章", NULL, "（第5条―第7条）");
	numbered(m, "regs.a7", "第7条", "第7条", "（第七）", NULL);
	/* a chapter divided into sections has no range; its sections do */
	numbered(m, "regs.audit", "第4章", "第4章", NULL, NULL);
	numbered(m, "regs.audit-in", "第1節", "第4章第1節", NULL, "（第8条）");
	numbered(m, "regs.audit-self", "第2節", "第4章第2節", NULL, "（第9条・第10条）");
	numbered(m, "regs.a10", "第10条", "第10条", "（点検結果）", NULL);
	char *t = pol_prose_plain(node(m, "regs.a10")->body);
	cr_expect_str_eq(t, "第1条第2項第1号、第1条第2項第1号ア(ア)、第1条第3項による。");
	free(t);
	pol_model_free(m);
}

Test(model, keys_and_anchors)
{
	pol_model *m = load(REIKI);
	pol_node *n = node(m, "regs.audit-self");
	cr_expect_str_eq(n->key, "regs.audit-self");
	cr_expect_str_eq(n->anchor, "regs-audit-self");
	size_t anonymous = 0;
	for (size_t i = 0; i < m->nnodes; i++) {
		cr_expect_not_null(m->nodes[i]->key);
		if (!m->nodes[i]->id)
			anonymous++;
	}
	cr_expect_eq(anonymous, 0);
	cr_expect_eq(m->nodes[0], node(m, "regs"), "nodes are in document order");
	cr_expect_eq(m->nodes[1], node(m, "regs.general"));
	pol_model_free(m);
}

Test(model, anonymous_nodes)
{
	pol_model *m = load("@policy p P\n"
	                    "@document d D\n"
	                    "@chapter c C\n"
	                    "@article a A\n"
	                    "@item\n"
	                    "一\n"
	                    "@subitem\n"
	                    "二\n"
	                    "@item\n"
	                    "三\n");
	pol_node *a = node(m, "d.a");
	cr_assert_eq(a->nkids, 2);
	cr_expect_str_eq(a->kids[0]->key, "d.a/i1");
	cr_expect_str_eq(a->kids[0]->num, "(1)");
	cr_expect_str_eq(a->kids[0]->ref, "第1章1(1)");
	cr_expect_str_eq(a->kids[1]->key, "d.a/i2");
	cr_assert_eq(a->kids[0]->nkids, 1);
	cr_expect_str_eq(a->kids[0]->kids[0]->key, "d.a/i1/y1");
	cr_expect_str_eq(a->kids[0]->kids[0]->num, "①");
	pol_model_free(m);
}

Test(model, terms)
{
	pol_model *m = load("@policy p P\n"
	                    "@term asset 情報資産\n"
	                    "情報システム及び情報をいう。\n"
	                    "@document d D\n"
	                    "@chapter c C\n"
	                    "@article defs 定義\n"
	                    "@term conf 機密性\n"
	                    "認められた者だけがアクセスできる状態。\n"
	                    "@article use 利用\n"
	                    "{情報資産}の{conf}を守り、{def staff 職員等: 全ての職員}は{職員等}として従う。\n");
	cr_expect_eq(m->nterms, 3);
	pol_term *t = pol_map_get(m->term_by_id, "conf");
	cr_assert_not_null(t);
	cr_expect_str_eq(t->title, "機密性");
	cr_expect_str_eq(t->def_text, "認められた者だけがアクセスできる状態。");
	cr_expect_eq(t->node, node(m, "d.conf"));
	cr_expect(node(m, "d.conf")->sem & POL_SEM_TERM);
	cr_expect_eq(t->uses, 1);
	pol_term *g = pol_map_get(m->term_by_title, "情報資産");
	cr_assert_not_null(g);
	cr_expect_str_eq(g->id, "asset");
	cr_expect_null(g->node, "a glossary-only term");
	cr_expect_str_eq(g->def_text, "情報システム及び情報をいう。");
	pol_term *s = pol_map_get(m->term_by_id, "staff");
	cr_assert_not_null(s);
	cr_expect_str_eq(s->def_text, "全ての職員");
	cr_expect_eq(s->uses, 1);
	char *plain = pol_prose_plain(node(m, "d.use")->body);
	cr_expect_str_eq(plain, "情報資産の機密性を守り、全ての職員は職員等として従う。");
	free(plain);
	pol_model_free(m);
}

/* All files together may hold 64 MiB (docs/language.md): a file that would pass the
 * limit is not read, and the include that asked for it says why. */
Test(model, input_limit)
{
	const char *head = "@policy t テスト\n@include big.pol\n";
	size_t n = ((size_t)64 << 20) - strlen(head) + 1;
	char *big = malloc(n + 1);
	cr_assert_not_null(big);
	memset(big, '\n', n);
	big[n] = 0;
	const char *files[] = {"policy.pol", head, "big.pol", big, NULL};
	pol_source *src = mem_source_new(files);
	pol_diag_init(&diag, NULL);
	pol_model *m = pol_model_load(src, &diag);
	pol_source_free(src);
	free(big);
	cr_expect_eq(diag.errors, 1);
	cr_expect(diag.mem.data && strstr(diag.mem.data, "src/policy.pol:2:10: error: the policy's files exceed 64 MiB "
	                                                  "in all: 'big.pol' is not read"),
	          "%s", diag.mem.data ? diag.mem.data : "");
	pol_model_free(m);
	pol_diag_fini(&diag);
}

/* pol_load: the model alone, or with the digest; a folder that is not there. */
Test(model, loader)
{
	char dir[] = "/tmp/polc-load-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = pol_xasprintf("%s/policy.pol", dir);
	const char *text = "@policy t テスト\n@document d D\n@chapter c C\n@article a A\n本文。\n";
	cr_assert_eq(pol_write_file(path, text, strlen(text)), 0);
	pol_loader *l = pol_loader_new();
	pol_model *m = NULL;
	char *err = NULL, *warn = NULL;
	pol_diag_init(&diag, NULL);
	pol_load_opts o = {.dir = dir};
	cr_expect_eq(pol_load(&m, &err, &warn, l, &o, &diag), POL_LOAD_OK);
	cr_assert_not_null(m);
	cr_expect_null(m->digest, "no digest unless asked for");
	cr_expect_null(m->history);
	cr_expect_null(m->rev.describe, "no stamp unless asked for");
	pol_model_free(m);
	o.want = POL_LOAD_DIGEST | POL_LOAD_STAMP;
	cr_expect_eq(pol_load(&m, &err, &warn, l, &o, &diag), POL_LOAD_OK);
	cr_assert_not_null(m);
	cr_expect_not_null(m->digest);
	cr_expect_eq(strlen(m->digest), 40);
	cr_expect_not_null(m->rev.describe);
	pol_model_free(m);
	char *missing = pol_xasprintf("%s/nothing", dir);
	o.dir = missing;
	cr_expect_eq(pol_load(&m, &err, &warn, l, &o, &diag), POL_LOAD_UNREADABLE);
	cr_expect_null(m);
	cr_assert_not_null(err);
	cr_expect(strstr(err, "cannot open policy folder"), "%s", err);
	free(err);
	cr_expect_eq(diag.errors + diag.warnings, 0, "%s", diag.mem.data ? diag.mem.data : "");
	pol_diag_fini(&diag);
	pol_loader_free(l);
	free(missing);
	pol_rmtree(dir);
	free(path);
}

/* POL_LOAD_DIAG_ONLY (polc check): ordinary prose keeps its inline table but no md
 * (definitions keep theirs, so a term defined twice with different text is still
 * found), nodes have no anchors, and the diagnostics are those of a full load. */
Test(model, diag_only_load)
{
	char dir[] = "/tmp/polc-diag-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = pol_xasprintf("%s/policy.pol", dir);
	const char *text = "@policy t テスト\n@document d D\n@chapter c C\n@article a A\n"
	                   "{def staff 職員等: すべての職員}を対象とする。{ref b}\n"
	                   "@item tm 資産 [term]\n情報資産をいう。\n@article b B\n{資産}と{def staff 職員等: 全職員}。\n";
	cr_assert_eq(pol_write_file(path, text, strlen(text)), 0);
	pol_loader *l = pol_loader_new();
	char *err = NULL, *warn = NULL;
	pol_model *full = NULL, *m = NULL;
	pol_load_opts o = {.dir = dir};
	pol_diag_init(&diag, NULL);
	cr_expect_eq(pol_load(&full, &err, &warn, l, &o, &diag), POL_LOAD_OK);
	char *want = pol_xstrdup(diag.mem.data ? diag.mem.data : "");
	pol_diag_fini(&diag);
	o.want = POL_LOAD_DIAG_ONLY;
	pol_diag_init(&diag, NULL);
	cr_expect_eq(pol_load(&m, &err, &warn, l, &o, &diag), POL_LOAD_OK);
	cr_assert_not_null(m);
	cr_expect_str_eq(diag.mem.data ? diag.mem.data : "", want);
	cr_expect(strstr(want, "defined twice with different text"), "%s", want);
	pol_node *a = node(m, "d.a"), *tm = node(m, "d.tm");
	cr_expect_null(a->body->md);
	cr_expect_null(a->anchor, "no anchors for diagnostics only");
	cr_expect_str_eq(node(full, "d.a")->anchor, "d-a");
	cr_expect_eq(a->body->ninl, 2);
	cr_expect_str_eq(a->body->inl[1].text, "2");
	md_is(tm->body, "情報資産をいう。\n");
	md_is(node(full, "d.a")->body, "\xEE\x80\x80\xEE\x80\x90\xEE\x80\x81を対象とする。\xEE\x80\x80\xEE\x80\x91\xEE\x80\x81\n");
	pol_model_free(m);
	pol_model_free(full);
	pol_diag_fini(&diag);
	pol_loader_free(l);
	free(want);
	pol_rmtree(dir);
	free(path);
}

/* The reader's UTF-8 check finds the same first bad byte as pol_utf8_invalid_at,
 * whether it sits in a run of ASCII, after Japanese text or at the very end. */
Test(model, utf8_check_agrees)
{
	static const char *tails[] = {
		"abcdefgh\xC0\xAF", "あいうえお\xE0\x80\x80", "\xED\xA0\x80", "テスト\xF4\x90\x80\x80",
		"abcdefghijklmnop\xE3\x81", "x\xEF\xBF", "12345678\x80", "漢字\xFF", "abcdefg\xE3\x81\x82\xE3",
		"ok\xF0\x9F\x98\x80 then \xC2", "abcdefghijklmn\x01\x02\x7F\xE2\x82",
	};
	for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
		char *text = pol_xasprintf("@policy t テスト\n%s", tails[i]);
		size_t want = pol_utf8_invalid_at(text, strlen(text));
		cr_assert_neq(want, (size_t)-1);
		const char *files[] = {"policy.pol", text, NULL};
		pol_source *src = mem_source_new(files);
		pol_diag_init(&diag, NULL);
		pol_model *m = pol_model_load(src, &diag);
		pol_source_free(src);
		char *at = pol_xasprintf("at byte %zu)", want);
		cr_expect(diag.mem.data && strstr(diag.mem.data, at), "case %zu: want %s, got %s", i, at,
		          diag.mem.data ? diag.mem.data : "");
		free(at);
		pol_model_free(m);
		pol_diag_fini(&diag);
		free(text);
	}
}

/* The same inside long runs of Japanese text, where the reader checks two characters
 * at a time: a bad sequence at every offset of the pair, Japanese text after it. */
Test(model, utf8_check_agrees_in_runs)
{
	static const char *bad[] = {
		"\xE0\x80\x80", "\xED\xA0\x80", "\xE3\x81", "\xE3\x41\x82", "\xE3\x81\xC2", "\xC0\xAF",
		"\xF4\x90\x80\x80", "\x80", "\xE3\x81\x82\xFF",
	};
	for (size_t k = 0; k < 8; k++)
		for (size_t j = 0; j < sizeof bad / sizeof *bad; j++) {
			pol_buf b = {0};
			pol_buf_puts(&b, "@policy t テスト\n");
			for (size_t r = 0; r < k; r++)
				pol_buf_puts(&b, "情");
			pol_buf_puts(&b, bad[j]);
			pol_buf_puts(&b, "報資産の管理報資産の管理\n");
			size_t want = pol_utf8_invalid_at(b.data, b.len);
			cr_assert_neq(want, (size_t)-1);
			const char *files[] = {"policy.pol", b.data, NULL};
			pol_source *src = mem_source_new(files);
			pol_diag_init(&diag, NULL);
			pol_model *m = pol_model_load(src, &diag);
			pol_source_free(src);
			char *at = pol_xasprintf("at byte %zu)", want);
			cr_expect(diag.mem.data && strstr(diag.mem.data, at), "case %zu/%zu: want %s, got %s", k, j, at,
			          diag.mem.data ? diag.mem.data : "");
			free(at);
			pol_model_free(m);
			pol_diag_fini(&diag);
			pol_buf_free(&b);
		}
}

/* A directive's prose stands in its own file: prose right after an @include, or at the
 * top of an included file, belongs to nothing (an error), and the article keeps the
 * prose it had — none of it replaced or leaked. */
Test(model, prose_around_include)
{
	const char *files[] = {"policy.pol",
	                       "@policy t テスト\n@document d D\n@chapter c C\n@article a A\n前の段落。\n\n"
	                       "@include b.pol\n続き。\n",
	                       "b.pol", "中の段落。\n", NULL};
	pol_source *src = mem_source_new(files);
	pol_diag_init(&diag, NULL);
	pol_model *m = pol_model_load(src, &diag);
	pol_source_free(src);
	cr_assert_not_null(m);
	cr_expect_eq(diag.errors, 2, "%s", diag.mem.data ? diag.mem.data : "");
	cr_expect_not_null(strstr(diag.mem.data, "b.pol:1:1: error: prose at the top of an included file"));
	cr_expect_not_null(strstr(diag.mem.data, "policy.pol:8:1: error: prose after @include belongs to nothing"));
	pol_diag_fini(&diag);
	pol_node *a = node(m, "d.a");
	cr_assert_not_null(a->body);
	md_is(a->body, "前の段落。\n");
	pol_model_free(m);
}

/* Whether p's md lies inside the text of the file its span names. */
static bool md_in_text(const pol_prose *p)
{
	const pol_file *f = p->span.file;
	return f && p->md >= f->text && p->md + p->mdlen <= f->text + f->len;
}

/* Prose without {…} markup keeps no copy of its md: it is the file's text from the
 * prose's first line on. Prose with markup and prose whose lines a comment splits have
 * md of their own; every md reads as the lines it stands for. */
Test(model, md_of_plain_prose_is_the_source_text)
{
	pol_model *m = load("@policy t テスト\n@document d D\n@chapter c C\n"
	                    "@article a A\n一行目。\n二行目。\n\n次の段落。\n"
	                    "@article b B\n{ref d.a}による。\n"
	                    "@article k K\n前。\n# 注記\n後。\n"
	                    "@article z Z\n終わり。");
	const pol_prose *a = node(m, "d.a")->body, *b = node(m, "d.b")->body, *k = node(m, "d.k")->body,
	                *z = node(m, "d.z")->body;
	md_is(a, "一行目。\n二行目。\n\n次の段落。\n");
	cr_expect(md_in_text(a), "plain prose holds a copy of its md");
	md_is(b, "\xEE\x80\x80\xEE\x80\x90\xEE\x80\x81による。\n");
	cr_expect(!md_in_text(b), "md with a placeholder points into the source");
	md_is(k, "前。\n後。\n");
	cr_expect(!md_in_text(k), "md of lines apart in the source points into it");
	/* the file's last line has no newline; the file's text is given one, as md is */
	md_is(z, "終わり。\n");
	cr_expect(md_in_text(z));
	pol_model_free(m);
}

/* The internal edition withholds nothing and is a view of the full model (its nodes
 * are the full model's); the public edition is still a copy that holds no pointer to
 * a node of the full model; a term item without text makes the internal edition a
 * copy too (the copy has no defining node there). Editions are freed first. */
Test(model, internal_edition_is_a_view)
{
	static const char *pols[] = {
		"@policy t テスト\n@document d D [public]\n@chapter c C\n@article a A\n{ref b}を見る。\n"
		"@article b B [internal]\n本文。\n",
		"@policy t テスト\n@document d D [public]\n@chapter c C\n@article a A\n@item tm 資産 [term]\n"
		"@item x X\n{資産}。\n",
	};
	for (int k = 0; k < 2; k++) {
		const char *files[] = {"policy.pol", pols[k], NULL};
		pol_source *src = mem_source_new(files);
		pol_diag_init(&diag, NULL);
		pol_model *full = pol_model_load(src, &diag);
		pol_source_free(src);
		cr_assert_not_null(full, "%s", diag.mem.data ? diag.mem.data : "");
		pol_model *in = pol_edition_filter(full, POL_ED_INTERNAL, NULL);
		pol_model *pub = pol_edition_filter(full, POL_ED_PUBLIC, NULL);
		cr_assert_not_null(in);
		cr_expect_eq(in->edition, POL_ED_INTERNAL);
		if (k == 0) {
			cr_expect_eq(in->view_of, full);
			cr_expect_eq(in->nodes, full->nodes);
			cr_expect_eq(in->nnodes, full->nnodes);
			cr_expect_eq(pub->nnodes, full->nnodes - 1);
			for (size_t i = 0; i < pub->nnodes; i++) {
				for (size_t j = 0; j < full->nnodes; j++)
					cr_assert_neq(pub->nodes[i], full->nodes[j]);
				pol_prose *p = pub->nodes[i]->body;
				for (size_t q = 0; p && q < p->ninl; q++)
					cr_expect_null(p->inl[q].node, "the reference to the internal article is text");
			}
		} else {
			cr_expect_null(in->view_of, "a term item without text: a copy");
			cr_expect_neq(in->nodes, full->nodes);
		}
		pol_model_free(pub);
		pol_model_free(in);
		pol_model_free(full);
		pol_diag_fini(&diag);
	}
}

/* pol_source_read_in: a file's text read into an arena, NUL-terminated with room for a
 * second byte, the same as pol_source_read gives; a source without its own read_in (the
 * in-memory one) is copied in; a missing file is -1 with a reason, nothing given. */
Test(model, source_read_in)
{
	char dir[] = "/tmp/polc-readin-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	pol_buf big = {0};
	while (big.len < 200 * 1024) /* beyond a chunk of the arena's own */
		pol_buf_printf(&big, "@article a%zu 第%zu条\n本文。\n", big.len, big.len);
	const char *names[] = {"empty.pol", "small.pol", "big.pol"};
	const char *texts[] = {"", "@policy t テスト\n", big.data};
	for (int i = 0; i < 3; i++) {
		char *path = pol_xasprintf("%s/%s", dir, names[i]);
		cr_assert_eq(pol_write_file(path, texts[i], strlen(texts[i])), 0);
		free(path);
	}
	pol_source *src = pol_source_fs_new(dir);
	cr_assert_not_null(src);
	const char *files[] = {"small.pol", texts[1], NULL};
	pol_source *mem = mem_source_new(files);
	pol_arena a = {0};
	for (int i = 0; i < 3; i++) {
		char *text = NULL, *heap = NULL;
		size_t len = 99, hlen = 0;
		cr_assert_eq(pol_source_read_in(src, &a, &text, &len, names[i]), 0, "%s", names[i]);
		cr_assert_eq(pol_source_read(src, &heap, &hlen, names[i]), 0);
		cr_expect_eq(len, strlen(texts[i]), "%s: %zu bytes", names[i], len);
		cr_expect_eq(len, hlen);
		cr_expect_eq(text[len], 0);
		cr_expect(!memcmp(text, heap, len), "%s read in differs", names[i]);
		text[len + 1] = 'x'; /* the room pol_file_new_lent may use */
		free(heap);
	}
	char *text = NULL;
	size_t len = 0;
	cr_assert_eq(pol_source_read_in(mem, &a, &text, &len, "small.pol"), 0);
	cr_expect_str_eq(text, texts[1]);
	cr_expect_eq(len, strlen(texts[1]));
	text[len + 1] = 'x';
	text = NULL;
	cr_expect_eq(pol_source_read_in(src, &a, &text, &len, "none.pol"), -1);
	cr_expect_null(text);
	cr_expect_str_eq(pol_source_reason(src, -1), "no such file");
	cr_expect_eq(pol_source_read_in(mem, &a, &text, &len, "none.pol"), -1);
	cr_expect_null(text);
	pol_arena_free(&a);
	pol_source_free(mem);
	pol_source_free(src);
	pol_buf_free(&big);
	pol_rmtree(dir);
}
