/* outdir.c — the output folder of `polc build` (layout and rules in outdir.h).
 *
 * Two sets, set-a and set-b, take turns: a build renders into the one .polc/current
 * does not name, so the names are the same on every machine and two fresh builds of
 * one policy are byte-identical, folder names included. The set a build replaces is
 * kept as .polc/spare, whose files the next build's files take the place of (moved,
 * then rewritten: pol_file_reuse) instead of being deleted and made anew. Every step
 * that could be cut short by a kill leaves either the old set or the new one current;
 * whatever else it leaves (a half-rendered set, a link not yet made or not yet
 * removed) is found and put right by the next build, under the lock. */
#include "lib/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define S_META ".polc"
#define S_LINK_PREFIX S_META "/current/"
#define S_SPARE "spare"

struct pol_outdir {
	char *out;     /* OUT */
	char *meta;    /* OUT/.polc */
	int lockfd;
	char *cur;     /* the set current names ("set-a"), or NULL */
	char *next;    /* the set being rendered */
	char *next_path;
	pol_vec names; /* char*: the editions of the new set */
	pol_vec paths; /* char*: their folders */
	bool committed;
};

/* An edition's name as polc makes them: public, internal, audience-ROLE. */
static bool S_edition_name(const char *n)
{
	return !strcmp(n, "public") || !strcmp(n, "internal") || (!strncmp(n, "audience-", 9) && n[9]);
}

/* The set .polc/current names, or NULL. Caller frees. */
static char *S_current(const char *meta)
{
	char *link = pol_xasprintf("%s/current", meta);
	char buf[64];
	ssize_t n = readlink(link, buf, sizeof buf - 1);
	free(link);
	if (n < 0)
		return NULL;
	buf[n] = 0;
	return !strcmp(buf, "set-a") || !strcmp(buf, "set-b") ? pol_xstrdup(buf) : NULL;
}

/* True when OUT/name is a link polc made: .polc/current/NAME. */
static bool S_our_link(const char *path, const char *name)
{
	char buf[512];
	ssize_t n = readlink(path, buf, sizeof buf - 1);
	if (n < 0)
		return false;
	buf[n] = 0;
	return !strncmp(buf, S_LINK_PREFIX, strlen(S_LINK_PREFIX)) && !strcmp(buf + strlen(S_LINK_PREFIX), name);
}

/* True when path is an edition folder written by an earlier polc: a folder (not a
 * link) with its bundle.json. */
static bool S_old_edition(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return false;
	char *b = pol_xasprintf("%s/bundle.json", path);
	bool yes = lstat(b, &st) == 0 && S_ISREG(st.st_mode);
	free(b);
	return yes;
}

/* A leftover of an earlier polc's build: .tmp-NAME-XXXXXX or .old-NAME-XXXXXX. */
static bool S_old_leftover(const char *n)
{
	if (strncmp(n, ".tmp-", 5) != 0 && strncmp(n, ".old-", 5) != 0)
		return false;
	size_t len = strlen(n);
	if (len < 5 + 1 + 7 || n[len - 7] != '-')
		return false;
	char *name = pol_xstrndup(n + 5, len - 5 - 7);
	bool yes = S_edition_name(name);
	free(name);
	return yes;
}

/* Makes OUT/name a link to .polc/current/NAME, replacing what is there by one rename. */
static int S_link(pol_outdir *o, const char *name)
{
	char *tmp = pol_xasprintf("%s/link-%s", o->meta, name);
	char *target = pol_xasprintf(S_LINK_PREFIX "%s", name);
	char *dest = pol_outdir_path(o, name);
	unlink(tmp);
	int rc = symlink(target, tmp) == 0 && rename(tmp, dest) == 0 ? 0 : -1;
	if (rc)
		unlink(tmp);
	free(tmp);
	free(target);
	free(dest);
	return rc;
}

/* Puts OUT's links right for the current set: a link for each of its editions where
 * nothing is, and no link to an edition it does not have. Removes leftovers of earlier
 * polc versions. */
