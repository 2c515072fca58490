/* test_bundle.c — the rule bundle, the checklist's CSV and the assessment.
 *
 * CSV: exact quoting of the writer, the reader on BOMs, line ends, quoted line breaks
 * and every malformed form with its line, and a write→read round trip over many
 * pseudo-random fields. Bundle: a tiny policy written to a temporary folder, loaded,
 * rendered and read back with jansson: fields, inherited implements, placeholders in
 * text_markdown, sources, traceability, coverage, byte-identical renders, and a public
 * bundle that holds nothing internal. Assessment: answers read against that bundle. */
#include <cmark-gfm.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "emit/assess.h"
#include "emit/bundle.h"
#include "emit/checklist.h"
#include "edition/edition.h"
#include "model/model.h"

/* ---- CSV ---- */

static char *csv_row(const char *const *f, size_t n)
{
	pol_buf b = {0};
	pol_csv_put_row(&b, f, n);
	return pol_buf_detach(&b);
}

Test(csv, writer_quotes_only_what_needs_it)
{
	const char *f[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", "日本語、読点"};
	char *s = csv_row(f, 7);
	cr_assert_str_eq(s, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,日本語、読点\r\n");
	free(s);
}

Test(csv, reader_bom_line_ends_and_quotes)
{
	const char *text = "\xEF\xBB\xBF"
	                   "h1,h2\r\n"
	                   "a,\"b,c\"\n"
	                   "\"multi\r\nline\",\"q\"\"q\"\r"
	                   "x,\n"
	                   "\n"
	                   "last,";
	pol_csv c;
	pol_csv_parse(&c, text, strlen(text));
	cr_assert_eq(c.nerrors, 0);
	cr_assert_eq(c.nrows, 6);
	cr_assert_str_eq(c.rows[0].fields[0], "h1");
	cr_assert_eq(c.rows[0].line, 1);
	cr_assert_str_eq(c.rows[1].fields[1], "b,c");
	cr_assert_eq(c.rows[1].line, 2);
	cr_assert_str_eq(c.rows[2].fields[0], "multi\r\nline");
	cr_assert_str_eq(c.rows[2].fields[1], "q\"q");
	cr_assert_eq(c.rows[2].line, 3);
	cr_assert_eq(c.rows[3].line, 5, "a quoted line break counts as a line");
	cr_assert_eq(c.rows[3].n, 2);
	cr_assert_str_eq(c.rows[3].fields[1], "");
	cr_assert_eq(c.rows[4].n, 1, "a blank line is one empty field");
	cr_assert_eq(c.rows[5].n, 2, "a trailing comma at the end of the file is an empty field");
	cr_assert_eq(c.rows[5].line, 7);
	pol_csv_free(&c);
}

Test(csv, reader_errors_have_lines_and_the_parse_goes_on)
{
	const char *text = "a,b\n"
	                   "\"x\"y,z\n"
	                   "p\"q,r\n"
	                   "ok,ok\n"
	                   "\"open,\nnever closed\n";
	pol_csv c;
	pol_csv_parse(&c, text, strlen(text));
	cr_assert_eq(c.nerrors, 3);
	cr_assert_eq(c.errors[0].line, 2);
	cr_assert_str_eq(c.errors[0].msg, "unexpected text after a closing quote");
	cr_assert_eq(c.errors[1].line, 3);
	cr_assert_str_eq(c.errors[1].msg, "quote inside an unquoted field");
	cr_assert_eq(c.errors[2].line, 5);
	cr_assert_str_eq(c.errors[2].msg, "unterminated quoted field");
	cr_assert_eq(c.nrows, 4);
	cr_assert(c.rows[1].bad && c.rows[2].bad && !c.rows[3].bad);
	cr_assert_str_eq(c.rows[3].fields[1], "ok");
	pol_csv_free(&c);
}

Test(csv, round_trip_of_random_fields)
{
	static const char *const alphabet[] = {",", "\"", "\r", "\n", "\r\n", "a", " ", "あ", "、", "\"\""};
	unsigned seed = 12345;
	for (int round = 0; round < 300; round++) {
		size_t nrows = 1 + round % 5, ncols = 1 + round % 7;
		char ***want = calloc(nrows, sizeof *want);
		pol_buf b = {0};
		for (size_t r = 0; r < nrows; r++) {
			want[r] = calloc(ncols, sizeof **want);
			for (size_t k = 0; k < ncols; k++) {
				pol_buf f = {0};
				seed = seed * 1103515245u + 12345u;
				size_t len = (seed >> 16) % 6;
				for (size_t i = 0; i < len; i++) {
					seed = seed * 1103515245u + 12345u;
					pol_buf_puts(&f, alphabet[(seed >> 16) % 10]);
				}
				want[r][k] = pol_buf_detach(&f);
			}
			/* One empty field alone on a row reads back as a blank line: keep rows wider. */
			if (ncols == 1 && !want[r][0][0]) {
				free(want[r][0]);
				want[r][0] = strdup("x");
			}
			pol_csv_put_row(&b, (const char *const *)want[r], ncols);
		}
		pol_csv c;
		pol_csv_parse(&c, b.data, b.len);
		cr_assert_eq(c.nerrors, 0, "round %d", round);
		cr_assert_eq(c.nrows, nrows, "round %d", round);
		for (size_t r = 0; r < nrows; r++) {
			cr_assert_eq(c.rows[r].n, ncols, "round %d row %zu", round, r);
			for (size_t k = 0; k < ncols; k++) {
				cr_assert_str_eq(c.rows[r].fields[k], want[r][k], "round %d row %zu col %zu", round, r, k);
				free(want[r][k]);
			}
			free(want[r]);
		}
		free(want);
		pol_csv_free(&c);
		pol_buf_free(&b);
	}
}

Test(csv, trim_removes_ascii_and_ideographic_spaces)
{
	const char *s = "\xE3\x80\x80 はい\t\xE3\x80\x80";
	size_t n = strlen(s);
	const char *t = pol_checklist_trim(s, &n);
	cr_assert_eq(n, strlen("はい"));
	cr_assert(!memcmp(t, "はい", n));
}

/* ---- a tiny policy ---- */

static const char S_policy[] =
	"@policy tiny 小さな方針\n"
	"  organization = テスト組合\n"
	"  issued = 2026-03\n"
	"\n"
	"@role staff 職員等 [public]\n"
	"職員をいう。\n"
	"\n"
	"@role admin 管理者\n"
	"管理する者をいう。\n"
	"\n"
	"@param pw.len [number, value=12, unit=文字]\n"
	"長さ。\n"
	"\n"
	"@param mark [text, value=a*b]\n"
	"記号。\n"
	"\n"
	"@document basic 基本方針 [public, tier=basic]\n"
	"@chapter ch 基本方針\n"
	"@article threats 脅威\n"
	"@threat leak 漏えい\n"
	"情報が漏れること。\n"
	"\n"
	"@article measures 対策\n"
	"@measure tech 技術的対策 [counters=leak]\n"
	"技術的な対策を講じる。\n"
	"\n"
	"@rule open-rule 公開の規則 [must, applies=staff]\n"
	"公開される規則。\n"
	"@check [every=year, evidence=記録]\n"
	"守られているか。\n"
	"\n"
	"@document std 対策基準 [internal, tier=standards, listed, notice=非公開です。]\n"
	"@chapter main 対策基準\n"
	"@article tec 技術 [implements=basic.tech]\n"
	"@rule secret-pw パスワード [must, applies=staff admin, owner=admin, counters=basic.leak]\n"
	"パスワードは{param pw.len}以上、記号は{param mark}とし、{ref basic.threats}に備える。\n"
	"@check pw-check [every=month, evidence=設定画面]\n"
	"{param pw.len}以上か。\n"
	"@subitem detail 詳細\n"
	"詳細の本文。\n"
	"\n"
	"@document proc 実施手順 [internal, tier=procedures]\n"
	"@chapter pmain 実施手順\n"
	"@procedure p-pw パスワード設定手順 [implements=std.tec]\n"
	"手順の説明。\n"
	"@step s1 [role=admin]\n"
	"設定する。\n";

static char S_dir[64];

static void S_write(const char *name, const char *text)
{
	char *path = pol_xasprintf("%s/%s", S_dir, name);
	cr_assert_eq(pol_write_file(path, text, strlen(text)), 0);
	free(path);
}

static pol_model *S_load_text(const char *policy)
{
	strcpy(S_dir, "/tmp/polc-test-bundle.XXXXXX");
	cr_assert_not_null(mkdtemp(S_dir));
	S_write("policy.pol", policy);
	pol_source *src = pol_source_fs_new(S_dir);
	cr_assert_not_null(src);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(src, &d);
	pol_source_free(src);
	cr_assert_not_null(m);
	cr_assert(!pol_diag_failed(&d), "diagnostics: %s", d.mem.data ? d.mem.data : "");
	pol_diag_fini(&d);
	return m;
}

static pol_model *S_load(void)
{
	return S_load_text(S_policy);
}

static json_t *S_parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	cr_assert_not_null(j, "bundle is not JSON: %s (line %d)", e.text, e.line);
	return j;
}

static json_t *S_find(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
		if (json_string_value(json_object_get(x, key)) && !strcmp(json_string_value(json_object_get(x, key)), value))
			return x;
	return NULL;
}

#define STR(o, k) json_string_value(json_object_get((o), (k)))

Test(bundle, tiny_policy)
{
	pol_model *full = S_load();
	pol_model *m = pol_edition_filter(full, POL_ED_INTERNAL, NULL);
	char *text = pol_bundle_render(m);
	char *again = pol_bundle_render(m);
	cr_assert_str_eq(text, again, "two renders differ");
	size_t len = strlen(text);
	cr_assert(len > 2 && text[len - 1] == '\n' && text[len - 2] == '}');
	/* Keys in the documented order. */
	const char *order[] = {"\"format\"", "\"policy\"", "\"edition\"", "\"revision\"", "\"roles\"", "\"terms\"",
	                       "\"parameters\"", "\"threats\"", "\"measures\"", "\"documents\"", "\"rules\"",
	                       "\"procedures\"", "\"traceability\"", "\"coverage\""};
	const char *at = text;
	for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
		const char *p = strstr(at, order[i]);
		cr_assert_not_null(p, "%s missing or out of order", order[i]);
		at = p;
	}

	json_t *b = S_parse(text);
	cr_assert_str_eq(STR(json_object_get(b, "format"), "name"), "polc-bundle");
	cr_assert_str_eq(STR(json_object_get(b, "format"), "version"), "1.1");
	cr_assert_str_eq(STR(b, "edition"), "internal");
	json_t *pol = json_object_get(b, "policy");
	cr_assert_str_eq(STR(pol, "id"), "tiny");
	cr_assert_str_eq(STR(pol, "issued_era"), "令和8年3月");
	cr_assert_str_eq(STR(pol, "numbering"), "guideline");
	cr_assert(json_is_false(json_object_get(json_object_get(b, "revision"), "in_repo")));

	json_t *pw = S_find(json_object_get(b, "parameters"), "id", "pw.len");
	cr_assert_str_eq(STR(pw, "unit"), "文字");
	cr_assert_str_eq(STR(pw, "display"), "12文字");
	cr_assert_null(json_object_get(S_find(json_object_get(b, "parameters"), "id", "mark"), "unit"));

	json_t *rules = json_object_get(b, "rules");
	cr_assert_eq(json_array_size(rules), 2);
	json_t *r = S_find(rules, "id", "std.secret-pw");
	cr_assert_not_null(r);
	cr_assert_str_eq(STR(r, "number"), "第2章1(1)");
	cr_assert_str_eq(STR(r, "level"), "must");
	cr_assert_str_eq(STR(r, "owner"), "admin");
	cr_assert_str_eq(STR(r, "document"), "std");
	cr_assert_eq(json_array_size(json_object_get(r, "applies")), 2);
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r, "implements"), 0)), "basic.tech",
	                 "implements is inherited from the article");
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(r, "counters"), 0)), "basic.leak");
	cr_assert_str_eq(STR(r, "text"), "パスワードは12文字以上、記号はa*bとし、第1章1に備える。");
	cr_assert_str_eq(STR(r, "text_markdown"), "パスワードは12文字以上、記号はa\\*bとし、第1章1に備える。");
	json_t *src = json_object_get(r, "source");
	cr_assert_str_eq(STR(src, "file"), "policy.pol");
	json_int_t line = json_integer_value(json_object_get(src, "line"));
	cr_assert_eq(line, 35, "line %lld: the @rule directive is on line 35", (long long)line);
	json_t *part = json_array_get(json_object_get(r, "parts"), 0);
	cr_assert_str_eq(STR(part, "id"), "std.detail");
	cr_assert_str_eq(STR(part, "text"), "詳細の本文。");
	json_t *ck = json_array_get(json_object_get(r, "checks"), 0);
	cr_assert_str_eq(STR(ck, "id"), "std.pw-check");
	cr_assert_str_eq(STR(ck, "question"), "12文字以上か。");
	cr_assert_str_eq(STR(ck, "frequency"), "month");
	cr_assert_str_eq(STR(ck, "frequency_ja"), "毎月");
	cr_assert_str_eq(STR(json_array_get(json_object_get(S_find(rules, "id", "basic.open-rule"), "checks"), 0), "id"),
	                 "basic.open-rule.c1");

	json_t *proc = json_array_get(json_object_get(b, "procedures"), 0);
	cr_assert_str_eq(STR(proc, "id"), "proc.p-pw");
	cr_assert_str_eq(STR(json_array_get(json_object_get(proc, "steps"), 0), "role"), "admin");

	json_t *tr = json_array_get(json_object_get(b, "traceability"), 0);
	cr_assert_str_eq(STR(tr, "threat"), "basic.leak");
	json_t *tm = json_array_get(json_object_get(tr, "measures"), 0);
	cr_assert_str_eq(STR(tm, "measure"), "basic.tech");
	json_t *trule = json_array_get(json_object_get(tm, "rules"), 0);
	cr_assert_str_eq(STR(trule, "rule"), "std.secret-pw");
	cr_assert(json_is_true(json_object_get(trule, "counters")));
	cr_assert_str_eq(json_string_value(json_array_get(json_object_get(trule, "procedures"), 0)), "proc.p-pw",
	                 "a procedure implementing the article reaches the rule");

	json_t *cov = json_object_get(b, "coverage");
	cr_assert_eq(json_integer_value(json_object_get(cov, "measures_implemented")), 1);
	cr_assert_eq(json_integer_value(json_object_get(cov, "threats_countered")), 1);
	cr_assert_eq(json_integer_value(json_object_get(cov, "must_rules")), 2);
	cr_assert_eq(json_integer_value(json_object_get(cov, "checks_total")), 2);

	json_decref(b);
	free(text);
	free(again);

	/* The unfiltered model says so. */
	text = pol_bundle_render(full);
	b = S_parse(text);
	cr_assert_str_eq(STR(b, "edition"), "full");
	json_decref(b);
	free(text);

	pol_model_free(m);
	pol_model_free(full);
	pol_rmtree(S_dir);
}

