/* assess.h — compliance assessment from a filled-in 自己点検 checklist (assess.c).
 * Rules and output in docs/checklist.md. */
#ifndef POL_ASSESS_H
#define POL_ASSESS_H

#include "emit/checklist.h"

typedef enum pol_answer { POL_ANS_NONE, POL_ANS_YES, POL_ANS_NO, POL_ANS_NA } pol_answer;

/* Answers per check of a checklist, indexed like cl->checks. */
typedef struct pol_answers {
	pol_answer *ans;
	char **note;  /* 備考, NULL when empty */
	int *line;    /* line of the answering row, 0 when the check has no row */
	size_t n;
} pol_answers;

/* Reads a filled-in checklist (CSV text) against cl. Every problem is appended to errs
 * as "NAME:LINE: error: message\n", in line order: a NUL byte or invalid UTF-8,
 * malformed CSV, a wrong number of fields, a missing or repeated column, an unknown or
 * repeated check id, a 判定 outside はい / いいえ / 該当なし. A cell that starts with '
 * and then a formula-like text (lib/csv.h) is read without the '. Returns the number
 * of errors; *out is filled either way (free with pol_answers_fini). */
int pol_assess_read(pol_answers *out, const pol_checklist *cl, const char *name, const char *data, size_t len,
                    pol_buf *errs);
void pol_answers_fini(pol_answers *a);

/* The assessment as JSON (see docs/checklist.md), of every check, or of the checks of
 * rules applying to role (NULL: all). Caller json_decrefs. */
json_t *pol_assess_report(const pol_checklist *cl, const pol_answers *a, const char *role);
/* True when every must-rule in scope passed: each of its checks answered はい or 該当なし. */
bool pol_assess_passed(const json_t *report);
/* The terminal summary of a report. Caller frees. */
char *pol_assess_text(const json_t *report);
/* The report as a printable HTML page, from assess.html.mustache of t (and its
 * partials). Returns 0 and *out, or -1 and *err (a template error); caller frees
 * either. */
int pol_assess_html(char **out, char **err, const json_t *report, const pol_templates *t);

#endif
