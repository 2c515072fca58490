/* test_print.c — the pieces of printing that need no browser: `--format LIST`
 * (cli/cli.c), the PDF date of an ISO date and SOURCE_DATE_EPOCH (emit/pdf.c,
 * lib/pdf.c), the marks' labels of a bundle's edition, the engine lookup, and what a
 * reading is (model/model.c). The PDFs themselves: tests/e2e/pdf.sh. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "emit/pdf.h"
#include "lib/pdf.h"
#include "model/model.h"

static unsigned S_mask(const char *list)
{
	unsigned m = 0;
	char *err = NULL;
	cr_assert_eq(pol_formats_parse(list, &m, &err), 0, "'%s': %s", list ? list : "(null)", err ? err : "");
	cr_assert_null(err);
	return m;
}

static char *S_error(const char *list)
{
	unsigned m = 12345;
	char *err = NULL;
	cr_assert_eq(pol_formats_parse(list, &m, &err), -1, "'%s' accepted", list);
	cr_assert_not_null(err);
	return err;
}

Test(formats, default_single_and_lists)
{
	cr_expect_eq(S_mask(NULL), POL_FMT_HTML | POL_FMT_MD);
	cr_expect_eq(S_mask("pdf"), POL_FMT_PDF);
	cr_expect_eq(S_mask("html,pdf"), POL_FMT_HTML | POL_FMT_PDF);
	cr_expect_eq(S_mask("md,md"), POL_FMT_MD);
	cr_expect_eq(S_mask(""), POL_FMT_HTML | POL_FMT_MD);
	cr_expect_eq(S_mask("docx,pdf"), POL_FMT_DOCX | POL_FMT_PDF);
	cr_expect_eq(S_mask("all"), POL_FMT_ALL);
	cr_expect_eq(S_mask("pdf,all"), POL_FMT_ALL);
	cr_expect(POL_FMT_ALL & POL_FMT_PDF, "all holds pdf");
}

Test(formats, errors_name_what_is_wrong)
{
	char *e = S_error("html,bogus");
	cr_expect(strstr(e, "unknown format 'bogus'"), "%s", e);
	free(e);
	e = S_error("html,,md");
	cr_expect(strstr(e, "unknown format ''"), "%s", e);
	free(e);
	e = S_error("pdfx");
	cr_expect(strstr(e, "unknown format 'pdfx'"), "a prefix is not a name: %s", e);
	free(e);
}

Test(pdf, dates_of_iso_dates)
{
	cr_expect_eq(pol_pdf_date_epoch("2026-04"), 1775001600LL);    /* 2026-04-01T00:00:00Z */
	cr_expect_eq(pol_pdf_date_epoch("2026-04-15"), 1776211200LL); /* 2026-04-15T00:00:00Z */
	cr_expect_eq(pol_pdf_date_epoch(NULL), -1);
	cr_expect_eq(pol_pdf_date_epoch("2026"), -1);
	cr_expect_eq(pol_pdf_date_epoch("2026-13"), -1);
	cr_expect_eq(pol_pdf_date_epoch("1969-12-31"), -1);
}

Test(pdf, source_date_epoch_wins_when_it_is_a_number)
{
	unsetenv("SOURCE_DATE_EPOCH");
	cr_expect_eq(pol_pdf_epoch(42), 42);
	setenv("SOURCE_DATE_EPOCH", "1775000000", 1);
	cr_expect_eq(pol_pdf_epoch(42), 1775000000LL);
	setenv("SOURCE_DATE_EPOCH", "12abc", 1);
	cr_expect_eq(pol_pdf_epoch(42), 42, "not a number: ignored");
	setenv("SOURCE_DATE_EPOCH", "-5", 1);
	cr_expect_eq(pol_pdf_epoch(42), 42, "negative: ignored");
	unsetenv("SOURCE_DATE_EPOCH");
}

