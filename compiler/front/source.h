/* source.h — where policy files come from.
 *
 * The compiler reads every file through this one interface, so it cannot tell a work
 * tree from a git revision. A source is rooted: paths are relative to its root and
 * may not leave it. Implementations: the file system (source.c) and a git tree at a
 * revision (source_git.c).
 *
 * Neither source follows a symbolic link inside the root: the file system source
 * refuses one (with a reason), the git source has no file for one (a link's blob is
 * its target's name) and gives the same reason. Only regular files are read. */
#ifndef POL_SOURCE_H
#define POL_SOURCE_H

#include <git2/types.h>

#include "lib/arena.h"
#include "lib/util.h"

typedef struct pol_source pol_source;

typedef struct pol_source_ops {
	/* Reads root-relative path rel; 0 and *out (caller frees) and *len, -1 if absent,
	 * -2 on another I/O error. May set src->why (pol_source_set_reason). */
	int (*read)(pol_source *src, char **out, size_t *len, const char *rel);
	void (*free)(pol_source *src);
	/* Optional: as read, but *out is carved from arena a, with room for two more bytes
	 * (pol_file_new_lent). Without it, pol_source_read_in copies what read gives. */
	int (*read_in)(pol_source *src, pol_arena *a, char **out, size_t *len, const char *rel);
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
	char *why;      /* why the last read failed, or NULL (see pol_source_reason) */
};

/* Reads rel (see pol_source_ops.read); clears the reason of the last failure first. */
int pol_source_read(pol_source *src, char **out, size_t *len, const char *rel);
/* As pol_source_read, but *out is in arena a (it lives as long as the arena; the caller
 * does not free it), with room for two more bytes after *len: a file's text read
 * straight into the model's memory, not copied there. */
int pol_source_read_in(pol_source *src, pol_arena *a, char **out, size_t *len, const char *rel);
/* Why the last pol_source_read failed with rc: "no such file", "'etc' is a symbolic
 * link (…)", "'x.pol' is a FIFO, not a regular file", an errno text. */
const char *pol_source_reason(const pol_source *src, int rc);
/* Sets the reason of a failing read (printf format). */
void pol_source_set_reason(pol_source *src, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pol_source_free(pol_source *src);
void pol_revision_clear(pol_revision *rev);

/* A folder on disk (dir itself may be a symbolic link; nothing beneath it is
 * followed). Returns NULL when dir is not a readable folder. */
pol_source *pol_source_fs_new(const char *dir);

/* The tree of git revision rev (anything git rev-parse accepts) at the path of dir in
 * repo, already open (pol_git_open: found from dir upwards), rel being dir's path inside
 * its work tree; nothing is checked out. One open repository serves several revisions
 * and the history (model/load.c). The source holds copies of the files: repo may be
 * closed after. Returns NULL and *err (caller frees) with a one-line message: unknown
 * revision, the path is not in that revision, a corrupt repository. */
pol_source *pol_source_git_open(git_repository *repo, const char *rel, const char *dir, const char *rev,
                                char **err);

/* The files of dir as staged in repo's index (what `git commit` would record), with
 * the same rules as a revision's tree: links refused, regular files only, conflicts
 * an error. Nothing is written: the index is read, never refreshed. Stamped with
 * HEAD's commit and 未確定. NULL and *err (caller frees) on failure. */
pol_source *pol_source_git_index_open(git_repository *repo, const char *rel, const char *dir, char **err);

/* Fills src->rev for a work-tree source at dir, in repo (already open, rel being dir's
 * path in it): HEAD's commit and whether files under dir differ from it. repo NULL:
 * with open_err NULL, dir is not in a repository; with open_err (the reason), the
 * repository could not be opened (repo NULL needs no libgit2 loaded). When the repository cannot be read (damaged HEAD,
 * objects, index, or not opened), the stamp says 版不明（git リポジトリを読めません） and
 * the function returns a one-line warning (caller prints and frees); otherwise NULL. */
char *pol_source_stamp_repo(pol_source *src, git_repository *repo, const char *rel, const char *dir,
                            const char *open_err);

#endif
