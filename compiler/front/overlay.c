/* overlay.c — open editor buffers over the file-system source (overlay.h).
 *
 * The folder is still asked for every file, even one with a buffer: its answer
 * decides whether the path may be read at all (a symbolic link or a FIFO stays an
 * error whatever the buffer holds), and only its text is replaced. */
#include "front/overlay.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
	pol_source base;
	pol_source *fs;
	pol_overlay_lookup lookup;
	void *ctx;
} S_overlay;

static int S_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	S_overlay *o = (S_overlay *)src;
	int rc = pol_source_read(o->fs, out, len, rel);
	size_t n = 0;
	const char *buf = o->lookup(o->ctx, rel, &n);
	if (rc == -2 || !buf) {
		if (rc != 0 && o->fs->why)
			pol_source_set_reason(src, "%s", o->fs->why);
		return rc;
	}
	if (rc == 0)
		free(*out);
	*out = pol_xstrndup(buf, n);
	*len = n;
	return 0;
}

static void S_free(pol_source *src)
{
	S_overlay *o = (S_overlay *)src;
	pol_source_free(o->fs);
	free(o);
}

static const pol_source_ops S_ops = {S_read, S_free, NULL};

pol_source *pol_source_overlay_new(const char *dir, pol_overlay_lookup lookup, void *ctx)
{
	pol_source *fs = pol_source_fs_new(dir);
	if (!fs)
		return NULL;
	S_overlay *o = pol_xcalloc(1, sizeof *o);
	o->base.ops = &S_ops;
	o->base.root = pol_xstrdup(fs->root);
	o->fs = fs;
	o->lookup = lookup;
	o->ctx = ctx;
	return &o->base;
}