Test(pdf, engine_from_the_environment)
{
	char *err = NULL;
	setenv("POLC_CHROMIUM", "", 1);
	cr_expect_null(pol_pdf_engine(&err));
	cr_expect(err && strstr(err, "no PDF engine"), "%s", err ? err : "");
	free(err);
	setenv("POLC_CHROMIUM", "/no/such/chromium", 1);
	cr_expect_null(pol_pdf_engine(&err));
	cr_expect(err && strstr(err, "/no/such/chromium"), "%s", err ? err : "");
	free(err);
	setenv("POLC_CHROMIUM", "/bin/sh", 1);
	char *e = pol_pdf_engine(&err);
	cr_expect_str_eq(e, "/bin/sh");
	cr_expect_null(err);
	free(e);
	unsetenv("POLC_CHROMIUM");
}

Test(pdf, print_without_an_engine_writes_nothing)
{
	setenv("POLC_CHROMIUM", "", 1);
	char *err = NULL;
	pol_pdf_info info = {.title = "t", .epoch = 0};
	char dir[] = "/tmp/polc-test-print.XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char *pdf = pol_xasprintf("%s/x.pdf", dir);
	cr_expect_eq(pol_pdf_print("/nonexistent.html", pdf, &info, &err), -1);
	cr_expect_not_null(err);
	cr_expect_neq(access(pdf, F_OK), 0, "no file is left");
	free(err);
	free(pdf);
	pol_rmtree(dir);
	unsetenv("POLC_CHROMIUM");
}

Test(print, labels_of_a_bundles_edition_fail_closed)
{
	char *l = pol_print_label("public", NULL);
	cr_expect_str_eq(l, "公開版");
	free(l);
	l = pol_print_label("internal", NULL);
	cr_expect_str_eq(l, "内部版（非公開）");
	free(l);
	l = pol_print_label("audience-contractor", "委託事業者");
	cr_expect_str_eq(l, "委託事業者向け（非公開）");
	free(l);
	l = pol_print_label("audience-contractor", NULL);
	cr_expect_str_eq(l, "contractor向け（非公開）");
	free(l);
	l = pol_print_label("Public", NULL);
	cr_expect_str_eq(l, "Public（非公開）", "only exactly 'public' is public");
	free(l);
	cr_expect(pol_print_public("public"));
	cr_expect(!pol_print_public("public "));
	cr_expect(!pol_print_public(""));
	cr_expect(!pol_print_public(NULL));
}

Test(print, marks_are_css_strings)
{
	json_t *v = json_object();
	pol_print_marks(v, true, "a\"b</style>", "内部版（非公開）", "版 x\\y");
	json_t *p = json_object_get(v, "print");
	cr_expect(json_is_true(json_object_get(p, "nonpublic")));
	cr_expect_str_eq(json_string_value(json_object_get(p, "mark")), "非公開");
	const char *t = json_string_value(json_object_get(json_object_get(p, "css"), "title"));
	cr_expect(!strchr(t, '"') && !strchr(t, '<'), "quotes and angle brackets escaped: %s", t);
	json_decref(v);
	v = json_object();
	pol_print_marks(v, false, "t", "公開版", "r");
	p = json_object_get(v, "print");
	cr_expect(json_is_false(json_object_get(p, "nonpublic")));
	cr_expect_str_eq(json_string_value(json_object_get(p, "mark")), "");
	json_decref(v);
}

Test(reading, what_is_kana)
{
	cr_expect(pol_term_is_kana("じょうほうしすてむ"));
	cr_expect(pol_term_is_kana("ネットワーク"));
	cr_expect(pol_term_is_kana("ゆー・えす・びー"));
	cr_expect(pol_term_is_kana("しょくいん とう"));
	cr_expect(!pol_term_is_kana("情報システム"));
	cr_expect(!pol_term_is_kana("kimitsu"));
	cr_expect(!pol_term_is_kana("ＵＳＢメモリ"));
	cr_expect(!pol_term_is_kana(""));
	cr_expect(!pol_term_is_kana(NULL));
	cr_expect(!pol_term_is_kana("か\xff"), "invalid UTF-8");
}

Test(reading, a_terms_sort_key)
{
	pol_term t = {.title = "機密性"};
	cr_expect_null(pol_term_reading(&t), "kanji without a reading: none");
	t.reading = "きみつせい";
	cr_expect_str_eq(pol_term_reading(&t), "きみつせい");
	pol_term n = {.title = "ネットワーク"};
	cr_expect_str_eq(pol_term_reading(&n), "ネットワーク", "a kana title is its own reading");
}
