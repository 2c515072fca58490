/* assess.c — compliance assessment: a filled-in checklist read against its bundle.
 *
 * Reading is strict because a mistyped answer must never pass silently: every row
 * must name a check of the bundle, once, with a 判定 from the list, and every problem
 * is reported with its line before anything is assessed. The assessment itself is
 * one JSON report (counts overall, per chapter, per role; failed and incomplete
 * must-rules; unanswered checks) from which the terminal summary and the HTML page
 * (assess.html.mustache over a view of the report) are made, so the three never
 * disagree.
 *
 * A must-rule passes when every one of its checks is answered はい or 該当なし; one
 * いいえ fails it; a check left blank leaves it incomplete, which does not pass. The
 * compliance rate is はい / (はい + いいえ + unanswered): 該当なし leaves the count. */
#include <stdlib.h>
#include <string.h>

#include "emit/assess.h"
#include "emit/page.h"
#include "emit/pdf.h"
#include "lib/json.h"
#include "lib/textenc.h"
#include "lib/xlsxread.h"
#include "emit/xlsx.h"

static const char *const S_answer_text[] = {"", "はい", "いいえ", "該当なし"};

/* ---- reading ---- */

typedef struct S_err {
	int line;
	size_t seq;
	char *msg;
} S_err;

typedef struct S_errs {
	S_err *v;
	size_t n;
} S_errs;

static void S_add(S_errs *e, int line, char *msg)
{
	e->v = pol_xrealloc(e->v, (e->n + 1) * sizeof *e->v);
	e->v[e->n] = (S_err){line, e->n, msg};
	e->n++;
}

