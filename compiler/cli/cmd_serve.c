/* cmd_serve.c — `polc serve`: `polc watch` plus the editions over HTTP on 127.0.0.1,
 * reloading the browser after each build.
 *
 * One process, one poll loop (cli/live.c) for the source's changes, the build's
 * output and the connections; one request per connection. Pages are read from the
 * output folder as it is at each request, so the last good build is what is served
 * while a new one renders or after one failed. Into HTML responses only (never into
 * the built files) polc adds a script that listens to /__polc/events (server-sent
 * events: one "build" event with the build's number after each build) and reloads
 * the page; after a failed build, a box says so and, on pages of the internal
 * edition only, shows the diagnostics. A public or audience page never shows them:
 * they quote the source, which may be anything but public.
 *
 * What may be served: files below an edition link of OUT (public, internal,
 * audience-ROLE) whose real path, after every symbolic link, is still inside that
 * edition; no "." or ".." segment, no hidden name (.polc), no control byte. The
 * socket is bound to 127.0.0.1 only, and a request whose Host is not 127.0.0.1,
 * localhost or [::1] with our port is refused (DNS rebinding). */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/live.h"
#include "lib/escape.h"
#include "lib/http.h"

static const char S_usage[] =
	"usage: polc serve [SRC] [-o OUT] [--port N] [--edition public|internal|all]\n"
	"                  [--audience ROLE] [--templates DIR] [--werror] [--color auto|always|never]\n"
	"Builds and watches SRC as polc watch does and serves OUT's editions on\n"
	"http://127.0.0.1:N/ (default port 8000; 0 picks a free one). Pages reload by\n"
	"themselves after each build; after a failed build they show the last good\n"
	"output with a notice (and, on internal pages, the diagnostics).\n"
	"Exit: 0 when interrupted, 2 usage or I/O errors.\n";

enum { S_MAX_CLIENTS = 48, S_MAX_REQUEST = 16384, S_MAX_FILE = 256 << 20 };

typedef struct S_client {
	int fd;
	pol_buf in;
	pol_buf out;
	size_t off;
	bool sse;     /* an event stream: stays open, gets an event after each build */
	bool replied; /* the response is in out: close once it is written */
} S_client;

typedef struct S_server {
	int lfd;
	int port;
	const char *out;
	char *out_real;
	pol_live *live;
	S_client c[S_MAX_CLIENTS];
	size_t n;
} S_server;

static void S_header(pol_buf *b, int status, const char *type, size_t len, const char *extra)
{
	pol_buf_printf(b, "HTTP/1.1 %d %s\r\n", status, pol_http_reason(status));
	if (type)
		pol_buf_printf(b, "Content-Type: %s\r\n", type);
	pol_buf_printf(b, "Content-Length: %zu\r\n", len);
	pol_buf_puts(b, "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
	                "Referrer-Policy: no-referrer\r\nConnection: close\r\n");
	if (extra)
		pol_buf_puts(b, extra);
	pol_buf_puts(b, "\r\n");
}

static void S_reply(S_client *c, bool head, int status, const char *type, const char *body, size_t len,
                    const char *extra)
{
	c->out.len = 0;
	S_header(&c->out, status, type, len, extra);
	if (!head && len)
		pol_buf_put(&c->out, body, len);
	c->replied = true;
}

static void S_error(S_client *c, bool head, int status)
{
	char body[128];
	int n = snprintf(body, sizeof body, "%d %s\n", status, pol_http_reason(status));
	S_reply(c, head, status, "text/plain; charset=utf-8", body, (size_t)n,
	        status == 405 ? "Allow: GET, HEAD\r\n" : NULL);
}

/* What polc adds to a served page: the reload script and, after a failed build, the
 * notice (with the diagnostics when full is set). */
