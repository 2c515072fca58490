/* source.h — where policy files come from.
 *
 * The compiler reads every file through this one interface, so it cannot tell a work
 * tree from a git revision. A source is rooted: paths are relative to its root and
 * may not leave it. Implementations: the file system (source_fs.c) and a git tree at a
 * revision (source_git.c). */
#ifndef POL_SOURCE_H
#define POL_SOURCE_H

#include <git2/types.h>

#include "lib/util.h"

typedef struct pol_source pol_source;

typedef struct pol_source_ops {
	/* Reads root-relative path rel; 0 and *out (caller frees) and *len, -1 if absent,
	 * -2 on another I/O error. */
	int (*read)(pol_source *src, char **out, size_t *len, const char *rel);
	void (*free)(pol_source *src);
} pol_source_ops;

/* Revision stamp of what a source holds. */
typedef struct pol_revision {
	bool in_repo;       /* the source is inside a git repository */
	bool dirty;         /* work tree differs from HEAD under the source root */
	char *commit;       /* full commit id, or NULL */
	char *short_commit; /* first 7 hex digits, or NULL */
	char *date;         /* commit date as ISO 8601 (YYYY-MM-DD), or NULL */
	char *era_date;     /* commit date in Japanese era, or NULL */
	char *describe;     /* what the stamp says in a footer */
} pol_revision;

struct pol_source {
	const pol_source_ops *ops;
	char *root;     /* how the root is shown in diagnostics, e.g. "policy-src" */
	pol_revision rev;
};

int pol_source_read(pol_source *src, char **out, size_t *len, const char *rel);
void pol_source_free(pol_source *src);
void pol_revision_clear(pol_revision *rev);

/* A folder on disk. Returns NULL when dir is not a readable folder. */
pol_source *pol_source_fs_new(const char *dir);

/* The tree of git revision rev (anything git rev-parse accepts) at the path of dir
 * inside the repository found from dir upwards; nothing is checked out. Returns NULL
 * and *err (caller frees) with a one-line message: unknown revision, not in a
 * repository, the path is not in that revision, a corrupt repository. */
pol_source *pol_source_git_new(const char *dir, const char *rev, char **err);
/* The same in repo, already open (pol_git_open), with rel dir's path inside its work
 * tree: for loading several revisions or a revision and its history from one open
 * repository. The source holds copies of the files: repo may be closed after. */
pol_source *pol_source_git_open(git_repository *repo, const char *rel, const char *dir, const char *rev,
                                char **err);

/* Fills src->rev for a work-tree source at dir: HEAD's commit and whether files under
 * dir differ from it. Outside a repository, says so. */
void pol_source_stamp_worktree(pol_source *src, const char *dir);
/* The same with dir's repository already open (pol_git_open), rel being dir's path in
 * it; repo NULL: dir is not in a repository. */
void pol_source_stamp_repo(pol_source *src, git_repository *repo, const char *rel);

#endif