Test(bundle, public_bundle_holds_nothing_internal)
{
	pol_model *full = S_load();
	pol_model *m = pol_edition_filter(full, POL_ED_PUBLIC, NULL);
	char *text = pol_bundle_render(m);
	json_t *b = S_parse(text);
	cr_assert_str_eq(STR(b, "edition"), "public");
	const char *secrets[] = {"secret-pw", "pw-check", "\"admin\"", "pw.len", "a*b", "std.", "proc.",
	                         "パスワード", "12文字", "管理者", "設定画面", "詳細の本文", "std.tec"};
	for (size_t i = 0; i < sizeof secrets / sizeof *secrets; i++)
		cr_assert_null(strstr(text, secrets[i]), "public bundle holds '%s'", secrets[i]);
	json_t *rules = json_object_get(b, "rules");
	cr_assert_eq(json_array_size(rules), 1);
	cr_assert_str_eq(STR(json_array_get(rules, 0), "id"), "basic.open-rule");
	json_t *stub = json_array_get(json_object_get(b, "documents"), 1);
	cr_assert(json_is_true(json_object_get(stub, "withheld")));
	cr_assert(json_is_null(json_object_get(stub, "id")));
	cr_assert_str_eq(STR(stub, "notice"), "非公開です。");
	cr_assert_eq(json_array_size(json_object_get(stub, "children")), 0);
	json_decref(b);
	free(text);
	pol_model_free(m);
	pol_model_free(full);
	pol_rmtree(S_dir);
}

