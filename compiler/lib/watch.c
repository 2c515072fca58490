/* watch.c — see watch.h. One inotify instance, one watch per folder; the path of each
 * watch is kept (by descriptor) so a folder created inside a watched one can be added
 * with its full path. Changes to files count when they are complete (IN_CLOSE_WRITE,
 * a rename into place, a deletion), not at every write, so an editor saving a file
 * gives one rebuild, not one per block written. */
#include "lib/watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

struct pol_watch {
	int fd;
	char **paths; /* by watch descriptor */
	size_t npaths;
	char *ignore;
};

enum {
	S_MASK = IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |
	         IN_MOVE_SELF | IN_ATTRIB
};

pol_watch *pol_watch_new(char **err)
{
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		*err = pol_xasprintf("cannot watch files (inotify): %s", strerror(errno));
		return NULL;
	}
	pol_watch *w = pol_xcalloc(1, sizeof *w);
	w->fd = fd;
	return w;
}

void pol_watch_free(pol_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	for (size_t i = 0; i < w->npaths; i++)
		free(w->paths[i]);
	free(w->paths);
	free(w->ignore);
	free(w);
}

int pol_watch_fd(const pol_watch *w)
{
	return w->fd;
}

static bool S_ignored(const pol_watch *w, const char *dir)
{
	if (!w->ignore)
		return false;
	char *real = realpath(dir, NULL);
	bool r = real && !strcmp(real, w->ignore);
	free(real);
	return r;
}

/* Adds one folder and, recursively, those below it; returns the watch or -1. */
static int S_add(pol_watch *w, const char *dir)
{
	if (S_ignored(w, dir))
		return 0;
	int wd = inotify_add_watch(w->fd, dir, S_MASK | IN_ONLYDIR);
	if (wd < 0)
		return -1;
	if ((size_t)wd >= w->npaths) {
		size_t n = (size_t)wd + 16;
		w->paths = pol_xrealloc(w->paths, n * sizeof *w->paths);
		memset(w->paths + w->npaths, 0, (n - w->npaths) * sizeof *w->paths);
		w->npaths = n;
	}
	free(w->paths[wd]);
	w->paths[wd] = pol_xstrdup(dir);
	DIR *d = opendir(dir);
	if (!d)
		return wd;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue; /* ".", "..", ".git", ".polc" */
		char *sub = pol_xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			S_add(w, sub);
		free(sub);
	}
	closedir(d);
	return wd;
}

int pol_watch_add_tree(pol_watch *w, const char *dir, const char *ignore, char **err)
{
	if (ignore && !w->ignore)
		w->ignore = pol_xstrdup(ignore);
	if (S_add(w, dir) < 0) {
		*err = pol_xasprintf("cannot watch '%s': %s", dir, strerror(errno));
		return -1;
	}
	return 0;
}

int pol_watch_read(pol_watch *w)
{
	int changes = 0;
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			p += sizeof *ev + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				changes++;
				continue;
			}
			const char *dir = ev->wd >= 0 && (size_t)ev->wd < w->npaths ? w->paths[ev->wd] : NULL;
			if (ev->len && ev->name[0] == '.')
				continue; /* editors' swap files, .git */
			if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && dir && ev->len) {
				char *sub = pol_xasprintf("%s/%s", dir, ev->name);
				S_add(w, sub);
				free(sub);
			}
			if (ev->mask & IN_IGNORED) {
				if (dir) {
					free(w->paths[ev->wd]);
					w->paths[ev->wd] = NULL;
				}
				continue;
			}
			changes++;
		}
	}
	return changes;
}
