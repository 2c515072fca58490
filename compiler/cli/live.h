/* live.h — what `polc watch` and `polc serve` share: build, wait for a change under
 * the source (and the templates), build again.
 *
 * Each build is `polc build` itself, run in a child process (fork, no exec) with its
 * stderr captured: the terminal gets the diagnostics as they come, serve keeps them
 * for the page, and a build that fails or crashes cannot take the watcher with it or
 * leave memory behind. The output folder switches whole builds (lib/outdir.h), so a
 * failed build leaves the last good editions in place, and a page served during a
 * build is the old one or the new one. Changes during a build start one more build
 * when it ends. */
#ifndef POL_LIVE_H
#define POL_LIVE_H

#include <poll.h>
#include <sys/types.h>

#include "cli/cli.h"
#include "lib/watch.h"

typedef struct pol_live pol_live;

/* What the loop calls back (any may be NULL). fill adds up to max fds to poll and
 * returns how many; ready is given them back after poll; built is told that a build
 * ended (l's seq, ok and diagnostics are those of that build). */
typedef struct pol_live_ops {
	size_t (*fill)(void *ctx, struct pollfd *pfd, size_t max);
	void (*ready)(void *ctx, const struct pollfd *pfd, size_t n);
	void (*built)(void *ctx, const pol_live *l);
} pol_live_ops;

struct pol_live {
	const pol_opts *o;
	const char *out;    /* OUT */
	pol_watch *watch;
	pid_t child;        /* the build running, or 0 */
	int pipe_fd;        /* its stderr, or -1 */
	pol_buf captured;   /* the build's stderr so far */
	bool pending;       /* a change was seen: build when the debounce time has passed */
	long long due_ms;
	bool color;         /* the terminal gets colour */
	/* The last build that ended: */
	unsigned seq;       /* 1 for the first build */
	bool ok;
	char *diagnostics;  /* its stderr without colour (owned), "" when none */
};

/* Checks o's SRC and OUT, watches SRC (and --templates) and returns 0, or
 * POL_EXIT_USAGE with a message. */
int pol_live_init(pol_live *l, const pol_opts *o);
void pol_live_fini(pol_live *l);
/* Builds, then builds again after every change until SIGINT or SIGTERM; returns 0
 * then, or POL_EXIT_USAGE when watching fails. */
int pol_live_run(pol_live *l, const pol_live_ops *ops, void *ctx);

#endif