/* pol_bundle_plain against pol_prose_plain (cmark) on plain paragraphs, which it reads
 * itself, and on every kind of markup, which it leaves to cmark. */
Test(bundle, plain_text_is_the_same_as_cmark_gives)
{
	static const char *const md[] = {
		"", "本文。", "一行目\n二行目", "段落一。\n\n段落二。\n", "\n\n先頭の空行", "末尾の空白二つ  \n次",
		"行末の空白 \n次", " 先頭の空白", "    字下げはコード", "- 項目\n- 項目二", "1. 一\n2. 二", "2026年に定める。",
		"1) 一", "3.5倍", "# 見出し", "見出し\n===", "見出し\n---", "強調 *です*", "a_b_c", "`code`",
		"[link](http://x)", "<b>html</b>", "&amp;と&#x41;", "a\\*b", "ア\n- 続き", "> 引用", "~~~\ncode\n~~~",
		"abc\r\ndef", "\t tab", "数字1)です", "置換\xEE\x80\x80\xEE\x80\x90\xEE\x80\x81の後",
		"二つ\xEE\x80\x80\xEE\x80\x90\xEE\x80\x81と\xEE\x80\x80\xEE\x80\x90\xEE\x80\x81\n\n次の段落",
		"壊れた\xEE\x80\x80置換", "***", "a\n\n\n\nb", "Word (括弧) ; : ? ! \" ' / = + % @ $ ^ { } | ~ #",
	};
	for (size_t i = 0; i < sizeof md / sizeof *md; i++) {
		pol_prose *p = pol_prose_new_md(md[i]);
		p->inl = calloc(1, sizeof *p->inl);
		p->ninl = 1;
		p->inl[0].kind = POL_IN_PARAM;
		p->inl[0].text = strdup("12*文字_[x]");
		char *want = pol_prose_plain(p);
		pol_buf b = {0};
		pol_bundle_plain(&b, p);
		cr_expect_str_eq(b.data, want, "md %zu: '%s'", i, md[i]);
		pol_buf_free(&b);
		free(want);
		pol_prose_free(p);
	}
	pol_buf b = {0};
	pol_bundle_plain(&b, NULL);
	cr_expect_str_eq(b.data, "");
	pol_buf_free(&b);
}

