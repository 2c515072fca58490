/* source.c — the source interface and its file-system implementation.
 *
 * A source hands out files by root-relative path. The loader refuses paths that
 * leave the root lexically (`..`, absolute paths) before it asks; the file-system
 * source makes sure the file system cannot lead out either. It holds an O_DIRECTORY
 * descriptor of the root and opens every path one component at a time beneath it
 * with O_NOFOLLOW, so a symbolic link anywhere on the way (a link to /etc/passwd, to
 * ../outside.pol, a linked folder, policy.pol itself) is refused, never followed: the
 * git source leaves symbolic links out of a revision's files in the same way, so both
 * sources read the same files. The file is opened O_NONBLOCK and must be a regular
 * file (fstat), so a FIFO or a device is refused without blocking. Why a read failed
 * is kept for the loader's message (pol_source_reason). */
#include "front/source.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int pol_source_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	free(src->why);
	src->why = NULL;
	return src->ops->read(src, out, len, rel);
}

int pol_source_read_in(pol_source *src, pol_arena *a, char **out, size_t *len, const char *rel)
{
	free(src->why);
	src->why = NULL;
	if (src->ops->read_in)
		return src->ops->read_in(src, a, out, len, rel);
	char *data = NULL;
	int rc = src->ops->read(src, &data, len, rel);
	if (rc == 0) {
		*out = memcpy(pol_arena_alloc(a, *len + 2), data, *len);
		(*out)[*len] = 0;
	}
	free(data);
	return rc;
}

const char *pol_source_reason(const pol_source *src, int rc)
{
	if (src->why)
		return src->why;
	return rc == -1 ? "no such file" : "cannot be read";
}

void pol_source_set_reason(pol_source *src, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = pol_xvasprintf(fmt, ap);
	va_end(ap);
	free(src->why);
	src->why = s;
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
	free(src->why);
	src->ops->free(src);
}

typedef struct {
	pol_source base;
	int rootfd; /* O_DIRECTORY descriptor of the root */
} S_fs;

/* What kind of file mode is, for a message. */
static const char *S_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a folder";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "a device";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISLNK(mode))
		return "a symbolic link";
	return "not a regular file";
}

/* Reads the whole of fd (a regular file) into *out (room for two more bytes, as
 * pol_file_new_take wants): on the heap, or in arena a when a is not NULL. The piece is
 * sized from st, with one byte more so that the end is seen in one read; a file grown
 * since goes on into a piece twice the size (in an arena, the first stays there unused).
 * 0, or -1 with errno. */
static int S_read_fd(int fd, const struct stat *st, pol_arena *a, char **out, size_t *len)
{
	size_t cap = (size_t)st->st_size + 2, n = 0;
	if (!a && cap < 4096)
		cap = 4096;
	char *buf = a ? pol_arena_alloc(a, cap) : pol_xmalloc(cap);
	for (;;) {
		if (cap - n < 2) {
			cap *= 2;
			if (a)
				buf = memcpy(pol_arena_alloc(a, cap), buf, n);
			else
				buf = pol_xrealloc(buf, cap);
		}
		ssize_t k = read(fd, buf + n, cap - n - 1);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			int e = errno;
			if (!a)
				free(buf);
			errno = e;
			return -1;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	buf[n] = 0;
	*out = buf;
	*len = n;
	return 0;
}

/* Opens one component name beneath dirfd without following a link: the folder on the
 * way (dir true) or the file at the end. Returns the descriptor, or -1 (-2 when
 * absent) with the reason set; shown is the path so far, for the message. */
static int S_open_at(pol_source *src, int dirfd, const char *name, const char *shown, bool dir)
{
	/* The whole path is in the message already: say "it", else which folder. */
	const char *last = dir ? shown : "it";
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return -2;
		pol_source_set_reason(src, "'%s': %s", shown, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		pol_source_set_reason(src, "%s%s%s is a symbolic link (polc does not follow symbolic links in the source)",
		                      dir ? "'" : "", last, dir ? "'" : "");
		return -1;
	}
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		if (dir)
			return -2; /* a file where a folder was wanted: no such file */
		pol_source_set_reason(src, "it is %s, not a regular file", S_kind(st.st_mode));
		return -1;
	}
	int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | (dir ? O_DIRECTORY : 0);
	int fd = openat(dirfd, name, flags);
	if (fd < 0) {
		if (errno == ELOOP)
			pol_source_set_reason(src, "%s%s%s is a symbolic link (polc does not follow symbolic links in the source)",
			                      dir ? "'" : "", last, dir ? "'" : "");
		else
			pol_source_set_reason(src, "'%s': %s", shown, strerror(errno));
		return -1;
	}
	/* It may have been swapped since fstatat: check what was opened. */
	if (fstat(fd, &st) != 0 || (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode))) {
		pol_source_set_reason(src, "'%s' is %s, not a regular file", shown, S_kind(st.st_mode));
		close(fd);
		return -1;
	}
	return fd;
}

static int S_fs_read_in(pol_source *src, pol_arena *a, char **out, size_t *len, const char *rel)
{
	S_fs *fs = (S_fs *)src;
	if (!*rel || rel[0] == '/') {
		pol_source_set_reason(src, "'%s' is outside the source root", rel);
		return -2;
	}
	int dirfd = fs->rootfd, rc = -2;
	const char *p = rel;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *name = pol_xstrndup(p, n);
		char *shown = pol_xstrndup(rel, (size_t)(p - rel) + n);
		int fd = -1;
		if (!n || !strcmp(name, ".") || !strcmp(name, ".."))
			pol_source_set_reason(src, "'%s' is outside the source root", rel);
		else
			fd = S_open_at(src, dirfd, name, shown, slash != NULL);
		free(name);
		free(shown);
		if (dirfd != fs->rootfd)
			close(dirfd);
		if (fd < 0) {
			rc = fd == -2 ? -1 : -2;
			break;
		}
		if (!slash) {
			struct stat st;
			if (fstat(fd, &st) == 0 && S_read_fd(fd, &st, a, out, len) == 0)
				rc = 0;
			else
				pol_source_set_reason(src, "%s", strerror(errno));
			close(fd);
			break;
		}
		dirfd = fd;
		p = slash + 1;
	}
	return rc;
}

static void S_fs_free(pol_source *src)
{
	S_fs *fs = (S_fs *)src;
	close(fs->rootfd);
	free(fs);
}

static int S_fs_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	return S_fs_read_in(src, NULL, out, len, rel);
}

static const pol_source_ops S_fs_ops = {S_fs_read, S_fs_free, S_fs_read_in};

pol_source *pol_source_fs_new(const char *dir)
{
	/* The root itself is what the user named: it may be a link. */
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	S_fs *fs = pol_xcalloc(1, sizeof *fs);
	fs->base.ops = &S_fs_ops;
	fs->rootfd = fd;
	char *root = pol_xstrdup(dir);
	size_t n = strlen(root);
	while (n > 1 && root[n - 1] == '/')
		root[--n] = 0;
	fs->base.root = root;
	return &fs->base;
}
