/* source_git.c — policy files from a git revision, and revision stamps.
 *
 * The git source reads blobs from the tree of a revision through libgit2: no
 * checkout, no change to the work tree or the index, no `git` process. The
 * repository is found from SRC upwards; SRC's path inside the work tree selects the
 * subtree (SRC need not exist in the work tree, only in the revision). Every blob
 * under that subtree is read once, up front, when the source is opened: a corrupt
 * object then fails here with one message (an I/O error, exit 2) instead of
 * surfacing later as a policy diagnostic, and the loader's reads are map lookups.
 * The work-tree stamp says which commit a work-tree build stands on and whether
 * files under SRC differ from it (未確定). Stamps depend only on the commit (its id
 * and commit date), so one revision always gives one stamp.
 *
 * libgit2 1.5 loops forever when it inflates a truncated loose object (libgit2 issue
 * 7342, fixed upstream in 2026). So every object polc asks libgit2 for goes through
 * pol_git_lookup, which first inflates the loose file, if there is one, with zlib,
 * and reports a damaged object instead of hanging. The
 * trees are walked here, one verified lookup per tree, rather than by libgit2's own
 * walkers, which would read objects unchecked. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "front/history.h"
#include "lib/date.h"
#include "lib/dynlib_git.h"
#include "lib/readfile.h"
#include "front/source.h"

typedef struct {
	char *data;
	size_t len;
} S_blob;

typedef struct {
	pol_source base;
	pol_map *files; /* root-relative path -> S_blob* */
	pol_map *links; /* root-relative paths of symbolic links -> (void *)1 */
	pol_vec blobs;  /* S_blob*, owned */
} S_git;

/* A path with a symbolic link on the way (or at its end) reads as the file-system
 * source says it: refused, with the same reason. */
static bool S_through_link(S_git *g, const char *rel)
{
	for (const char *p = rel;; p++) {
		if (*p == '/' || !*p) {
			char *prefix = pol_xstrndup(rel, (size_t)(p - rel));
			bool link = pol_map_get(g->links, prefix) != NULL;
			if (link)
				pol_source_set_reason(&g->base,
				                      "%s%s%s is a symbolic link (polc does not follow symbolic links in the source)",
				                      *p ? "'" : "", *p ? prefix : "it", *p ? "'" : "");
			free(prefix);
			if (link)
				return true;
		}
		if (!*p)
			return false;
	}
}

static int S_git_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	S_git *g = (S_git *)src;
	const S_blob *b = pol_map_get(g->files, rel);
	if (!b)
		return S_through_link(g, rel) ? -2 : -1;
	*out = pol_xstrndup(b->data, b->len);
	*len = b->len;
	return 0;
}

static void S_git_free(pol_source *src)
{
	S_git *g = (S_git *)src;
	for (size_t i = 0; i < g->blobs.len; i++) {
		S_blob *b = g->blobs.items[i];
		free(b->data);
		free(b);
	}
	pol_vec_free(&g->blobs);
	pol_map_free(g->files);
	pol_map_free(g->links);
	free(g);
}

static const pol_source_ops S_git_ops = {S_git_read, S_git_free, NULL};

/* libgit2's last error message, on one line. Caller frees. */
static char *S_giterr(const char *what)
{
	const git_error *e = git_error_last();
	char *s = pol_xasprintf("%s%s%s", what, e && e->message ? ": " : "", e && e->message ? e->message : "");
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = 0;
	return s;
}

/* Absolute form of dir, without resolving symbolic links. Caller frees. */
static char *S_absolute(const char *dir)
{
	if (dir[0] == '/')
		return pol_xstrdup(dir);
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd))
		return NULL;
	return pol_xasprintf("%s/%s", cwd, dir);
}

/* Splits dir into its deepest existing ancestor (resolved, *existing) and the
 * components below it that do not exist (*tail, "" or "a/b"); "." and ".." in the
 * tail are applied lexically. Returns 0, or -1 when nothing of the path exists. */
