/* csv.c — CSV records written and read (csv.h).
 *
 * The reader reports every malformed record with its line and goes on, so a user sees
 * all problems of a file in one run; only an unterminated quote ends it, since the
 * rest of the file is then inside that field. */
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"

/* ---- writing ---- */

bool pol_csv_formula_like(const char *s)
{
	return s && *s && strchr("=+-@\t\r", *s);
}

const char *pol_csv_unneutralise(const char *s)
{
	return s[0] == '\'' && pol_csv_formula_like(s + 1) ? s + 1 : s;
}

static void S_field(pol_buf *b, const char *s, bool sheet)
{
	if (!s)
		s = "";
	const char *lead = sheet && pol_csv_formula_like(s) ? "'" : "";
	if (!s[strcspn(s, ",\"\r\n")]) {
		pol_buf_puts(b, lead);
		pol_buf_puts(b, s);
		return;
	}
	pol_buf_putc(b, '"');
	pol_buf_puts(b, lead);
	for (; *s; s++) {
		if (*s == '"')
			pol_buf_putc(b, '"');
		pol_buf_putc(b, *s);
	}
	pol_buf_putc(b, '"');
}

static void S_row(pol_buf *b, const char *const *fields, size_t n, bool sheet)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			pol_buf_putc(b, ',');
		S_field(b, fields[i], sheet);
	}
	pol_buf_puts(b, "\r\n");
}

void pol_csv_put_row(pol_buf *b, const char *const *fields, size_t n)
{
	S_row(b, fields, n, false);
}

void pol_csv_put_sheet_row(pol_buf *b, const char *const *fields, size_t n)
{
	S_row(b, fields, n, true);
}

/* ---- reading ---- */

static void S_error(pol_csv *c, int line, const char *msg)
{
	c->errors = pol_xrealloc(c->errors, (c->nerrors + 1) * sizeof *c->errors);
	c->errors[c->nerrors].line = line;
	c->errors[c->nerrors].msg = pol_xstrdup(msg);
	c->nerrors++;
}

static void S_row_push(pol_csv_row *r, pol_buf *f)
{
	r->fields = pol_xrealloc(r->fields, (r->n + 1) * sizeof *r->fields);
	r->fields[r->n++] = pol_buf_detach(f);
}

static void S_row_free(pol_csv_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->fields[i]);
	free(r->fields);
}

static bool S_field_end(char ch, char sep)
{
	return ch == sep || ch == '\r' || ch == '\n';
}

/* A quoted field from data[*i] (the opening quote) into f. Returns false at an
 * unterminated quote (the error is added). */
static bool S_quoted(pol_csv *out, pol_csv_row *row, pol_buf *f, const char *data, size_t len, size_t *i,
                     int *line, char sep)
{
	int start = *line;
	size_t k = *i + 1;
	for (;;) {
		if (k >= len) {
			S_error(out, start, "unterminated quoted field");
			return false;
		}
		char ch = data[k];
		if (ch == '"') {
			if (k + 1 < len && data[k + 1] == '"') {
				pol_buf_putc(f, '"');
				k += 2;
				continue;
			}
			k++;
			break;
		}
		if (ch == '\n' || (ch == '\r' && !(k + 1 < len && data[k + 1] == '\n')))
			(*line)++;
		pol_buf_putc(f, ch);
		k++;
	}
	if (k < len && !S_field_end(data[k], sep)) {
		S_error(out, *line, "unexpected text after a closing quote");
		row->bad = true;
	}
	*i = k;
	return true;
}

void pol_csv_parse(pol_csv *out, const char *data, size_t len)
{
	pol_csv_parse_sep(out, data, len, ',');
}

void pol_csv_parse_sep(pol_csv *out, const char *data, size_t len, char sep)
{
	memset(out, 0, sizeof *out);
	size_t i = 0;
	if (len >= 3 && !memcmp(data, POL_CSV_BOM, 3))
		i = 3;
	int line = 1;
	size_t cap = 0;
	while (i < len) {
		pol_csv_row row = {.line = line};
		pol_buf f = {0};
		for (;;) {
			if (i < len && data[i] == '"' && !S_quoted(out, &row, &f, data, len, &i, &line, sep)) {
				pol_buf_free(&f);
				S_row_free(&row);
				return;
			}
			while (i < len && !S_field_end(data[i], sep)) {
				if (data[i] == '"' && !row.bad) {
					S_error(out, line, "quote inside an unquoted field");
					row.bad = true;
				}
				pol_buf_putc(&f, data[i++]);
			}
			S_row_push(&row, &f);
			if (i < len && data[i] == sep) {
				i++;
				continue;
			}
			if (i < len && data[i] == '\r')
				i++;
			if (i < len && data[i] == '\n')
				i++;
			line++;
			break;
		}
		if (out->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			out->rows = pol_xrealloc(out->rows, cap * sizeof *out->rows);
		}
		out->rows[out->nrows++] = row;
	}
}

void pol_csv_free(pol_csv *c)
{
	for (size_t i = 0; i < c->nrows; i++)
		S_row_free(&c->rows[i]);
	free(c->rows);
	for (size_t i = 0; i < c->nerrors; i++)
		free(c->errors[i].msg);
	free(c->errors);
	memset(c, 0, sizeof *c);
}