static void S_repair(pol_outdir *o)
{
	DIR *d = opendir(o->out);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		char *path = pol_xasprintf("%s/%s", o->out, e->d_name);
		struct stat st;
		if (lstat(path, &st) == 0) {
			if (S_ISLNK(st.st_mode) && S_our_link(path, e->d_name)) {
				char *in = pol_xasprintf("%s/%s/%s", o->meta, o->cur ? o->cur : "-", e->d_name);
				if (!o->cur || lstat(in, &st) != 0)
					unlink(path);
				free(in);
			} else if (S_ISDIR(st.st_mode) && S_old_leftover(e->d_name)) {
				pol_rmtree(path);
			}
		}
		free(path);
	}
	closedir(d);
	if (!o->cur)
		return;
	char *set = pol_xasprintf("%s/%s", o->meta, o->cur);
	d = opendir(set);
	free(set);
	while (d && (e = readdir(d))) {
		if (!S_edition_name(e->d_name))
			continue;
		char *path = pol_outdir_path(o, e->d_name);
		struct stat st;
		if (lstat(path, &st) != 0 && errno == ENOENT)
			S_link(o, e->d_name);
		free(path);
	}
	if (d)
		closedir(d);
}

/* Removes from .polc/ all but the lock, current and the current set. */
static void S_clean_meta(pol_outdir *o)
{
	DIR *d = opendir(o->meta);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (!strcmp(n, ".") || !strcmp(n, "..") || !strcmp(n, "lock") || !strcmp(n, "current") ||
		    !strcmp(n, S_SPARE) || (o->cur && !strcmp(n, o->cur)))
			continue;
		if (!strncmp(n, "set-", 4) || !strncmp(n, "link-", 5) || !strncmp(n, "old-", 4) ||
		    !strcmp(n, "current.new")) {
			char *path = pol_xasprintf("%s/%s", o->meta, n);
			pol_rmtree(path);
			free(path);
		}
	}
	closedir(d);
}

pol_outdir *pol_outdir_open(const char *out, FILE *log, char **err)
{
	*err = NULL;
	pol_outdir *o = pol_xcalloc(1, sizeof *o);
	o->lockfd = -1;
	o->out = pol_xstrdup(out);
	size_t n = strlen(o->out);
	while (n > 1 && o->out[n - 1] == '/')
		o->out[--n] = 0;
	o->meta = pol_xasprintf("%s/" S_META, o->out);
	if (pol_mkdirs(o->meta) != 0) {
		*err = pol_xasprintf("cannot create '%s': %s", o->meta, strerror(errno));
		goto fail;
	}
	char *lock = pol_xasprintf("%s/lock", o->meta);
	o->lockfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0666);
	free(lock);
	if (o->lockfd < 0) {
		*err = pol_xasprintf("cannot open the lock in '%s': %s", o->meta, strerror(errno));
		goto fail;
	}
	if (flock(o->lockfd, LOCK_EX | LOCK_NB) != 0) {
		if (log)
			fprintf(log, "polc: waiting for another build into '%s'\n", o->out);
		while (flock(o->lockfd, LOCK_EX) != 0)
			if (errno != EINTR) {
				*err = pol_xasprintf("cannot lock '%s': %s", o->meta, strerror(errno));
				goto fail;
			}
	}
	o->cur = S_current(o->meta);
	S_repair(o);
	S_clean_meta(o);
	o->next = pol_xstrdup(o->cur && !strcmp(o->cur, "set-a") ? "set-b" : "set-a");
	o->next_path = pol_xasprintf("%s/%s", o->meta, o->next);
	if (mkdir(o->next_path, 0777) != 0) {
		*err = pol_xasprintf("cannot create '%s': %s", o->next_path, strerror(errno));
		goto fail;
	}
	char *spare = pol_xasprintf("%s/" S_SPARE, o->meta);
	pol_file_reuse(o->next_path, spare);
	free(spare);
	return o;
fail:
	pol_outdir_close(o);
	return NULL;
}

const char *pol_outdir_edition(pol_outdir *o, const char *name, char **err)
{
	char *path = pol_xasprintf("%s/%s", o->next_path, name);
	if (!S_edition_name(name) || mkdir(path, 0777) != 0) {
		*err = pol_xasprintf("cannot create '%s': %s", path, S_edition_name(name) ? strerror(errno) : "bad name");
		free(path);
		return NULL;
	}
	pol_vec_push(&o->names, pol_xstrdup(name));
	pol_vec_push(&o->paths, path);
	return path;
}

