/* test_xlsxread.c — lib/xlsxread: workbooks written by libxlsxwriter read back (shared
 * strings, numbers, booleans, gaps between cells, several sheets), and files that are
 * not workbooks refused. Hand-made parts check inline strings and furigana. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "lib/xlsxread.h"

static char *S_slurp(const char *path, size_t *len)
{
	char *data;
	cr_assert_eq(pol_read_file(&data, len, path), 0);
	return data;
}

Test(xlsxread, a_workbook_from_libxlsxwriter)
{
	char path[] = "/tmp/polc-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *a = workbook_add_worksheet(wb, "版情報");
	worksheet_write_string(a, 0, 0, "項目", NULL);
	lxw_worksheet *s = workbook_add_worksheet(wb, "自己点検");
	worksheet_write_string(s, 0, 0, "No.", NULL);
	worksheet_write_string(s, 0, 1, "チェックID", NULL);
	worksheet_write_string(s, 0, 3, "判定", NULL);
	worksheet_write_number(s, 1, 0, 1, NULL);
	worksheet_write_string(s, 1, 1, "a.b", NULL);
	worksheet_write_boolean(s, 1, 2, 1, NULL);
	worksheet_write_string(s, 3, 1, "c.d", NULL); /* row 3 empty: skipped */
	worksheet_write_string(s, 3, 3, "はい", NULL);
	cr_assert_eq(workbook_close(wb), LXW_NO_ERROR);
	size_t len;
	char *data = S_slurp(path, &len);
	unlink(path);
	cr_assert(pol_xlsx_sniff(data, len));
	pol_xlsx_book b;
	char *err = NULL;
	cr_assert_eq(pol_xlsx_read(&b, &err, data, len), 0, "%s", err ? err : "");
	cr_assert_eq(b.nsheets, 2);
	cr_assert_str_eq(b.sheets[0].name, "版情報");
	const pol_csv *r = &b.sheets[1].rows;
	cr_assert_eq(r->nrows, 3);
	cr_assert_eq(r->rows[0].line, 1);
	cr_assert_eq(r->rows[1].line, 2);
	cr_assert_eq(r->rows[2].line, 4, "rows keep their numbers");
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(r->rows[i].n, 4, "every row padded to the widest");
	cr_assert_str_eq(r->rows[0].fields[2], "");
	cr_assert_str_eq(r->rows[0].fields[3], "判定");
	cr_assert_str_eq(r->rows[1].fields[0], "1");
	cr_assert_str_eq(r->rows[1].fields[2], "TRUE");
	cr_assert_str_eq(r->rows[2].fields[0], "");
	cr_assert_str_eq(r->rows[2].fields[3], "はい");
	pol_xlsx_book_free(&b);
	free(data);
}

static void S_add(zip_t *z, const char *name, const char *text)
{
	zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
	cr_assert(src && zip_file_add(z, name, src, 0) >= 0);
}

Test(xlsxread, inline_strings_and_furigana)
{
	char path[] = "/tmp/polc-test-xlsx-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	int ze;
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &ze);
	cr_assert(z);
	S_add(z, "xl/workbook.xml",
	      "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main' "
	      "xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
	      "<sheets><sheet name='S' sheetId='1' r:id='rId7'/></sheets></workbook>");
	S_add(z, "xl/_rels/workbook.xml.rels",
	      "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
	      "<Relationship Id='rId7' Type='x' Target='/xl/worksheets/s.xml'/></Relationships>");
	S_add(z, "xl/sharedStrings.xml",
	      "<sst xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
	      "<si><r><t>該当</t></r><r><t>なし</t></r><rPh sb='0' eb='2'><t>ガイトウ</t></rPh></si></sst>");
	S_add(z, "xl/worksheets/s.xml",
	      "<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><x:sheetData>"
	      "<x:row r='2'><x:c r='B2' t='inlineStr'><x:is><x:t>いいえ &amp; x</x:t></x:is></x:c>"
	      "<x:c r='C2' t='s'><x:v>0</x:v></x:c><x:c r='D2' t='s'><x:v>9</x:v></x:c></x:row>"
	      "</x:sheetData></x:worksheet>");
	cr_assert_eq(zip_close(z), 0);
	size_t len;
	char *data = S_slurp(path, &len);
	unlink(path);
	pol_xlsx_book b;
	char *err = NULL;
	cr_assert_eq(pol_xlsx_read(&b, &err, data, len), 0, "%s", err ? err : "");
	const pol_csv_row *row = &b.sheets[0].rows.rows[0];
	cr_assert_eq(row->line, 2);
	cr_assert_str_eq(row->fields[0], "");
	cr_assert_str_eq(row->fields[1], "いいえ & x");
	cr_assert_str_eq(row->fields[2], "該当なし", "runs joined, the phonetic guide left out");
	cr_assert_str_eq(row->fields[3], "", "an index past the shared strings reads as empty");
	pol_xlsx_book_free(&b);
	free(data);
}

Test(xlsxread, not_a_workbook)
{
	pol_xlsx_book b;
	char *err = NULL;
	cr_assert_eq(pol_xlsx_read(&b, &err, "PK\3\4garbage", 11), -1);
	cr_assert(strstr(err, "not an .xlsx workbook"), "%s", err);
	free(err);
	cr_assert(!pol_xlsx_sniff("No.,x", 5));
}
