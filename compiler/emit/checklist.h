/* checklist.h — the 自己点検 checklist (checklist.c): reading a bundle back, and the
 * checklist as CSV or printable HTML. Format in docs/checklist.md.
 *
 * The checklist and the assessment (assess.h) read a bundle file, never a policy: a
 * department gets the bundle of the edition it may see and nothing else. */
#ifndef POL_CHECKLIST_H
#define POL_CHECKLIST_H

#include <jansson.h>

#include "emit/render.h"
#include "lib/csv.h"
#include "lib/util.h"

/* ---- the checklist ---- */

enum {
	POL_CL_NO,
	POL_CL_ID,
	POL_CL_TARGET,
	POL_CL_QUESTION,
	POL_CL_BASIS,
	POL_CL_FREQUENCY,
	POL_CL_EVIDENCE,
	POL_CL_ANSWER,
	POL_CL_NOTE,
	POL_CL_NCOLS
};
/* Column headers: No. チェックID 対象 点検項目 根拠 頻度 証跡 判定 備考 */
extern const char *const pol_checklist_columns[POL_CL_NCOLS];

/* A rule that has checks. Strings are lent by the bundle. */
typedef struct pol_cl_rule {
	const char *id, *number, *title, *level; /* level "must" "should" "may" or "" */
	json_t *applies;                         /* array of role ids */
	char *target;                            /* role titles joined with "、" (owned) */
	char *basis;                             /* number and title (owned) */
	const char *chapter_key;                 /* key of its chapter, or "" */
	char *chapter_label;                     /* "第2章 情報セキュリティ対策基準" (owned) */
	const char *article_key;                 /* key of its article, or "" */
	char *article_label;                     /* "第2章1 組織体制", else the chapter's (owned) */
	size_t first, nchecks;                   /* its checks: checks[first .. first+nchecks) */
} pol_cl_rule;

typedef struct pol_cl_check {
	const char *id, *question, *evidence, *frequency_ja; /* lent; "" when absent */
	size_t rule;                                         /* index into rules */
} pol_cl_check;

typedef struct pol_checklist {
	json_t *bundle; /* owned */
	const char *title, *organization, *issued_era, *edition, *short_commit, *digest;
	json_t *roles;  /* the bundle's roles array */
	pol_cl_rule *rules;
	size_t nrules;
	pol_cl_check *checks;
	size_t nchecks;
	pol_map *by_id; /* check id -> index + 1 */
} pol_checklist;

/* Reads the bundle at path ("-": standard input). Returns 0, or the number of errors,
 * each appended to errs as one line "PATH[:LINE:COL]: error: ...\n" (out is then left
 * empty): the file cannot be read or is not JSON; it is not a polc bundle; its
 * format.version is not one this polc reads (1.0; see docs/bundle.md); a rule or a
 * check is not an object, a check has no id or one that is not a string, or two checks
 * share an id; role (when not NULL) is not one of its roles. Every check of the bundle
 * is then one of out->checks. */
int pol_checklist_load(pol_checklist *out, const char *path, const char *role, pol_buf *errs);
void pol_checklist_fini(pol_checklist *cl);

/* The title of role id in the bundle, or NULL when the bundle has no such role. */
const char *pol_checklist_role_title(const pol_checklist *cl, const char *id);
/* Whether rule r applies to role id (always true when id is NULL). */
bool pol_checklist_applies(const pol_cl_rule *r, const char *id);

/* The checklist, of every check or of the checks of rules applying to role (NULL:
 * all), as CSV: UTF-8 with a BOM, CRLF, RFC 4180 quoting, and a cell that a
 * spreadsheet would take for a formula written with ' in front (lib/csv.h). Caller
 * frees. */
char *pol_checklist_csv(const pol_checklist *cl, const char *role);
/* The same as a printable HTML page, from checklist.html.mustache of t. Returns 0 and
 * *out, or -1 and *err (a template error); caller frees either. */
int pol_checklist_html(char **out, char **err, const pol_checklist *cl, const char *role,
                       const pol_templates *t);

/* Removes ASCII blanks and U+3000 from both ends of s[0..*n); returns the new start. */
const char *pol_checklist_trim(const char *s, size_t *n);

#endif
