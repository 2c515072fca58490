/* xlsx.c — the checklist and the assessment report as .xlsx (xlsx.h).
 *
 * libxlsxwriter writes the SpreadsheetML and the zip. What makes the checklist usable
 * on paper and back: the header row frozen and repeated on every printed page, column
 * widths and wrapping for Japanese text, A4 landscape fitted to the page width, the
 * marking (非公開 for every edition but the public one), the title and the page number
 * in the page header and footer, a 判定 column whose cells accept only はい／いいえ／
 * 該当なし (a drop-down list), and a protected second sheet with the bundle's identity,
 * which `polc assess` compares with the bundle it is given.
 *
 * libxlsxwriter stamps the workbook with a creation time; it is set from the bundle's
 * revision so that one bundle gives one file, byte for byte. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emit/xlsx.h"
#include "lib/dynlib_xlsxwriter.h"
#include "lib/json.h"

/* ---- shared ---- */

/* The first failure of a write into the workbook being made (a text longer than a cell
 * holds, 32,767 characters): the workbook is then not written at all, rather than
 * written without that cell. polc makes one workbook at a time; S_close resets it. */
static lxw_error S_failed;

static void S_str(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
	lxw_error e = worksheet_write_string(ws, row, col, s ? s : "", f);
	if (e != LXW_NO_ERROR && S_failed == LXW_NO_ERROR)
		S_failed = e;
}

typedef struct S_fmt {
	lxw_format *head, *cell, *wrap, *answer, *label, *big;
} S_fmt;

static void S_formats(S_fmt *f, lxw_workbook *wb)
{
	const char *font = "ＭＳ ゴシック";
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_font_name(f->head, font);
	format_set_bg_color(f->head, 0xD9D9D9);
	format_set_border(f->head, LXW_BORDER_THIN);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_VERTICAL_CENTER);
	f->cell = workbook_add_format(wb);
	format_set_font_name(f->cell, font);
	format_set_border(f->cell, LXW_BORDER_THIN);
	format_set_align(f->cell, LXW_ALIGN_VERTICAL_TOP);
	f->wrap = workbook_add_format(wb);
	format_set_font_name(f->wrap, font);
	format_set_border(f->wrap, LXW_BORDER_THIN);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	f->answer = workbook_add_format(wb);
	format_set_font_name(f->answer, font);
	format_set_border(f->answer, LXW_BORDER_THIN);
	format_set_bg_color(f->answer, 0xFFF2CC);
	format_set_align(f->answer, LXW_ALIGN_CENTER);
	format_set_align(f->answer, LXW_ALIGN_VERTICAL_TOP);
	format_set_unlocked(f->answer);
	f->label = workbook_add_format(wb);
	format_set_font_name(f->label, font);
	format_set_bold(f->label);
	f->big = workbook_add_format(wb);
	format_set_font_name(f->big, font);
	format_set_bold(f->big);
	format_set_font_size(f->big, 14);
}

/* The workbook's creation time: the ISO date (YYYY-MM-DD), else SOURCE_DATE_EPOCH,
 * else 1980-01-01 (never 0, which libxlsxwriter takes for "now"). */
static time_t S_created(const char *date)
{
	int y, m, d;
	if (date && sscanf(date, "%4d-%2d-%2d", &y, &m, &d) == 3 && y >= 1980) {
		struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12};
		time_t t = timegm(&tm);
		if (t > 0)
			return t;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde) {
		char *end;
		long long v = strtoll(sde, &end, 10);
		if (!*end && v > 0)
			return (time_t)v;
	}
	return 315532800;
}

/* A page header or footer text: & doubled (it starts a code there), cut to Excel's 255 bytes
 * on a character boundary. */
static void S_hf_text(pol_buf *b, const char *s, size_t room)
{
	size_t start = b->len;
	for (; *s; s++) {
		size_t k = 1;
		while ((s[k] & 0xC0) == 0x80)
			k++;
		if (b->len - start + k + 1 > room)
			break;
		if (*s == '&')
			pol_buf_putc(b, '&');
		pol_buf_put(b, s, k);
		s += k - 1;
	}
}

/* Page set-up of a sheet to print: A4 landscape, fitted to the width, header and footer. */
static void S_page(lxw_worksheet *ws, const char *mark, const char *title, const char *stamp)
{
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.4, 0.4, 0.7, 0.6);
	pol_buf h = {0};
	pol_buf_puts(&h, "");
	if (mark && *mark) {
		pol_buf_puts(&h, "&L&\"-,Bold\"");
		S_hf_text(&h, mark, 40);
	}
	pol_buf_puts(&h, "&C");
	S_hf_text(&h, title, 150);
	worksheet_set_header(ws, h.data);
	h.len = 0;
	h.data[0] = 0;
	pol_buf_puts(&h, "&L");
	S_hf_text(&h, stamp, 120);
	pol_buf_puts(&h, "&C&P / &N");
	if (mark && *mark) {
		pol_buf_puts(&h, "&R");
		S_hf_text(&h, mark, 40);
	}
	worksheet_set_footer(ws, h.data);
	pol_buf_free(&h);
}