static int S_split_existing(const char *dir, char **existing, char **tail)
{
	*existing = *tail = NULL;
	char *abs = S_absolute(dir);
	if (!abs)
		return -1;
	pol_vec parts = {0}; /* tail components, innermost first */
	char resolved[PATH_MAX];
	int rc = -1;
	for (;;) {
		if (realpath(abs, resolved)) {
			rc = 0;
			break;
		}
		char *slash = strrchr(abs, '/');
		if (!slash || slash == abs)
			break;
		pol_vec_push(&parts, pol_xstrdup(slash + 1));
		*slash = 0;
	}
	if (rc == 0) {
		*existing = pol_xstrdup(resolved);
		pol_vec keep = {0};
		for (size_t i = parts.len; i-- > 0;) {
			const char *c = parts.items[i];
			if (!*c || !strcmp(c, "."))
				continue;
			if (!strcmp(c, "..")) {
				if (keep.len)
					keep.len--;
				else {
					char *up = strrchr(*existing, '/');
					if (up && up != *existing)
						*up = 0;
				}
				continue;
			}
			pol_vec_push(&keep, (void *)c);
		}
		pol_buf b = {0};
		for (size_t i = 0; i < keep.len; i++) {
			if (i)
				pol_buf_putc(&b, '/');
			pol_buf_puts(&b, keep.items[i]);
		}
		*tail = pol_buf_detach(&b);
		pol_vec_free(&keep);
	}
	for (size_t i = 0; i < parts.len; i++)
		free(parts.items[i]);
	pol_vec_free(&parts);
	free(abs);
	return rc;
}

bool pol_git_may_hold(const char *dir)
{
	char *existing = NULL, *tail = NULL;
	if (S_split_existing(dir, &existing, &tail) != 0)
		return true; /* let pol_git_open give its message */
	free(tail);
	bool may = false;
	size_t n = strlen(existing);
	for (;;) {
		struct stat st;
		char *git = pol_xasprintf("%.*s/.git", (int)n, existing);
		char *head = pol_xasprintf("%.*s/HEAD", (int)n, existing);
		may = lstat(git, &st) == 0 || errno != ENOENT || lstat(head, &st) == 0 || errno != ENOENT;
		free(git);
		free(head);
		if (may || n == 0)
			break;
		while (n > 0 && existing[n - 1] != '/')
			n--;
		if (n > 0)
			n--; /* the slash; n == 0 is the root */
	}
	free(existing);
	return may;
}

int pol_git_open(git_repository **out, char **rel, const char *dir, char **err)
{
	*out = NULL;
	*rel = NULL;
	*err = NULL;
	const char *why = pol_dl_git_open(); /* the callers have loaded it: never fails here */
	if (why) {
		*err = pol_xstrdup(why);
		return POL_GIT_ERROR;
	}
	char *existing = NULL, *tail = NULL;
	git_repository *repo = NULL;
	int rc = POL_GIT_ERROR;
	if (S_split_existing(dir, &existing, &tail) != 0) {
		*err = pol_xasprintf("cannot resolve the path '%s'", dir);
		goto cleanup;
	}
	int grc = git_repository_open_ext(&repo, existing, 0, NULL);
	if (grc == GIT_ENOTFOUND) {
		*err = pol_xasprintf("'%s' is not in a git repository", dir);
		rc = POL_GIT_NOREPO;
		goto cleanup;
	}
	if (grc != 0) {
		*err = S_giterr("cannot open the git repository (corrupt repository?)");
		goto cleanup;
	}
	const char *wd = git_repository_workdir(repo);
	char top[PATH_MAX];
	if (git_repository_is_bare(repo) || !wd) {
		*err = pol_xasprintf("'%s' is in a bare git repository", dir);
		goto cleanup;
	}
	if (!realpath(wd, top)) {
		*err = pol_xasprintf("cannot resolve the work tree '%s': %s", wd, strerror(errno));
		goto cleanup;
	}
	size_t n = strlen(top);
	if (!strcmp(top, "/"))
		n = 0;
	if (strncmp(existing, top, n) != 0 || (existing[n] != '/' && existing[n] != 0)) {
		*err = pol_xasprintf("'%s' is not inside the repository's work tree", dir);
		goto cleanup;
	}
	const char *below = existing[n] == '/' ? existing + n + 1 : "";
	*rel = *below && *tail ? pol_xasprintf("%s/%s", below, tail) : pol_xstrdup(*below ? below : tail);
	/* The repository's own folder is not part of any revision. */
	if (!strcmp(*rel, ".git") || !strncmp(*rel, ".git/", 5)) {
		free(*rel);
		*rel = NULL;
		*err = pol_xasprintf("'%s' is inside the repository's .git folder", dir);
		goto cleanup;
	}
	*out = repo;
	repo = NULL;
	rc = 0;
cleanup:
	git_repository_free(repo);
	free(existing);
	free(tail);
	return rc;
}

