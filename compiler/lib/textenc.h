/* textenc.h — the text encodings a spreadsheet saves CSV in, decoded to UTF-8 (textenc.c).
 *
 * Japanese Excel saves 「CSV（コンマ区切り）」 in CP932 (Shift_JIS with Microsoft's
 * extensions), 「CSV UTF-8」 with a byte order mark, and 「Unicode テキスト」 as UTF-16
 * with a byte order mark; LibreOffice saves UTF-8 without one. The encoding is decided
 * in this order, and the first that applies wins:
 *
 *   1. a byte order mark: EF BB BF (UTF-8), FF FE (UTF-16LE), FE FF (UTF-16BE); the
 *      rest must then decode in that encoding;
 *   2. a NUL byte without a byte order mark: not text (UTF-16 without a mark is not
 *      guessed);
 *   3. valid UTF-8 (ASCII included);
 *   4. CP932, through iconv.
 *
 * So a text that is valid UTF-8 is read as UTF-8 even where it would also be valid
 * CP932: Japanese CP932 text of more than a few characters is practically never valid
 * UTF-8, while reading UTF-8 as CP932 would turn it into other kanji. Text that none
 * of these decode is an error naming the encodings tried. */
#ifndef POL_TEXTENC_H
#define POL_TEXTENC_H

#include <stddef.h>

typedef enum pol_textenc {
	POL_ENC_UTF8,
	POL_ENC_UTF8_BOM,
	POL_ENC_UTF16LE,
	POL_ENC_UTF16BE,
	POL_ENC_CP932,
} pol_textenc;

/* "UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "UTF-16BE (BOM)", "CP932 (Shift_JIS)". */
const char *pol_textenc_name(pol_textenc e);

/* Decodes data[0..len) as above into UTF-8 without a byte order mark. Returns 0 with
 * *out (NUL-terminated, caller frees), *out_len and *enc; or -1 with *err (caller
 * frees) and *line, the 1-based line of the first byte that could not be decoded. */
int pol_textenc_to_utf8(char **out, size_t *out_len, pol_textenc *enc, int *line, char **err, const char *data,
                        size_t len);

#endif