/* The text fields of plain prose come from md and the inline table alone: writing the
 * bundle parses no prose with cmark (trees are made on first use, by renderers only). */
static size_t S_trees(const pol_model *m)
{
	size_t n = 0;
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *x = m->nodes[i];
		n += x->body && x->body->own.doc;
		for (size_t k = 0; k < x->nchecks; k++)
			n += x->checks[k]->question->own.doc != NULL;
	}
	return n;
}

Test(bundle, text_fields_need_no_cmark_tree)
{
	pol_model *m = S_load();
	cr_assert_eq(S_trees(m), 0, "loading parses no prose");
	char *got = pol_bundle_render(m);
	cr_expect_eq(S_trees(m), 0, "the bundle parsed prose with cmark");
	cr_expect_not_null(strstr(got, "\"text\": \"パスワードは12文字以上、記号はa*bとし、第1章1に備える。\""),
	                   "placeholders replaced");
	/* Renderers' trees change nothing in the bundle. */
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i]->body)
			pol_prose_doc(m->nodes[i]->body);
	char *again = pol_bundle_render(m);
	cr_expect_str_eq(again, got);
	free(again);
	free(got);
	pol_model_free(m);
	pol_rmtree(S_dir);
}

/* A rule's "text" is the plain text of its prose, also where the bundle takes it to be
 * its "text_markdown" (one plain line, inlines showing nothing CommonMark escapes). */
