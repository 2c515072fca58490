/* checklist.h — the 自己点検 checklist (checklist.c): reading a bundle back, CSV in
 * and out, and the checklist as CSV or printable HTML. Format in docs/checklist.md.
 *
 * The checklist and the assessment (assess.h) read a bundle file, never a policy: a
 * department gets the bundle of the edition it may see and nothing else. */
#ifndef POL_CHECKLIST_H
#define POL_CHECKLIST_H

#include <jansson.h>

#include "lib/util.h"

/* ---- CSV, RFC 4180 ---- */

/* Appends one record: fields separated by commas, a field quoted when it holds a
 * comma, a quote, CR or LF (inner quotes doubled), and CRLF at the end. */
void pol_csv_put_row(pol_buf *b, const char *const *fields, size_t n);

typedef struct pol_csv_row {
	char **fields;
	size_t n;
	int line;       /* 1-based line the record starts on */
	bool bad;       /* the record had a syntax error; its fields are a best effort */
} pol_csv_row;

typedef struct pol_csv_error {
	int line;
	char *msg;
} pol_csv_error;

typedef struct pol_csv {
	pol_csv_row *rows;
	size_t nrows;
	pol_csv_error *errors; /* in order of lines */
	size_t nerrors;
} pol_csv;

/* Parses CSV text: a leading UTF-8 BOM is skipped, records end with CRLF, LF or CR,
 * fields may be quoted. Always fills *out (free with pol_csv_free); malformed input
 * (an unterminated quote, which ends the parse, or text around a quoted field)
 * adds errors and the parse goes on where it can. */
void pol_csv_parse(pol_csv *out, const char *data, size_t len);
void pol_csv_free(pol_csv *c);

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

/* Reads the bundle at path ("-": standard input). Returns 0, or -1 and *err (caller frees) with a one-line
 * message "PATH[:LINE:COL]: error: ..." when the file cannot be read, is not JSON,
 * is not a polc bundle, or has another major format version. */
int pol_checklist_load(pol_checklist *out, const char *path, char **err);
void pol_checklist_fini(pol_checklist *cl);
/* For the commands: loads the bundle at path and checks that role (when not NULL) is one
 * of its roles, printing what is wrong. Returns 0, or POL_EXIT_USAGE (cl left empty). */
int pol_checklist_open(pol_checklist *cl, const char *path, const char *role);

/* The title of role id in the bundle, or NULL when the bundle has no such role. */
const char *pol_checklist_role_title(const pol_checklist *cl, const char *id);
/* Whether rule r applies to role id (always true when id is NULL). */
bool pol_checklist_applies(const pol_cl_rule *r, const char *id);

/* The checklist, of every check or of the checks of rules applying to role (NULL:
 * all). CSV: UTF-8 with a BOM and CRLF. HTML: a printable page. Caller frees. */
char *pol_checklist_csv(const pol_checklist *cl, const char *role);
char *pol_checklist_html(const pol_checklist *cl, const char *role);

/* Removes ASCII blanks and U+3000 from both ends of s[0..*n); returns the new start. */
const char *pol_checklist_trim(const char *s, size_t *n);

#endif
