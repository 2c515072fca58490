/* watch.h — noticing that files changed under some folders (inotify), for `polc watch`
 * and `polc serve`.
 *
 * A folder is watched with every folder below it; folders made later are added as
 * their creation is seen. Events are only counted: the caller rebuilds everything,
 * which is cheaper to get right than deciding which change matters. */
#ifndef POL_WATCH_H
#define POL_WATCH_H

#include "lib/util.h"

typedef struct pol_watch pol_watch;

/* NULL and *err (caller frees) when inotify is not available. */
pol_watch *pol_watch_new(char **err);
void pol_watch_free(pol_watch *w);
/* Watches dir and the folders below it, except ignore (a real path, e.g. the output
 * folder when it lies inside the source) and hidden folders (".git"). 0, or -1 and
 * *err when dir itself cannot be watched. */
int pol_watch_add_tree(pol_watch *w, const char *dir, const char *ignore, char **err);
/* The file descriptor to poll for reading. */
int pol_watch_fd(const pol_watch *w);
/* Reads what is pending (without blocking) and returns how many changes it holds;
 * new folders are watched from now on. */
int pol_watch_read(pol_watch *w);

#endif