/* ---- verified object access ---------------------------------------------------------- */

/* Reads a loose object's file: 0 and *data; 1 when there is none (the object is
 * packed, or absent); -1 when it is not a regular file (a FIFO would block a plain
 * read; lib/readfile.h refuses it without blocking) or cannot be read. */
static int S_read_loose(char **data, size_t *len, const char *path)
{
	if (!pol_read_regular(data, len, path, "a git object"))
		return 0;
	return errno == ENOENT || errno == ENOTDIR ? 1 : -1;
}

/* 0 when the object is not loose or its loose file is a whole zlib stream; -1 with
 * *err when the file is truncated or damaged. */
static int S_verify(git_repository *repo, const git_oid *id, char **err)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, id);
	char *path = pol_xasprintf("%sobjects/%.2s/%s", git_repository_commondir(repo), hex, hex + 2);
	char *data = NULL;
	size_t len = 0;
	int rc = 0;
	int lr = S_read_loose(&data, &len, path);
	if (lr < 0) {
		*err = pol_xasprintf("corrupt repository: object %s is not a regular file", hex);
		rc = -1;
	} else if (lr == 0) {
		z_stream zs;
		memset(&zs, 0, sizeof zs);
		unsigned char buf[16384];
		int zrc = inflateInit(&zs);
		size_t fed = 0;
		while (zrc == Z_OK) {
			if (zs.avail_in == 0 && fed < len) {
				size_t n = len - fed > 1u << 30 ? 1u << 30 : len - fed;
				zs.next_in = (Bytef *)data + fed;
				zs.avail_in = (uInt)n;
				fed += n;
			}
			zs.next_out = buf;
			zs.avail_out = sizeof buf;
			zrc = inflate(&zs, Z_NO_FLUSH);
			if (zrc == Z_OK && zs.avail_in == 0 && fed == len && zs.avail_out != 0)
				zrc = Z_BUF_ERROR; /* input used up, stream not finished: truncated */
		}
		inflateEnd(&zs);
		if (zrc != Z_STREAM_END) {
			*err = pol_xasprintf("corrupt repository: object %s is truncated or damaged", hex);
			rc = -1;
		}
	}
	free(data);
	free(path);
	return rc;
}

int pol_git_lookup(git_object **out, git_repository *repo, const git_oid *id, git_object_t type, char **err)
{
	*out = NULL;
	if (S_verify(repo, id, err) != 0)
		return -1;
	if (git_object_lookup(out, repo, id, type) != 0) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, id);
		char *what = pol_xasprintf("corrupt repository: cannot read object %s", hex);
		*err = S_giterr(what);
		free(what);
		return -1;
	}
	return 0;
}

