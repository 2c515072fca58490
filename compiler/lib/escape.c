/* escape.c — the escapers of the output languages (HTML, URL in HTML, Markdown, CSS)
 * and pol_url_is_safe, the one test of link destinations. See escape.h. */
#include "lib/escape.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>
#include <strings.h>

/* ---- HTML ---------------------------------------------------------------------- */

const char *pol_escape_html_entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	default: return NULL;
	}
}

/* 1 for the bytes pol_escape_html replaces. */
static const unsigned char S_html_special[256] = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1};

size_t pol_escape_html_plain(const char *s, size_t n, unsigned char stop)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
	              quot = _mm_set1_epi8('"'), st = _mm_set1_epi8((char)stop);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)),
		                           _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, gt), _mm_cmpeq_epi8(x, quot)),
		                                        _mm_cmpeq_epi8(x, st)));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (S_html_special[c] || c == stop)
			return i;
	}
	return n;
}

void pol_escape_html_to(pol_put_fn put, void *out, const char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		size_t k = pol_escape_html_plain(s + i, n - i, '&');
		if (k)
			put(out, s + i, k);
		i += k;
		if (i == n)
			return;
		const char *e = pol_escape_html_entity((unsigned char)s[i]);
		put(out, e, strlen(e));
		i++;
	}
}

void pol_escape_html(pol_buf *b, const char *s, size_t n)
{
	pol_buf_put(b, "", 0);
	size_t i = 0;
	for (;;) {
		size_t k = pol_escape_html_plain(s + i, n - i, '&');
		pol_buf_put(b, s + i, k);
		i += k;
		if (i == n)
			return;
		pol_buf_puts(b, pol_escape_html_entity((unsigned char)s[i]));
		i++;
	}
}

/* ---- URL in an HTML attribute ---------------------------------------------------- */

/* Whether byte c stands as it is in an href: alphanumerics and -_.+!*(),%#@?=;:/$~ */
static bool S_url_plain(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c && strchr("-_.+!*(),%#@?=;:/$~", c) != NULL;
}

void pol_escape_url(pol_buf *b, const char *url, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	pol_buf_put(b, "", 0);
	size_t run = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];
		if (S_url_plain(c))
			continue;
		pol_buf_put(b, url + run, i - run);
		if (c == '&') {
			pol_buf_puts(b, "&amp;");
		} else if (c == '\'') {
			pol_buf_puts(b, "&#x27;");
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			pol_buf_put(b, e, 3);
		}
		run = i + 1;
	}
	pol_buf_put(b, url + run, n - run);
}

/* ---- Markdown -------------------------------------------------------------------- */

/* Inline text: punctuation that could start markup backslash-escaped; a run of line
 * breaks (which would end a table row or a paragraph) becomes one space. */
static void S_md_inline(pol_buf *b, const char *s)
{
	/* 1: backslash-escaped, 2: a line break */
	static const unsigned char kind[256] = {['\\'] = 1, ['`'] = 1, ['*'] = 1, ['_'] = 1, ['['] = 1, [']'] = 1,
	                                        ['<'] = 1,  ['>'] = 1, ['&'] = 1, ['|'] = 1, ['!'] = 1, ['\n'] = 2,
	                                        ['\r'] = 2};
	size_t run = 0, i = 0, n = strlen(s);
	for (; i < n; i++) {
#ifdef __SSE2__
		/* Sixteen bytes of multibyte characters at once: none of them is escaped. */
		while (i + 16 <= n && _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(s + i))) == 0xFFFF)
			i += 16;
		if (i == n)
			break;
#endif
		unsigned char k = kind[(unsigned char)s[i]];
		if (!k)
			continue;
		if (k == 2) {
			pol_buf_put(b, s + run, i - run);
			while (s[i + 1] == '\n' || s[i + 1] == '\r')
				i++;
			pol_buf_putc(b, ' ');
			run = i + 1;
		} else {
			pol_buf_put(b, s + run, i - run);
			pol_buf_putc(b, '\\');
			run = i;
		}
	}
	pol_buf_put(b, s + run, i - run);
}