Test(bundle, rule_text_is_the_plain_text)
{
	pol_model *m = S_load_text(
		"@policy t 方針\n"
		"@param mark [text, value=a*b]\n"
		"記号。\n"
		"@param word [text, value=語]\n"
		"語。\n"
		"@document std 対策基準 [internal, tier=standards]\n"
		"@chapter main 対策基準\n"
		"@article a 条\n"
		"@rule one 一行 [must]\n"
		"一行の本文。\n"
		"@rule inl 置換 [must]\n"
		"{param word}を用いる。\n"
		"@rule star 記号 [must]\n"
		"記号は{param mark}とする。\n"
		"@rule lines 二行 [must]\n"
		"一行目\n"
		"二行目{param word}\n"
		"@rule paras 二段落 [must]\n"
		"段落一。\n"
		"\n"
		"段落二。\n"
		"@rule emph 強調 [must]\n"
		"*強調*と `code` の本文。\n"
		"@rule list 箇条 [must]\n"
		"- 項目一\n"
		"- 項目二\n");
	char *got = pol_bundle_render(m);
	json_t *j = S_parse(got);
	size_t rules = 0;
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (!(n->sem & POL_SEM_RULE))
			continue;
		json_t *r = S_find(json_object_get(j, "rules"), "id", n->key);
		cr_assert_not_null(r, "rule %s in the bundle", n->key);
		pol_buf b = {0};
		pol_bundle_plain(&b, n->body);
		cr_expect_str_eq(STR(r, "text"), b.data, "rule %s", n->key);
		pol_buf_free(&b);
		rules++;
	}
	cr_expect_eq(rules, 7);
	json_decref(j);
	free(got);
	pol_model_free(m);
	pol_rmtree(S_dir);
}

