/* fuzz_format.c — libFuzzer harness: the formatter (pol_format, front/format.h) on the
 * input as one source file. A result the formatter refuses as reading otherwise than
 * its input (POL_FORMAT_UNSAFE) is a formatter bug, and so is a result that does not
 * format to itself: both abort. */
#include "fuzz.h"

#include "front/format.h"

static pol_format_status S_fmt(pol_buf *out, const char *data, size_t len)
{
	pol_file *f = pol_file_new("fuzz.pol", "fuzz.pol", data, len);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_format_status st = pol_format(out, f, &d);
	pol_diag_fini(&d);
	pol_file_free(f);
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	pol_buf once = {0}, twice = {0};
	pol_format_status st = S_fmt(&once, (const char *)data, len);
	if (st == POL_FORMAT_UNSAFE)
		abort();
	if (st == POL_FORMAT_OK) {
		if (S_fmt(&twice, once.data ? once.data : "", once.len) != POL_FORMAT_OK)
			abort();
		if (once.len != twice.len || (once.len && memcmp(once.data, twice.data, once.len)))
			abort();
	}
	pol_buf_free(&once);
	pol_buf_free(&twice);
	return 0;
}
