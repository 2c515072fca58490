/* test_reiki.c — the 例規 parts of the model (docs/reiki.md): numbers of 別表 and 様式 and
 * their relation, 附則 of amendments and of 項, the header, the public 目次 ranges, and
 * the 法令標準XML of an edition (emit/lawxml.c): what it holds and what it refuses. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "emit/lawxml.h"
#include "memsource.h"

static const char *S_town[] = {
	"policy.pol",
	"@policy t 試験町規程\n"
	"  numbering = reiki\n"
	"@document rules 試験町規程 [public, promulgated=2020-02-03, number=訓令第12号]\n"
	"試験町規程（平成元年訓令第1号）の全部を改正する。\n"
	"@chapter general 総則\n"
	"@article a1 目的\n"
	"この訓令は、{ref t1}及び{ref f1}を定める。\n"
	"@article a3 表示\n"
	"表示は{ref t2}による。\n"
	"@article a2 秘密 [internal]\n"
	"INTERNAL-CANARY\n"
	"@supplement s0\n"
	"この訓令は、公布の日から施行する。\n"
	"@supplement s1 [promulgated=2023-03-31, number=訓令第5号, effective=公布の日]\n"
	"@paragraph\n"
	"この訓令は、公布の日から施行する。\n"
	"@paragraph p2\n"
	"経過措置。\n"
	"@appendix t1 [rel=a1]\n"
	"| a | b |\n|---|---|\n| 1 | 2 |\n"
	"@appendix t2 分類 [rel=a3 a1]\n"
	"| a |\n|---|\n| x & <y> |\n"
	"@appendix t3 [internal, rel=a2]\n"
	"INTERNAL-TABLE\n"
	"@form f1 報告書 [rel=a1]\n"
	"年　月　日\n",
	NULL,
};

static pol_model *S_load(const char **files, pol_diag *d)
{
	pol_diag_init(d, NULL);
	pol_source *src = mem_source_new(files);
	pol_model *m = pol_model_load(src, d);
	pol_source_free(src);
	return m;
}

static const pol_node *S_key(const pol_model *m, const char *key)
{
	const pol_node *n = pol_map_get(m->by_key, key);
	cr_assert_not_null(n, "no node %s", key);
	return n;
}

Test(reiki, appendices_supplements_and_header)
{
	pol_diag d;
	pol_model *m = S_load(S_town, &d);
	cr_assert_not_null(m);
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	const pol_node *doc = S_key(m, "rules");
	cr_expect_str_eq(pol_more(doc)->promulgated_era, "令和2年2月3日");
	cr_expect_str_eq(pol_more(doc)->law_number, "訓令第12号");
	/* three 別表: numbered; a 様式 is numbered apart */
	cr_expect_str_eq(S_key(m, "rules.t1")->num, "別表第1");
	cr_expect_str_eq(S_key(m, "rules.t2")->ref, "別表第2");
	cr_expect_str_eq(S_key(m, "rules.t3")->num, "別表第3");
	cr_expect_str_eq(S_key(m, "rules.f1")->num, "様式第1号");
	cr_expect_str_eq(pol_more(S_key(m, "rules.t2"))->relation, "（第2条・第1条関係）");
	/* 附則 */
	cr_expect_str_eq(S_key(m, "rules.s0")->num, "附　則");
	cr_expect_null(pol_more(S_key(m, "rules.s0"))->effective_era);
	const pol_node *s1 = S_key(m, "rules.s1");
	cr_expect_str_eq(s1->num, "附　則（令和5年3月31日訓令第5号）");
	cr_expect_null(pol_more(s1)->effective);
	cr_expect_str_eq(pol_more(s1)->effective_era, "公布の日");
	cr_assert_eq(s1->nkids, 2);
	cr_expect_str_eq(s1->kids[0]->num, "1");
	cr_expect_str_eq(S_key(m, "rules.p2")->ref, "附則第2項");
	/* {ref} to a 別表 and a 様式 */
	char *t = pol_prose_plain(S_key(m, "rules.a1")->body);
	cr_expect_str_eq(t, "この訓令は、別表第1及び様式第1号を定める。");
	free(t);
	pol_model_free(m);
	pol_diag_fini(&d);
}

/* One 別表 alone has no number. */
Test(reiki, a_single_table_is_betsuhyo)
{
	static const char *files[] = {
		"policy.pol",
		"@policy t 規程\n  numbering = reiki\n@document rules 規程 [public]\n@chapter c 総則\n"
		"@article a 目的\n{ref t}に定める。\n@appendix t [rel=a]\n内容\n@form f\n様式\n@form g\n様式\n",
		NULL,
	};
	pol_diag d;
	pol_model *m = S_load(files, &d);
	cr_assert_not_null(m);
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	cr_expect_str_eq(S_key(m, "rules.t")->num, "別表");
	cr_expect_str_eq(S_key(m, "rules.g")->num, "様式第2号");
	cr_expect_null(pol_more(S_key(m, "rules.f"))->relation);
	pol_model_free(m);
	pol_diag_fini(&d);
}