/* Strings are escaped as jansson escapes them; the layout is jansson's JSON_INDENT(2). */
Test(bundle, layout_and_escapes_are_janssons)
{
	strcpy(S_dir, "/tmp/polc-test-bundle.XXXXXX");
	cr_assert_not_null(mkdtemp(S_dir));
	S_write("policy.pol", "@policy q \"引用\"と\\の方針\n"
	                      "  issued = 2026-03\n"
	                      "@document d 文書 [public, tier=basic]\n"
	                      "@chapter c 章\n"
	                      "@article a 条\n"
	                      "@rule r 規則 [may]\n"
	                      "本文に \"引用符\" と \\\\ がある。\n");
	pol_source *src = pol_source_fs_new(S_dir);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(src, &d);
	pol_source_free(src);
	cr_assert(m && !d.errors, "%s", d.mem.data ? d.mem.data : "");
	pol_diag_fini(&d);
	char *text = pol_bundle_render(m);
	json_t *j = S_parse(text);
	char *again = json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	pol_buf want = {0};
	pol_buf_printf(&want, "%s\n", again);
	cr_expect_str_eq(text, want.data, "the bundle is laid out as jansson dumps it");
	cr_expect_str_eq(STR(json_object_get(j, "policy"), "title"), "\"引用\"と\\の方針");
	cr_expect_not_null(strstr(text, "\"text\": \"本文に \\\"引用符\\\" と \\\\ がある。\""), "%s", text);
	pol_buf_free(&want);
	free(again);
	json_decref(j);
	free(text);
	pol_model_free(m);
	pol_rmtree(S_dir);
}

/* ---- checklist and assessment against the tiny bundle ---- */

static void S_checklist(pol_checklist *cl)
{
	pol_model *full = S_load();
	pol_model *m = pol_edition_filter(full, POL_ED_INTERNAL, NULL);
	char *text = pol_bundle_render(m);
	S_write("bundle.json", text);
	free(text);
	pol_model_free(m);
	pol_model_free(full);
	char *path = pol_xasprintf("%s/bundle.json", S_dir);
	pol_buf err = {0};
	cr_assert_eq(pol_checklist_load(cl, path, NULL, &err), 0, "%s", err.data ? err.data : "");
	free(path);
	pol_rmtree(S_dir);
}

