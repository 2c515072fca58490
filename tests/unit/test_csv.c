/* test_csv.c — lib/csv: the rule that keeps a cell written for a spreadsheet from being
 * run as a formula, and reading it back. (Quoting and the reader: test_bundle.c.) */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"

static char *S_sheet_row(const char *const *f, size_t n)
{
	pol_buf b = {0};
	pol_csv_put_sheet_row(&b, f, n);
	return pol_buf_detach(&b);
}

Test(csv, sheet_cells_that_look_like_formulas_get_an_apostrophe)
{
	const char *f[] = {"=1+1", "+A1", "-2", "@SUM(A1)", "\tx", "\r=1", "a=b", "'quoted", "", NULL, "－全角"};
	char *s = S_sheet_row(f, 11);
	cr_assert_str_eq(s, "'=1+1,'+A1,'-2,'@SUM(A1),'\tx,\"'\r=1\",a=b,'quoted,,,－全角\r\n");
	free(s);
	const char *q[] = {"=HYPERLINK(\"http://x\",\"y\")"};
	s = S_sheet_row(q, 1);
	cr_assert_str_eq(s, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\r\n", "quoted after the apostrophe is put in");
	free(s);
}

Test(csv, plain_rows_are_written_as_they_are)
{
	const char *f[] = {"=1+1", "-2"};
	pol_buf b = {0};
	pol_csv_put_row(&b, f, 2);
	cr_assert_str_eq(b.data, "=1+1,-2\r\n");
	pol_buf_free(&b);
}

Test(csv, unneutralise_takes_off_only_the_apostrophe_it_put_in)
{
	cr_assert_str_eq(pol_csv_unneutralise("'=1+1"), "=1+1");
	cr_assert_str_eq(pol_csv_unneutralise("'-"), "-");
	cr_assert_str_eq(pol_csv_unneutralise("'\tx"), "\tx");
	cr_assert_str_eq(pol_csv_unneutralise("'plain"), "'plain");
	cr_assert_str_eq(pol_csv_unneutralise("'"), "'");
	cr_assert_str_eq(pol_csv_unneutralise("=x"), "=x");
	cr_assert_str_eq(pol_csv_unneutralise(""), "");
}

Test(csv, sheet_rows_read_back_to_the_original_cells)
{
	const char *f[] = {"=1+1", "+A1", "-", "@x", "\tt", "\r\n=2", "ok", "'kept"};
	char *s = S_sheet_row(f, 8);
	pol_csv c;
	pol_csv_parse(&c, s, strlen(s));
	cr_assert_eq(c.nerrors, 0);
	cr_assert_eq(c.nrows, 1);
	cr_assert_eq(c.rows[0].n, 8);
	for (size_t i = 0; i < 8; i++)
		cr_assert_str_eq(pol_csv_unneutralise(c.rows[0].fields[i]), f[i], "field %zu", i);
	pol_csv_free(&c);
	free(s);
}
