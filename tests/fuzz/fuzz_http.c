/* fuzz_http.c — libFuzzer harness: the request parser and path cleaning polc serve
 * relies on (lib/http.h). A parsed request's path, once cleaned, must never hold a
 * segment that could leave the served folder or name a hidden file, nor a NUL, a
 * backslash or a control byte; parsing must never read past the input. */
#include "fuzz.h"

#include "lib/http.h"

static void S_check_clean(const char *path)
{
	char *c = pol_http_clean_path(path);
	if (!c)
		return;
	if (c[0] == '/')
		abort();
	for (const char *p = c; *p;) {
		const char *e = p;
		while (*e && *e != '/')
			e++;
		if (e > p && p[0] == '.')
			abort(); /* ".", "..", ".polc" */
		for (const char *q = p; q < e; q++)
			if ((unsigned char)*q < 0x20 || *q == '\\' || *q == 0x7f)
				abort();
		p = *e ? e + 1 : e;
	}
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	/* The bytes as a request head, in a buffer of exactly len bytes (ASan sees overreads). */
	char *buf = malloc(len ? len : 1);
	if (len)
		memcpy(buf, data, len);
	pol_http_req r;
	int st = pol_http_parse(&r, buf, len);
	if (st == 1) {
		if (!r.path || r.path[0] != '/')
			abort();
		S_check_clean(r.path);
		pol_http_host_ok(r.host, 8000);
		pol_http_req_fini(&r);
	} else if (st != 0 && st < 400) {
		abort();
	}
	free(buf);
	/* The same bytes as a decoded path. */
	char *s = fuzz_cstr(data, len);
	S_check_clean(s);
	pol_http_content_type(s);
	free(s);
	return 0;
}