Test(checklist, csv_of_the_bundle)
{
	pol_checklist cl;
	S_checklist(&cl);
	cr_assert_eq(cl.nchecks, 2);
	char *csv = pol_checklist_csv(&cl, NULL);
	const char *head = "\xEF\xBB\xBFNo.,チェックID,対象,点検項目,根拠,頻度,証跡,判定,備考\r\n";
	cr_assert(!strncmp(csv, head, strlen(head)));
	cr_assert_not_null(strstr(csv, "2,std.pw-check,職員等、管理者,12文字以上か。,第2章1(1) パスワード,毎月,設定画面,,\r\n"));
	free(csv);
	csv = pol_checklist_csv(&cl, "admin");
	cr_assert_null(strstr(csv, "basic.open-rule.c1"));
	cr_assert_not_null(strstr(csv, "1,std.pw-check,"));
	free(csv);
	pol_templates *t = NULL;
	char *html = NULL, *terr = NULL;
	cr_assert_eq(pol_templates_load(&t, NULL, &terr), 0);
	cr_assert_eq(pol_checklist_html(&html, &terr, &cl, NULL, t), 0, "%s", terr ? terr : "");
	cr_assert_not_null(strstr(html, "<html lang=\"ja\">"));
	cr_assert_not_null(strstr(html, "<td class=\"id\">std.pw-check</td>"));
	free(html);
	pol_templates_free(t);
	cr_assert_str_eq(cl.rules[1].chapter_label, "第2章 対策基準");
	cr_assert_str_eq(cl.rules[1].article_label, "第2章1 技術");
	pol_checklist_fini(&cl);
}

static int S_read(pol_checklist *cl, pol_answers *a, const char *csv, char **errs)
{
	pol_buf e = {0};
	int n = pol_assess_read(a, cl, "ans.csv", csv, strlen(csv), &e);
	*errs = pol_buf_detach(&e);
	return n;
}

#define HEAD "No.,チェックID,対象,点検項目,根拠,頻度,証跡,判定,備考\n"

Test(assess, pass_fail_and_errors)
{
	pol_checklist cl;
	S_checklist(&cl);
	pol_answers a;
	char *errs;
	cr_assert_eq(S_read(&cl, &a, HEAD "1,basic.open-rule.c1,,,,,,はい,\n2,std.pw-check,,,,,,該当なし,\n", &errs), 0);
	json_t *r = pol_assess_report(&cl, &a, NULL);
	cr_assert(pol_assess_passed(r));
	json_t *sum = json_object_get(r, "summary");
	cr_assert_eq(json_real_value(json_object_get(sum, "rate")), 100.0);
	cr_assert_eq(json_integer_value(json_object_get(sum, "not_applicable")), 1);
	json_decref(r);
	pol_answers_fini(&a);
	free(errs);

	cr_assert_eq(S_read(&cl, &a, HEAD "2,std.pw-check,,,,,,いいえ,\"設定, 未済\"\n", &errs), 0);
	r = pol_assess_report(&cl, &a, NULL);
	cr_assert(!pol_assess_passed(r));
	json_t *failed = json_array_get(json_object_get(r, "failed_must_rules"), 0);
	cr_assert_str_eq(STR(failed, "number"), "第2章1(1)");
	cr_assert_str_eq(STR(json_array_get(json_object_get(failed, "checks"), 0), "note"), "設定, 未済");
	cr_assert_eq(json_array_size(json_object_get(r, "unanswered")), 1, "the missing row is unanswered");
	char *text = pol_assess_text(r);
	cr_assert_not_null(strstr(text, "第2章1(1) パスワード [std.secret-pw]"));
	free(text);
	json_decref(r);
	/* Scoped to admin, the one admin check failed: still a failure, but no unanswered. */
	r = pol_assess_report(&cl, &a, "admin");
	cr_assert(!pol_assess_passed(r));
	cr_assert_eq(json_array_size(json_object_get(r, "unanswered")), 0);
	json_decref(r);
	pol_answers_fini(&a);
	free(errs);

	cr_assert_eq(S_read(&cl, &a,
	                    HEAD "1,nope,,,,,,はい,\n2,std.pw-check,,,,,,yes,\n3,basic.open-rule.c1,,,,,,はい,\n"
	                         "4,basic.open-rule.c1,,,,,,はい,\n5,x,y\n",
	                    &errs),
	             4);
	cr_assert_str_eq(errs, "ans.csv:2: error: unknown check id 'nope'\n"
	                       "ans.csv:3: error: invalid answer 'yes' in column '判定' (expected はい, いいえ or 該当なし)\n"
	                       "ans.csv:5: error: check 'basic.open-rule.c1' answered twice (first on line 4)\n"
	                       "ans.csv:6: error: wrong number of fields: 3 (the header has 9)\n");
	pol_answers_fini(&a);
	free(errs);
	pol_checklist_fini(&cl);
}

