/* format.h — the canonical layout of a policy source file (`polc fmt`).
 *
 * The formatter works on one file at a time, from the parser's lines and the file's
 * own text (which keeps the comments the lexer drops): directive lines are rebuilt
 * from their tokens, prose is copied as written, blank lines follow a few rules
 * (docs/formatting.md). What it does not know — a directive keyword it has no rule
 * for, its lines and the text under it — is copied byte for byte, so syntax added to
 * the language later is never damaged by it. Before it answers it parses its own
 * result and compares it with the input, token by token: a result that would read
 * differently is refused, never returned. */
#ifndef POL_FORMAT_H
#define POL_FORMAT_H

#include "lib/diag.h"

typedef enum {
	POL_FORMAT_OK = 0,      /* *out holds the formatted text */
	POL_FORMAT_INVALID = 1, /* f does not parse, or is not UTF-8: diagnostics went to d */
	POL_FORMAT_UNSAFE = 2,  /* the result would not read as f does (a formatter bug): reported to d */
} pol_format_status;

/* Formats f into out (appended; the caller owns and frees it). A leading byte order
 * mark is dropped and every line ends in "\n" (CRLF becomes LF). */
pol_format_status pol_format(pol_buf *out, const pol_file *f, pol_diag *d);

#endif
