/* csv.h — CSV as spreadsheets exchange it (csv.c): RFC 4180 records written and read,
 * and the rule that keeps a written cell from being taken for a formula.
 *
 * Writing: fields separated by commas, a field quoted when it holds a comma, a quote,
 * CR or LF (inner quotes doubled), CRLF after each record; a file for a spreadsheet
 * starts with POL_CSV_BOM so that Excel opens it as UTF-8.
 *
 * Formula injection: a spreadsheet runs a cell that starts with = + - @ TAB or CR as a
 * formula (OWASP, "CSV Injection"). A cell written for a spreadsheet
 * (pol_csv_put_sheet_row) that starts with one of these gets an apostrophe in front,
 * so it shows as the text it is; pol_csv_unneutralise undoes that on reading. */
#ifndef POL_CSV_H
#define POL_CSV_H

#include "lib/util.h"

/* The UTF-8 byte order mark a spreadsheet file starts with. */
#define POL_CSV_BOM "\xEF\xBB\xBF"

/* Appends one record, fields[0..n) as they are (NULL reads as ""), then CRLF. */
void pol_csv_put_row(pol_buf *b, const char *const *fields, size_t n);
/* The same, each field that starts with = + - @ TAB or CR prefixed with ' first. */
void pol_csv_put_sheet_row(pol_buf *b, const char *const *fields, size_t n);
/* Whether a field of that text would be taken for a formula: it starts with = + - @
 * TAB or CR. */
bool pol_csv_formula_like(const char *s);
/* A field read back: past the ' that pol_csv_put_sheet_row put in front of a
 * formula-like text (s itself otherwise). */
const char *pol_csv_unneutralise(const char *s);

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
/* The same with another field separator (a tab: Excel's 「Unicode テキスト」 and
 * 「テキスト（タブ区切り）」). */
void pol_csv_parse_sep(pol_csv *out, const char *data, size_t len, char sep);
void pol_csv_free(pol_csv *c);

#endif
