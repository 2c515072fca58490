/* source_git.c — policy files from a git revision, and revision stamps.
 *
 * The git source reads blobs from the tree of a revision through libgit2: no
 * checkout, no change to the work tree or the index, no `git` process. The
 * repository is found from SRC upwards; SRC's path inside the work tree selects the
 * subtree. The work-tree stamp says which commit a work-tree build stands on and
 * whether files under SRC differ from it (未確定). */
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model.h"
#include "source.h"

typedef struct {
	pol_source base;
	git_repository *repo;
	git_tree *tree;  /* the subtree at SRC's path */
} S_git;

static int S_git_read(pol_source *src, char **out, size_t *len, const char *rel)
{
	S_git *g = (S_git *)src;
	git_tree_entry *e = NULL;
	if (git_tree_entry_bypath(&e, g->tree, rel) != 0)
		return -1;
	int rc = -2;
	git_blob *blob = NULL;
	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&blob, g->repo, git_tree_entry_id(e)) == 0) {
		size_t n = (size_t)git_blob_rawsize(blob);
		*out = pol_xstrndup(git_blob_rawcontent(blob), n);
		*len = n;
		rc = 0;
	}
	git_blob_free(blob);
	git_tree_entry_free(e);
	return rc;
}

static void S_git_free(pol_source *src)
{
	S_git *g = (S_git *)src;
	git_tree_free(g->tree);
	git_repository_free(g->repo);
	free(g);
	git_libgit2_shutdown();
}

static const pol_source_ops S_git_ops = {S_git_read, S_git_free};

static char *S_giterr(const char *what)
{
	const git_error *e = git_error_last();
	return pol_xasprintf("%s%s%s", what, e && e->message ? ": " : "", e && e->message ? e->message : "");
}

/* Path of dir relative to the repository's work tree ("" for the top), or NULL. */
static char *S_relpath(git_repository *repo, const char *dir)
{
	const char *wd = git_repository_workdir(repo);
	char abs[PATH_MAX], top[PATH_MAX];
	if (!wd || !realpath(dir, abs) || !realpath(wd, top))
		return NULL;
	size_t n = strlen(top);
	if (strncmp(abs, top, n) != 0 || (abs[n] != '/' && abs[n] != 0))
		return NULL;
	return pol_xstrdup(abs[n] == '/' ? abs + n + 1 : "");
}

static void S_stamp_commit(pol_revision *rev, git_commit *c)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(c));
	rev->in_repo = true;
	rev->commit = pol_xstrdup(hex);
	rev->short_commit = pol_xstrndup(hex, 7);
	git_time_t t = git_commit_time(c);
	int off = git_commit_time_offset(c);
	time_t local = (time_t)(t + (git_time_t)off * 60);
	struct tm tm;
	gmtime_r(&local, &tm);
	rev->date = pol_xasprintf("%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	rev->era_date = pol_era_date(rev->date);
}

static void S_describe(pol_revision *rev)
{
	free(rev->describe);
	if (!rev->in_repo)
		rev->describe = pol_xstrdup("版管理外（git リポジトリの外で生成）");
	else if (!rev->commit)
		rev->describe = pol_xasprintf("コミット前%s", rev->dirty ? "（未確定）" : "");
	else
		rev->describe = pol_xasprintf("%s（%s）%s", rev->short_commit, rev->era_date ? rev->era_date : rev->date,
		                              rev->dirty ? " 未確定の変更あり" : "");
}

pol_source *pol_source_git_new(const char *dir, const char *rev, char **err)
{
	git_libgit2_init();
	*err = NULL;
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_commit *commit = NULL;
	git_tree *root = NULL, *sub = NULL;
	char *rel = NULL;
	S_git *g = NULL;
	int rc = git_repository_open_ext(&repo, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		*err = pol_xasprintf("'%s' is not in a git repository", dir);
		goto cleanup;
	}
	if (rc != 0) {
		*err = S_giterr("cannot open the repository");
		goto cleanup;
	}
	if (git_repository_is_bare(repo)) {
		*err = pol_xasprintf("'%s' is in a bare repository", dir);
		goto cleanup;
	}
	rel = S_relpath(repo, dir);
	if (!rel) {
		*err = pol_xasprintf("'%s' is not inside the repository's work tree", dir);
		goto cleanup;
	}
	if (git_revparse_single(&obj, repo, rev) != 0) {
		*err = pol_xasprintf("unknown revision '%s'", rev);
		goto cleanup;
	}
	if (git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) != 0) {
		*err = pol_xasprintf("revision '%s' is not a commit", rev);
		goto cleanup;
	}
	if (git_commit_tree(&root, commit) != 0) {
		*err = S_giterr("cannot read the revision's tree (corrupt repository?)");
		goto cleanup;
	}
	if (*rel) {
		git_tree_entry *e = NULL;
		if (git_tree_entry_bypath(&e, root, rel) != 0 || git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			git_tree_entry_free(e);
			*err = pol_xasprintf("'%s' does not exist in revision '%s'", rel, rev);
			goto cleanup;
		}
		rc = git_tree_lookup(&sub, repo, git_tree_entry_id(e));
		git_tree_entry_free(e);
		if (rc != 0) {
			*err = S_giterr("cannot read the revision's tree (corrupt repository?)");
			goto cleanup;
		}
	} else {
		sub = root;
		root = NULL;
	}
	g = pol_xcalloc(1, sizeof *g);
	g->base.ops = &S_git_ops;
	g->base.root = pol_xasprintf("%s@%s", dir, rev);
	g->repo = repo;
	g->tree = sub;
	repo = NULL;
	sub = NULL;
	S_stamp_commit(&g->base.rev, commit);
	S_describe(&g->base.rev);
cleanup:
	free(rel);
	git_tree_free(root);
	git_tree_free(sub);
	git_commit_free(commit);
	git_object_free(obj);
	git_repository_free(repo);
	if (!g)
		git_libgit2_shutdown();
	return g ? &g->base : NULL;
}

void pol_source_stamp_worktree(pol_source *src, const char *dir)
{
	git_libgit2_init();
	pol_revision *rev = &src->rev;
	git_repository *repo = NULL;
	git_object *head = NULL;
	git_status_list *st = NULL;
	char *rel = NULL;
	if (git_repository_open_ext(&repo, dir, 0, NULL) != 0 || git_repository_is_bare(repo) ||
	    !(rel = S_relpath(repo, dir))) {
		rev->in_repo = false;
		goto cleanup;
	}
	rev->in_repo = true;
	if (git_revparse_single(&head, repo, "HEAD^{commit}") == 0)
		S_stamp_commit(rev, (git_commit *)head);
	git_status_options opts;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	char *spec = *rel ? pol_xasprintf("%s/", rel) : NULL;
	char *specs[1] = {spec};
	if (spec) {
		opts.pathspec.strings = specs;
		opts.pathspec.count = 1;
	}
	if (git_status_list_new(&st, repo, &opts) == 0)
		rev->dirty = git_status_list_entrycount(st) > 0;
	free(spec);
cleanup:
	S_describe(rev);
	free(rel);
	git_status_list_free(st);
	git_object_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
}
