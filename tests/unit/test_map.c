/* test_map.c — lib/util's string map: copied and lent keys, growth, replacement, tables of huge pages. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/util.h"

/* Many keys through several doublings: every one is found, absent ones are not, and
 * pol_map_set gives back the value it replaces. */
static void S_exercise(pol_map *m, char keys[][16], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		snprintf(keys[i], 16, "k%u.x", (unsigned)i);
		cr_assert_null(pol_map_set(m, keys[i], (void *)(uintptr_t)(i + 1)));
	}
	cr_expect_eq(pol_map_len(m), n);
	for (size_t i = 0; i < n; i++) {
		char probe[16];
		snprintf(probe, sizeof probe, "k%u.x", (unsigned)i); /* an equal string, not the key */
		cr_assert_eq((uintptr_t)pol_map_get(m, probe), i + 1, "%s", probe);
	}
	cr_expect_null(pol_map_get(m, "k.x"));
	cr_expect_null(pol_map_get(m, "nope"));
	cr_expect_eq((uintptr_t)pol_map_set(m, "k3.x", (void *)99), 4);
	cr_expect_eq((uintptr_t)pol_map_get(m, "k3.x"), 99);
	cr_expect_eq(pol_map_len(m), n);
}

Test(map, copied_keys)
{
	static char keys[5000][16];
	pol_map *m = pol_map_new();
	S_exercise(m, keys, 5000);
	/* Copied keys do not depend on the caller's string. */
	char tmp[] = "temp";
	pol_map_set(m, tmp, (void *)7);
	tmp[0] = 'x';
	cr_expect_eq((uintptr_t)pol_map_get(m, "temp"), 7);
	pol_map_free(m);
}

/* A lent map grown from the smallest table and one sized for n keys from the start. */
static void S_grown_and_sized(char keys[][16], size_t n)
{
	pol_map *grown = pol_map_new_lent(0), *sized = pol_map_new_lent(n);
	S_exercise(grown, keys, n);
	pol_map_free(grown);
	S_exercise(sized, keys, n);
	pol_map_free(sized);
}

Test(map, lent_keys)
{
	static char keys[5000][16];
	S_grown_and_sized(keys, 5000);
	cr_expect_null(pol_map_get(NULL, "x"));
}

/* Past 2 MiB a table is mapped by itself (huge pages): 100,000 keys grow a map through
 * tables of 3 and 6 MiB, and one sized for them starts with one; both behave alike. */
Test(map, big_tables)
{
	static char keys[100000][16];
	S_grown_and_sized(keys, 100000);
}
