/* fuzz.h — helpers shared by the libFuzzer harnesses of tests/fuzz/ (`make fuzz`).
 *
 * fuzz_split cuts an input into the files of an in-memory policy; fuzz_source is a
 * pol_source over those files (lengths kept, so NUL bytes and invalid UTF-8 reach the
 * reader as they would from disk); fuzz_tmpfile writes bytes to a private temporary
 * file for the readers that take a path. Included by fuzz_*.c only. */
#ifndef POL_FUZZ_H
#define POL_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front/source.h"

/* A file of an in-memory source: its name and bytes (lent by the input). */
typedef struct fuzz_file {
	char name[64];
	const char *data;
	size_t len;
} fuzz_file;

enum { FUZZ_MAX_FILES = 16 };

/* The separator between files: a line "%%file NAME" (NAME to the end of the line). */
static const char FUZZ_SEP[] = "%%file ";

/* Splits data into files: everything before the first separator line is policy.pol,
 * each separator line starts a file named by the rest of its line. Returns the count. */
static inline size_t fuzz_split(fuzz_file *files, const char *data, size_t len)
{
	size_t n = 0, seplen = sizeof FUZZ_SEP - 1;
	strcpy(files[0].name, "policy.pol");
	files[0].data = data;
	files[0].len = len;
	n = 1;
	for (size_t i = 0; i < len; i++) {
		if ((i && data[i - 1] != '\n') || len - i < seplen || memcmp(data + i, FUZZ_SEP, seplen))
			continue;
		if (n == FUZZ_MAX_FILES)
			break;
		files[n - 1].len = i - (size_t)(files[n - 1].data - data);
		size_t s = i + seplen, e = s;
		while (e < len && data[e] != '\n')
			e++;
		size_t nl = e - s < sizeof files[n].name - 1 ? e - s : sizeof files[n].name - 1;
		memcpy(files[n].name, data + s, nl);
		files[n].name[nl] = 0;
		files[n].data = data + (e < len ? e + 1 : e);
		files[n].len = len - (size_t)(files[n].data - data);
		n++;
		i = e;
	}
	return n;
}

typedef struct fuzz_source {
	pol_source base;
	const fuzz_file *files;
	size_t n;
} fuzz_source;

static inline int fuzz_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	fuzz_source *fs = (fuzz_source *)src;
	for (size_t i = 0; i < fs->n; i++)
		if (!strcmp(fs->files[i].name, rel)) {
			*len = fs->files[i].len;
			*out = pol_xmalloc(*len + 1);
			memcpy(*out, fs->files[i].data, *len);
			(*out)[*len] = 0;
			return 0;
		}
	return -1;
}

static inline void fuzz_source_free_ops(pol_source *src)
{
	free(src);
}

static const pol_source_ops fuzz_source_ops = {fuzz_read, fuzz_source_free_ops, NULL};

/* A source rooted at "src" over files[0..n) (lent); free with pol_source_free. */
static inline pol_source *fuzz_source_new(const fuzz_file *files, size_t n)
{
	fuzz_source *fs = pol_xcalloc(1, sizeof *fs);
	fs->base.ops = &fuzz_source_ops;
	fs->base.root = pol_xstrdup("src");
	fs->files = files;
	fs->n = n;
	return &fs->base;
}

/* Writes data to this process's temporary file and returns its path (static). */
static inline const char *fuzz_tmpfile(const uint8_t *data, size_t len)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof path, "/tmp/polc-fuzz-%ld.json", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		abort();
	}
	return path;
}

/* data[0..len) as a NUL-terminated copy (caller frees). */
static inline char *fuzz_cstr(const uint8_t *data, size_t len)
{
	char *s = pol_xmalloc(len + 1);
	memcpy(s, data, len);
	s[len] = 0;
	return s;
}

#endif
