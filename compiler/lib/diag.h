/* diag.h — source files with their line tables, spans, and the one diagnostic printer.
 *
 * A span is a byte range in a loaded file. Line and column are computed only when a
 * diagnostic is printed, from a line table built once per file. Columns count code
 * points (1-based); the caret line is padded by display width, so it sits under the
 * right character in a terminal even for Japanese text. Diagnostics go to a sink held
 * by the context: stderr by default, a memory buffer in tests. */
#ifndef POL_DIAG_H
#define POL_DIAG_H

#include "lib/util.h"

typedef struct pol_file {
	char *path;   /* as shown in diagnostics, e.g. "policy-src/basic.pol" */
	char *rel;    /* relative to the source root, e.g. "basic.pol" */
	char *text;   /* contents, NUL-terminated, always ending in '\n' */
	size_t len;
	size_t *lines; /* byte offset of each line start (line 1 after a byte order mark) */
	size_t nlines;
	bool lent;    /* text belongs to someone else (pol_file_new_lent) */
} pol_file;

pol_file *pol_file_new(const char *path, const char *rel, const char *data, size_t len);
/* The same, taking over data (a malloc'd buffer of len bytes, or more). */
pol_file *pol_file_new_take(const char *path, const char *rel, char *data, size_t len);
/* The same over text, which the file does not free: text has room for len + 2 bytes,
 * and must outlive the file. */
pol_file *pol_file_new_lent(const char *path, const char *rel, char *text, size_t len);
void pol_file_free(pol_file *f);
/* 0-based index of the line holding byte offset off (its entry in f->lines). */
size_t pol_file_line_index(const pol_file *f, size_t off);
/* 1-based line and code-point column of byte offset off. */
void pol_file_linecol(const pol_file *f, size_t off, int *line, int *col);

typedef struct pol_span {
	const pol_file *file;
	uint32_t begin, end;
} pol_span;

typedef enum { POL_NOTE, POL_WARNING, POL_ERROR } pol_severity;

/* Where a diagnostic points, computed once when it is reported. Lines are 1-based;
 * columns are 1-based and count code points (col) or UTF-16 code units (col16, for
 * LSP clients). The end is exclusive: end_col is the column just after the span's
 * last character, so an empty span has end == begin. Byte offsets are into the file's
 * text (pol_file.text). With no file (path NULL), every number is 0. */
typedef struct pol_diag_loc {
	char *path;            /* owned copy of pol_file.path, or NULL */
	char *rel;             /* owned copy of pol_file.rel, or NULL */
	int line, col;
	int end_line, end_col;
	int col16, end_col16;
	uint32_t begin, end;   /* byte offsets */
} pol_diag_loc;

/* One diagnostic as a record (for JSON, SARIF, the language server). A note reported
 * right after an error or a warning is attached to it (notes[]); a note with nothing
 * before it is a record of its own. message is the text as printed, with terminal
 * controls and invisible characters already escaped (pol_buf_put_escaped), so it is
 * valid UTF-8 and safe to show anywhere. code is a stable name of the kind of
 * diagnostic (e.g. "unknown-role"; docs/diagnostics.md lists them), a static string.
 * Every string and the notes array are owned by the pol_diag. */
typedef struct pol_diag_rec {
	pol_severity severity;
	const char *code;
	char *message;
	pol_diag_loc loc;
	struct pol_diag_rec *notes;
	size_t nnotes;
} pol_diag_rec;

typedef struct pol_diag {
	FILE *out;       /* where messages go; NULL: into mem */
	pol_buf mem;
	int errors, warnings;
	int io_errors;   /* errors that were about reading, not the policy (exit 2) */
	bool werror;     /* warnings count as errors */
	bool color;      /* the text has ANSI colours (GCC's) */
	bool silent;     /* keep the records only: no text to out or mem */
	pol_diag_rec *recs; /* every error and warning (and lone note) in order reported */
	size_t nrecs, caprecs;
} pol_diag;

void pol_diag_init(pol_diag *d, FILE *out);
/* Frees mem and the records. */
void pol_diag_fini(pol_diag *d);
/* Forgets every record, the text in mem and the counts, keeping out, werror, color
 * and silent (for a command that checks again, such as watch or the language server). */
void pol_diag_reset(pol_diag *d);
/* Prints "file:line:col: severity: message", the source line and a caret under span,
 * and keeps the record. A span with no file prints "polc: severity: message". */
void pol_diag_report(pol_diag *d, pol_severity sev, pol_span span, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same with the code given (pol_diag_report looks it up from fmt). */
void pol_diag_report_code(pol_diag *d, pol_severity sev, const char *code, pol_span span, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The stable code of a message format (the fmt given to pol_error and friends), or
 * "other" for a format that has none (diag_codes.c). */
const char *pol_diag_code_of(const char *fmt);
/* One sentence on what a code means (English), or NULL for a code polc does not know. */
const char *pol_diag_code_text(const char *code);
#define pol_error(d, span, ...) pol_diag_report((d), POL_ERROR, (span), __VA_ARGS__)
#define pol_warning(d, span, ...) pol_diag_report((d), POL_WARNING, (span), __VA_ARGS__)
#define pol_note(d, span, ...) pol_diag_report((d), POL_NOTE, (span), __VA_ARGS__)
/* Escaping what a terminal would obey. pol_escape_cp writes the escape of cp into out
 * and returns its length, or 0 when cp prints as itself: C0 controls but tab and
 * newline, and DEL, as `\x1b`; C1 controls as `\u009b`; bidi controls and zero-width
 * characters (pol_cp_invisible) as `<U+202E>`. */
size_t pol_escape_cp(uint32_t cp, char out[12]);
/* U+200B–200F, U+202A–202E, U+2066–2069, U+2028/2029, U+2060, U+FEFF. */
bool pol_cp_invisible(uint32_t cp);
/* Appends s[0..n) with every such code point escaped (invalid bytes as '?'). */
void pol_buf_put_escaped(pol_buf *b, const char *s, size_t n);
/* Writes s to f, escaped so. */
void pol_fputs_escaped(FILE *f, const char *s);
/* Warns, as GCC's -Wbidi-chars does, about each line of f holding a bidirectional
 * control (U+202A–202E, U+2066–2069) or a zero-width character (U+200B–200F): they
 * make text display otherwise than it reads (Trojan Source). One warning a line. */
void pol_warn_invisible(pol_diag *d, const pol_file *f);
/* True when errors (or warnings under werror) were reported. */
bool pol_diag_failed(const pol_diag *d);

#endif