static int S_cmp_err(const void *a, const void *b)
{
	const S_err *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A cell as it was meant: blanks around it trimmed, and the ' that keeps a
 * formula-like text from being run (lib/csv.h) taken off. */
static char *S_trimmed(const char *s)
{
	size_t n = strlen(s);
	const char *t = pol_checklist_trim(s, &n);
	char *cell = pol_xstrndup(t, n);
	const char *v = pol_csv_unneutralise(cell);
	if (v != cell)
		memmove(cell, v, strlen(v) + 1);
	return cell;
}

static bool S_blank_row(const pol_csv_row *r)
{
	for (size_t i = 0; i < r->n; i++) {
		size_t n = strlen(r->fields[i]);
		pol_checklist_trim(r->fields[i], &n);
		if (n)
			return false;
	}
	return true;
}

/* The index of the header column named pol_checklist_columns[which], -1 when there is
 * none, or -2 when there are two (an error is added: which one holds the answers?). */
static int S_column(const pol_csv_row *h, int which, S_errs *e)
{
	int at = -1;
	for (size_t i = 0; i < h->n; i++) {
		char *name = S_trimmed(h->fields[i]);
		bool is = !strcmp(name, pol_checklist_columns[which]);
		free(name);
		if (!is)
			continue;
		if (at >= 0) {
			S_add(e, h->line, pol_xasprintf("the header has two '%s' columns (columns %d and %zu)",
			                                pol_checklist_columns[which], at + 1, i + 1));
			return -2;
		}
		at = (int)i;
	}
	return at;
}

/* Reads the rows after the header; returns nothing, adds to e. */
static void S_read_rows(pol_answers *out, const pol_checklist *cl, const pol_csv *csv, S_errs *e)
{
	const pol_csv_row *h = &csv->rows[0];
	int col_id = S_column(h, POL_CL_ID, e), col_ans = S_column(h, POL_CL_ANSWER, e);
	int col_note = S_column(h, POL_CL_NOTE, e);
	/* Two 判定 columns leave the answers unknown, but the rows' check ids are still
	 * checked, so that one run reports every problem of the file. */
	bool ans_known = col_ans != -2;
	if (col_id == -2 || col_note == -2 || (!ans_known && col_id < 0))
		return;
	if (col_id < 0 || col_ans == -1) {
		S_add(e, h->line,
		      pol_xasprintf("the header has no '%s' column",
		                    pol_checklist_columns[col_id < 0 ? POL_CL_ID : POL_CL_ANSWER]));
		return;
	}
	for (size_t i = 1; i < csv->nrows; i++) {
		const pol_csv_row *r = &csv->rows[i];
		if (r->bad || S_blank_row(r))
			continue;
		if (r->n != h->n) {
			S_add(e, r->line, pol_xasprintf("wrong number of fields: %zu (the header has %zu)", r->n, h->n));
			continue;
		}
		char *id = S_trimmed(r->fields[col_id]);
		char *ans = S_trimmed(ans_known ? r->fields[col_ans] : "");
		size_t at = *id ? (size_t)(uintptr_t)pol_map_get(cl->by_id, id) : 0;
		pol_answer a = POL_ANS_NONE;
		bool ok = true;
		if (!*id) {
			S_add(e, r->line, pol_xasprintf("no check id in column '%s'", pol_checklist_columns[POL_CL_ID]));
			ok = false;
		} else if (!at) {
			S_add(e, r->line, pol_xasprintf("unknown check id '%s'", id));
			ok = false;
		} else if (out->line[at - 1]) {
			S_add(e, r->line, pol_xasprintf("check '%s' answered twice (first on line %d)", id, out->line[at - 1]));
			ok = false;
		}
		if (!*ans)
			a = POL_ANS_NONE;
		else if (!strcmp(ans, "はい"))
			a = POL_ANS_YES;
		else if (!strcmp(ans, "いいえ"))
			a = POL_ANS_NO;
		else if (!strcmp(ans, "該当なし"))
			a = POL_ANS_NA;
		else {
			S_add(e, r->line,
			      pol_xasprintf("invalid answer '%s' in column '%s' (expected はい, いいえ or 該当なし)", ans,
			                    pol_checklist_columns[POL_CL_ANSWER]));
			ok = false;
		}
		if (ok) {
			out->ans[at - 1] = a;
			out->line[at - 1] = r->line;
			if (col_note >= 0) {
				char *note = S_trimmed(r->fields[col_note]);
				if (*note)
					out->note[at - 1] = note;
				else
					free(note);
			}
		} else if (at && !out->line[at - 1]) {
			out->line[at - 1] = r->line; /* a bad answer still counts as the check's row */
		}
		free(id);
		free(ans);
	}
}

/* The field separator of a text: a tab when its first line has tabs and no comma (what
 * Excel saves as 「Unicode テキスト」 or 「テキスト（タブ区切り）」), else a comma. */
static char S_separator(const char *text, size_t len)
{
	bool tab = false;
	for (size_t i = 0; i < len && text[i] != '\n' && text[i] != '\r'; i++) {
		if (text[i] == ',')
			return ',';
		tab = tab || text[i] == '\t';
	}
	return tab ? '\t' : ',';
}

/* The value next to label in a sheet of two columns (項目, 値), or NULL. */
static const char *S_sheet_value(const pol_xlsx_sheet *sh, const char *label)
{
	for (size_t i = 0; i < sh->rows.nrows; i++) {
		const pol_csv_row *r = &sh->rows.rows[i];
		if (r->n >= 2 && !strcmp(r->fields[0], label))
			return r->fields[1];
	}
	return NULL;
}

/* Whether a sheet's first row names the check id column: the sheet of answers. */
static bool S_answer_sheet(const pol_xlsx_sheet *sh)
{
	if (!sh->rows.nrows)
		return false;
	const pol_csv_row *h = &sh->rows.rows[0];
	for (size_t i = 0; i < h->n; i++) {
		char *cell = S_trimmed(h->fields[i]);
		bool is = !strcmp(cell, pol_checklist_columns[POL_CL_ID]);
		free(cell);
		if (is)
			return true;
	}
	return false;
}

/* Answers from an .xlsx: the first sheet whose header names the check id column (else
 * the first sheet), read as CSV records would be, a row's line its row number. The
 * identity sheet the checklist writes (POL_XLSX_IDENTITY_SHEET) is compared with the
 * bundle: answers to a checklist of another bundle are refused. */
static void S_read_xlsx(pol_answers *out, const pol_checklist *cl, const char *name, const char *data, size_t len,
                        S_errs *e)
{
	pol_xlsx_book book;
	char *err = NULL;
	if (pol_xlsx_read(&book, &err, data, len) != 0) {
		S_add(e, 0, err);
		return;
	}
	const pol_xlsx_sheet *sh = &book.sheets[0];
	for (size_t i = 0; i < book.nsheets; i++)
		if (S_answer_sheet(&book.sheets[i])) {
			sh = &book.sheets[i];
			break;
		}
	for (size_t i = 0; i < book.nsheets; i++) {
		if (strcmp(book.sheets[i].name, POL_XLSX_IDENTITY_SHEET))
			continue;
		const char *digest = S_sheet_value(&book.sheets[i], POL_XLSX_DIGEST_LABEL);
		if (digest && *cl->digest && strcmp(digest, cl->digest))
			S_add(e, 0, pol_xasprintf("sheet '%s': the checklist was made from a bundle of source digest %.12s…, "
			                          "not from this bundle (%.12s…)",
			                          POL_XLSX_IDENTITY_SHEET, digest, cl->digest));
	}
	if (!sh->rows.nrows)
		S_add(e, 0, pol_xasprintf("sheet '%s' is empty: no header row", sh->name));
	else
		S_read_rows(out, cl, &sh->rows, e);
	pol_xlsx_book_free(&book);
}

int pol_assess_read(pol_answers *out, const pol_checklist *cl, const char *name, const char *data, size_t len,
                    pol_buf *errs)
{
	size_t n = cl->nchecks ? cl->nchecks : 1;
	out->n = cl->nchecks;
	out->ans = pol_xcalloc(n, sizeof *out->ans);
	out->note = pol_xcalloc(n, sizeof *out->note);
	out->line = pol_xcalloc(n, sizeof *out->line);
	S_errs e = {0};
	if (pol_xlsx_sniff(data, len)) {
		S_read_xlsx(out, cl, name, data, len, &e);
	} else {
		char *text = NULL, *why = NULL;
		size_t tlen = 0;
		pol_textenc enc;
		int line = 0;
		if (pol_textenc_to_utf8(&text, &tlen, &enc, &line, &why, data, len) != 0) {
			S_add(&e, line, why);
		} else {
			pol_csv csv;
			pol_csv_parse_sep(&csv, text, tlen, S_separator(text, tlen));
			for (size_t i = 0; i < csv.nerrors; i++)
				S_add(&e, csv.errors[i].line, pol_xstrdup(csv.errors[i].msg));
			if (csv.nrows == 0)
				S_add(&e, 1, pol_xstrdup("empty file: no header row"));
			else
				S_read_rows(out, cl, &csv, &e);
			pol_csv_free(&csv);
		}
		free(text);
	}
	if (e.n > 1)
		qsort(e.v, e.n, sizeof *e.v, S_cmp_err);
	for (size_t i = 0; i < e.n; i++) {
		if (e.v[i].line > 0)
			pol_buf_printf(errs, "%s:%d: error: %s\n", name, e.v[i].line, e.v[i].msg);
		else
			pol_buf_printf(errs, "%s: error: %s\n", name, e.v[i].msg);
		free(e.v[i].msg);
	}
	free(e.v);
	return (int)e.n;
}

void pol_answers_fini(pol_answers *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->note[i]);
	free(a->note);
	free(a->ans);
	free(a->line);
	memset(a, 0, sizeof *a);
}