Test(reiki, public_edition_ranges_and_xml_hold_public_articles_only)
{
	pol_diag d;
	pol_model *m = S_load(S_town, &d);
	cr_assert_not_null(m);
	const pol_node *ch = S_key(m, "rules.general");
	cr_expect_str_eq(ch->toc_range, "（第1条―第3条）");
	pol_model *pub = pol_edition_filter(m, POL_ED_PUBLIC, NULL);
	cr_assert_not_null(pub);
	cr_expect_str_eq(((const pol_node *)pol_map_get(pub->by_key, "rules.general"))->toc_range, "（第1条・第2条）");
	cr_expect_null(pol_map_get(pub->by_key, "rules.t3"));
	pol_buf xml = {0};
	cr_assert_eq(pol_lawxml_render(&xml, pub, pub->docs[0], &d), 0);
	cr_expect_null(strstr(xml.data, "INTERNAL"), "a non-public text in the public XML");
	cr_expect_null(strstr(xml.data, "非公開"));
	cr_expect_null(strstr(xml.data, "第3条"), "the number of the internal article in the public XML");
	cr_expect_not_null(strstr(xml.data, "<Law Era=\"Reiwa\" Year=\"2\" Num=\"12\" PromulgateMonth=\"2\" "
	                                    "PromulgateDay=\"3\" LawType=\"Misc\" Lang=\"ja\">"));
	cr_expect_not_null(strstr(xml.data, "<LawNum>令和2年訓令第12号</LawNum>"));
	cr_expect_not_null(strstr(xml.data, "<Sentence>x &amp; &lt;y&gt;</Sentence>"), "cell text escaped");
	cr_expect_not_null(strstr(xml.data, "<SupplProvision AmendLawNum=\"令和5年3月31日訓令第5号\">"));
	cr_expect_not_null(strstr(xml.data, "<AppdxTableTitle>別表第2　分類</AppdxTableTitle>"));
	pol_buf_free(&xml);
	pol_model_free(pub);
	/* the internal edition says 非公開 and holds it all */
	pol_model *in = pol_edition_filter(m, POL_ED_INTERNAL, NULL);
	cr_assert_eq(pol_lawxml_render(&xml, in, in->docs[0], &d), 0);
	cr_expect_not_null(strstr(xml.data, "<!-- 非公開（内部版） -->"));
	cr_expect_not_null(strstr(xml.data, "INTERNAL-CANARY"));
	pol_buf_free(&xml);
	pol_model_free(in);
	pol_model_free(m);
	pol_diag_fini(&d);
}

/* 元年 is year 1; a document without 番号 is refused, at the document. */
Test(reiki, xml_era_first_year_and_missing_number)
{
	static const char *files[] = {
		"policy.pol",
		"@policy t 規程\n  numbering = reiki\n@document rules 規程 [public, promulgated=2019-05-01, number=規則第1号]\n"
		"@chapter c 総則\n@article a 目的\n本文\n@document other 他 [public, promulgated=2019-05-01]\n"
		"@chapter c 総則\n@article a 目的\n本文\n",
		NULL,
	};
	pol_diag d;
	pol_model *m = S_load(files, &d);
	cr_assert_not_null(m);
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	pol_buf xml = {0};
	cr_assert_eq(pol_lawxml_render(&xml, m, m->docs[0], &d), 0);
	cr_expect_not_null(strstr(xml.data, "Era=\"Reiwa\" Year=\"1\" Num=\"1\""));
	cr_expect_not_null(strstr(xml.data, "LawType=\"Rule\""));
	cr_expect_not_null(strstr(xml.data, "<LawNum>令和元年規則第1号</LawNum>"));
	pol_buf_free(&xml);
	cr_expect_eq(pol_lawxml_render(&xml, m, m->docs[1], &d), -1);
	cr_expect_eq(d.errors, 1);
	cr_expect_not_null(strstr(d.mem.data, "src/policy.pol:7:11: error: 法令標準XML needs the document's 番号"));
	pol_buf_free(&xml);
	pol_model_free(m);
	pol_diag_fini(&d);
}

/* What the schema has no place for is refused, not written as XML that does not validate. */
Test(reiki, xml_refuses_an_article_after_a_section_and_an_empty_chapter)
{
	static const char *files[] = {
		"policy.pol",
		"@policy t 規程\n  numbering = reiki\n@document rules 規程 [public, promulgated=2020-01-01, number=訓令第1号]\n"
		"@chapter c 総則\n@section s 節\n@article a 目的\n本文\n@article late 遅い\n本文\n"
		"@document other 他 [public, promulgated=2020-01-01, number=訓令第2号]\n@chapter c 総則\n"
		"@chapter d 空\n@article a 目的\n本文\n",
		NULL,
	};
	pol_diag d;
	pol_model *m = S_load(files, &d);
	cr_assert_not_null(m);
	cr_assert_eq(d.errors, 0, "%s", d.mem.data ? d.mem.data : "");
	pol_buf xml = {0};
	cr_expect_eq(pol_lawxml_render(&xml, m, m->docs[0], &d), 0, "an article after a section's articles is in the section");
	pol_buf_free(&xml);
	/* the builder puts "late" in the section; an article after a section needs the chapter again */
	cr_expect_eq(pol_lawxml_render(&xml, m, m->docs[1], &d), -1);
	cr_expect_not_null(strstr(d.mem.data, "src/policy.pol:11:10: error: 法令標準XML has no place for a chapter without articles"),
	                   "%s", d.mem.data);
	pol_buf_free(&xml);
	pol_model_free(m);
	pol_diag_fini(&d);
}
