/* test_arena.c — lib/arena: pieces are aligned, distinct and keep their contents
 * while more are given out, small and large alike; freeing empties the arena. */
#include <criterion/criterion.h>
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "lib/arena.h"

Test(arena, pieces_are_aligned_and_kept)
{
	pol_arena a = {0};
	enum { N = 5000 };
	static char *p[N];
	for (size_t i = 0; i < N; i++) {
		size_t n = i % 7 == 0 ? 40000 : i % 13; /* some pieces bigger than a chunk's quarter */
		p[i] = pol_arena_alloc(&a, n + 1);
		cr_assert_eq((uintptr_t)p[i] % alignof(max_align_t), 0, "piece %zu is not aligned", i);
		memset(p[i], (int)(i & 0x7F), n + 1);
	}
	for (size_t i = 0; i < N; i++) {
		size_t n = i % 7 == 0 ? 40000 : i % 13;
		for (size_t k = 0; k <= n; k++)
			cr_assert_eq(p[i][k], (char)(i & 0x7F), "piece %zu was overwritten", i);
	}
	pol_arena_free(&a);
	cr_expect_null(a.chunks);
	cr_expect_eq(a.left, 0);
}

Test(arena, strndup_and_calloc)
{
	pol_arena a = {0};
	char *s = pol_arena_strndup(&a, "情報資産xyz", strlen("情報資産"));
	cr_expect_str_eq(s, "情報資産");
	char *e = pol_arena_strndup(&a, "", 0);
	cr_expect_str_eq(e, "");
	unsigned char *z = pol_arena_calloc(&a, 300);
	for (int i = 0; i < 300; i++)
		cr_assert_eq(z[i], 0);
	unsigned char *big = pol_arena_calloc(&a, 1 << 20);
	cr_expect_eq(big[(1 << 20) - 1], 0);
	cr_expect_str_eq(s, "情報資産", "an earlier piece survives a big one");
	pol_arena_free(&a);
	pol_arena_free(&a); /* an empty arena frees to nothing */
}

Test(arena, strdup_printf_grow)
{
	pol_arena a = {0};
	cr_expect_null(pol_arena_strdup(&a, NULL));
	cr_expect_str_eq(pol_arena_strdup(&a, "第1章"), "第1章");
	cr_expect_str_eq(pol_arena_printf(&a, "%s-%d", "key", 12), "key-12");
	char big[600];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	char *p = pol_arena_printf(&a, "<%s>", big); /* longer than the stack buffer */
	cr_expect_eq(strlen(p), sizeof big + 1);
	cr_expect_eq(p[0], '<');
	cr_expect_eq(p[sizeof big], '>');
	/* Growing by doubling keeps what was there, small items and big alike. */
	size_t *v = NULL;
	for (size_t i = 0; i < 20000; i++) {
		v = pol_arena_grow(&a, v, i, sizeof *v);
		cr_assert_eq((uintptr_t)v % alignof(max_align_t), 0);
		v[i] = i * 7;
	}
	for (size_t i = 0; i < 20000; i++)
		cr_assert_eq(v[i], i * 7, "item %zu", i);
	pol_arena_free(&a);
}

/* A big arena: past its first chunks it takes 2 MiB ones, and every piece still keeps
 * its contents, aligned, with big pieces in between. */
Test(arena, big_arenas_take_big_chunks)
{
	pol_arena a = {0};
	enum { N = 400000 };
	static char *p[N];
	for (size_t i = 0; i < N; i++) {
		size_t n = i % 1000 == 0 ? 30000 : 40 + i % 50;
		p[i] = pol_arena_alloc(&a, n);
		cr_assert_eq((uintptr_t)p[i] % alignof(max_align_t), 0, "piece %zu is not aligned", i);
		memset(p[i], (int)(i & 0x7F), n);
	}
	for (size_t i = 0; i < N; i++) {
		size_t n = i % 1000 == 0 ? 30000 : 40 + i % 50;
		cr_assert(p[i][0] == (char)(i & 0x7F) && p[i][n - 1] == (char)(i & 0x7F), "piece %zu was overwritten", i);
	}
	/* about 36 MB of small pieces: 64 KiB chunks alone would be some 550 */
	size_t chunks = 0;
	for (pol_arena_chunk *c = a.chunks; c; c = *(pol_arena_chunk **)c) /* prev comes first */
		chunks++;
	cr_expect_lt(chunks, 16 + 40 + N / 1000, "%zu chunks", chunks);
	pol_arena_free(&a);
	cr_expect_null(a.chunks);
	cr_expect_eq(a.nchunks, 0);
}

/* Once an arena is big, a piece of up to an eighth of a big chunk is carved from the
 * chunks (a file's text, in the model's arena) instead of taking a buffer of its own. */
Test(arena, big_arenas_carve_middle_pieces)
{
	pol_arena a = {0};
	while (a.nchunks < 16)
		pol_arena_alloc(&a, 1000);
	size_t before = 0;
	for (pol_arena_chunk *c = a.chunks; c; c = *(pol_arena_chunk **)c)
		before++;
	enum { N = 100, SIZE = 100 * 1024 };
	static char *p[N];
	for (size_t i = 0; i < N; i++) {
		p[i] = pol_arena_alloc(&a, SIZE);
		cr_assert_eq((uintptr_t)p[i] % alignof(max_align_t), 0, "piece %zu is not aligned", i);
		memset(p[i], (int)i, SIZE);
	}
	for (size_t i = 0; i < N; i++)
		cr_assert(p[i][0] == (char)i && p[i][SIZE - 1] == (char)i, "piece %zu was overwritten", i);
	size_t after = 0;
	for (pol_arena_chunk *c = a.chunks; c; c = *(pol_arena_chunk **)c)
		after++;
	/* 10 MB in 2 MiB chunks of 20 pieces each: 5 or 6 chunks, not 100 */
	cr_expect_leq(after - before, 6, "%zu chunks for %d pieces", after - before, N);
	/* a piece bigger than an eighth still has a chunk of its own */
	char *big = pol_arena_alloc(&a, 300 * 1024);
	memset(big, 1, 300 * 1024);
	size_t last = 0;
	for (pol_arena_chunk *c = a.chunks; c; c = *(pol_arena_chunk **)c)
		last++;
	cr_expect_eq(last, after + 1);
	pol_arena_free(&a);
}