/* ---- the report ---- */

typedef struct S_tally {
	json_int_t checks, yes, no, na, none;
	json_int_t must, must_passed, must_failed, must_incomplete;
} S_tally;

enum { S_PASS, S_FAIL, S_INCOMPLETE };

static void S_count_rule(S_tally *t, const pol_checklist *cl, const pol_answers *a, size_t ri, int status)
{
	const pol_cl_rule *r = &cl->rules[ri];
	for (size_t k = r->first; k < r->first + r->nchecks; k++) {
		t->checks++;
		switch (a->ans[k]) {
		case POL_ANS_YES: t->yes++; break;
		case POL_ANS_NO: t->no++; break;
		case POL_ANS_NA: t->na++; break;
		default: t->none++;
		}
	}
	if (!strcmp(r->level, "must")) {
		t->must++;
		if (status == S_PASS)
			t->must_passed++;
		else if (status == S_FAIL)
			t->must_failed++;
		else
			t->must_incomplete++;
	}
}

static void S_put_tally(json_t *o, const S_tally *t)
{
	json_object_set_new(o, "checks", json_integer(t->checks));
	json_object_set_new(o, "yes", json_integer(t->yes));
	json_object_set_new(o, "no", json_integer(t->no));
	json_object_set_new(o, "not_applicable", json_integer(t->na));
	json_object_set_new(o, "unanswered", json_integer(t->none));
	json_int_t den = t->yes + t->no + t->none;
	/* Percent to one decimal, rounded half up in integers (no libm, same on every machine). */
	json_object_set_new(o, "rate", den ? json_real((double)((t->yes * 1000 + den / 2) / den) / 10.0) : json_null());
	json_object_set_new(o, "must_rules", json_integer(t->must));
	json_object_set_new(o, "must_passed", json_integer(t->must_passed));
	json_object_set_new(o, "must_failed", json_integer(t->must_failed));
	json_object_set_new(o, "must_incomplete", json_integer(t->must_incomplete));
}

