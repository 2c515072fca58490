/* writer.c — the buffered writer of writer.h.
 *
 * A file writer keeps a 64 KiB buffer and writes it out when full; text larger than the
 * buffer goes straight to the file, over what the file held (pol_open_over), which is
 * cut where the writing ended when the writer closes. A memory writer doubles its
 * buffer as needed. The inline fast path (writer.h) copies into the buffer when the
 * text fits and nothing is held; everything else comes here. */
#include "lib/escape.h"
#include "lib/util.h"
#include "lib/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { S_FILE_BUF = 64 * 1024 };

static void S_fail(pol_writer *w, int err)
{
	if (!w->failed) {
		w->failed = true;
		w->err = err;
	}
}

void pol_writer_mem(pol_writer *w)
{
	memset(w, 0, sizeof *w);
	w->fd = -1;
}

int pol_writer_open(pol_writer *w, const char *path)
{
	pol_writer_mem(w);
	w->fd = pol_open_over(path);
	if (w->fd < 0) {
		S_fail(w, errno);
		return -1;
	}
	if (!(w->buf = malloc(S_FILE_BUF))) {
		S_fail(w, ENOMEM);
		return -1;
	}
	w->cap = S_FILE_BUF;
	w->buf[0] = '\0';
	return 0;
}

static void S_write_all(pol_writer *w, const char *s, size_t n)
{
	while (n && !w->failed) {
		ssize_t k = write(w->fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			S_fail(w, k < 0 ? errno : EIO);
			return;
		}
		s += k;
		n -= (size_t)k;
		w->off += (size_t)k;
	}
}

static void S_flush(pol_writer *w)
{
	if (w->fd >= 0 && w->len) {
		S_write_all(w, w->buf, w->len);
		w->len = 0;
		w->buf[0] = '\0';
	}
}

/* Appends s[0..n), nothing held. */
static void S_put(pol_writer *w, const char *s, size_t n)
{
	if (w->failed || n == 0)
		return;
	if (n < w->cap - w->len) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
		w->buf[w->len] = '\0';
		return;
	}
	if (w->fd >= 0) {
		S_flush(w);
		if (n >= w->cap) {
			S_write_all(w, s, n);
			return;
		}
		S_put(w, s, n);
		return;
	}
	if (n > SIZE_MAX / 2 - w->len) {
		S_fail(w, ENOMEM);
		return;
	}
	size_t cap = w->cap ? w->cap : 256;
	while (cap <= w->len + n)
		cap *= 2;
	char *p = realloc(w->buf, cap);
	if (!p) {
		S_fail(w, ENOMEM);
		return;
	}
	w->buf = p;
	w->cap = cap;
	S_put(w, s, n);
}

void pol_writer_put_slow(pol_writer *w, const char *s, size_t n)
{
	if (!w->hold || n == 0) {
		S_put(w, s, n);
		return;
	}
	size_t t = 0;
	while (t < n && s[n - 1 - t] == '\n')
		t++;
	if (t == n) {
		w->held += n;
		return;
	}
	static const char nl[] = "\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n";
	for (size_t k; w->held; w->held -= k) {
		k = w->held < sizeof nl - 1 ? w->held : sizeof nl - 1;
		S_put(w, nl, k);
	}
	S_put(w, s, n - t);
	w->held = t;
}

void pol_writer_puts(pol_writer *w, const char *s)
{
	pol_writer_put(w, s, strlen(s));
}

void pol_writer_putc(pol_writer *w, char c)
{
	pol_writer_put(w, &c, 1);
}

/* The entities of pol_escape_html, written here so that runs go to the inline put. */
void pol_writer_put_html(pol_writer *w, const char *s, size_t n)
{
	size_t i = 0;
	for (;;) {
		size_t k = pol_escape_html_plain(s + i, n - i, '&');
		if (k)
			pol_writer_put(w, s + i, k);
		i += k;
		if (i == n)
			return;
		const char *e = pol_escape_html_entity((unsigned char)s[i++]);
		pol_writer_put(w, e, strlen(e));
	}
}

void pol_writer_hold(pol_writer *w, bool on)
{
	w->hold = on;
	if (!on)
		w->held = 0;
}

const char *pol_writer_data(const pol_writer *w, size_t *len)
{
	if (len)
		*len = w->len;
	return w->buf ? w->buf : "";
}

void pol_writer_truncate(pol_writer *w, size_t len)
{
	if (w->fd < 0 && len < w->len) {
		w->len = len;
		w->buf[len] = '\0';
	}
}

int pol_writer_close(pol_writer *w)
{
	S_flush(w);
	/* pol_open_over did not truncate: the file ends where the writing did */
	if (w->fd >= 0 && ftruncate(w->fd, (off_t)w->off) != 0)
		S_fail(w, errno);
	if (w->fd >= 0 && close(w->fd) != 0)
		S_fail(w, errno);
	free(w->buf);
	bool failed = w->failed;
	int err = w->err;
	pol_writer_mem(w);
	if (failed) {
		errno = err;
		return -1;
	}
	return 0;
}
