/* diag.c — the diagnostic printer.
 *
 * One format for every message (GCC's), so editors and CI annotate it:
 *
 *   policy-src/basic.pol:12:7: error: unknown role 'admn'
 *      12 | @rule phy-room [must, applies=admn]
 *         |                               ^~~~
 *
 * Line tables are built once per file when it is loaded; a span is turned into line
 * and column only here. Nothing from a policy reaches the terminal raw: control
 * characters (ESC, CR, DEL, C1) in the message or the source line are printed as
 * `\x1b` / `\u009b`, bidi controls and zero-width characters as `<U+202E>`, and the
 * caret counts those escapes' widths. */
#include "lib/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

pol_file *pol_file_new(const char *path, const char *rel, const char *data, size_t len)
{
	char *copy = pol_xmalloc(len + 2);
	if (len)
		memcpy(copy, data, len);
	return pol_file_new_take(path, rel, copy, len);
}

static pol_file *S_file_new(const char *path, const char *rel, char *data, size_t len, bool lent)
{
	pol_file *f = pol_xcalloc(1, sizeof *f);
	f->path = pol_xstrdup(path);
	f->rel = pol_xstrdup(rel);
	f->lent = lent;
	bool nl = len > 0 && data[len - 1] == '\n';
	f->text = lent ? data : pol_xrealloc(data, len + 2);
	f->len = len;
	if (!nl)
		f->text[f->len++] = '\n';
	f->text[f->len] = 0;
	size_t cap = 64;
	f->lines = pol_xmalloc(cap * sizeof *f->lines);
	/* A byte order mark (Excel and Notepad write one) is not part of the first line:
	 * line 1 starts after it, for the parser, columns and the source lines shown. */
	f->lines[f->nlines++] = f->len >= 3 && !memcmp(f->text, "\xEF\xBB\xBF", 3) ? 3 : 0;
	const char *t = f->text, *end = t + f->len - 1; /* a final '\n' starts no line */
	for (const char *q = t; q < end && (q = memchr(q, '\n', (size_t)(end - q))); q++) {
		if (f->nlines == cap)
			f->lines = pol_xrealloc(f->lines, (cap *= 2) * sizeof *f->lines);
		f->lines[f->nlines++] = (size_t)(q - t) + 1;
	}
	return f;
}

pol_file *pol_file_new_take(const char *path, const char *rel, char *data, size_t len)
{
	return S_file_new(path, rel, data, len, false);
}

pol_file *pol_file_new_lent(const char *path, const char *rel, char *text, size_t len)
{
	return S_file_new(path, rel, text, len, true);
}

void pol_file_free(pol_file *f)
{
	if (!f)
		return;
	free(f->path);
	free(f->rel);
	if (!f->lent)
		free(f->text);
	free(f->lines);
	free(f);
}

size_t pol_file_line_index(const pol_file *f, size_t off)
{
	size_t lo = 0, hi = f->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (f->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void pol_file_linecol(const pol_file *f, size_t off, int *line, int *col)
{
	if (off > f->len)
		off = f->len;
	size_t li = pol_file_line_index(f, off);
	if (off < f->lines[li])
		off = f->lines[li]; /* inside a byte order mark */
	*line = (int)li + 1;
	*col = (int)pol_utf8_count(f->text + f->lines[li], off - f->lines[li]) + 1;
}

void pol_diag_init(pol_diag *d, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->out = out;
}

static void S_rec_free(pol_diag_rec *r)
{
	free(r->message);
	free(r->loc.path);
	free(r->loc.rel);
	for (size_t i = 0; i < r->nnotes; i++)
		S_rec_free(&r->notes[i]);
	free(r->notes);
}

static void S_recs_free(pol_diag *d)
{
	for (size_t i = 0; i < d->nrecs; i++)
		S_rec_free(&d->recs[i]);
	free(d->recs);
	d->recs = NULL;
	d->nrecs = d->caprecs = 0;
}

void pol_diag_fini(pol_diag *d)
{
	pol_buf_free(&d->mem);
	S_recs_free(d);
}

void pol_diag_reset(pol_diag *d)
{
	pol_buf_free(&d->mem);
	S_recs_free(d);
	d->errors = d->warnings = d->io_errors = 0;
}

bool pol_diag_failed(const pol_diag *d)
{
	return d->errors > 0 || (d->werror && d->warnings > 0);
}

size_t pol_escape_cp(uint32_t cp, char out[12])
{
	if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F)
		return (size_t)snprintf(out, 12, "\\x%02x", (unsigned)cp);
	if (cp >= 0x80 && cp <= 0x9F)
		return (size_t)snprintf(out, 12, "\\u%04x", (unsigned)cp);
	if (pol_cp_invisible(cp))
		return (size_t)snprintf(out, 12, "<U+%04X>", (unsigned)cp);
	return 0;
}

bool pol_cp_invisible(uint32_t cp)
{
	return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x2060 || cp == 0xFEFF;
}

void pol_buf_put_escaped(pol_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			pol_buf_putc(b, '?');
			i++;
			continue;
		}
		char esc[12];
		size_t e = pol_escape_cp(cp, esc);
		if (e)
			pol_buf_put(b, esc, e);
		else
			pol_buf_put(b, s + i, k);
		i += k;
	}
}