/* The object a revision names, found without reading objects where possible: a
 * reference (edition/2026-04, main, HEAD) or a commit id or prefix. Other forms
 * (HEAD~1, REV^{tree}) go to git_revparse_single, which reads what it walks. */
static int S_name(git_oid *out, git_object **read, git_repository *repo, const char *rev, char **err)
{
	*read = NULL;
	git_reference *ref = NULL, *direct = NULL;
	if (git_reference_dwim(&ref, repo, rev) == 0) {
		int grc = git_reference_resolve(&direct, ref);
		git_reference_free(ref);
		if (grc == 0) {
			git_oid_cpy(out, git_reference_target(direct));
			git_reference_free(direct);
			return 0;
		}
		if (grc != GIT_ENOTFOUND) {
			char *what = pol_xasprintf("cannot resolve '%s' (corrupt repository?)", rev);
			*err = S_giterr(what);
			free(what);
			return -1;
		}
	}
	size_t n = strlen(rev);
	if (n >= 4 && n <= GIT_OID_HEXSZ && strspn(rev, "0123456789abcdefABCDEF") == n) {
		git_oid prefix;
		git_odb *odb = NULL;
		int found = -1;
		if (git_oid_fromstrn(&prefix, rev, n) == 0 && git_repository_odb(&odb, repo) == 0)
			found = git_odb_exists_prefix(out, odb, &prefix, n);
		git_odb_free(odb);
		if (found == 0)
			return 0;
		if (found == GIT_EAMBIGUOUS) {
			*err = pol_xasprintf("ambiguous revision '%s'", rev);
			return -1;
		}
	}
	int grc = git_revparse_single(read, repo, rev);
	if (grc == 0) {
		git_oid_cpy(out, git_object_id(*read));
		return 0;
	}
	if (grc == GIT_ENOTFOUND || grc == GIT_EINVALIDSPEC)
		*err = pol_xasprintf("unknown revision '%s'", rev);
	else if (grc == GIT_EAMBIGUOUS)
		*err = pol_xasprintf("ambiguous revision '%s'", rev);
	else {
		char *what = pol_xasprintf("cannot read revision '%s' (corrupt repository?)", rev);
		*err = S_giterr(what);
		free(what);
	}
	return -1;
}

int pol_git_peel(git_commit **out, git_tag **outer, git_repository *repo, const git_oid *id, char **err)
{
	*out = NULL;
	if (outer)
		*outer = NULL;
	git_oid cur;
	git_oid_cpy(&cur, id);
	for (int depth = 0; depth < 64; depth++) {
		git_object *obj = NULL;
		if (pol_git_lookup(&obj, repo, &cur, GIT_OBJECT_ANY, err) != 0)
			goto fail;
		git_object_t t = git_object_type(obj);
		if (t == GIT_OBJECT_COMMIT) {
			*out = (git_commit *)obj;
			return 0;
		}
		if (t != GIT_OBJECT_TAG) {
			git_object_free(obj);
			return 1;
		}
		git_oid_cpy(&cur, git_tag_target_id((git_tag *)obj));
		if (outer && !*outer)
			*outer = (git_tag *)obj;
		else
			git_object_free(obj);
	}
	*err = pol_xstrdup("corrupt repository: a chain of tags that does not end");
fail:
	if (outer) {
		git_tag_free(*outer);
		*outer = NULL;
	}
	return -1;
}

/* True when s is a sequence of ~N, ^N and ^{commit} / ^{} / ^{tree} / ^{blob}. */
static bool S_suffix_ok(const char *s)
{
	while (*s) {
		if (*s == '^' && s[1] == '{') {
			const char *end = strchr(s, '}');
			if (!end)
				return false;
			size_t n = (size_t)(end - s - 2);
			const char *w = s + 2;
			if (!(n == 0 || (n == 6 && !strncmp(w, "commit", 6)) || (n == 4 && !strncmp(w, "tree", 4)) ||
			      (n == 4 && !strncmp(w, "blob", 4))))
				return false;
			s = end + 1;
		} else if (*s == '~' || *s == '^') {
			s++;
			s += strspn(s, "0123456789");
		} else {
			return false;
		}
	}
	return true;
}