static json_t *S_rule_entry(const pol_checklist *cl, const pol_answers *a, size_t ri, bool only_no)
{
	const pol_cl_rule *r = &cl->rules[ri];
	json_t *o = json_object(), *checks = json_array();
	json_object_set_new(o, "id", pol_json_str(r->id));
	json_object_set_new(o, "number", pol_json_str(r->number));
	json_object_set_new(o, "title", pol_json_str(r->title));
	json_object_set_new(o, "level", pol_json_str(r->level));
	for (size_t k = r->first; k < r->first + r->nchecks; k++) {
		if (only_no ? a->ans[k] != POL_ANS_NO : a->ans[k] != POL_ANS_NONE)
			continue;
		json_t *c = json_object();
		json_object_set_new(c, "id", pol_json_str(cl->checks[k].id));
		json_object_set_new(c, "question", pol_json_str(cl->checks[k].question));
		json_object_set_new(c, "note", pol_json_str(a->note[k]));
		json_array_append_new(checks, c);
	}
	json_object_set_new(o, "checks", checks);
	return o;
}

/* Tallies per chapter (or article), in the order they first appear. */
static json_t *S_groups(const pol_checklist *cl, const pol_answers *a, const bool *in, const int *status,
                        bool article)
{
	json_t *arr = json_array();
	bool *done = pol_xcalloc(cl->nrules ? cl->nrules : 1, sizeof *done);
	for (size_t ri = 0; ri < cl->nrules; ri++) {
		if (!in[ri] || done[ri])
			continue;
		const pol_cl_rule *r = &cl->rules[ri];
		const char *key = article ? r->article_key : r->chapter_key;
		const char *label = article ? r->article_label : r->chapter_label;
		S_tally t = {0};
		for (size_t rj = ri; rj < cl->nrules; rj++) {
			const pol_cl_rule *s = &cl->rules[rj];
			if (in[rj] && !done[rj] && !strcmp(article ? s->article_key : s->chapter_key, key) &&
			    !strcmp(article ? s->article_label : s->chapter_label, label)) {
				done[rj] = true;
				S_count_rule(&t, cl, a, rj, status[rj]);
			}
		}
		json_t *o = json_object();
		json_object_set_new(o, "key", pol_json_str(*key ? key : NULL));
		json_object_set_new(o, "label", pol_json_str(label));
		S_put_tally(o, &t);
		json_array_append_new(arr, o);
	}
	free(done);
	return arr;
}

