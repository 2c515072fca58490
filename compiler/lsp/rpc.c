/* rpc.c — LSP framing (rpc.h).
 *
 * Headers are read a line at a time and only Content-Length is used (Content-Type is
 * always UTF-8 JSON in practice). A frame that cannot be understood is skipped as far
 * as it can be and reported, never fatal: a client's bad message must not take the
 * author's editor down with it. */
#include "lsp/rpc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/util.h"

/* One header line without its line end into buf (cut at cap - 1 bytes, the rest of
 * a long line dropped); -1 at end of input. */
static int S_line(FILE *in, char *buf, size_t cap)
{
	size_t n = 0;
	int c;
	while ((c = getc(in)) != EOF && c != '\n')
		if (n + 1 < cap)
			buf[n++] = (char)c;
	if (c == EOF && n == 0)
		return -1;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = 0;
	return 0;
}

pol_rpc_status pol_rpc_read(FILE *in, json_t **out, char **err)
{
	*out = NULL;
	*err = NULL;
	char line[1024];
	long long len = -1;
	bool any = false, bad = false;
	for (;;) {
		if (S_line(in, line, sizeof line) < 0)
			return POL_RPC_EOF;
		if (!line[0]) {
			if (!any)
				continue; /* blank lines between messages */
			break;
		}
		any = true;
		if (!strncasecmp(line, "Content-Length:", 15)) {
			char *end;
			const char *v = line + 15;
			while (*v == ' ' || *v == '\t')
				v++;
			errno = 0;
			long long n = strtoll(v, &end, 10);
			while (*end == ' ' || *end == '\t')
				end++;
			if (end == v || *end || n < 0 || errno == ERANGE)
				bad = true;
			else
				len = n;
		}
	}
	if (bad || len < 0) {
		*err = pol_xstrdup("a message without a valid Content-Length header");
		return POL_RPC_BAD_FRAME;
	}
	if ((unsigned long long)len > POL_RPC_MAX) {
		for (long long i = 0; i < len; i++)
			if (getc(in) == EOF)
				return POL_RPC_EOF;
		*err = pol_xasprintf("a message of %lld bytes (at most %zu are read)", len, POL_RPC_MAX);
		return POL_RPC_BAD_FRAME;
	}
	char *body = pol_xmalloc((size_t)len + 1);
	if (fread(body, 1, (size_t)len, in) != (size_t)len) {
		free(body);
		return POL_RPC_EOF;
	}
	json_error_t je;
	*out = json_loadb(body, (size_t)len, JSON_ALLOW_NUL, &je);
	free(body);
	if (!*out) {
		*err = pol_xasprintf("the message is not JSON: %s", je.text);
		return POL_RPC_BAD_JSON;
	}
	return POL_RPC_MESSAGE;
}

void pol_rpc_write(FILE *out, json_t *msg)
{
	char *s = json_dumps(msg, JSON_COMPACT);
	json_decref(msg);
	if (!s)
		return;
	fprintf(out, "Content-Length: %zu\r\n\r\n%s", strlen(s), s);
	fflush(out);
	free(s);
}
