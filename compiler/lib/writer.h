/* writer.h — a buffered writer: into a file, flushed as its buffer fills (a large page
 * never sits whole in memory), or into memory, growing. Writes never fail on the spot:
 * the first failure (a write error, out of memory) is kept, later writes are dropped,
 * and pol_writer_close reports it. */
#ifndef POL_WRITER_H
#define POL_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct pol_writer {
	char *buf;
	size_t len, cap; /* buf[0..len) not yet flushed; in memory, always NUL-terminated */
	int fd;          /* -1: in memory */
	bool failed;
	int err;         /* errno of the first failure */
	bool hold;       /* pol_writer_hold: trailing newlines are held back */
	size_t held;     /* newlines held back */
	size_t off;      /* bytes written to the file */
} pol_writer;

/* An empty writer into memory. */
void pol_writer_mem(pol_writer *w);
/* A writer into the file at path (created, or written over and cut to length:
 * pol_open_over). Returns 0, or -1 with errno set (w is then a failed writer that
 * pol_writer_close releases). */
int pol_writer_open(pol_writer *w, const char *path);
/* Flushes and closes the file (or frees the memory). Returns 0, or -1 with errno set when
 * any write failed. */
int pol_writer_close(pol_writer *w);

void pol_writer_put_slow(pol_writer *w, const char *s, size_t n);
/* Appends s[0..n). */
static inline void pol_writer_put(pol_writer *w, const char *s, size_t n)
{
	if (n < w->cap - w->len && (!w->hold || (!w->held && n && s[n - 1] != '\n'))) {
		memcpy(w->buf + w->len, s, n);
		w->len += n;
		w->buf[w->len] = '\0';
		return;
	}
	pol_writer_put_slow(w, s, n);
}
void pol_writer_puts(pol_writer *w, const char *s);
void pol_writer_putc(pol_writer *w, char c);
/* Appends s[0..n) with & < > " replaced by their HTML entities. */
void pol_writer_put_html(pol_writer *w, const char *s, size_t n);

/* With on, the newlines at the end of what is written next are held back, and written
 * only when more text follows; with !on, the newlines still held are dropped. (A text
 * made of parts thus loses its trailing newlines without being kept whole.) */
void pol_writer_hold(pol_writer *w, bool on);

/* Memory writers: the text so far (NUL-terminated, lent until the next write) and its
 * length; truncation back to len bytes (len <= the current length). */
const char *pol_writer_data(const pol_writer *w, size_t *len);
void pol_writer_truncate(pol_writer *w, size_t len);

#endif
