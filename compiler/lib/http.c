/* http.c — see http.h. Only what a preview server on the loopback needs: one request
 * per connection (the response closes it), GET and HEAD, no bodies, no ranges. Limits
 * are small and fixed, so a client cannot make polc hold much for it. */
#include "lib/http.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { S_MAX_HEAD = 16384, S_MAX_TARGET = 4096 };

void pol_http_req_fini(pol_http_req *r)
{
	free(r->path);
	free(r->host);
	memset(r, 0, sizeof *r);
}

static int S_hex(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decodes s[0..n) up to '?' or '#'; NULL for a bad escape or %00. */
static char *S_decode(const char *s, size_t n)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "");
	for (size_t i = 0; i < n && s[i] != '?' && s[i] != '#'; i++) {
		if (s[i] == '%') {
			if (i + 2 >= n || S_hex((unsigned char)s[i + 1]) < 0 || S_hex((unsigned char)s[i + 2]) < 0) {
				pol_buf_free(&b);
				return NULL;
			}
			int c = S_hex((unsigned char)s[i + 1]) * 16 + S_hex((unsigned char)s[i + 2]);
			if (!c) { /* "%00" would cut the path short */
				pol_buf_free(&b);
				return NULL;
			}
			pol_buf_putc(&b, (char)c);
			i += 2;
		} else {
			pol_buf_putc(&b, s[i]);
		}
	}
	return pol_buf_detach(&b);
}

int pol_http_parse(pol_http_req *out, const char *buf, size_t n)
{
	memset(out, 0, sizeof *out);
	const char *end = NULL;
	for (size_t i = 0; i + 3 < n; i++)
		if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
			end = buf + i + 2;
			break;
		}
	if (!end)
		return n >= S_MAX_HEAD ? 431 : 0;
	/* Request line: METHOD SP TARGET SP HTTP/1.x CRLF */
	const char *eol = memchr(buf, '\r', (size_t)(end - buf));
	const char *sp1 = memchr(buf, ' ', (size_t)(eol - buf));
	if (!sp1 || sp1 == buf || (size_t)(sp1 - buf) >= sizeof out->method)
		return 400;
	const char *sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1));
	if (!sp2)
		return 400;
	if ((size_t)(eol - sp2 - 1) != 8 || strncmp(sp2 + 1, "HTTP/1.", 7))
		return (size_t)(eol - sp2 - 1) >= 5 && !strncmp(sp2 + 1, "HTTP/", 5) ? 505 : 400;
	memcpy(out->method, buf, (size_t)(sp1 - buf));
	out->method[sp1 - buf] = 0;
	const char *t = sp1 + 1;
	size_t tn = (size_t)(sp2 - t);
	if (tn > S_MAX_TARGET)
		return 414;
	if (tn == 0 || t[0] != '/')
		return 400;
	out->path = S_decode(t, tn);
	if (!out->path)
		return 400;
	/* Headers: only Host matters. */
	for (const char *l = eol + 2; l < end;) {
		const char *le = memchr(l, '\r', (size_t)(end - l));
		if (!le)
			break;
		if (le - l > 5 && !strncasecmp(l, "host:", 5)) {
			const char *v = l + 5;
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = le;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			if (out->host) { /* two Host headers: refuse */
				pol_http_req_fini(out);
				return 400;
			}
			out->host = pol_xstrndup(v, (size_t)(ve - v));
		}
		l = le + 2;
	}
	return 1;
}

char *pol_http_clean_path(const char *path)
{
	size_t n = strlen(path);
	if (pol_utf8_invalid_at(path, n) != (size_t)-1)
		return NULL;
	pol_buf b = {0};
	pol_buf_puts(&b, "");
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		if (e == p)
			break;
		if (*p == '.') { /* ".", "..", ".polc", ".git" … */
			pol_buf_free(&b);
			return NULL;
		}
		for (const char *q = p; q < e; q++)
			if ((unsigned char)*q < 0x20 || *q == 0x7f || *q == '\\') {
				pol_buf_free(&b);
				return NULL;
			}
		if (b.len)
			pol_buf_putc(&b, '/');
		pol_buf_put(&b, p, (size_t)(e - p));
		p = e;
	}
	if (n && path[n - 1] == '/' && b.len)
		pol_buf_putc(&b, '/'); /* a folder: the caller serves its index.html */
	return pol_buf_detach(&b);
}

const char *pol_http_content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
		{".md", "text/markdown; charset=utf-8"}, {".csv", "text/csv; charset=utf-8"},
		{".txt", "text/plain; charset=utf-8"}, {".svg", "image/svg+xml"},
		{".png", "image/png"}, {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"},
		{".gif", "image/gif"}, {".pdf", "application/pdf"}, {".woff2", "font/woff2"},
		{".ico", "image/x-icon"}, {".xml", "application/xml"},
	};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
		size_t k = strlen(types[i].ext);
		if (n > k && !strcasecmp(name + n - k, types[i].ext))
			return types[i].type;
	}
	return "application/octet-stream";
}

const char *pol_http_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	case 505: return "HTTP Version Not Supported";
	default: return "Error";
	}
}

bool pol_http_host_ok(const char *host, int port)
{
	if (!host)
		return false;
	static const char *names[] = {"127.0.0.1", "localhost", "[::1]"};
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(names[i]);
		if (!strncasecmp(host, names[i], k) && host[k] == ':') {
			char *end;
			long p = strtol(host + k + 1, &end, 10);
			if (!*end && end != host + k + 1 && p == port)
				return true;
		}
	}
	return false;
}
