/* live.c — see live.h. */
#include "cli/live.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How long after the last change a build starts: one save often writes several files. */
enum { S_DEBOUNCE_MS = 150, S_MAX_CAPTURE = 1 << 20, S_MAX_FDS = 64 };

static volatile sig_atomic_t S_stop;
/* The signal mask outside ppoll: SIGINT and SIGTERM are blocked but while waiting, so
 * one cannot arrive between the check of S_stop and the wait (and be missed). */
static sigset_t S_waitmask;

static void S_on_signal(int sig)
{
	(void)sig;
	S_stop = 1;
}

static long long S_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int pol_live_init(pol_live *l, const pol_opts *o)
{
	memset(l, 0, sizeof *l);
	l->o = o;
	l->pipe_fd = -1;
	l->out = o->out ? o->out : "output";
	l->diagnostics = pol_xstrdup("");
	const char *src = o->src ? o->src : "policy-src";
	struct stat st;
	if (stat(src, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "polc: error: '%s' is not a folder\n", src);
		return POL_EXIT_USAGE;
	}
	const char *c = o->color ? o->color : "auto";
	if (!strcmp(c, "always"))
		l->color = true;
	else if (!strcmp(c, "auto")) {
		const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
		l->color = (!nc || !*nc) && (!term || strcmp(term, "dumb")) && isatty(2);
	} else if (strcmp(c, "never")) {
		fprintf(stderr, "polc: error: --color must be auto, always or never\n");
		return POL_EXIT_USAGE;
	}
	char *err = NULL;
	l->watch = pol_watch_new(&err);
	if (!l->watch)
		goto fail;
	/* The output folder may lie inside the source: its changes are the builds' own. */
	if (pol_mkdirs(l->out) != 0) {
		err = pol_xasprintf("cannot make '%s': %s", l->out, strerror(errno));
		goto fail;
	}
	char *out_real = realpath(l->out, NULL);
	int rc = pol_watch_add_tree(l->watch, src, out_real, &err);
	if (rc == 0 && o->templates)
		rc = pol_watch_add_tree(l->watch, o->templates, out_real, &err);
	free(out_real);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	fprintf(stderr, "polc: error: %s\n", err);
	free(err);
	return POL_EXIT_USAGE;
}

void pol_live_fini(pol_live *l)
{
	if (l->child > 0) {
		kill(l->child, SIGTERM);
		waitpid(l->child, NULL, 0);
	}
	if (l->pipe_fd >= 0)
		close(l->pipe_fd);
	pol_watch_free(l->watch);
	pol_buf_free(&l->captured);
	free(l->diagnostics);
}

/* Starts `polc build` in a child, its stderr into a pipe. fds are the caller's
 * descriptors (sockets) that the child must not keep open. */
static void S_start(pol_live *l, const struct pollfd *fds, size_t nfds)
{
	const pol_opts *o = l->o;
	char *argv[16];
	int argc = 0;
	argv[argc++] = (char *)(o->src ? o->src : "policy-src");
	argv[argc++] = "-o";
	argv[argc++] = (char *)l->out;
	if (o->edition) {
		argv[argc++] = "--edition";
		argv[argc++] = (char *)o->edition;
	}
	if (o->audience) {
		argv[argc++] = "--audience";
		argv[argc++] = (char *)o->audience;
	}
	if (o->templates) {
		argv[argc++] = "--templates";
		argv[argc++] = (char *)o->templates;
	}
	if (o->werror)
		argv[argc++] = "--werror";
	argv[argc++] = l->color ? "--color=always" : "--color=never";
	argv[argc] = NULL;

	int p[2];
	if (pipe(p) != 0) {
		fprintf(stderr, "polc: error: cannot start a build: %s\n", strerror(errno));
		return;
	}
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "polc: error: cannot start a build: %s\n", strerror(errno));
		close(p[0]);
		close(p[1]);
		return;
	}
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 2);
		close(p[1]);
		close(pol_watch_fd(l->watch));
		for (size_t i = 0; i < nfds; i++)
			if (fds[i].fd > 2)
				close(fds[i].fd);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &S_waitmask, NULL);
		int rc = pol_cmd_build(argc, argv);
		fflush(stdout);
		fflush(stderr);
		_exit(rc);
	}
	close(p[1]);
	l->child = pid;
	l->pipe_fd = p[0];
	l->captured.len = 0;
}