static int S_close(lxw_workbook *wb, const char *path, char **err)
{
	lxw_error e = workbook_close(wb);
	if (S_failed != LXW_NO_ERROR) {
		*err = pol_xasprintf("cannot write '%s': %s", path, lxw_strerror(S_failed));
		S_failed = LXW_NO_ERROR;
		return -1;
	}
	if (e != LXW_NO_ERROR) {
		*err = pol_xasprintf("cannot write '%s': %s", path, lxw_strerror(e));
		return -1;
	}
	return 0;
}

/* ---- the checklist ---- */

static const double S_widths[POL_CL_NCOLS] = {
	[POL_CL_NO] = 5,         [POL_CL_ID] = 26,      [POL_CL_TARGET] = 14,
	[POL_CL_QUESTION] = 48,  [POL_CL_BASIS] = 26,   [POL_CL_FREQUENCY] = 9,
	[POL_CL_EVIDENCE] = 22,  [POL_CL_ANSWER] = 9,   [POL_CL_NOTE] = 28,
};

static void S_identity_row(lxw_worksheet *ws, const S_fmt *f, lxw_row_t *row, const char *label, const char *value)
{
	S_str(ws, *row, 0, label, f->label);
	S_str(ws, *row, 1, value ? value : "", f->cell);
	(*row)++;
}

int pol_checklist_xlsx(const pol_checklist *cl, const char *role, const char *path, char **err)
{
	*err = NULL;
	const char *why = pol_dl_xlsxwriter_open();
	if (why) {
		*err = pol_xstrdup(why);
		return -1;
	}
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		*err = pol_xasprintf("cannot create '%s'", path);
		return -1;
	}
	json_t *rev = json_object_get(cl->bundle, "revision");
	const char *commit = json_string_value(json_object_get(rev, "commit"));
	bool public_ed = !strcmp(cl->edition, "public");
	const char *mark = public_ed ? NULL : "非公開";
	const char *role_title = role ? pol_checklist_role_title(cl, role) : NULL;
	char *title = pol_xasprintf("自己点検チェックリスト　%s%s%s", cl->title, role_title ? "　" : "",
	                            role_title ? role_title : "");
	char *stamp = pol_xasprintf("版 %s%s%s", cl->edition, *cl->short_commit ? " " : "", cl->short_commit);
	lxw_doc_properties props = {.title = title, .subject = "自己点検チェックリスト", .company = (char *)cl->organization,
	                            .created = S_created(json_string_value(json_object_get(rev, "date")))};
	workbook_set_properties(wb, &props);
	S_fmt f;
	S_formats(&f, wb);

	lxw_worksheet *ws = workbook_add_worksheet(wb, POL_XLSX_CHECK_SHEET);
	for (int c = 0; c < POL_CL_NCOLS; c++) {
		bool wrap = c == POL_CL_QUESTION || c == POL_CL_BASIS || c == POL_CL_EVIDENCE || c == POL_CL_NOTE ||
		            c == POL_CL_TARGET;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, S_widths[c], wrap ? f.wrap : f.cell);
		S_str(ws, 0, (lxw_col_t)c, pol_checklist_columns[c], f.head);
	}
	lxw_row_t row = 1;
	for (size_t i = 0; i < cl->nchecks; i++) {
		const pol_cl_check *c = &cl->checks[i];
		const pol_cl_rule *r = &cl->rules[c->rule];
		if (!pol_checklist_applies(r, role))
			continue;
		worksheet_write_number(ws, row, POL_CL_NO, (double)row, f.cell);
		S_str(ws, row, POL_CL_ID, c->id, f.cell);
		S_str(ws, row, POL_CL_TARGET, r->target, f.wrap);
		S_str(ws, row, POL_CL_QUESTION, c->question, f.wrap);
		S_str(ws, row, POL_CL_BASIS, r->basis, f.wrap);
		S_str(ws, row, POL_CL_FREQUENCY, c->frequency_ja, f.cell);
		S_str(ws, row, POL_CL_EVIDENCE, c->evidence, f.wrap);
		worksheet_write_blank(ws, row, POL_CL_ANSWER, f.answer);
		worksheet_write_blank(ws, row, POL_CL_NOTE, f.answer);
		row++;
	}
	if (row > 1) {
		const char *list[] = {"はい", "いいえ", "該当なし", NULL};
		lxw_data_validation dv = {
			.validate = LXW_VALIDATION_TYPE_LIST,
			.value_list = (char **)list,
			.show_error = LXW_VALIDATION_ON,
			.error_type = LXW_VALIDATION_ERROR_TYPE_STOP,
			.error_title = "判定",
			.error_message = "はい、いいえ又は該当なしを選んでください。",
			.input_title = "判定",
			.input_message = "はい／いいえ／該当なし",
		};
		worksheet_data_validation_range(ws, 1, POL_CL_ANSWER, row - 1, POL_CL_ANSWER, &dv);
		worksheet_autofilter(ws, 0, 0, row - 1, POL_CL_NCOLS - 1);
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_repeat_rows(ws, 0, 0);
	S_page(ws, mark, title, stamp);

	lxw_worksheet *id = workbook_add_worksheet(wb, POL_XLSX_IDENTITY_SHEET);
	worksheet_set_column(id, 0, 0, 22, NULL);
	worksheet_set_column(id, 1, 1, 60, NULL);
	lxw_row_t ir = 0;
	S_identity_row(id, &f, &ir, "項目", "値");
	S_identity_row(id, &f, &ir, "規程", cl->title);
	S_identity_row(id, &f, &ir, "組織", cl->organization);
	S_identity_row(id, &f, &ir, "発行", cl->issued_era);
	S_identity_row(id, &f, &ir, "版", cl->edition);
	S_identity_row(id, &f, &ir, "コミット", commit);
	S_identity_row(id, &f, &ir, POL_XLSX_DIGEST_LABEL, cl->digest);
	S_identity_row(id, &f, &ir, "対象", role_title ? role_title : role ? role : "全体");
	char count[32];
	snprintf(count, sizeof count, "%u", (unsigned)(row - 1));
	S_identity_row(id, &f, &ir, "点検項目数", count);
	if (mark)
		S_identity_row(id, &f, &ir, "取扱い", mark);
	worksheet_protect(id, NULL, NULL);
	S_page(id, mark, title, stamp);
	free(title);
	free(stamp);
	return S_close(wb, path, err);
}

