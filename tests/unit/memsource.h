/* memsource.h — an in-memory pol_source for the model tests: a table of files given as
 * name, text, name, text, ..., NULL (the table is lent and must outlive the source).
 * Included by test_*.c only. */
#ifndef POL_TEST_MEMSOURCE_H
#define POL_TEST_MEMSOURCE_H

#include <stdlib.h>
#include <string.h>

#include "front/source.h"

typedef struct {
	pol_source base;
	const char **files;
} mem_source;

static inline int mem_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	mem_source *ms = (mem_source *)src;
	for (const char **f = ms->files; *f; f += 2)
		if (!strcmp(f[0], rel)) {
			*len = strlen(f[1]);
			*out = pol_xstrndup(f[1], *len);
			return 0;
		}
	return -1;
}

static inline void mem_free(pol_source *src)
{
	free(src);
}

static const pol_source_ops mem_ops = {mem_read, mem_free, NULL};

/* A source rooted at "src" over files; free with pol_source_free. */
static inline pol_source *mem_source_new(const char **files)
{
	mem_source *ms = pol_xcalloc(1, sizeof *ms);
	ms->base.ops = &mem_ops;
	ms->base.root = pol_xstrdup("src");
	ms->files = files;
	return &ms->base;
}

#endif
