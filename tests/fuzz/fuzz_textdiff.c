/* fuzz_textdiff.c — libFuzzer harness: the character diff (lib/textdiff.c).
 *
 * Input: one byte of options (bit 0: POL_DIFF_NORMALIZE_WIDTH; the rest, when not
 * zero, a small max_d so the cut-off is reached), then the old text, a NUL byte, and
 * the new text. The spans must tile both texts exactly, in order; the HTML of both
 * sides is made; equal texts must diff to EQ spans only. */
#include "fuzz.h"

#include "lib/textdiff.h"

static void S_check(const pol_diff_span *d, size_t n, size_t alen, size_t blen, unsigned flags)
{
	size_t a = 0, b = 0;
	for (size_t i = 0; i < n; i++) {
		if (d[i].a_begin != a || d[i].b_begin != b || d[i].a_end < a || d[i].b_end < b)
			abort();
		if (d[i].op == POL_DIFF_INS && d[i].a_end != a)
			abort();
		if (d[i].op == POL_DIFF_DEL && d[i].b_end != b)
			abort();
		if (i && d[i].op == d[i - 1].op)
			abort(); /* adjacent spans of one op are merged */
		if (!flags && d[i].op == POL_DIFF_EQ && d[i].a_end - a != d[i].b_end - b)
			abort(); /* without folding, equal text is equal bytes */
		a = d[i].a_end;
		b = d[i].b_end;
	}
	if (a != alen || b != blen)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len < 1)
		return 0;
	unsigned flags = data[0] & 1 ? POL_DIFF_NORMALIZE_WIDTH : 0;
	size_t max_d = data[0] >> 1;
	char *buf = fuzz_cstr(data + 1, len - 1);
	size_t n = len - 1;
	char *sep = memchr(buf, 0, n);
	const char *a = buf, *b = sep ? sep + 1 : buf + n;
	size_t alen = sep ? (size_t)(sep - buf) : n, blen = sep ? n - alen - 1 : 0;
	pol_diff_span *d = NULL;
	size_t nd = 0;
	int rc = pol_textdiff(&d, &nd, a, alen, b, blen, flags, max_d);
	if (rc < 0)
		abort();
	S_check(d, nd, alen, blen, flags);
	for (int side = 0; side < 2; side++)
		free(pol_textdiff_html(d, nd, a, b, side));
	int eq = pol_text_equal(a, alen, b, blen, flags);
	bool all_eq = true;
	for (size_t i = 0; i < nd; i++)
		all_eq &= d[i].op == POL_DIFF_EQ;
	if (rc == 0 && eq != all_eq)
		abort();
	free(d);
	free(buf);
	return 0;
}