void pol_fputs_escaped(FILE *f, const char *s)
{
	pol_buf b = {0};
	pol_buf_put_escaped(&b, s, strlen(s));
	if (b.len)
		fwrite(b.data, 1, b.len, f);
	pol_buf_free(&b);
}

/* Display width of text[0..n) as the source line is printed: invalid bytes, NUL and
 * tabs one column each, other controls and invisible characters as their escapes. */
static size_t S_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = pol_utf8_decode(s + i, n - i, &cp);
		if (!k || cp == 0) {
			w++, i += k ? k : 1;
			continue;
		}
		char esc[12];
		size_t e = cp == '\t' ? 0 : pol_escape_cp(cp, esc);
		w += e ? e : cp == '\t' ? 1 : (size_t)pol_cp_width(cp);
		i += k;
	}
	return w;
}

/* Column (1-based) of byte off in UTF-16 code units, counted from the line start ls. */
static int S_col16(const pol_file *f, size_t ls, size_t off)
{
	int c = 1;
	for (size_t i = ls; i < off;) {
		uint32_t cp;
		size_t k = pol_utf8_decode(f->text + i, off - i, &cp);
		c += k && cp >= 0x10000 ? 2 : 1;
		i += k ? k : 1;
	}
	return c;
}

static void S_loc(pol_diag_loc *loc, pol_span span)
{
	const pol_file *f = span.file;
	memset(loc, 0, sizeof *loc);
	if (!f)
		return;
	size_t b = span.begin > f->len ? f->len : span.begin;
	size_t e = span.end > f->len ? f->len : span.end;
	if (e < b)
		e = b;
	loc->path = pol_xstrdup(f->path);
	loc->rel = pol_xstrdup(f->rel ? f->rel : f->path);
	loc->begin = (uint32_t)b;
	loc->end = (uint32_t)e;
	pol_file_linecol(f, b, &loc->line, &loc->col);
	pol_file_linecol(f, e, &loc->end_line, &loc->end_col);
	loc->col16 = S_col16(f, f->lines[loc->line - 1], b);
	loc->end_col16 = S_col16(f, f->lines[loc->end_line - 1], e);
}

/* Keeps the record: a note goes to the last error or warning, if there is one. */
static void S_keep(pol_diag *d, pol_severity sev, const char *code, pol_span span, char *msg)
{
	pol_diag_rec *r;
	if (sev == POL_NOTE && d->nrecs && d->recs[d->nrecs - 1].severity != POL_NOTE) {
		pol_diag_rec *to = &d->recs[d->nrecs - 1];
		to->notes = pol_xrealloc(to->notes, (to->nnotes + 1) * sizeof *to->notes);
		r = &to->notes[to->nnotes++];
	} else {
		if (d->nrecs == d->caprecs) {
			d->caprecs = d->caprecs ? 2 * d->caprecs : 16;
			d->recs = pol_xrealloc(d->recs, d->caprecs * sizeof *d->recs);
		}
		r = &d->recs[d->nrecs++];
	}
	memset(r, 0, sizeof *r);
	r->severity = sev;
	r->code = code;
	r->message = msg;
	S_loc(&r->loc, span);
}