/* Applies the suffix ops of S_suffix_ok to commit *c, reading parents verified. */
static int S_apply(git_commit **c, git_repository *repo, const char *ops, const char *rev, char **err)
{
	const char *s = ops;
	while (*s) {
		if (*s == '^' && s[1] == '{') {
			const char *w = s + 2;
			if (!strncmp(w, "tree}", 5) || !strncmp(w, "blob}", 5)) {
				*err = pol_xasprintf("revision '%s' is not a commit", rev);
				return -1;
			}
			s = strchr(s, '}') + 1;
			continue;
		}
		char op = *s++;
		size_t digits = strspn(s, "0123456789");
		unsigned long n = digits ? strtoul(s, NULL, 10) : 1;
		s += digits;
		unsigned long steps = op == '~' ? n : (n ? 1 : 0);
		unsigned parent = op == '~' ? 0 : (unsigned)(n ? n - 1 : 0);
		for (unsigned long k = 0; k < steps; k++) {
			if (parent >= git_commit_parentcount(*c)) {
				*err = pol_xasprintf("unknown revision '%s'", rev);
				return -1;
			}
			git_commit *next = NULL;
			if (pol_git_lookup((git_object **)&next, repo, git_commit_parent_id(*c, parent), GIT_OBJECT_COMMIT,
			                   err) != 0)
				return -1;
			git_commit_free(*c);
			*c = next;
		}
	}
	return 0;
}

int pol_git_resolve(git_commit **out, git_repository *repo, const char *rev, char **err)
{
	*out = NULL;
	/* NAME followed by ~N, ^N, ^{…}: the name is resolved without reading, the rest
	 * is walked here; anything else goes whole to S_name (git_revparse_single). */
	size_t base_len = strcspn(rev, "~^");
	bool split = base_len > 0 && rev[base_len] && S_suffix_ok(rev + base_len);
	char *base = split ? pol_xstrndup(rev, base_len) : pol_xstrdup(rev);
	if (!strcmp(base, "@")) {
		free(base);
		base = pol_xstrdup("HEAD");
	}
	git_oid id;
	git_object *read = NULL;
	int rc = S_name(&id, &read, repo, base, err);
	free(base);
	if (rc != 0)
		return -1;
	if (read && git_object_type(read) == GIT_OBJECT_COMMIT) {
		*out = (git_commit *)read;
		read = NULL;
		rc = 0;
	} else if (read && git_object_type(read) == GIT_OBJECT_TAG) {
		rc = pol_git_peel(out, NULL, repo, git_tag_target_id((git_tag *)read), err);
	} else if (read) {
		rc = 1;
	} else {
		rc = pol_git_peel(out, NULL, repo, &id, err);
	}
	git_object_free(read);
	if (rc == 1)
		*err = pol_xasprintf("revision '%s' is not a commit", rev);
	if (rc == 0 && split && S_apply(out, repo, rev + base_len, rev, err) != 0)
		rc = -1;
	if (rc != 0) {
		git_commit_free(*out);
		*out = NULL;
		return -1;
	}
	return 0;
}

/* Looks up the tree with id, verified. */
static int S_tree(git_tree **out, git_repository *repo, const git_oid *id, char **err)
{
	return pol_git_lookup((git_object **)out, repo, id, GIT_OBJECT_TREE, err);
}

/* ---- stamps ----------------------------------------------------------------------------- */

static void S_stamp_commit(pol_revision *rev, const git_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(c));
	rev->in_repo = true;
	rev->commit = pol_xstrdup(hex);
	rev->short_commit = pol_xstrndup(hex, 7);
	/* The committer's own calendar day: the same commit gives the same date anywhere. */
	git_time_t t = git_commit_time(c);
	int off = git_commit_time_offset(c);
	time_t local = (time_t)(t + (git_time_t)off * 60);
	struct tm tm;
	gmtime_r(&local, &tm);
	rev->date = pol_xasprintf("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	rev->era_date = pol_era_date(rev->date);
}

