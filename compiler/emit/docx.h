/* docx.h — Word documents (WordprocessingML, .docx): an edition (docx.c) and the
 * 新旧対照表 (docx_diff.c). Layout and styles in docs/word-excel.md.
 *
 * Like every emitter of an edition these read an edition model only (or a diff of two
 * edition models), so a .docx can hold nothing its edition may not show: text, titles,
 * numbers, document properties, page headers and footers all come from that model.
 * Every page of a non-public edition carries 非公開 (or the audience label), the
 * title, the edition, the revision and the page number in its header and footer; the
 * public edition's pages carry the page number only.
 *
 * The package is written with libzip (lib/zipw.h: entries in a fixed order with a fixed
 * time), its XML with libxml2's text writer; the same model gives the same bytes. */
#ifndef POL_DOCX_H
#define POL_DOCX_H

#include "emit/diff.h"

/* Writes edition ed as a .docx to path. Returns 0, or -1 and *err (caller frees). */
int pol_docx_edition(const pol_model *ed, const char *path, char **err);

/* Writes the 新旧対照表 of d as a .docx to path: a two-column table (改正後, 改正前) with
 * the changed characters underlined. Returns 0, or -1 and *err (caller frees). */
int pol_docx_diff(const pol_diff *d, const char *old_rev, const char *new_rev, const char *path, char **err);

/* ---- internals shared by docx.c, docx_diff.c and prose_docx.c ---- */

typedef struct pol_docx pol_docx;

enum { POL_DOCX_BOLD = 1, POL_DOCX_ITALIC = 2, POL_DOCX_UNDERLINE = 4, POL_DOCX_CODE = 8 };

/* One character of body text, in twips (10.5 pt). */
#define POL_DOCX_CHAR 210

/* A paragraph of style (a style id of styles.xml), indented left twips with the first
 * line hanging by hanging twips (0: none). Paragraphs do not nest. */
void pol_docx_p(pol_docx *x, const char *style, int left, int hanging);
void pol_docx_p_end(pol_docx *x);
/* A run of text s[0..n) in the open paragraph: newlines become line breaks, tabs spaces,
 * and characters XML cannot hold are left out. */
void pol_docx_text(pol_docx *x, const char *s, size_t n, unsigned flags);
void pol_docx_puts(pol_docx *x, const char *s, unsigned flags);
/* Whether the last character written was ASCII (a soft break then becomes a space). */
bool pol_docx_last_ascii(const pol_docx *x);
/* Tables: a table of columns whose widths (twips) are given, rows, cells. A cell holds
 * paragraphs. */
void pol_docx_table(pol_docx *x, const int *widths, int ncols, bool header_repeat);
void pol_docx_table_end(pol_docx *x);
void pol_docx_row(pol_docx *x, bool header);
void pol_docx_row_end(pol_docx *x);
void pol_docx_cell(pol_docx *x, int width, int span);
/* The same, merged with the cells above or below: vmerge 1 starts a merged column
 * cell (its text shows over all), 2 continues it (it stays empty), 0 is a plain cell. */
void pol_docx_cell_merged(pol_docx *x, int width, int span, int vmerge);
void pol_docx_cell_end(pol_docx *x);

/* The prose p as paragraphs of style, indented by left (hanging the first line by
 * hanging); when lead is not NULL, the first paragraph starts with it and a full-width
 * space (a node's number). Placeholders are written as their text. (prose_docx.c) */
void pol_docx_prose(pol_docx *x, const pol_prose *p, const char *style, int left, int hanging, const char *lead);

/* The package around a body: begins word/document.xml (its body is then written with
 * the calls above), or returns NULL and *err (caller frees) when libxml2 or libzip
 * cannot be loaded (lib/dynlib.h) … */
pol_docx *pol_docx_new(char **err);
/* … and finishes it with A4 page set-up and writes every part to path. The header
 * and footer show mark, title, label and stamp (non-public) or only the page number
 * (mark NULL). title is the document property too; date (ISO, may be NULL) its
 * creation date. Frees x. Returns 0, or -1 and *err (caller frees). */
int pol_docx_finish(pol_docx *x, const char *path, const char *mark, const char *title, const char *label,
                    const char *stamp, const char *date, bool landscape, char **err);
void pol_docx_free(pol_docx *x);

#endif