/* GCC's colours: the locus bold, the severity bold red, magenta or cyan, the caret green. */
static const char *const S_sev_color[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
#define S_BOLD "\033[1m"
#define S_GREEN "\033[1;32m"
#define S_RESET "\033[0m"

static void S_report(pol_diag *d, pol_severity sev, const char *code, pol_span span, const char *fmt, va_list ap)
{
	static const char *names[] = {"note", "warning", "error"};
	pol_buf b = {0};
	if (sev == POL_ERROR)
		d->errors++;
	else if (sev == POL_WARNING)
		d->warnings++;
	const pol_file *f = span.file;
	int line = 0, col = 0;
	const char *bold = d->color ? S_BOLD : "", *reset = d->color ? S_RESET : "";
	const char *sevc = d->color ? S_sev_color[sev] : "";
	if (f) {
		pol_file_linecol(f, span.begin, &line, &col);
		pol_buf_printf(&b, "%s%s:%d:%d:%s %s%s:%s ", bold, f->path, line, col, reset, sevc, names[sev], reset);
	} else {
		pol_buf_printf(&b, "%spolc:%s %s%s:%s ", bold, reset, sevc, names[sev], reset);
	}
	char *msg = pol_xvasprintf(fmt, ap);
	/* The message may quote source text: control characters are shown escaped. */
	pol_buf m = {0};
	if (msg)
		pol_buf_put_escaped(&m, msg, strlen(msg));
	else
		pol_buf_putc(&m, '?');
	free(msg);
	pol_buf_put(&b, m.data, m.len);
	pol_buf_putc(&b, '\n');
	S_keep(d, sev, code, span, pol_buf_detach(&m));
	if (d->silent) {
		pol_buf_free(&b);
		return;
	}
	if (f) {
		size_t ls = f->lines[line - 1];
		size_t le = ls;
		while (le < f->len && f->text[le] != '\n')
			le++;
		if (le > ls && f->text[le - 1] == '\r')
			le--;
		size_t b0 = span.begin < ls ? ls : span.begin;
		size_t b1 = span.end > le ? le : span.end;
		if (b1 < b0)
			b1 = b0;
		/* Show invalid bytes as '?', so the line printed is itself valid UTF-8. */
		pol_buf_printf(&b, "%5d | ", line);
		for (size_t i = ls; i < le;) {
			uint32_t cp;
			size_t k = pol_utf8_decode(f->text + i, le - i, &cp);
			if (!k || f->text[i] == '\t' || f->text[i] == 0) {
				pol_buf_putc(&b, k && f->text[i] ? ' ' : '?');
				i++;
				continue;
			}
			/* A terminal escape or a bidi control in the source is shown, not obeyed. */
			char esc[12];
			size_t e = pol_escape_cp(cp, esc);
			if (e)
				pol_buf_put(&b, esc, e);
			else
				pol_buf_put(&b, f->text + i, k);
			i += k;
		}
		pol_buf_puts(&b, "\n      | ");
		for (size_t w = S_width(f->text + ls, b0 - ls); w > 0; w--)
			pol_buf_putc(&b, ' ');
		if (d->color)
			pol_buf_puts(&b, S_GREEN);
		pol_buf_putc(&b, '^');
		size_t w = S_width(f->text + b0, b1 - b0);
		for (size_t i = 1; i < w; i++)
			pol_buf_putc(&b, '~');
		if (d->color)
			pol_buf_puts(&b, S_RESET);
		pol_buf_putc(&b, '\n');
	}
	if (d->out)
		fputs(b.data, d->out);
	else
		pol_buf_put(&d->mem, b.data, b.len);
	pol_buf_free(&b);
}

void pol_diag_report(pol_diag *d, pol_severity sev, pol_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *code;
	if (!strcmp(fmt, "%s")) {
		/* A message chosen by the caller: its text is the format to look up. */
		va_list aq;
		va_copy(aq, ap);
		code = pol_diag_code_of(va_arg(aq, const char *));
		va_end(aq);
	} else {
		code = pol_diag_code_of(fmt);
	}
	S_report(d, sev, code, span, fmt, ap);
	va_end(ap);
}

void pol_diag_report_code(pol_diag *d, pol_severity sev, const char *code, pol_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	S_report(d, sev, code, span, fmt, ap);
	va_end(ap);
}

/* The Unicode name of an invisible character pol_warn_invisible reports. */
static const char *S_invisible_name(uint32_t cp)
{
	switch (cp) {
	case 0x200B: return "ZERO WIDTH SPACE";
	case 0x200C: return "ZERO WIDTH NON-JOINER";
	case 0x200D: return "ZERO WIDTH JOINER";
	case 0x200E: return "LEFT-TO-RIGHT MARK";
	case 0x200F: return "RIGHT-TO-LEFT MARK";
	case 0x202A: return "LEFT-TO-RIGHT EMBEDDING";
	case 0x202B: return "RIGHT-TO-LEFT EMBEDDING";
	case 0x202C: return "POP DIRECTIONAL FORMATTING";
	case 0x202D: return "LEFT-TO-RIGHT OVERRIDE";
	case 0x202E: return "RIGHT-TO-LEFT OVERRIDE";
	case 0x2066: return "LEFT-TO-RIGHT ISOLATE";
	case 0x2067: return "RIGHT-TO-LEFT ISOLATE";
	case 0x2068: return "FIRST STRONG ISOLATE";
	case 0x2069: return "POP DIRECTIONAL ISOLATE";
	default: return NULL;
	}
}

void pol_warn_invisible(pol_diag *d, const pol_file *f)
{
	/* All of them are E2 80 8B–8F, E2 80 AA–AE or E2 81 A6–A9: look only at 0xE2. */
	size_t last_line = (size_t)-1;
	for (const char *p = f->text, *end = f->text + f->len; (p = memchr(p, 0xE2, (size_t)(end - p))); p++) {
		if (end - p < 3)
			break;
		uint32_t cp;
		if (pol_utf8_decode(p, 3, &cp) != 3 || !S_invisible_name(cp))
			continue;
		size_t off = (size_t)(p - f->text);
		size_t line = pol_file_line_index(f, off);
		if (line == last_line)
			continue; /* one warning a line */
		last_line = line;
		pol_span s = {f, (uint32_t)off, (uint32_t)off + 3};
		bool bidi = cp >= 0x202A;
		pol_diag_report_code(d, POL_WARNING, bidi ? "bidi-character" : "invisible-character", s,
		                     "%s character U+%04X (%s): the text may display differently from what it is",
		                     bidi ? "bidirectional control" : "invisible", (unsigned)cp, S_invisible_name(cp));
	}
}
