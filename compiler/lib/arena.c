/* arena.c — chunked allocation freed all at once (see arena.h). */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/util.h"

enum { S_CHUNK = 64 * 1024, S_ALIGN = alignof(max_align_t) };

struct pol_arena_chunk {
	pol_arena_chunk *prev;
	alignas(max_align_t) char data[];
};

void *pol_arena_alloc(pol_arena *a, size_t n)
{
	n = (n + S_ALIGN - 1) & ~(size_t)(S_ALIGN - 1);
	if (n > a->left) {
		size_t size = n > S_CHUNK / 4 ? n : S_CHUNK;
		pol_arena_chunk *c = pol_xmalloc(sizeof *c + size);
		if (size == n && a->chunks) {
			/* A big piece gets its own chunk, behind the current one, which keeps its space. */
			c->prev = a->chunks->prev;
			a->chunks->prev = c;
			return c->data;
		}
		c->prev = a->chunks;
		a->chunks = c;
		a->next = c->data;
		a->left = size;
	}
	void *p = a->next;
	a->next += n;
	a->left -= n;
	return p;
}

void *pol_arena_calloc(pol_arena *a, size_t n)
{
	return memset(pol_arena_alloc(a, n), 0, n);
}

char *pol_arena_strndup(pol_arena *a, const char *s, size_t n)
{
	char *p = pol_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = 0;
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
}
