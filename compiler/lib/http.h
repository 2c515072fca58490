/* http.h — the little HTTP/1.1 that `polc serve` speaks: parsing a GET or HEAD request,
 * turning its target into a safe relative path, content types, status lines.
 *
 * Nothing here opens files or sockets; cli/cmd_serve.c does, and resolves the path
 * pol_http_clean_path returns against the output folder itself. */
#ifndef POL_HTTP_H
#define POL_HTTP_H

#include <stddef.h>

#include "lib/util.h"

typedef struct pol_http_req {
	char method[8];   /* "GET", "HEAD", … (anything else is refused by the caller) */
	char *path;       /* the target's path, percent-decoded, without the query; owned */
	char *host;       /* the Host header, or NULL; owned */
} pol_http_req;

/* Parses the request head in buf[0..n). Returns 1 when a whole head (up to the blank
 * line) was parsed into *out, 0 when more bytes are needed, or an HTTP status (400,
 * 414, 431, 505) for a request that cannot be served. */
int pol_http_parse(pol_http_req *out, const char *buf, size_t n);
void pol_http_req_fini(pol_http_req *r);

/* A decoded request path made relative and safe: "/a/b.html" → "a/b.html", "/" → "".
 * Returns NULL for anything that could name a file outside the served folder or a
 * hidden one: a "." or ".." segment, a segment starting with '.', a backslash, a NUL
 * or control byte, invalid UTF-8. Empty segments ("a//b") are dropped. Caller frees. */
char *pol_http_clean_path(const char *path);

/* The Content-Type for a file name, by its extension (text types in UTF-8);
 * application/octet-stream when unknown. */
const char *pol_http_content_type(const char *name);

/* "OK", "Not Found", … for a status code. */
const char *pol_http_reason(int status);

/* Whether host (a Host header) names this machine's loopback on port: 127.0.0.1,
 * localhost or [::1], with that port. Anything else is refused, so a web page whose
 * name was rebound to 127.0.0.1 (DNS rebinding) cannot read the served editions. */
bool pol_http_host_ok(const char *host, int port);

#endif