static void S_describe(pol_revision *rev, bool unreadable)
{
	free(rev->describe);
	if (unreadable)
		rev->describe = pol_xstrdup("版不明（git リポジトリを読めません）");
	else if (!rev->in_repo)
		rev->describe = pol_xstrdup("版管理外（git リポジトリの外で生成）");
	else if (!rev->commit)
		rev->describe = pol_xstrdup("コミット前（未確定）");
	else
		rev->describe = pol_xasprintf("%s（%s）%s", rev->short_commit, rev->era_date ? rev->era_date : rev->date,
		                              rev->dirty ? " 未確定の変更あり" : "");
}

/* Reads every blob under tree into g, verified; path is the tree's path ("" or "a/"). */
static int S_read_tree(S_git *g, git_repository *repo, const git_tree *tree, const char *path, int depth,
                       char **err)
{
	if (depth > 64) {
		*err = pol_xstrdup("corrupt repository: trees nested too deep");
		return -1;
	}
	size_t n = git_tree_entrycount(tree);
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_object_t t = git_tree_entry_type(e);
		char *rel = pol_xasprintf("%s%s", path, git_tree_entry_name(e));
		int rc = 0;
		if (t == GIT_OBJECT_TREE) {
			git_tree *sub = NULL;
			char *prefix = pol_xasprintf("%s/", rel);
			rc = S_tree(&sub, repo, git_tree_entry_id(e), err);
			if (rc == 0)
				rc = S_read_tree(g, repo, sub, prefix, depth + 1, err);
			git_tree_free(sub);
			free(prefix);
		} else if (t == GIT_OBJECT_BLOB && git_tree_entry_filemode(e) == GIT_FILEMODE_LINK) {
			/* A link's blob is its target's name, not the file: never read. */
			pol_map_set(g->links, rel, (void *)1);
		} else if (t == GIT_OBJECT_BLOB) {
			/* Submodules are absent. */
			git_blob *blob = NULL;
			rc = pol_git_lookup((git_object **)&blob, repo, git_tree_entry_id(e), GIT_OBJECT_BLOB, err);
			if (rc == 0) {
				S_blob *b = pol_xcalloc(1, sizeof *b);
				b->len = (size_t)git_blob_rawsize(blob);
				b->data = pol_xstrndup(git_blob_rawcontent(blob), b->len);
				pol_vec_push(&g->blobs, b);
				pol_map_set(g->files, rel, b);
			}
			git_blob_free(blob);
		}
		free(rel);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The tree at path rel ("" for the root) of commit c, each tree on the way verified.
 * 0, 1 when rel is not a folder in that tree, -1 with *err. */
static int S_subtree(git_tree **out, git_repository *repo, const git_commit *c, const char *rel, char **err)
{
	*out = NULL;
	git_tree *cur = NULL;
	if (S_tree(&cur, repo, git_commit_tree_id(c), err) != 0)
		return -1;
	const char *p = rel;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char *name = pol_xstrndup(p, n);
		const git_tree_entry *e = git_tree_entry_byname(cur, name);
		free(name);
		git_tree *next = NULL;
		if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			git_tree_free(cur);
			return 1;
		}
		if (S_tree(&next, repo, git_tree_entry_id(e), err) != 0) {
			git_tree_free(cur);
			return -1;
		}
		git_tree_free(cur);
		cur = next;
		p += n;
		while (*p == '/')
			p++;
	}
	*out = cur;
	return 0;
}