json_t *pol_assess_report(const pol_checklist *cl, const pol_answers *a, const char *role)
{
	size_t nr = cl->nrules ? cl->nrules : 1;
	int *status = pol_xcalloc(nr, sizeof *status);
	bool *in = pol_xcalloc(nr, sizeof *in);
	for (size_t ri = 0; ri < cl->nrules; ri++) {
		const pol_cl_rule *r = &cl->rules[ri];
		in[ri] = pol_checklist_applies(r, role);
		bool no = false, none = false;
		for (size_t k = r->first; k < r->first + r->nchecks; k++) {
			no |= a->ans[k] == POL_ANS_NO;
			none |= a->ans[k] == POL_ANS_NONE;
		}
		status[ri] = no ? S_FAIL : none ? S_INCOMPLETE : S_PASS;
	}

	json_t *bundle = cl->bundle;
	json_t *root = json_object(), *o;
	o = json_object();
	json_object_set_new(o, "name", json_string("polc-assessment"));
	json_object_set_new(o, "version", json_string("1.0"));
	json_object_set_new(root, "format", o);
	json_t *pol = json_object_get(bundle, "policy"), *rev = json_object_get(bundle, "revision");
	o = json_object();
	json_object_set_new(o, "id", pol_json_str(json_string_value(json_object_get(pol, "id"))));
	json_object_set_new(o, "title", pol_json_str(cl->title));
	json_object_set_new(o, "organization", pol_json_str(cl->organization));
	json_object_set_new(o, "issued_era", pol_json_str(cl->issued_era));
	json_object_set_new(root, "policy", o);
	json_object_set_new(root, "edition", pol_json_str(cl->edition));
	o = json_object();
	json_object_set_new(o, "commit", pol_json_str(json_string_value(json_object_get(rev, "commit"))));
	json_object_set_new(o, "short_commit", pol_json_str(json_string_value(json_object_get(rev, "short_commit"))));
	json_object_set_new(o, "source_digest", pol_json_str(cl->digest));
	json_object_set_new(root, "revision", o);
	o = json_object();
	json_object_set_new(o, "role", pol_json_str(role));
	json_object_set_new(o, "role_title", pol_json_str(role ? pol_checklist_role_title(cl, role) : NULL));
	json_object_set_new(root, "scope", o);

	S_tally all = {0};
	for (size_t ri = 0; ri < cl->nrules; ri++)
		if (in[ri])
			S_count_rule(&all, cl, a, ri, status[ri]);
	bool pass = all.must_failed == 0 && all.must_incomplete == 0;
	json_object_set_new(root, "result", json_string(pass ? "pass" : "fail"));
	o = json_object();
	S_put_tally(o, &all);
	json_object_set_new(root, "summary", o);

	json_object_set_new(root, "by_chapter", S_groups(cl, a, in, status, false));
	json_object_set_new(root, "by_article", S_groups(cl, a, in, status, true));

	json_t *roles = json_array();
	size_t i;
	json_t *role_j;
	json_array_foreach(cl->roles, i, role_j) {
		const char *id = json_string_value(json_object_get(role_j, "id"));
		if (!id)
			continue;
		S_tally t = {0};
		for (size_t ri = 0; ri < cl->nrules; ri++)
			if (in[ri] && pol_checklist_applies(&cl->rules[ri], id))
				S_count_rule(&t, cl, a, ri, status[ri]);
		if (!t.checks)
			continue;
		o = json_object();
		json_object_set_new(o, "id", pol_json_str(id));
		json_object_set_new(o, "title", pol_json_str(json_string_value(json_object_get(role_j, "title"))));
		S_put_tally(o, &t);
		json_array_append_new(roles, o);
	}
	json_object_set_new(root, "by_role", roles);

	json_t *failed = json_array(), *incomplete = json_array(), *other = json_array();
	for (size_t ri = 0; ri < cl->nrules; ri++) {
		if (!in[ri])
			continue;
		bool must = !strcmp(cl->rules[ri].level, "must");
		if (status[ri] == S_FAIL)
			json_array_append_new(must ? failed : other, S_rule_entry(cl, a, ri, true));
		else if (status[ri] == S_INCOMPLETE && must)
			json_array_append_new(incomplete, S_rule_entry(cl, a, ri, false));
	}
	json_object_set_new(root, "failed_must_rules", failed);
	json_object_set_new(root, "incomplete_must_rules", incomplete);
	json_object_set_new(root, "failed_other_rules", other);

	json_t *unanswered = json_array(), *checks = json_array();
	for (size_t k = 0; k < cl->nchecks; k++) {
		const pol_cl_check *c = &cl->checks[k];
		const pol_cl_rule *r = &cl->rules[c->rule];
		if (!in[c->rule])
			continue;
		if (a->ans[k] == POL_ANS_NONE) {
			o = json_object();
			json_object_set_new(o, "id", pol_json_str(c->id));
			json_object_set_new(o, "rule", pol_json_str(r->id));
			json_object_set_new(o, "number", pol_json_str(r->number));
			json_object_set_new(o, "title", pol_json_str(r->title));
			json_object_set_new(o, "level", pol_json_str(r->level));
			json_object_set_new(o, "question", pol_json_str(c->question));
			json_array_append_new(unanswered, o);
		}
		o = json_object();
		json_object_set_new(o, "id", pol_json_str(c->id));
		json_object_set_new(o, "rule", pol_json_str(r->id));
		json_object_set_new(o, "answer", a->ans[k] ? json_string(S_answer_text[a->ans[k]]) : json_null());
		json_object_set_new(o, "note", pol_json_str(a->note[k]));
		json_array_append_new(checks, o);
	}
	json_object_set_new(root, "unanswered", unanswered);
	json_object_set_new(root, "checks", checks);

	/* Every rule in scope with its verdict and its checks (the workbook's rows). */
	static const char *const status_name[] = {"pass", "fail", "incomplete"};
	json_t *rules = json_array();
	for (size_t ri = 0; ri < cl->nrules; ri++) {
		if (!in[ri])
			continue;
		const pol_cl_rule *r = &cl->rules[ri];
		S_tally t = {0};
		S_count_rule(&t, cl, a, ri, status[ri]);
		o = json_object();
		json_object_set_new(o, "id", pol_json_str(r->id));
		json_object_set_new(o, "number", pol_json_str(r->number));
		json_object_set_new(o, "title", pol_json_str(r->title));
		json_object_set_new(o, "level", pol_json_str(r->level));
		json_object_set_new(o, "status", json_string(status_name[status[ri]]));
		json_object_set_new(o, "yes", json_integer(t.yes));
		json_object_set_new(o, "no", json_integer(t.no));
		json_object_set_new(o, "not_applicable", json_integer(t.na));
		json_object_set_new(o, "unanswered", json_integer(t.none));
		json_t *rc = json_array();
		for (size_t k = r->first; k < r->first + r->nchecks; k++) {
			json_t *c = json_object();
			json_object_set_new(c, "id", pol_json_str(cl->checks[k].id));
			json_object_set_new(c, "question", pol_json_str(cl->checks[k].question));
			json_object_set_new(c, "answer", a->ans[k] ? json_string(S_answer_text[a->ans[k]]) : json_null());
			json_object_set_new(c, "note", pol_json_str(a->note[k]));
			json_array_append_new(rc, c);
		}
		json_object_set_new(o, "checks", rc);
		json_array_append_new(rules, o);
	}
	json_object_set_new(root, "rules", rules);
	free(status);
	free(in);
	return root;
}

