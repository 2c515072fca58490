/* source.c — the source interface and its file-system implementation.
 *
 * A source hands out files by root-relative path. The loader refuses paths that
 * leave the root before it asks, so an implementation only reads. */
#include "front/source.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int pol_source_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	return src->ops->read(src, out, len, rel);
}

void pol_revision_clear(pol_revision *rev)
{
	free(rev->commit);
	free(rev->short_commit);
	free(rev->date);
	free(rev->era_date);
	free(rev->describe);
	memset(rev, 0, sizeof *rev);
}

void pol_source_free(pol_source *src)
{
	if (!src)
		return;
	pol_revision_clear(&src->rev);
	free(src->root);
	src->ops->free(src);
}

typedef struct {
	pol_source base;
	char *dir;
} S_fs;

static int S_fs_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	S_fs *fs = (S_fs *)src;
	char *path = pol_xasprintf("%s/%s", fs->dir, rel);
	struct stat st;
	int rc;
	if (stat(path, &st) != 0)
		rc = (errno == ENOENT || errno == ENOTDIR) ? -1 : -2;
	else if (!S_ISREG(st.st_mode))
		rc = -2;
	else
		rc = pol_read_file(out, len, path) == 0 ? 0 : -2;
	free(path);
	return rc;
}

static void S_fs_free(pol_source *src)
{
	S_fs *fs = (S_fs *)src;
	free(fs->dir);
	free(fs);
}

static const pol_source_ops S_fs_ops = {S_fs_read, S_fs_free};

pol_source *pol_source_fs_new(const char *dir)
{
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return NULL;
	S_fs *fs = pol_xcalloc(1, sizeof *fs);
	fs->base.ops = &S_fs_ops;
	fs->dir = pol_xstrdup(dir);
	size_t n = strlen(fs->dir);
	while (n > 1 && fs->dir[n - 1] == '/')
		fs->dir[--n] = 0;
	fs->base.root = pol_xstrdup(fs->dir);
	return &fs->base;
}
