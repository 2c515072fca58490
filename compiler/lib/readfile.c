/* readfile.c — see readfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/readfile.h"
#include "lib/util.h"

/* Reads all of fd into *data (NUL-terminated) and *len. Returns 0, or -1 with errno. */
static int S_read_fd(int fd, char **data, size_t *len)
{
	pol_buf b = {0};
	char chunk[65536];
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			pol_buf_free(&b);
			return -1;
		}
		if (n == 0)
			break;
		pol_buf_put(&b, chunk, (size_t)n);
	}
	pol_buf_put(&b, "", 0);
	*len = b.len;
	*data = pol_buf_detach(&b);
	return 0;
}

const char *pol_read_regular(char **data, size_t *len, const char *path, const char *what)
{
	static char msg[160];
	const char *why = NULL;
	int err = 0;
	*data = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		err = errno;
		why = strerror(err);
	} else if (S_ISDIR(st.st_mode)) {
		err = EISDIR;
		snprintf(msg, sizeof msg, "it is a directory, not %s", what);
		why = msg;
	} else if (!S_ISREG(st.st_mode)) {
		err = EINVAL;
		snprintf(msg, sizeof msg, "not a regular file (a pipe, a device or a socket); give %s", what);
		why = msg;
	} else if (S_read_fd(fd, data, len) != 0) {
		err = errno;
		why = strerror(err);
	}
	if (fd >= 0)
		close(fd);
	errno = err;
	return why;
}
