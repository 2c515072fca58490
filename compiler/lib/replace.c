/* replace.c — see replace.h. The temporary file is a hidden sibling
 * (".NAME.XXXXXX"), made by mkstemp so two runs never share one. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/replace.h"
#include "lib/util.h"

int pol_replace_file(const char *path, const char *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return -1;
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *tmp = pol_xasprintf("%.*s.%s.XXXXXX", (int)(base - path), path, base);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return -1;
	}
	int err = 0;
	size_t off = 0;
	while (off < len && !err) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		else
			off += (size_t)n;
	}
	if (!err && (st.st_uid != geteuid() || st.st_gid != getegid()) && fchown(fd, st.st_uid, st.st_gid) != 0) {
		/* Not allowed (only root may give a file away): it becomes the writer's, as
		 * with any editor that saves by renaming. Not an error. */
	}
	if (!err && fchmod(fd, st.st_mode & 07777) != 0)
		err = errno;
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	if (!err && rename(tmp, path) != 0)
		err = errno;
	if (err)
		unlink(tmp);
	free(tmp);
	errno = err;
	return err ? -1 : 0;
}