bool pol_assess_passed(const json_t *report)
{
	const char *r = json_string_value(json_object_get(report, "result"));
	return r && !strcmp(r, "pass");
}

/* ---- rendering ---- */

static const char *S_get(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static json_int_t S_int(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

static void S_rate(pol_buf *b, const json_t *t)
{
	json_t *r = json_object_get(t, "rate");
	if (json_is_number(r))
		pol_buf_printf(b, "%.1f%%", json_number_value(r));
	else
		pol_buf_puts(b, "—");
}

/* "適合率 99.3%（点検 141件: はい 140、いいえ 1、該当なし 0、未回答 0）" */
static void S_tally_line(pol_buf *b, const json_t *t)
{
	pol_buf_puts(b, "適合率 ");
	S_rate(b, t);
	pol_buf_printf(b, "（点検 %lld件: はい %lld、いいえ %lld、該当なし %lld、未回答 %lld）",
	               (long long)S_int(t, "checks"), (long long)S_int(t, "yes"), (long long)S_int(t, "no"),
	               (long long)S_int(t, "not_applicable"), (long long)S_int(t, "unanswered"));
}

static void S_must_line(pol_buf *b, const json_t *t)
{
	pol_buf_printf(b, "必須規則 %lld件: 適合 %lld、不適合 %lld、未完了 %lld", (long long)S_int(t, "must_rules"),
	               (long long)S_int(t, "must_passed"), (long long)S_int(t, "must_failed"),
	               (long long)S_int(t, "must_incomplete"));
}

static void S_rule_head(pol_buf *b, const json_t *r)
{
	pol_buf_puts(b, S_get(r, "number"));
	if (*S_get(r, "title"))
		pol_buf_printf(b, " %s", S_get(r, "title"));
	pol_buf_printf(b, " [%s]", S_get(r, "id"));
}

char *pol_assess_text(const json_t *report)
{
	pol_buf b = {0};
	const json_t *pol = json_object_get(report, "policy"), *sum = json_object_get(report, "summary");
	const json_t *scope = json_object_get(report, "scope");
	pol_buf_printf(&b, "自己点検結果: %s", S_get(pol, "title"));
	if (*S_get(pol, "issued_era"))
		pol_buf_printf(&b, "（%s）", S_get(pol, "issued_era"));
	pol_buf_printf(&b, " edition=%s", S_get(report, "edition"));
	if (*S_get(scope, "role"))
		pol_buf_printf(&b, " 対象=%s", *S_get(scope, "role_title") ? S_get(scope, "role_title") : S_get(scope, "role"));
	pol_buf_puts(&b, "\n\n");
	S_tally_line(&b, sum);
	pol_buf_putc(&b, '\n');
	S_must_line(&b, sum);
	pol_buf_puts(&b, "\n");

	static const struct {
		const char *key, *head, *name;
	} groups[] = {{"by_chapter", "章別", "label"},
	              {"by_article", "分野別（条）", "label"},
	              {"by_role", "役割別", "title"}};
	for (size_t g = 0; g < 3; g++) {
		const json_t *arr = json_object_get(report, groups[g].key);
		if (!json_array_size(arr))
			continue;
		pol_buf_printf(&b, "\n%s:\n", groups[g].head);
		size_t i;
		json_t *t;
		json_array_foreach(arr, i, t) {
			pol_buf_printf(&b, "  %s  ", S_get(t, groups[g].name));
			S_tally_line(&b, t);
			if (S_int(t, "must_failed") || S_int(t, "must_incomplete"))
				pol_buf_printf(&b, " 必須不適合 %lld、未完了 %lld", (long long)S_int(t, "must_failed"),
				               (long long)S_int(t, "must_incomplete"));
			pol_buf_putc(&b, '\n');
		}
	}
	static const struct {
		const char *key, *head, *verdict;
	} lists[] = {{"failed_must_rules", "不適合の必須規則", "いいえ"},
	             {"incomplete_must_rules", "未完了の必須規則（未回答の点検項目あり）", "未回答"},
	             {"failed_other_rules", "不適合の推奨・任意規則", "いいえ"}};
	for (size_t l = 0; l < 3; l++) {
		const json_t *arr = json_object_get(report, lists[l].key);
		if (!json_array_size(arr))
			continue;
		pol_buf_printf(&b, "\n%s (%zu):\n", lists[l].head, json_array_size(arr));
		size_t i, k;
		json_t *r, *c;
		json_array_foreach(arr, i, r) {
			pol_buf_puts(&b, "  ");
			S_rule_head(&b, r);
			pol_buf_putc(&b, '\n');
			json_array_foreach(json_object_get(r, "checks"), k, c) {
				pol_buf_printf(&b, "    %s %s: %s", lists[l].verdict, S_get(c, "id"), S_get(c, "question"));
				if (*S_get(c, "note"))
					pol_buf_printf(&b, "（備考: %s）", S_get(c, "note"));
				pol_buf_putc(&b, '\n');
			}
		}
	}
	const json_t *un = json_object_get(report, "unanswered");
	if (json_array_size(un)) {
		pol_buf_printf(&b, "\n未回答の点検項目 (%zu):\n", json_array_size(un));
		size_t i;
		json_t *c;
		json_array_foreach(un, i, c)
			pol_buf_printf(&b, "  %s %s %s\n", S_get(c, "id"), S_get(c, "number"), S_get(c, "title"));
	}
	pol_buf_puts(&b, "\n判定: ");
	if (pol_assess_passed(report))
		pol_buf_puts(&b, "適合（全ての必須規則の点検項目が「はい」又は「該当なし」）\n");
	else
		pol_buf_printf(&b, "不適合（必須規則 不適合 %lld件、未完了 %lld件）\n", (long long)S_int(sum, "must_failed"),
		               (long long)S_int(sum, "must_incomplete"));
	return pol_buf_detach(&b);
}

/* s, or null when it is empty (an empty string is true to a Mustache section). */
static json_t *S_opt(const char *s)
{
	return pol_json_str(*s ? s : NULL);
}

/* A tally of the report as a row of the page: {name, rate, checks, ...}. */
static json_t *S_tally_view(const char *name, const json_t *t)
{
	static const char *const keys[] = {"checks", "yes", "no", "not_applicable", "unanswered",
	                                   "must_rules", "must_failed", "must_incomplete"};
	json_t *o = json_object();
	pol_json_set(o, "name", pol_json_str(name));
	pol_buf rate = {0};
	S_rate(&rate, t);
	pol_json_set(o, "rate", pol_json_take(pol_buf_detach(&rate)));
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		json_object_set_new(o, keys[i], json_integer(S_int(t, keys[i])));
	return o;
}

/* The rows of a list of rules: one per check, with the verdict shown before it. */
static json_t *S_rules_view(const json_t *report, const char *key, const char *head, const char *verdict)
{
	const json_t *arr = json_object_get(report, key);
	if (!json_array_size(arr))
		return NULL;
	json_t *l = json_object(), *rows = json_array();
	pol_json_set(l, "head", pol_json_str(head));
	json_object_set_new(l, "count", json_integer((json_int_t)json_array_size(arr)));
	size_t i, k;
	json_t *r, *c;
	json_array_foreach(arr, i, r) {
		json_array_foreach(json_object_get(r, "checks"), k, c) {
			json_t *o = json_object();
			pol_json_set(o, "number", pol_json_str(S_get(r, "number")));
			pol_json_set(o, "title", pol_json_str(S_get(r, "title")));
			pol_json_set(o, "verdict", pol_json_str(verdict));
			pol_json_set(o, "question", pol_json_str(S_get(c, "question")));
			pol_json_set(o, "id", pol_json_str(S_get(c, "id")));
			pol_json_set(o, "note", pol_json_str(S_get(c, "note")));
			json_array_append_new(rows, o);
		}
	}
	json_object_set_new(l, "rows", rows);
	return l;
}

static json_t *S_unanswered_view(const json_t *report)
{
	const json_t *un = json_object_get(report, "unanswered");
	if (!json_array_size(un))
		return NULL;
	json_t *u = json_object(), *rows = json_array();
	json_object_set_new(u, "count", json_integer((json_int_t)json_array_size(un)));
	size_t i;
	json_t *c;
	json_array_foreach(un, i, c) {
		json_t *o = json_object();
		pol_json_set(o, "number", pol_json_str(S_get(c, "number")));
		pol_json_set(o, "title", pol_json_str(S_get(c, "title")));
		pol_json_set(o, "question", pol_json_str(S_get(c, "question")));
		pol_json_set(o, "id", pol_json_str(S_get(c, "id")));
		json_array_append_new(rows, o);
	}
	json_object_set_new(u, "rows", rows);
	return u;
}

/* The data of assess.html.mustache (described there), from the report alone. */
static json_t *S_view(const json_t *report)
{
	const json_t *pol = json_object_get(report, "policy"), *scope = json_object_get(report, "scope");
	const json_t *rev = json_object_get(report, "revision");
	json_t *v = json_object();
	pol_json_set(v, "title", pol_json_str(S_get(pol, "title")));
	pol_json_set(v, "issued_era", S_opt(S_get(pol, "issued_era")));
	pol_json_set(v, "edition", pol_json_str(S_get(report, "edition")));
	pol_json_set(v, "short_commit", S_opt(S_get(rev, "short_commit")));
	pol_json_set(v, "scope", S_opt(*S_get(scope, "role_title") ? S_get(scope, "role_title") : S_get(scope, "role")));
	json_object_set_new(v, "pass", json_boolean(pol_assess_passed(report)));
	json_object_set_new(v, "summary", S_tally_view("全体", json_object_get(report, "summary")));

	static const struct {
		const char *key, *head, *name;
	} groups[] = {{"by_chapter", "章別", "label"},
	              {"by_article", "分野別（条）", "label"},
	              {"by_role", "役割別", "title"}};
	json_t *gs = json_array();
	for (size_t g = 0; g < 3; g++) {
		const json_t *arr = json_object_get(report, groups[g].key);
		if (!json_array_size(arr))
			continue;
		json_t *o = json_object(), *tallies = json_array();
		pol_json_set(o, "head", pol_json_str(groups[g].head));
		size_t i;
		json_t *t;
		json_array_foreach(arr, i, t)
			json_array_append_new(tallies, S_tally_view(S_get(t, groups[g].name), t));
		json_object_set_new(o, "tallies", tallies);
		json_array_append_new(gs, o);
	}
	json_object_set_new(v, "groups", gs);

	static const struct {
		const char *key, *head, *verdict;
	} lists[] = {{"failed_must_rules", "不適合の必須規則", "いいえ"},
	             {"incomplete_must_rules", "未完了の必須規則", "未回答"},
	             {"failed_other_rules", "不適合の推奨・任意規則", "いいえ"}};
	json_t *ls = json_array();
	for (size_t l = 0; l < 3; l++) {
		json_t *o = S_rules_view(report, lists[l].key, lists[l].head, lists[l].verdict);
		if (o)
			json_array_append_new(ls, o);
	}
	json_object_set_new(v, "lists", ls);
	pol_json_set(v, "unanswered", S_unanswered_view(report));
	pol_json_set(v, "digest", pol_json_str(S_get(rev, "source_digest")));
	/* The marks of every printed page (emit/pdf.h). */
	const char *ed = S_get(report, "edition");
	char *label = pol_print_label(ed, NULL);
	char *title = pol_xasprintf("自己点検結果　%s", S_get(pol, "title"));
	const char *sc = S_get(rev, "short_commit");
	char *revs = pol_xasprintf("版 %s", sc && *sc ? sc : S_get(rev, "source_digest"));
	pol_print_marks(v, !pol_print_public(ed), title, label, revs);
	free(label);
	free(title);
	free(revs);
	return v;
}

int pol_assess_html(char **out, char **err, const json_t *report, const pol_templates *t)
{
	json_t *v = S_view(report);
	int rc = pol_page_render(out, err, t, "assess.html.mustache", v);
	json_decref(v);
	return rc;
}