static void S_live_block(pol_buf *b, const pol_live *l, bool full)
{
	pol_buf_puts(b, "\n<!-- polc serve: live reload; not part of the built files -->\n");
	if (l->seq && !l->ok) {
		pol_buf_puts(b, "<div id=\"polc-build-failed\" role=\"alert\" style=\"position:fixed;left:0;right:0;"
		                "bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;margin:0;padding:0.8em 1em;"
		                "background:#fff3f3;color:#000;border-top:3px solid #c00;font:14px/1.5 sans-serif\">"
		                "<strong>ビルドに失敗しました。最後に成功したビルドを表示しています。</strong>");
		if (full) {
			pol_buf_puts(b, "<pre style=\"white-space:pre-wrap;font:13px/1.4 monospace;margin:0.5em 0 0\">");
			pol_escape_html(b, l->diagnostics, strlen(l->diagnostics));
			pol_buf_puts(b, "</pre>");
		} else {
			pol_buf_puts(b, "<p style=\"margin:0.3em 0 0\">診断は端末と内部版のページに表示されます"
			                "（このページには表示しません）。</p>");
		}
		pol_buf_puts(b, "</div>\n<script>document.title = \"[ビルド失敗] \" + document.title;</script>\n");
	}
	pol_buf_printf(b, "<script>(function () {\n"
	                  "  var built = \"%u\", es = new EventSource(\"/__polc/events\");\n"
	                  "  es.addEventListener(\"build\", function (e) {\n"
	                  "    if (e.data !== built) { es.close(); location.reload(); }\n"
	                  "  });\n"
	                  "})();</script>\n",
	               l->seq);
}

/* page with the live block before its last </body> (or at its end). */
static void S_inject(pol_buf *b, const char *page, size_t n, const pol_live *l, bool full)
{
	size_t at = n;
	for (size_t i = n >= 7 ? n - 7 + 1 : 0; i-- > 0;)
		if (!strncasecmp(page + i, "</body>", 7)) {
			at = i;
			break;
		}
	pol_buf_put(b, page, at);
	S_live_block(b, l, full);
	pol_buf_put(b, page + at, n - at);
}

/* 404 for a page: HTML with the reload script, so a page asked for before its edition
 * was first built appears by itself once it is. */
static void S_no_page(S_server *s, S_client *c, bool head)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head><meta charset=\"utf-8\"><title>404</title></head>\n"
	                 "<body>\n<p>このページはありません（まだビルドされていないか、ビルドに含まれていません）。</p>\n");
	S_live_block(&b, s->live, false);
	pol_buf_puts(&b, "</body>\n</html>\n");
	S_reply(c, head, 404, "text/html; charset=utf-8", b.data, b.len, NULL);
	pol_buf_free(&b);
}

static bool S_page_path(const char *rel)
{
	size_t n = strlen(rel);
	return !n || rel[n - 1] == '/' || (n > 5 && !strcmp(rel + n - 5, ".html")) || !strchr(rel, '/');
}

static bool S_inside(const char *path, const char *root)
{
	size_t n = strlen(root);
	return !strncmp(path, root, n) && (path[n] == '/' || path[n] == 0);
}

/* The editions of OUT (its entries public, internal, audience-*), sorted, for "/". */
static void S_index(S_server *s, S_client *c, bool head)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head><meta charset=\"utf-8\"><title>polc serve</title>"
	                 "</head>\n<body>\n<h1>版</h1>\n<ul>\n");
	DIR *d = opendir(s->out);
	char *names[64];
	size_t nn = 0;
	struct dirent *e;
	while (d && (e = readdir(d)) && nn < 64)
		if (!strcmp(e->d_name, "public") || !strcmp(e->d_name, "internal") || !strncmp(e->d_name, "audience-", 9))
			names[nn++] = pol_xstrdup(e->d_name);
	if (d)
		closedir(d);
	for (size_t i = 1; i < nn; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (size_t i = 0; i < nn; i++) {
		pol_buf_puts(&b, "<li><a href=\"");
		pol_escape_html(&b, names[i], strlen(names[i]));
		pol_buf_puts(&b, "/\">");
		pol_escape_html(&b, names[i], strlen(names[i]));
		pol_buf_puts(&b, "</a></li>\n");
		free(names[i]);
	}
	if (!nn)
		pol_buf_puts(&b, "<li>まだビルドされていません。</li>\n");
	pol_buf_puts(&b, "</ul>\n");
	S_live_block(&b, s->live, false);
	pol_buf_puts(&b, "</body>\n</html>\n");
	S_reply(c, head, 200, "text/html; charset=utf-8", b.data, b.len, NULL);
	pol_buf_free(&b);
}

