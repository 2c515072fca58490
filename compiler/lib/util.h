/* util.h — small pieces every stage shares: checked allocation, a growable byte
 * buffer, a string-keyed hash map (ids are interned through it, so lookups stay
 * linear in the size of the source), and UTF-8 helpers that work on code points. */
#ifndef POL_UTIL_H
#define POL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A function the compiler must inline where it is called: a small step of a hot loop,
 * or one that only prefetches (GCC drops a call to a function whose only effect is a
 * prefetch). */
#define POL_ALWAYS_INLINE static inline __attribute__((always_inline))

void *pol_xmalloc(size_t n);
void *pol_xcalloc(size_t n, size_t size);
void *pol_xrealloc(void *p, size_t n);
char *pol_xstrdup(const char *s);
char *pol_xstrndup(const char *s, size_t n);
char *pol_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *pol_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Growable array of pointers: items[0..len). The owner frees the items. */
typedef struct pol_vec {
	void **items;
	size_t len, cap;
} pol_vec;
void pol_vec_push(pol_vec *v, void *item);
void pol_vec_free(pol_vec *v); /* frees the array, not the items */

/* Growable byte buffer, always NUL-terminated after the first append. */
typedef struct pol_buf {
	char *data;
	size_t len, cap;
} pol_buf;
void pol_buf_put(pol_buf *b, const char *s, size_t n);
void pol_buf_puts(pol_buf *b, const char *s);
void pol_buf_putc(pol_buf *b, char c);
void pol_buf_printf(pol_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *pol_buf_detach(pol_buf *b); /* caller owns the result; b is reset */
void pol_buf_free(pol_buf *b);

/* Hash map from NUL-terminated string to pointer. Keys are copied; values are lent. */
typedef struct pol_map pol_map;
pol_map *pol_map_new(void);
/* A map whose keys are lent, not copied: each key must stay unchanged for as long as
 * the map lives (strings of a model's arena). Room for n keys without growing. */
pol_map *pol_map_new_lent(size_t n);
void pol_map_free(pol_map *m);
void *pol_map_get(const pol_map *m, const char *key);
/* Sets key to value; returns the previous value or NULL. */
void *pol_map_set(pol_map *m, const char *key, void *value);
size_t pol_map_len(const pol_map *m);

/* The offset of the first of the bytes a, b or c in s[0..n), or n: one pass where three
 * memchr would make three. */
size_t pol_find3(const char *s, size_t n, char a, char b, char c);

/* UTF-8. pol_utf8_decode reads one code point at s (n bytes available) and returns its
 * length, or 0 when the bytes there are not valid UTF-8 (*cp is then undefined). */
size_t pol_utf8_decode(const char *s, size_t n, uint32_t *cp);
size_t pol_utf8_encode(uint32_t cp, char out[4]);
/* Offset of the first invalid byte, or (size_t)-1 when s[0..n) is valid UTF-8. */
size_t pol_utf8_invalid_at(const char *s, size_t n);
/* Number of code points in s[0..n) (assumes valid UTF-8). */
size_t pol_utf8_count(const char *s, size_t n);
/* Terminal display width of a code point: 2 for East Asian wide and full-width. */
int pol_cp_width(uint32_t cp);

/* Reads a whole file; returns 0 and *out (caller frees) or -1 with errno set. */
int pol_read_file(char **out, size_t *out_len, const char *path);
/* Writes a whole file, creating parent folders; returns 0 or -1 with errno set. */
int pol_write_file(const char *path, const char *data, size_t len);
/* Writes the file at path whole or not at all, for a file the user names (`-o FILE`):
 * fill(ctx, TO, err) writes the whole text into the file named TO, a temporary file
 * beside path (its folders are made), which is renamed to path only when fill
 * returned 0 and the text reached the disk, so a failed run never leaves half a file or
 * replaces a good one. A link to a regular file has its target replaced and stays a
 * link; a device, a pipe (/dev/stdout when stdout is one) or a link to nothing is
 * written to directly, never replaced; a folder, an empty name or one ending in '/' is
 * refused. Returns 0, or -1 and *err (caller frees), which names path. */
int pol_write_atomic(const char *path, int (*fill)(void *ctx, const char *to, char **err), void *ctx,
                     char **err);
/* pol_write_atomic of data[0..len). */
int pol_write_file_atomic(const char *path, const char *data, size_t len, char **err);
/* Files written under the folder into (pol_write_file, pol_writer_open) first take the
 * place of the file of the same name under spare, when there is one (a regular file,
 * moved with rename): an output folder rewritten build after build keeps its files'
 * inodes instead of freeing and allocating them, which costs a file system such as ext4
 * more than the writing. The caller removes what is left under spare. NULL, NULL: no
 * more. */
void pol_file_reuse(const char *into, const char *spare);
/* What pol_write_file and pol_writer_open do before they open path (see above). */
void pol_file_take(const char *path);
/* Opens path for writing, taking the spare's file first (pol_file_take), without
 * truncating it (for the pages and bundles of an edition being built, which no one
 * reads before the build switches to them): what is written goes over the file's pages,
 * which the kernel then keeps instead of freeing them and allocating new ones (at 10x
 * the generated policy, a third of a build's system time). The writer cuts the file to
 * what it wrote when it closes it (ftruncate). Returns the descriptor, or -1 with errno
 * set. */
int pol_open_over(const char *path);
/* The same as a stream ("wb"), or NULL with errno set; pol_fclose_over flushes it, cuts
 * the file where the stream stands and closes it, returning 0 or -1. */
FILE *pol_fopen_over(const char *path);
int pol_fclose_over(FILE *f);
int pol_mkdirs(const char *path);
int pol_rmtree(const char *path);

#endif
