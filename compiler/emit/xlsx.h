/* xlsx.h — the 自己点検 checklist and the assessment report as Excel workbooks (xlsx.c),
 * written with libxlsxwriter. Layout in docs/word-excel.md.
 *
 * Both are made from what their CSV and HTML forms are made from (a bundle read back,
 * a report), so the forms never disagree. The checklist's first sheet has the CSV's
 * columns, in the same order, so that answers read back the same from either. */
#ifndef POL_XLSX_H
#define POL_XLSX_H

#include "emit/assess.h"

/* The sheets of the checklist, and the label of the digest on the identity sheet
 * (assess compares it with the bundle's). */
#define POL_XLSX_CHECK_SHEET "自己点検"
#define POL_XLSX_IDENTITY_SHEET "版情報"
#define POL_XLSX_DIGEST_LABEL "ソースダイジェスト"

/* Writes the checklist of cl (of the checks of rules applying to role, NULL: all) to
 * path as .xlsx. Returns 0, or -1 and *err (caller frees). Same bundle, same bytes: the
 * workbook's dates come from the bundle's revision date, else SOURCE_DATE_EPOCH, else
 * 1980-01-01. */
int pol_checklist_xlsx(const pol_checklist *cl, const char *role, const char *path, char **err);

/* Writes the assessment report (pol_assess_report) to path as .xlsx: a summary sheet
 * (判定, tallies overall, per chapter, article and role), one row per rule and one per
 * check. Returns 0, or -1 and *err (caller frees). */
int pol_assess_xlsx(const json_t *report, const char *path, char **err);

#endif