/* The captured text without the colours polc itself wrote (ESC [ … m). */
static char *S_strip(const pol_buf *b)
{
	pol_buf r = {0};
	pol_buf_puts(&r, "");
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == '\033' && i + 1 < b->len && b->data[i + 1] == '[') {
			size_t j = i + 2;
			while (j < b->len && ((b->data[j] >= '0' && b->data[j] <= '9') || b->data[j] == ';'))
				j++;
			if (j < b->len && b->data[j] == 'm') {
				i = j;
				continue;
			}
		}
		pol_buf_putc(&r, b->data[i]);
	}
	return pol_buf_detach(&r);
}

static void S_finish(pol_live *l, const pol_live_ops *ops, void *ctx)
{
	int status = 0;
	while (waitpid(l->child, &status, 0) < 0 && errno == EINTR)
		;
	l->child = 0;
	close(l->pipe_fd);
	l->pipe_fd = -1;
	l->seq++;
	l->ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (WIFSIGNALED(status))
		pol_buf_printf(&l->captured, "polc: error: the build was ended by signal %d\n", WTERMSIG(status));
	free(l->diagnostics);
	l->diagnostics = S_strip(&l->captured);
	if (!l->ok)
		fprintf(stderr, "polc: the build failed; %s keeps the last good output\n", l->out);
	fflush(stdout);
	if (ops && ops->built)
		ops->built(ctx, l);
}

int pol_live_run(pol_live *l, const pol_live_ops *ops, void *ctx)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = S_on_signal; /* no SA_RESTART: poll returns at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &S_waitmask);

	struct pollfd pfd[S_MAX_FDS];
	size_t nextra = 0;
	if (ops && ops->fill)
		nextra = ops->fill(ctx, pfd + 2, S_MAX_FDS - 2);
	S_start(l, pfd + 2, nextra);
	while (!S_stop) {
		pfd[0] = (struct pollfd){.fd = pol_watch_fd(l->watch), .events = POLLIN};
		pfd[1] = (struct pollfd){.fd = l->pipe_fd, .events = POLLIN};
		nextra = ops && ops->fill ? ops->fill(ctx, pfd + 2, S_MAX_FDS - 2) : 0;
		struct timespec ts, *timeout = NULL;
		if (l->pending && !l->child) {
			long long left = l->due_ms - S_now_ms();
			if (left < 0)
				left = 0;
			ts = (struct timespec){.tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000};
			timeout = &ts;
		}
		int n = ppoll(pfd, 2 + nextra, timeout, &S_waitmask);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "polc: error: poll: %s\n", strerror(errno));
			return POL_EXIT_USAGE;
		}
		if (pfd[0].revents & POLLIN && pol_watch_read(l->watch) > 0) {
			l->pending = true;
			l->due_ms = S_now_ms() + S_DEBOUNCE_MS;
		}
		if (l->pipe_fd >= 0 && pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			char buf[8192];
			ssize_t k = read(l->pipe_fd, buf, sizeof buf);
			if (k > 0) {
				fwrite(buf, 1, (size_t)k, stderr);
				fflush(stderr);
				if (l->captured.len < S_MAX_CAPTURE)
					pol_buf_put(&l->captured, buf, (size_t)k);
			} else if (k == 0 || errno != EINTR) {
				S_finish(l, ops, ctx);
			}
		}
		if (ops && ops->ready)
			ops->ready(ctx, pfd + 2, nextra);
		if (l->pending && !l->child && S_now_ms() >= l->due_ms) {
			l->pending = false;
			S_start(l, pfd + 2, nextra);
		}
	}
	return 0;
}
