/* arena.h — memory that is given out in small pieces and taken back all at once.
 *
 * For the many small objects that live and die together: the lines, directives and
 * token strings of a file being parsed, the builder's bookkeeping while a policy is
 * read, the nodes and strings of a model. Pieces are carved from 64 KiB chunks, and past
 * the sixteenth from 2 MiB ones marked for huge pages (madvise), which the kernel maps
 * with one fault instead of 512. A request of more than a quarter of a small chunk gets a
 * chunk of its own, but once the chunks are big only one of more than an eighth of a big
 * chunk does (a policy file's text, which the model keeps in its arena, is carved from
 * the big chunks like the rest). Pieces are never freed one by one; pol_arena_free
 * releases every chunk. An arena is a plain struct: zero-initialised, it is empty and
 * ready. */
#ifndef POL_ARENA_H
#define POL_ARENA_H

#include <stddef.h>

typedef struct pol_arena_chunk pol_arena_chunk;

typedef struct pol_arena {
	pol_arena_chunk *chunks; /* newest first */
	char *next;              /* free space in the newest chunk */
	size_t left;
	size_t nchunks;          /* chunks of the usual size so far */
} pol_arena;

/* n bytes aligned for any object, uninitialised; never NULL (aborts when out of memory). */
void *pol_arena_alloc(pol_arena *a, size_t n);
/* n zeroed bytes. */
void *pol_arena_calloc(pol_arena *a, size_t n);
/* A copy of s[0..n) with a NUL after it. */
char *pol_arena_strndup(pol_arena *a, const char *s, size_t n);
/* A copy of s (NULL for NULL). */
char *pol_arena_strdup(pol_arena *a, const char *s);
/* printf into the arena. */
char *pol_arena_printf(pol_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Room for item n of an array of n items of the given size, growing by doubling: the
 * array is copied to a new piece of twice the size when n is 0 or a power of two
 * (the old piece stays in the arena until it is freed), else returned as it is. */
void *pol_arena_grow(pol_arena *a, void *arr, size_t n, size_t size);
/* Releases everything given out; the arena is empty again. */
void pol_arena_free(pol_arena *a);

#endif