pol_source *pol_source_git_open(git_repository *repo, const char *rel, const char *dir, const char *rev, char **err)
{
	*err = NULL;
	git_commit *commit = NULL;
	git_tree *sub = NULL;
	S_git *g = NULL;
	bool ok = false;
	if (pol_git_resolve(&commit, repo, rev, err) != 0)
		goto cleanup;
	int rc = S_subtree(&sub, repo, commit, rel, err);
	if (rc == 1)
		*err = pol_xasprintf("'%s' does not exist in revision '%s'", *rel ? rel : ".", rev);
	if (rc != 0)
		goto cleanup;
	g = pol_xcalloc(1, sizeof *g);
	g->base.ops = &S_git_ops;
	g->files = pol_map_new();
	g->links = pol_map_new();
	if (S_read_tree(g, repo, sub, "", 0, err) != 0)
		goto cleanup;
	g->base.root = pol_xasprintf("%s@%s", dir, rev);
	S_stamp_commit(&g->base.rev, commit);
	S_describe(&g->base.rev, false);
	ok = true;
cleanup:
	if (!ok && g) {
		S_git_free(&g->base);
		g = NULL;
	}
	git_tree_free(sub);
	git_commit_free(commit);
	return g ? &g->base : NULL;
}

/* True when path is below rel ("": everywhere), with *below its path from rel. */
static bool S_under(const char *path, const char *rel, const char **below)
{
	size_t n = strlen(rel);
	if (!n) {
		*below = path;
		return true;
	}
	if (strncmp(path, rel, n) != 0 || path[n] != '/')
		return false;
	*below = path + n + 1;
	return true;
}

pol_source *pol_source_git_index_open(git_repository *repo, const char *rel, const char *dir, char **err)
{
	*err = NULL;
	git_index *idx = NULL;
	S_git *g = NULL;
	git_commit *head = NULL;
	bool ok = false;
	/* The repository's index as it is on disk: read, never written back. */
	if (git_repository_index(&idx, repo) != 0) {
		*err = S_giterr("cannot read the index (corrupt repository?)");
		goto cleanup;
	}
	g = pol_xcalloc(1, sizeof *g);
	g->base.ops = &S_git_ops;
	g->files = pol_map_new();
	g->links = pol_map_new();
	size_t n = git_index_entrycount(idx), found = 0;
	for (size_t i = 0; i < n; i++) {
		const git_index_entry *e = git_index_get_byindex(idx, i);
		const char *below;
		if (!e || !S_under(e->path, rel, &below))
			continue;
		if (git_index_entry_stage(e) != 0) {
			*err = pol_xasprintf("the index has a conflict at '%s': resolve it before comparing the index", e->path);
			goto cleanup;
		}
		found++;
		if (e->mode == GIT_FILEMODE_LINK) {
			pol_map_set(g->links, below, (void *)1);
			continue;
		}
		if (e->mode != GIT_FILEMODE_BLOB && e->mode != GIT_FILEMODE_BLOB_EXECUTABLE)
			continue; /* submodules are absent, as in a tree */
		git_blob *blob = NULL;
		if (pol_git_lookup((git_object **)&blob, repo, &e->id, GIT_OBJECT_BLOB, err) != 0)
			goto cleanup;
		S_blob *b = pol_xcalloc(1, sizeof *b);
		b->len = (size_t)git_blob_rawsize(blob);
		b->data = pol_xstrndup(git_blob_rawcontent(blob), b->len);
		pol_vec_push(&g->blobs, b);
		pol_map_set(g->files, below, b);
		git_blob_free(blob);
	}
	if (!found) {
		*err = pol_xasprintf("'%s' is not in the index", *rel ? rel : ".");
		goto cleanup;
	}
	g->base.root = pol_xasprintf("%s@index", dir);
	/* Stamped with HEAD's commit (what the staged draft stands on), always 未確定. */
	pol_revision *rev = &g->base.rev;
	rev->in_repo = true;
	rev->dirty = true;
	if (git_repository_head_unborn(repo) != 1 && pol_git_resolve(&head, repo, "HEAD", err) == 0)
		S_stamp_commit(rev, head);
	free(*err);
	*err = NULL;
	rev->describe = rev->commit ? pol_xasprintf("%s（%s） 未確定（インデックス）", rev->short_commit,
	                                            rev->era_date ? rev->era_date : rev->date)
	                            : pol_xstrdup("コミット前（未確定、インデックス）");
	ok = true;
cleanup:
	if (!ok && g) {
		S_git_free(&g->base);
		g = NULL;
	}
	git_commit_free(head);
	git_index_free(idx);
	return g ? &g->base : NULL;
}

