/* textenc.c — CSV text from spreadsheets decoded to UTF-8 (textenc.h says which
 * encodings, and how the choice is made). The conversions are iconv's (glibc's CP932
 * and UTF-16 converters); this file only decides which one runs and where it failed. */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "lib/textenc.h"
#include "lib/util.h"

const char *pol_textenc_name(pol_textenc e)
{
	switch (e) {
	case POL_ENC_UTF8_BOM: return "UTF-8 (BOM)";
	case POL_ENC_UTF16LE: return "UTF-16LE (BOM)";
	case POL_ENC_UTF16BE: return "UTF-16BE (BOM)";
	case POL_ENC_CP932: return "CP932 (Shift_JIS)";
	default: return "UTF-8";
	}
}

/* The 1-based line of byte offset at: LF bytes before it, in units of width bytes
 * (2 for UTF-16, whose LF is one unit; 1 otherwise: no CP932 trail byte is 0x0A). */
static int S_line(const char *data, size_t at, int width, int big_endian)
{
	int line = 1;
	for (size_t i = 0; i + (size_t)width <= at; i += (size_t)width) {
		if (width == 1)
			line += data[i] == '\n';
		else
			line += (big_endian ? data[i] == 0 && data[i + 1] == '\n' : data[i] == '\n' && data[i + 1] == 0);
	}
	return line;
}

/* iconv of data[0..len) from `from` to UTF-8. Returns 0 and *out, or -1 and *bad, the
 * offset of the first byte that does not convert (len when the text ends inside a
 * character). */
static int S_iconv(char **out, size_t *out_len, size_t *bad, const char *from, const char *data, size_t len)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1) {
		*bad = 0;
		return -1;
	}
	size_t cap = len * 3 / 2 + 16;
	char *buf = pol_xmalloc(cap + 1);
	char *in = (char *)data, *o = buf;
	size_t inleft = len, oleft = cap;
	int rc = 0;
	while (inleft > 0) {
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - buf);
			cap *= 2;
			buf = pol_xrealloc(buf, cap + 1);
			o = buf + used;
			oleft = cap - used;
			continue;
		}
		*bad = (size_t)(in - data);
		rc = -1;
		break;
	}
	iconv_close(cd);
	if (rc) {
		free(buf);
		return -1;
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

int pol_textenc_to_utf8(char **out, size_t *out_len, pol_textenc *enc, int *line, char **err, const char *data,
                        size_t len)
{
	*out = NULL;
	*err = NULL;
	*line = 0;
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		int be = u[0] == 0xFE;
		*enc = be ? POL_ENC_UTF16BE : POL_ENC_UTF16LE;
		size_t bad;
		if (S_iconv(out, out_len, &bad, be ? "UTF-16BE" : "UTF-16LE", data + 2, len - 2) != 0) {
			*line = S_line(data + 2, bad, 2, be);
			*err = pol_xasprintf("invalid UTF-16 after its byte order mark (%s)", be ? "big-endian" : "little-endian");
			return -1;
		}
		if (memchr(*out, '\0', *out_len)) {
			size_t at = (size_t)((char *)memchr(*out, '\0', *out_len) - *out);
			*line = S_line(*out, at, 1, 0);
			*err = pol_xstrdup("NUL character: not a text file");
			free(*out);
			*out = NULL;
			return -1;
		}
		return 0;
	}
	size_t skip = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	const char *nul = memchr(data, '\0', len);
	if (nul) {
		*line = S_line(data, (size_t)(nul - data), 1, 0);
		*err = pol_xstrdup("NUL byte: not a text file (save the file as UTF-8 CSV)");
		return -1;
	}
	size_t bad = pol_utf8_invalid_at(data + skip, len - skip);
	if (bad == (size_t)-1) {
		*enc = skip ? POL_ENC_UTF8_BOM : POL_ENC_UTF8;
		*out = pol_xstrndup(data + skip, len - skip);
		*out_len = len - skip;
		return 0;
	}
	if (skip) {
		*line = S_line(data, skip + bad, 1, 0);
		*err = pol_xstrdup("invalid UTF-8 after a UTF-8 byte order mark");
		return -1;
	}
	*enc = POL_ENC_CP932;
	size_t bad932;
	if (S_iconv(out, out_len, &bad932, "CP932", data, len) != 0) {
		/* Reported where the encoding that read further failed: that is the likelier one. */
		int l8 = S_line(data, bad, 1, 0), l932 = S_line(data, bad932 < len ? bad932 : len, 1, 0);
		*line = l8 > l932 ? l8 : l932;
		*err = pol_xasprintf("cannot decode the text: not UTF-8 (line %d) nor CP932/Shift_JIS (line %d); tried "
		                     "UTF-8, UTF-16 with a byte order mark and CP932 (save the file as UTF-8 CSV)",
		                     l8, l932);
		return -1;
	}
	return 0;
}