char *pol_outdir_path(const pol_outdir *o, const char *name)
{
	return pol_xasprintf("%s/%s", o->out, name);
}

static bool S_in_set(const pol_outdir *o, const char *name)
{
	for (size_t i = 0; i < o->names.len; i++)
		if (!strcmp(o->names.items[i], name))
			return true;
	return false;
}

/* Moves an earlier polc's edition folder into .polc/ (removed with the old set). */
static int S_retire(pol_outdir *o, const char *path, const char *name)
{
	char *aside = pol_xasprintf("%s/old-%s", o->meta, name);
	pol_rmtree(aside);
	int rc = rename(path, aside);
	free(aside);
	return rc;
}

int pol_outdir_commit(pol_outdir *o, char **err)
{
	*err = NULL;
	/* First: every OUT/NAME is free, polc's link or an earlier polc's folder. */
	for (size_t i = 0; i < o->names.len; i++) {
		const char *name = o->names.items[i];
		char *dest = pol_outdir_path(o, name);
		struct stat st;
		bool ok = lstat(dest, &st) != 0 ? errno == ENOENT : S_our_link(dest, name) || S_old_edition(dest);
		if (!ok)
			*err = pol_xasprintf("'%s' exists and was not made by polc", dest);
		free(dest);
		if (!ok)
			return -1;
	}
	/* The switch: one rename of the link current. */
	char *tmp = pol_xasprintf("%s/current.new", o->meta);
	char *cur = pol_xasprintf("%s/current", o->meta);
	unlink(tmp);
	int rc = symlink(o->next, tmp) == 0 && rename(tmp, cur) == 0 ? 0 : -1;
	if (rc) {
		*err = pol_xasprintf("cannot switch '%s' to the new editions: %s", cur, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(cur);
	if (rc)
		return -1;
	o->committed = true;
	char *old = o->cur;
	o->cur = pol_xstrdup(o->next);
	/* Then the links: one for each new edition, none for the others. */
	for (size_t i = 0; i < o->names.len && !*err; i++) {
		const char *name = o->names.items[i];
		char *dest = pol_outdir_path(o, name);
		if (S_old_edition(dest) && S_retire(o, dest, name) != 0)
			*err = pol_xasprintf("cannot move '%s' aside: %s", dest, strerror(errno));
		else if (!S_our_link(dest, name) && S_link(o, name) != 0)
			*err = pol_xasprintf("cannot make the link '%s': %s", dest, strerror(errno));
		free(dest);
	}
	DIR *d = opendir(o->out);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (!S_edition_name(e->d_name) || S_in_set(o, e->d_name))
			continue;
		char *path = pol_outdir_path(o, e->d_name);
		if (S_our_link(path, e->d_name))
			unlink(path);
		else if (S_old_edition(path))
			S_retire(o, path, e->d_name);
		free(path);
	}
	if (d)
		closedir(d);
	/* The set just replaced becomes the spare the next build takes its files from;
	 * what this build did not take from the spare before it goes. */
	pol_file_reuse(NULL, NULL);
	if (old) {
		char *spare = pol_xasprintf("%s/" S_SPARE, o->meta), *was = pol_xasprintf("%s/%s", o->meta, old);
		pol_rmtree(spare);
		if (rename(was, spare) != 0)
			pol_rmtree(was);
		free(spare);
		free(was);
	}
	free(old);
	S_clean_meta(o);
	return *err ? -1 : 0;
}

void pol_outdir_close(pol_outdir *o)
{
	if (!o)
		return;
	pol_file_reuse(NULL, NULL);
	if (o->next_path && !o->committed)
		pol_rmtree(o->next_path);
	if (o->lockfd >= 0)
		close(o->lockfd);
	for (size_t i = 0; i < o->names.len; i++) {
		free(o->names.items[i]);
		free(o->paths.items[i]);
	}
	pol_vec_free(&o->names);
	pol_vec_free(&o->paths);
	free(o->out);
	free(o->meta);
	free(o->cur);
	free(o->next);
	free(o->next_path);
	free(o);
}
