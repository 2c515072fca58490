/* test_writer.c — the buffered writer: memory and file writers give the same bytes
 * (also across the file buffer's size and for texts larger than it), HTML escaping
 * (the escapers' run scanner at every position of a long text, against a byte loop),
 * trailing newlines held back, truncation, and a write failure that close reports. */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/escape.h"
#include "lib/util.h"
#include "lib/writer.h"

/* Writes the same pieces to w: small ones, then one larger than a file buffer. */
static void write_pieces(pol_writer *w, const char *big, size_t bign)
{
	for (int i = 0; i < 10000; i++)
		pol_writer_puts(w, "abc<&>\"");
	pol_writer_put_html(w, "a<b>&\"c\"", 8);
	pol_writer_putc(w, '!');
	pol_writer_put(w, big, bign);
	pol_writer_puts(w, "end");
}

Test(writer, file_and_memory_agree)
{
	size_t bign = 200000;
	char *big = malloc(bign);
	for (size_t i = 0; i < bign; i++)
		big[i] = (char)('a' + i % 26);
	pol_writer m;
	pol_writer_mem(&m);
	write_pieces(&m, big, bign);
	size_t mlen;
	pol_writer_data(&m, &mlen);
	char *mem = malloc(mlen);
	memcpy(mem, pol_writer_data(&m, NULL), mlen);
	cr_assert_eq(pol_writer_close(&m), 0);
	cr_expect_eq(mlen, 10000 * 7 + 28 + 1 + bign + 3);

	char path[] = "/tmp/polc-writer-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	pol_writer f;
	cr_assert_eq(pol_writer_open(&f, path), 0);
	write_pieces(&f, big, bign);
	cr_assert_eq(pol_writer_close(&f), 0);
	char *text;
	size_t flen;
	cr_assert_eq(pol_read_file(&text, &flen, path), 0);
	unlink(path);
	cr_expect_eq(flen, mlen);
	cr_expect(memcmp(text, mem, mlen) == 0);
	cr_expect(memmem(text, flen, "a&lt;b&gt;&amp;&quot;c&quot;!", 29) != NULL);
	free(text);
	free(mem);
	free(big);
}

Test(writer, held_newlines)
{
	pol_writer w;
	pol_writer_mem(&w);
	pol_writer_puts(&w, "<");
	pol_writer_hold(&w, true);
	pol_writer_puts(&w, "\n");     /* held, then written: text follows */
	pol_writer_puts(&w, "a\n\n"); /* two held */
	pol_writer_puts(&w, "\n");
	pol_writer_puts(&w, "b\n");
	pol_writer_puts(&w, "\n\n");  /* dropped below */
	pol_writer_hold(&w, false);
	pol_writer_puts(&w, ">\n");
	cr_expect_str_eq(pol_writer_data(&w, NULL), "<\na\n\n\nb>\n");
	pol_writer_truncate(&w, 2);
	cr_expect_str_eq(pol_writer_data(&w, NULL), "<\n");
	cr_assert_eq(pol_writer_close(&w), 0);
}

Test(writer, failures_are_reported_at_close)
{
	pol_writer w;
	cr_expect_eq(pol_writer_open(&w, "/nonexistent-folder/x/y"), -1);
	pol_writer_puts(&w, "dropped");
	cr_expect_eq(pol_writer_close(&w), -1);
	/* A full device: writes fail when the buffer is flushed, and close says so. */
	if (access("/dev/full", W_OK) == 0) {
		cr_assert_eq(pol_writer_open(&w, "/dev/full"), 0);
		for (int i = 0; i < 100000; i++)
			pol_writer_puts(&w, "0123456789");
		errno = 0;
		cr_expect_eq(pol_writer_close(&w), -1);
		cr_expect_eq(errno, ENOSPC);
	}
}

/* The escaped form of s[0..n), one byte at a time: what the fast paths must agree with. */
static void escape_slowly(pol_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': pol_buf_puts(b, "&amp;"); break;
		case '<': pol_buf_puts(b, "&lt;"); break;
		case '>': pol_buf_puts(b, "&gt;"); break;
		case '"': pol_buf_puts(b, "&quot;"); break;
		default: pol_buf_putc(b, s[i]);
		}
	}
}

/* Each special byte (and the extra stop byte) at every offset of a 40-byte text, so the
 * sixteen-byte steps and the tail both meet it; NUL bytes are plain text. */
Test(writer, html_runs_at_every_position)
{
	const char specials[] = "&<>\"\xEE";
	for (size_t k = 0; k < sizeof specials - 1; k++) {
		for (size_t at = 0; at < 40; at++) {
			char s[40];
			memset(s, 'x', sizeof s);
			s[(at + 7) % 40] = '\0';
			s[at] = specials[k];
			bool stop = (unsigned char)specials[k] == 0xEE;
			cr_assert_eq(pol_escape_html_plain(s, sizeof s, 0xEE), at, "byte %zu at %zu", k, at);
			size_t want = stop ? sizeof s : at;
			cr_assert_eq(pol_escape_html_plain(s, sizeof s, '&'), want, "byte %zu at %zu", k, at);
			cr_assert_eq(pol_escape_html_plain(s, at, '&'), at);
			pol_buf want_b = {0}, got_b = {0};
			escape_slowly(&want_b, s, sizeof s);
			pol_escape_html(&got_b, s, sizeof s);
			cr_assert_eq(got_b.len, want_b.len);
			cr_assert(!memcmp(got_b.data, want_b.data, want_b.len));
			pol_writer w;
			pol_writer_mem(&w);
			pol_writer_put_html(&w, s, sizeof s);
			size_t len;
			const char *text = pol_writer_data(&w, &len);
			cr_assert_eq(len, want_b.len);
			cr_assert(!memcmp(text, want_b.data, len));
			pol_writer_close(&w);
			pol_buf_free(&want_b);
			pol_buf_free(&got_b);
		}
	}
}

/* More newlines held than are written at once (they go out in steps of sixteen). */
Test(writer, many_held_newlines)
{
	char nl[41];
	memset(nl, '\n', 40);
	nl[40] = '\0';
	pol_writer w;
	pol_writer_mem(&w);
	pol_writer_hold(&w, true);
	pol_writer_puts(&w, "a");
	pol_writer_puts(&w, nl);
	pol_writer_puts(&w, "\n");
	pol_writer_puts(&w, "b");
	pol_writer_hold(&w, false);
	size_t len;
	const char *text = pol_writer_data(&w, &len);
	cr_assert_eq(len, 43);
	cr_expect(text[0] == 'a' && text[42] == 'b');
	for (size_t i = 1; i < 42; i++)
		cr_expect(text[i] == '\n', "byte %zu", i);
	cr_assert_eq(pol_writer_close(&w), 0);
}