/* ---- the assessment report ---- */

static const char *S_get(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static double S_num(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_number(v) ? json_number_value(v) : 0;
}

static const char *const S_tally_cols[] = {"区分", "適合率(%)", "点検", "はい", "いいえ", "該当なし", "未回答",
                                           "必須規則", "適合", "不適合", "未完了"};
static const char *const S_tally_keys[] = {"checks", "yes", "no", "not_applicable", "unanswered",
                                           "must_rules", "must_passed", "must_failed", "must_incomplete"};

static void S_tally_head(lxw_worksheet *ws, const S_fmt *f, lxw_row_t row)
{
	for (size_t c = 0; c < sizeof S_tally_cols / sizeof *S_tally_cols; c++)
		S_str(ws, row, (lxw_col_t)c, S_tally_cols[c], f->head);
}

static void S_tally_row(lxw_worksheet *ws, const S_fmt *f, lxw_row_t row, const char *name, const json_t *t)
{
	S_str(ws, row, 0, name, f->wrap);
	json_t *rate = json_object_get(t, "rate");
	if (json_is_number(rate))
		worksheet_write_number(ws, row, 1, json_number_value(rate), f->cell);
	else
		S_str(ws, row, 1, "—", f->cell);
	for (size_t k = 0; k < sizeof S_tally_keys / sizeof *S_tally_keys; k++)
		worksheet_write_number(ws, row, (lxw_col_t)(k + 2), S_num(t, S_tally_keys[k]), f->cell);
}

static const char *S_status_ja(const char *s)
{
	return !strcmp(s, "pass") ? "適合" : !strcmp(s, "fail") ? "不適合" : "未完了";
}

int pol_assess_xlsx(const json_t *report, const char *path, char **err)
{
	*err = NULL;
	const char *why = pol_dl_xlsxwriter_open();
	if (why) {
		*err = pol_xstrdup(why);
		return -1;
	}
	lxw_workbook *wb = workbook_new(path);
	if (!wb) {
		*err = pol_xasprintf("cannot create '%s'", path);
		return -1;
	}
	const json_t *pol = json_object_get(report, "policy"), *rev = json_object_get(report, "revision");
	const json_t *scope = json_object_get(report, "scope");
	const char *edition = S_get(report, "edition");
	const char *mark = !strcmp(edition, "public") ? NULL : "非公開";
	char *title = pol_xasprintf("自己点検結果　%s", S_get(pol, "title"));
	char *stamp = pol_xasprintf("版 %s%s%s", edition, *S_get(rev, "short_commit") ? " " : "",
	                            S_get(rev, "short_commit"));
	lxw_doc_properties props = {.title = title, .subject = "自己点検結果", .created = S_created(NULL)};
	workbook_set_properties(wb, &props);
	S_fmt f;
	S_formats(&f, wb);
	bool pass = pol_assess_passed(report);

	lxw_worksheet *ws = workbook_add_worksheet(wb, "概要");
	worksheet_set_column(ws, 0, 0, 34, NULL);
	worksheet_set_column(ws, 1, 10, 9, NULL);
	lxw_row_t row = 0;
	S_str(ws, row++, 0, title, f.big);
	S_str(ws, row, 0, "版", f.label);
	S_str(ws, row++, 1, stamp, NULL);
	const char *st = *S_get(scope, "role_title") ? S_get(scope, "role_title") : S_get(scope, "role");
	S_str(ws, row, 0, "対象", f.label);
	S_str(ws, row++, 1, *st ? st : "全体", NULL);
	S_str(ws, row, 0, "判定", f.label);
	S_str(ws, row++, 1, pass ? "適合" : "不適合", f.label);
	row++;
	S_tally_head(ws, &f, row++);
	S_tally_row(ws, &f, row++, "全体", json_object_get(report, "summary"));
	static const struct {
		const char *key, *head, *name;
	} groups[] = {{"by_chapter", "章別", "label"}, {"by_article", "分野別（条）", "label"}, {"by_role", "役割別", "title"}};
	for (size_t g = 0; g < 3; g++) {
		const json_t *arr = json_object_get(report, groups[g].key);
		if (!json_array_size(arr))
			continue;
		row++;
		S_str(ws, row++, 0, groups[g].head, f.label);
		S_tally_head(ws, &f, row++);
		size_t i;
		json_t *t;
		json_array_foreach(arr, i, t)
			S_tally_row(ws, &f, row++, S_get(t, groups[g].name), t);
	}
	S_page(ws, mark, title, stamp);

	lxw_worksheet *rs = workbook_add_worksheet(wb, "規則別");
	static const char *const rcols[] = {"番号", "規則", "ID", "水準", "判定", "はい", "いいえ", "該当なし", "未回答"};
	static const double rw[] = {14, 30, 30, 8, 9, 7, 7, 9, 7};
	for (lxw_col_t c = 0; c < 9; c++) {
		worksheet_set_column(rs, c, c, rw[c], NULL);
		S_str(rs, 0, c, rcols[c], f.head);
	}
	lxw_worksheet *cs = workbook_add_worksheet(wb, "点検項目別");
	static const char *const ccols[] = {"チェックID", "番号", "規則", "点検項目", "判定", "備考"};
	static const double cw[] = {28, 14, 24, 48, 9, 30};
	for (lxw_col_t c = 0; c < 6; c++) {
		worksheet_set_column(cs, c, c, cw[c], NULL);
		S_str(cs, 0, c, ccols[c], f.head);
	}
	lxw_row_t rr = 1, cr = 1;
	size_t i, k;
	json_t *r, *c;
	json_array_foreach(json_object_get(report, "rules"), i, r) {
		const char *level = S_get(r, "level");
		S_str(rs, rr, 0, S_get(r, "number"), f.cell);
		S_str(rs, rr, 1, S_get(r, "title"), f.wrap);
		S_str(rs, rr, 2, S_get(r, "id"), f.cell);
		S_str(rs, rr, 3, !strcmp(level, "must") ? "必須" : !strcmp(level, "should") ? "推奨"
		                                  : !strcmp(level, "may")  ? "任意" : "",
		                       f.cell);
		S_str(rs, rr, 4, S_status_ja(S_get(r, "status")), f.cell);
		worksheet_write_number(rs, rr, 5, S_num(r, "yes"), f.cell);
		worksheet_write_number(rs, rr, 6, S_num(r, "no"), f.cell);
		worksheet_write_number(rs, rr, 7, S_num(r, "not_applicable"), f.cell);
		worksheet_write_number(rs, rr, 8, S_num(r, "unanswered"), f.cell);
		rr++;
		json_array_foreach(json_object_get(r, "checks"), k, c) {
			S_str(cs, cr, 0, S_get(c, "id"), f.cell);
			S_str(cs, cr, 1, S_get(r, "number"), f.cell);
			S_str(cs, cr, 2, S_get(r, "title"), f.wrap);
			S_str(cs, cr, 3, S_get(c, "question"), f.wrap);
			S_str(cs, cr, 4, *S_get(c, "answer") ? S_get(c, "answer") : "未回答", f.cell);
			S_str(cs, cr, 5, S_get(c, "note"), f.wrap);
			cr++;
		}
	}
	worksheet_freeze_panes(rs, 1, 0);
	worksheet_repeat_rows(rs, 0, 0);
	worksheet_freeze_panes(cs, 1, 0);
	worksheet_repeat_rows(cs, 0, 0);
	S_page(rs, mark, title, stamp);
	S_page(cs, mark, title, stamp);
	free(title);
	free(stamp);
	return S_close(wb, path, err);
}