void pol_escape_md(pol_buf *b, const char *s, bool line_start)
{
	pol_buf_put(b, "", 0);
	if (!s)
		return;
	size_t digits = line_start ? strspn(s, "0123456789") : 0;
	if (line_start && s[0] && strchr("#-+=", s[0])) {
		pol_buf_putc(b, '\\');
	} else if (digits && (s[digits] == '.' || s[digits] == ')')) {
		pol_buf_put(b, s, digits);
		pol_buf_putc(b, '\\');
		s += digits;
	}
	S_md_inline(b, s);
}

/* ---- CSS --------------------------------------------------------------------------- */

void pol_escape_css_string(pol_buf *b, const char *s)
{
	pol_buf_put(b, "", 0);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&')
			pol_buf_printf(b, "\\%x ", c);
		else
			pol_buf_putc(b, (char)c);
	}
}

/* ---- link safety --------------------------------------------------------------------- */

enum { S_SCHEME_MAX = 32 }; /* longer than any scheme tested */

static int S_hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A character reference at s (after '&'): stores the byte it stands for (0 for one that
 * stands for nothing that matters to a scheme, such as &Tab;) in *out and returns its
 * length after the '&', or 0 when s is no reference this test knows. Code points past
 * ASCII stand as 0x80, which no scheme holds. */
static size_t S_charref(const char *s, unsigned char *out)
{
	static const struct {
		const char *name;
		unsigned char c;
	} named[] = {{"colon;", ':'}, {"tab;", 0}, {"newline;", 0}, {"amp;", '&'}, {"num;", '#'},
	             {"percnt;", '%'}, {"sol;", '/'}, {"lpar;", '('}, {"nbsp;", 0x80}};
	if (s[0] == '#') {
		bool x = s[1] == 'x' || s[1] == 'X';
		size_t i = x ? 2 : 1, start = i;
		unsigned long v = 0;
		for (int d; (d = x ? S_hexval((unsigned char)s[i]) : (s[i] >= '0' && s[i] <= '9' ? s[i] - '0' : -1)) >= 0; i++)
			v = v > 0x10FFFF ? v : v * (x ? 16 : 10) + (unsigned long)d;
		if (i == start)
			return 0;
		if (s[i] == ';')
			i++;
		*out = v < 0x80 ? (unsigned char)v : 0x80;
		return i;
	}
	for (size_t k = 0; k < sizeof named / sizeof *named; k++) {
		size_t len = strlen(named[k].name);
		if (!strncasecmp(s, named[k].name, len)) {
			*out = named[k].c;
			return len;
		}
	}
	return 0;
}

/* One round of decoding of src[0..n), NUL-terminated, into dst (S_SCHEME_MAX bytes and
 * a NUL at most, stopping after the first ':'): references and %XX decoded, whitespace
 * and controls dropped, ASCII folded to lower case. Returns the length written. */
static size_t S_scheme_round(const char *src, size_t n, char *dst)
{
	size_t o = 0;
	for (size_t i = 0; i < n && o < S_SCHEME_MAX;) {
		unsigned char c = (unsigned char)src[i++];
		size_t k;
		if (c == '&' && (k = S_charref(src + i, &c)) > 0) {
			i += k;
		} else if (c == '%' && i + 1 < n && S_hexval((unsigned char)src[i]) >= 0 &&
		           S_hexval((unsigned char)src[i + 1]) >= 0) {
			c = (unsigned char)(S_hexval((unsigned char)src[i]) * 16 + S_hexval((unsigned char)src[i + 1]));
			i += 2;
		}
		if (c <= 0x20 || c == 0x7f)
			continue;
		dst[o++] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
		if (c == ':')
			break;
	}
	dst[o] = '\0';
	return o;
}

bool pol_url_is_safe(const char *url)
{
	static const char *unsafe[] = {"javascript:", "vbscript:", "data:", "file:"};
	if (!url)
		return true;
	/* The decoded start of the URL; decoded again while that changes it, so that
	 * "&amp;#x61;" or "%2561" are judged as what a second decoder would make of them. */
	char a[S_SCHEME_MAX + 1], b[S_SCHEME_MAX + 1];
	size_t n = S_scheme_round(url, strlen(url), a);
	for (int round = 0; round < 4; round++) {
		size_t m = S_scheme_round(a, n, b);
		bool same = m == n && !memcmp(a, b, m);
		memcpy(a, b, m + 1);
		n = m;
		if (same)
			break;
	}
	for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
		if (!strncmp(a, unsafe[i], strlen(unsafe[i])))
			return false;
	return true;
}
