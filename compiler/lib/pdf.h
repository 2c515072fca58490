/* pdf.h — an HTML file printed to PDF by headless Chromium, then given fixed metadata.
 *
 * The engine is the `chromium` of Debian, run as a child process (fork/exec, no shell)
 * with a throw-away profile and no network (every host name resolves to nothing); the
 * page's own CSS (@page size, margins and margin boxes) lays out the
 * pages. Chromium's PDF carries the time it was made, so the file is then rewritten by
 * libqpdf: the Info dictionary replaced by the one given here (title, author, subject,
 * keywords, one fixed date), a deterministic /ID, object streams. Same HTML + same
 * info + same engine → the same bytes. docs/print.md says why this engine. */
#ifndef POL_PDF_H
#define POL_PDF_H

#include <stdbool.h>

typedef struct pol_pdf_info {
	const char *title;    /* UTF-8, each NULL for none */
	const char *author;   /* the organization */
	const char *subject;  /* the edition */
	const char *keywords; /* the revision */
	const char *creator;  /* "polc 0.1.0" */
	long long epoch;      /* CreationDate and ModDate, seconds since 1970-01-01 UTC */
} pol_pdf_info;

/* The engine's executable: $POLC_CHROMIUM when set (an empty value means none), else
 * chromium or chromium-browser on PATH. NULL and *err (caller frees; one line saying
 * what to install) when there is none. Caller frees the result. */
char *pol_pdf_engine(char **err);

/* Prints the HTML file html (a path; its relative links resolve beside it) to the PDF
 * file pdf, which is replaced at once (written beside it, then renamed), or left as
 * it was on failure. Returns 0, or -1 and *err (caller frees). Runs at most
 * $POLC_PDF_TIMEOUT seconds (default 300). */
int pol_pdf_print(const char *html, const char *pdf, const pol_pdf_info *info, char **err);

/* SOURCE_DATE_EPOCH when set to a number, else fallback. */
long long pol_pdf_epoch(long long fallback);

#endif
