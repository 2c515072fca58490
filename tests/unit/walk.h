/* walk.h — the files of a folder of the repository, for tests that read the tree
 * (every policy file, every source file). Included by test_*.c only. */
#ifndef POL_TEST_WALK_H
#define POL_TEST_WALK_H

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/util.h"

/* Calls each(path, ctx) for every regular file in dir whose name ends with one of
 * suffixes (a NULL-terminated list), in sub-folders too when deep; names starting with
 * '.' are skipped and links are not followed. Returns the sum of what each returned.
 * The tests run from the repository root: a missing dir fails the test. */
static inline int walk_files(const char *dir, const char *const *suffixes, bool deep,
                             int (*each)(const char *path, void *ctx), void *ctx)
{
	DIR *dp = opendir(dir);
	cr_assert_not_null(dp, "run from the repository root: %s", dir);
	int sum = 0;
	struct dirent *e;
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = pol_xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		size_t n = strlen(e->d_name);
		if (lstat(path, &st) != 0) {
			free(path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (deep)
				sum += walk_files(path, suffixes, deep, each, ctx);
		} else if (S_ISREG(st.st_mode)) {
			for (const char *const *s = suffixes; *s; s++) {
				size_t k = strlen(*s);
				if (n > k && !strcmp(e->d_name + n - k, *s)) {
					sum += each(path, ctx);
					break;
				}
			}
		}
		free(path);
	}
	closedir(dp);
	return sum;
}

#endif