Test(checklist, refuses_other_formats)
{
	char dir[] = "/tmp/polc-test-fmt.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *path = pol_xasprintf("%s/b.json", dir);
	const char *v2 = "{\"format\": {\"name\": \"polc-bundle\", \"version\": \"2.1\"}, \"rules\": []}";
	cr_assert_eq(pol_write_file(path, v2, strlen(v2)), 0);
	pol_checklist cl;
	pol_buf err = {0};
	cr_assert_eq(pol_checklist_load(&cl, path, NULL, &err), 1);
	char *want = pol_xasprintf("%s: error: unsupported bundle format version '2.1' (this polc reads 1.0 to 1.1)\n", path);
	cr_assert_str_eq(err.data, want);
	free(want);
	pol_buf_free(&err);
	const char *bad = "{\"format\": ";
	cr_assert_eq(pol_write_file(path, bad, strlen(bad)), 0);
	cr_assert_eq(pol_checklist_load(&cl, path, NULL, &err), 1);
	want = pol_xasprintf("%s:1:", path);
	cr_assert(!strncmp(err.data, want, strlen(want)), "%s", err.data);
	free(want);
	pol_buf_free(&err);
	free(path);
	pol_rmtree(dir);
}

/* A '"' or '\\' at every place of titles of 1 to 40 bytes (the word-at-a-time and
 * sixteen-at-a-time checks for what to escape, and where they overlap) comes out escaped
 * as jansson escapes it: the bundle reads back, and every title is the one written. */
Test(bundle, escapes_at_every_length_and_place)
{
	pol_buf src = {0}, want = {0};
	pol_buf_puts(&src, "@policy q 方針\n@document d 文書 [public, tier=basic]\n@chapter c 章\n@article a 条\n");
	size_t nrules = 0;
	for (size_t n = 1; n <= 40; n++)
		for (size_t at = 0; at < n; at++)
			for (int which = 0; which < 2; which++) {
				char title[48];
				memset(title, 'x', n);
				title[0] = 'T'; /* a title starts with a letter */
				title[at ? at : n - 1] = which ? '\\' : '"';
				title[n] = 0;
				pol_buf_printf(&src, "@rule r%zu %s [may]\n本文。\n", nrules++, title);
				pol_buf_printf(&want, "%s\n", title);
			}
	pol_model *m = S_load_text(src.data);
	char *text = pol_bundle_render(m);
	json_t *j = S_parse(text);
	json_t *rules = json_object_get(j, "rules");
	cr_assert_eq(json_array_size(rules), nrules);
	pol_buf got = {0};
	for (size_t i = 0; i < nrules; i++)
		pol_buf_printf(&got, "%s\n", STR(json_array_get(rules, i), "title"));
	cr_expect_str_eq(got.data, want.data);
	char *again = json_dumps(j, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	got.len = 0;
	pol_buf_printf(&got, "%s\n", again);
	cr_expect_str_eq(text, got.data, "the bundle is laid out and escaped as jansson dumps it");
	free(again);
	pol_buf_free(&got);
	json_decref(j);
	free(text);
	pol_model_free(m);
	pol_buf_free(&src);
	pol_buf_free(&want);
	pol_rmtree(S_dir);
}