static void S_file(S_server *s, S_client *c, bool head, const char *raw_path, const char *rel)
{
	/* The edition: the first segment, an entry of OUT whose real path is in OUT. */
	size_t k = strcspn(rel, "/");
	char *edition = pol_xstrndup(rel, k);
	char *ed_path = pol_xasprintf("%s/%s", s->out, edition);
	char *root = realpath(ed_path, NULL);
	bool is_ed = !strcmp(edition, "public") || !strcmp(edition, "internal") || !strncmp(edition, "audience-", 9);
	bool full = !strcmp(edition, "internal");
	char *want = NULL, *real = NULL;
	struct stat st;
	if (!is_ed || !root || !S_inside(root, s->out_real) || stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		if (S_page_path(rel))
			S_no_page(s, c, head);
		else
			S_error(c, head, 404);
		goto done;
	}
	want = pol_xasprintf("%s/%s", s->out, rel);
	real = realpath(want, NULL);
	if (!real) {
		if (errno != ENOENT && errno != ENOTDIR)
			S_error(c, head, 403);
		else if (S_page_path(rel))
			S_no_page(s, c, head);
		else
			S_error(c, head, 404);
		goto done;
	}
	if (!S_inside(real, root)) { /* a symbolic link out of the edition */
		S_error(c, head, 403);
		goto done;
	}
	if (stat(real, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t n = strlen(raw_path);
		if (!n || raw_path[n - 1] != '/') { /* relative links need the slash */
			char *loc = pol_xasprintf("Location: /%s/\r\n", rel);
			S_reply(c, head, 301, "text/plain; charset=utf-8", "", 0, loc);
			free(loc);
			goto done;
		}
		char *index = pol_xasprintf("%s/index.html", real);
		free(real);
		real = realpath(index, NULL);
		free(index);
		if (!real || !S_inside(real, root)) {
			S_error(c, head, real ? 403 : 404);
			goto done;
		}
	}
	if (stat(real, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > S_MAX_FILE) {
		S_error(c, head, 404);
		goto done;
	}
	char *data;
	size_t len;
	if (pol_read_file(&data, &len, real) != 0) {
		S_error(c, head, errno == EACCES ? 403 : 404);
		goto done;
	}
	const char *type = pol_http_content_type(real);
	if (!strncmp(type, "text/html", 9)) {
		pol_buf b = {0};
		S_inject(&b, data, len, s->live, full);
		S_reply(c, head, 200, type, b.data, b.len, NULL);
		pol_buf_free(&b);
	} else {
		S_reply(c, head, 200, type, data, len, NULL);
	}
	free(data);
done:
	free(edition);
	free(ed_path);
	free(root);
	free(want);
	free(real);
}

static void S_handle(S_server *s, S_client *c)
{
	pol_http_req r;
	int st = pol_http_parse(&r, c->in.data ? c->in.data : "", c->in.len);
	if (st == 0) {
		if (c->in.len >= S_MAX_REQUEST)
			S_error(c, false, 431);
		return;
	}
	if (st != 1) {
		S_error(c, false, st);
		return;
	}
	bool head = !strcmp(r.method, "HEAD");
	if (!head && strcmp(r.method, "GET")) {
		S_error(c, false, 405);
	} else if (!pol_http_host_ok(r.host, s->port)) {
		S_error(c, head, 403);
	} else if (!strcmp(r.path, "/__polc/events")) {
		c->out.len = 0;
		pol_buf_printf(&c->out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
		                        "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n\r\n"
		                        "retry: 1000\n\nevent: build\ndata: %u\n\n",
		               s->live->seq);
		c->sse = !head;
		c->replied = head;
	} else {
		char *rel = pol_http_clean_path(r.path);
		if (!rel)
			S_error(c, head, 403);
		else if (!*rel)
			S_index(s, c, head);
		else
			S_file(s, c, head, r.path, rel);
		free(rel);
	}
	pol_http_req_fini(&r);
}

static void S_drop(S_server *s, size_t i)
{
	close(s->c[i].fd);
	pol_buf_free(&s->c[i].in);
	pol_buf_free(&s->c[i].out);
	s->c[i] = s->c[--s->n];
}

static size_t S_fill(void *ctx, struct pollfd *pfd, size_t max)
{
	S_server *s = ctx;
	size_t n = 0;
	pfd[n++] = (struct pollfd){.fd = s->lfd, .events = POLLIN};
	for (size_t i = 0; i < s->n && n < max; i++) {
		S_client *c = &s->c[i];
		short ev = c->off < c->out.len ? POLLOUT : 0;
		if (!c->replied && !c->sse)
			ev |= POLLIN;
		if (c->sse)
			ev |= POLLIN; /* to notice the browser going away */
		pfd[n++] = (struct pollfd){.fd = c->fd, .events = ev};
	}
	return n;
}

static void S_ready(void *ctx, const struct pollfd *pfd, size_t n)
{
	S_server *s = ctx;
	if (n && pfd[0].revents & POLLIN) {
		for (;;) {
			int fd = accept4(s->lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
			if (fd < 0)
				break;
			if (s->n == S_MAX_CLIENTS) {
				close(fd);
				continue;
			}
			s->c[s->n++] = (S_client){.fd = fd};
		}
	}
	/* The clients as they were when polled (pfd[1..]); new ones wait for the next round. */
	for (size_t p = 1; p < n; p++) {
		size_t i = 0;
		while (i < s->n && s->c[i].fd != pfd[p].fd)
			i++;
		if (i == s->n || !pfd[p].revents)
			continue;
		S_client *c = &s->c[i];
		bool drop = false;
		if (pfd[p].revents & POLLIN) {
			char buf[4096];
			ssize_t k = read(c->fd, buf, sizeof buf);
			if (k <= 0 && !(k < 0 && (errno == EAGAIN || errno == EINTR)))
				drop = true;
			else if (k > 0 && !c->sse && !c->replied) {
				pol_buf_put(&c->in, buf, (size_t)k);
				S_handle(s, c);
			}
		}
		if (!drop && (pfd[p].revents & (POLLERR | POLLHUP)) && !(pfd[p].revents & POLLIN))
			drop = true;
		if (!drop && c->off < c->out.len) {
			ssize_t k = write(c->fd, c->out.data + c->off, c->out.len - c->off);
			if (k > 0)
				c->off += (size_t)k;
			else if (k < 0 && errno != EAGAIN && errno != EINTR)
				drop = true;
		}
		if (!drop && c->off == c->out.len) {
			c->out.len = c->off = 0;
			if (c->replied)
				drop = true;
		}
		if (drop)
			S_drop(s, i);
	}
}

static void S_built(void *ctx, const pol_live *l)
{
	S_server *s = ctx;
	for (size_t i = 0; i < s->n; i++)
		if (s->c[i].sse)
			pol_buf_printf(&s->c[i].out, "event: build\ndata: %u\n\n", l->seq);
}

int pol_cmd_serve(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "o port edition audience werror templates color", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: serve takes one SRC\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	o.src = o.npos ? o.pos[0] : NULL;
	long port = 8000;
	if (o.port) {
		char *end;
		port = strtol(o.port, &end, 10);
		if (*end || end == o.port || port < 0 || port > 65535) {
			fprintf(stderr, "polc: error: --port must be a number from 0 to 65535\n");
			return POL_EXIT_USAGE;
		}
	}
	S_server s = {.lfd = -1};
	pol_live l;
	rc = pol_live_init(&l, &o);
	if (rc)
		goto cleanup;
	s.live = &l;
	s.out = l.out;
	s.out_real = realpath(l.out, NULL);
	s.lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	int one = 1;
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
	                         .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t salen = sizeof sa;
	if (!s.out_real || s.lfd < 0 || setsockopt(s.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(s.lfd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(s.lfd, 16) != 0 ||
	    getsockname(s.lfd, (struct sockaddr *)&sa, &salen) != 0) {
		fprintf(stderr, "polc: error: cannot serve on 127.0.0.1:%ld: %s\n", port, strerror(errno));
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	s.port = ntohs(sa.sin_port);
	printf("polc: serving %s on http://127.0.0.1:%d/ (Ctrl-C stops)\n", o.src ? o.src : "policy-src", s.port);
	fflush(stdout);
	static const pol_live_ops ops = {S_fill, S_ready, S_built};
	rc = pol_live_run(&l, &ops, &s);
cleanup:
	while (s.n)
		S_drop(&s, s.n - 1);
	if (s.lfd >= 0)
		close(s.lfd);
	free(s.out_real);
	pol_live_fini(&l);
	return rc;
}