/* Verifies every tree under t, so that git status (which reads them unchecked) cannot
 * meet a damaged one. */
static int S_verify_trees(git_repository *repo, const git_tree *t, int depth, char **err)
{
	size_t n = git_tree_entrycount(t);
	for (size_t i = 0; i < n && depth < 64; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		git_tree *sub = NULL;
		int rc = S_tree(&sub, repo, git_tree_entry_id(e), err);
		if (rc == 0)
			rc = S_verify_trees(repo, sub, depth + 1, err);
		git_tree_free(sub);
		if (rc != 0)
			return -1;
	}
	return 0;
}

char *pol_source_stamp_repo(pol_source *src, git_repository *repo, const char *rel, const char *dir,
                            const char *open_err)
{
	pol_revision *rev = &src->rev;
	pol_revision_clear(rev);
	git_commit *head = NULL;
	git_tree *root = NULL;
	git_status_list *st = NULL;
	char *err = NULL;
	bool unreadable = false;
	if (!repo && !open_err) {
		rev->in_repo = false;
		goto cleanup;
	}
	rev->in_repo = true;
	rev->dirty = true; /* until status says otherwise: never claim a clean build unchecked */
	if (!repo) {
		err = pol_xstrdup(*open_err ? open_err : "cannot open the repository");
		unreadable = true;
		goto cleanup;
	}
	int unborn = git_repository_head_unborn(repo);
	if (unborn < 0) {
		err = S_giterr("cannot read HEAD");
		unreadable = true;
		goto cleanup;
	}
	if (unborn != 1) {
		if (pol_git_resolve(&head, repo, "HEAD", &err) != 0) {
			unreadable = true;
			goto cleanup;
		}
		S_stamp_commit(rev, head);
		if (S_tree(&root, repo, git_commit_tree_id(head), &err) != 0 ||
		    S_verify_trees(repo, root, 0, &err) != 0) {
			unreadable = true;
			goto cleanup;
		}
	}
	/* Staged, unstaged and untracked changes under SRC all make the build 未確定.
	 * Status only reads the index: nothing is written back. */
	git_status_options opts;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	             GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	char *specs[1] = {(char *)rel};
	if (*rel) {
		opts.pathspec.strings = specs;
		opts.pathspec.count = 1;
	}
	if (git_status_list_new(&st, repo, &opts) == 0) {
		rev->dirty = git_status_list_entrycount(st) > 0;
	} else {
		err = S_giterr("cannot compare the work tree with HEAD");
		unreadable = true;
	}
cleanup:
	if (unreadable) {
		/* Say so, rather than pass for a repository without commits. */
		free(rev->commit);
		free(rev->short_commit);
		free(rev->date);
		free(rev->era_date);
		rev->commit = rev->short_commit = rev->date = rev->era_date = NULL;
		rev->dirty = true;
	}
	S_describe(rev, unreadable);
	char *warning = unreadable ? pol_xasprintf("the git repository of '%s' cannot be read (%s): the editions are "
	                                           "stamped 版不明",
	                                           dir, err ? err : "corrupt repository?")
	                           : NULL;
	free(err);
	if (repo) { /* without one, libgit2 may not be loaded */
		git_status_list_free(st);
		git_tree_free(root);
		git_commit_free(head);
	}
	return warning;
}
