/* pdf.h — the PDFs of polc's documents: an edition's policy.pdf, and the marks every
 * printed page of a page template carries (the 非公開 marking, title, edition,
 * revision; the page number is the template's own @page rule).
 *
 * The PDF itself is made by lib/pdf.h from an HTML file already written: the edition's
 * print.html, the 新旧対照表, the checklist or the report. What is known here is what
 * goes into the metadata, from the same edition model or data as the page, so a
 * public PDF's metadata can hold nothing its pages may not. docs/print.md. */
#ifndef POL_EMIT_PDF_H
#define POL_EMIT_PDF_H

#include <jansson.h>

#include "lib/pdf.h"
#include "model/model.h"

/* Seconds since 1970 of an ISO date "YYYY-MM-DD" or "YYYY-MM" (its first day), 00:00
 * UTC; -1 when date is NULL or not one. */
long long pol_pdf_date_epoch(const char *date);

/* The date edition ed's PDF carries: SOURCE_DATE_EPOCH when set; else the date of
 * the edition it was built at (an edition tag), else its commit's date, else the
 * policy's `issued`, else 0. */
long long pol_pdf_edition_epoch(const pol_model *ed);

/* Prints dir/print.html of edition ed (rendered by pol_render_edition) to
 * dir/policy.pdf, with ed's title, organization, edition and revision as metadata.
 * Returns 0, or -1 and *err (caller frees). */
int pol_pdf_edition(const pol_model *ed, const char *dir, const char *creator, char **err);
/* The same from dir/html to dir/pdf (plain.html to policy-plain.pdf). */
int pol_pdf_edition_file(const pol_model *ed, const char *dir, const char *html, const char *pdf,
                         const char *creator, char **err);

/* Adds `print` to page data v: {nonpublic, mark, css: {mark, title, label, rev}}, the
 * css values escaped for a CSS string (the @page margin boxes of checklist.html,
 * assess.html and diff.html). mark is 非公開 when nonpublic, else empty. */
void pol_print_marks(json_t *v, bool nonpublic, const char *title, const char *label, const char *rev);

/* The label of a bundle's edition name for those margins: 公開版, 内部版（非公開）,
 * ROLE向け（非公開） (role_title, else the role id, for "audience-ROLE"); any other
 * name is non-public too. Caller frees. */
char *pol_print_label(const char *edition, const char *role_title);
/* Whether a bundle's edition name is the public edition (only "public" is). */
bool pol_print_public(const char *edition);

#endif
