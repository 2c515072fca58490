/* arena.c — chunked allocation freed all at once (see arena.h). */
#include <stdalign.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "lib/arena.h"
#include "lib/util.h"

enum {
	S_CHUNK = 64 * 1024, S_ALIGN = alignof(max_align_t),
	/* After this many chunks an arena is a big one: its chunks are 2 MiB, aligned and
	 * marked for huge pages, so the kernel maps each with one fault instead of 512. */
	S_SMALL_CHUNKS = 16, S_HUGE = 2 * 1024 * 1024,
};

struct pol_arena_chunk {
	pol_arena_chunk *prev;
	alignas(max_align_t) char data[];
};

/* S_take when the current chunk has no room for n bytes: a new chunk, or a piece of its
 * own for a big n. Kept out of line so that S_take's common case is a few instructions. */
static __attribute__((noinline)) void *S_take_new(pol_arena *a, size_t n)
{
	/* Once the chunks are big, a piece of up to S_HUGE / 8 is carved from one. */
	bool big = a->nchunks >= S_SMALL_CHUNKS;
	size_t size = n > (big ? S_HUGE / 8 : S_CHUNK / 4) ? (n + S_ALIGN - 1) & ~(size_t)(S_ALIGN - 1) : S_CHUNK;
	bool piece = size != S_CHUNK; /* a big piece, with a chunk of its own */
	pol_arena_chunk *c;
	if (!piece && big && (c = aligned_alloc(S_HUGE, S_HUGE))) {
#ifdef MADV_HUGEPAGE
		madvise(c, S_HUGE, MADV_HUGEPAGE);
#endif
		size = S_HUGE - sizeof *c;
	} else {
		c = pol_xmalloc(sizeof *c + size);
	}
	if (piece && a->chunks) {
		/* A big piece gets its own chunk, behind the current one, which keeps its space. */
		c->prev = a->chunks->prev;
		a->chunks->prev = c;
		return c->data;
	}
	c->prev = a->chunks;
	a->chunks = c;
	a->next = c->data + n;
	a->left = size - n;
	a->nchunks++;
	return c->data;
}

/* n bytes at the given alignment (a power of two, at most S_ALIGN). */
static inline void *S_take(pol_arena *a, size_t n, size_t align)
{
	size_t pad = (size_t)(-(uintptr_t)a->next) & (align - 1);
	if (__builtin_expect(!a->chunks || pad + n > a->left, 0))
		return S_take_new(a, n);
	void *p = a->next + pad;
	a->next += pad + n;
	a->left -= pad + n;
	return p;
}

void *pol_arena_alloc(pol_arena *a, size_t n)
{
	return S_take(a, n ? n : 1, S_ALIGN);
}

void *pol_arena_calloc(pol_arena *a, size_t n)
{
	return memset(pol_arena_alloc(a, n), 0, n);
}

char *pol_arena_strndup(pol_arena *a, const char *s, size_t n)
{
	char *p = S_take(a, n + 1, 1); /* a string needs no alignment */
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *pol_arena_strdup(pol_arena *a, const char *s)
{
	return s ? pol_arena_strndup(a, s, strlen(s)) : NULL;
}

char *pol_arena_printf(pol_arena *a, const char *fmt, ...)
{
	char tmp[256];
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	char *p = S_take(a, (size_t)n + 1, 1);
	if ((size_t)n < sizeof tmp)
		memcpy(p, tmp, (size_t)n + 1);
	else
		vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

void *pol_arena_grow(pol_arena *a, void *arr, size_t n, size_t size)
{
	if (n & (n - 1))
		return arr;
	void *p = pol_arena_alloc(a, (n ? 2 * n : 1) * size);
	if (n)
		memcpy(p, arr, n * size);
	return p;
}

void pol_arena_free(pol_arena *a)
{
	pol_arena_chunk *c = a->chunks;
	while (c) {
		pol_arena_chunk *prev = c->prev;
		free(c);
		c = prev;
	}
	a->chunks = NULL;
	a->next = NULL;
	a->left = 0;
	a->nchunks = 0;
}
