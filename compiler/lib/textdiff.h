/* textdiff.h — character-level diff of UTF-8 text, for 新旧対照表 (old/new tables).
 *
 * The unit of comparison is the Unicode code point (never a byte or a word), so a
 * changed kanji is one change and a change never splits a character. Spans carry
 * byte offsets into the original texts, so callers can slice and render them. */
#ifndef POL_TEXTDIFF_H
#define POL_TEXTDIFF_H

#include <stddef.h>

typedef enum pol_diff_op { POL_DIFF_EQ, POL_DIFF_DEL, POL_DIFF_INS } pol_diff_op;

typedef struct pol_diff_span {
	pol_diff_op op;
	size_t a_begin, a_end; /* byte offsets into old (empty range for INS) */
	size_t b_begin, b_end; /* byte offsets into new (empty range for DEL) */
} pol_diff_span;

/* Compare after folding full-width ASCII (U+FF01–FF5E) to ASCII, U+3000 to a space
 * and half-width katakana (U+FF61–FF9F) to full-width, a base kana and a following
 * ﾞ/ﾟ becoming one voiced kana where one exists (ｶﾞ → ガ). */
enum { POL_DIFF_NORMALIZE_WIDTH = 1 };

/* Diffs old a[0..alen) against new b[0..blen). Returns 0 and *out (caller frees with free()),
 * *nout spans in order, adjacent spans of the same op merged, EQ spans carrying both ranges;
 * -1 on allocation failure. Returns 1 instead of 0 when the cut-off was hit (the result is then
 * a whole replacement of the differing middle). max_d is the largest edit distance (in
 * inserted plus deleted characters, after trimming the common prefix and suffix) worth
 * computing; 0 means 2000. 1 is returned exactly when the distance exceeds it. */
int pol_textdiff(pol_diff_span **out, size_t *nout, const char *a, size_t alen,
                 const char *b, size_t blen, unsigned flags, size_t max_d);

/* Renders a diff as HTML for one side: side 0 = old, 1 = new. Text is HTML-escaped (& < > ");
 * changed characters on that side are wrapped in <u class="chg">…</u> (deleted on the old side,
 * inserted on the new side). Appends to a malloc'd string returned (caller frees); NULL on
 * allocation failure. */
char *pol_textdiff_html(const pol_diff_span *d, size_t n, const char *a, const char *b, int side);

/* Simple helper: 1 if texts are equal under flags, else 0. */
int pol_text_equal(const char *a, size_t alen, const char *b, size_t blen, unsigned flags);

#endif
