/* history.h — the 改定履歴 (revision history) from git edition tags.
 *
 * An edition is an annotated tag `edition/YYYY-MM` or `edition/YYYY-MM-DD` on the
 * commit that was published. The tag message carries a public summary and an
 * internal one (form in docs/history.md and pol_history_parse_message below). Commit
 * messages are never read. The public 改定履歴 is made by the edition filter
 * (edition.h), which drops internal summaries and commit ids.
 *
 * Also the repository helpers that source_git.c and history.c share (defined in
 * source_git.c): every object they read is checked first (see pol_git_lookup). */
#ifndef POL_HISTORY_H
#define POL_HISTORY_H

#include <git2/types.h>

#include "lib/util.h"

/* One published edition: an annotated tag edition/YYYY-MM[-DD] (see docs/history.md). */
typedef struct pol_history_entry {
	char *tag;              /* "edition/2026-03" */
	char *edition;          /* "2026-03" */
	char *date;             /* ISO date of the edition (from the tag name, else the tagger date) */
	char *era_date;         /* 令和8年3月 */
	char *version_era;      /* the 版 as the 改定履歴 names it: 令和8年3月版 */
	char *public_summary;   /* what the public may read; may be NULL */
	char *internal_summary; /* for the internal editions only; may be NULL */
	char *commit;           /* full id of the tagged commit */
	char *short_commit;
} pol_history_entry;

typedef struct pol_history {
	pol_history_entry *entries; /* oldest first */
	size_t n;
	char **warnings; /* what polc history should warn about (tag messages, tag names) */
	size_t nwarnings;
} pol_history;

void pol_history_free(pol_history *h);


enum {
	POL_GIT_ERROR = -1,  /* corrupt repository, unknown revision, ... */
	POL_GIT_NOREPO = 1,  /* the path is not in a git repository (not an error for builds) */
};

/* Loads the edition tags whose commit is reachable from upto_rev (NULL: HEAD), oldest
 * first (by the date in the tag name, then by name). Returns 0 and *out (caller frees
 * with pol_history_free; an empty history when there are no such tags or HEAD has no
 * commit yet), POL_GIT_NOREPO when src_dir is not in a repository, or POL_GIT_ERROR;
 * on both, *out is NULL and *err (caller frees) is a one-line message (POL_GIT_ERROR
 * too when libgit2 cannot be loaded, which it is only for a folder that may be in a
 * repository, pol_git_may_hold). Tags named edition/… whose date does not exist are
 * skipped. */
int pol_history_load(pol_history **out, const char *src_dir, const char *upto_rev, char **err);
/* The same in a repository already open (pol_git_open): 0 or POL_GIT_ERROR. */
int pol_history_load_repo(pol_history **out, git_repository *repo, const char *upto_rev, char **err);

/* What pol_history_parse_message found worth a warning. */
enum {
	POL_MSG_UNMARKED = 1,       /* text before any header (read as internal) */
	POL_MSG_UNKNOWN_HEADER = 2, /* a header-like line that is neither Public nor Internal */
	POL_MSG_SUBJECT = 4,        /* a subject line that repeated the edition or a summary was dropped */
};

/* Splits a tag message into its public and internal summaries (each NULL when empty;
 * caller frees). Fails closed: only text under a `Public:` / `公開:` header (also
 * `【公開】`, `[Public]`) is public; everything else, including text before the first
 * header and text under any header-like line that is not a public one (`内部:`,
 * `【内部】`, `Signed-off-by:`), is internal. Line ends (CRLF, CR) and BOMs are
 * normalised first; headers are matched with widths folded (full-width ASCII) and any
 * space (ideographic, no-break) as a space, invisible characters dropped. A signature
 * block is dropped. Returns a set of POL_MSG_ flags. */
int pol_history_parse_message(char **public_out, char **internal_out, const char *msg);
/* The same for the tag of the edition dated date (YYYY-MM[-DD]; NULL: none): a
 * one-line subject above the first header that only repeats the edition (its date,
 * 令和8年4月改定) or a summary is dropped from the internal summary, and
 * POL_MSG_SUBJECT is returned instead of POL_MSG_UNMARKED (docs/history.md). */
int pol_history_parse_tag(char **public_out, char **internal_out, const char *msg, const char *date);

/* Opens the repository that holds dir (found from dir upwards; dir itself need not
 * exist) and gives dir's path inside its work tree in *rel ("" for the top). Returns
 * 0, POL_GIT_NOREPO or POL_GIT_ERROR with *err (caller frees). The caller has loaded
 * libgit2 (pol_dl_git_open, lib/dynlib.h) and called git_libgit2_init, and frees *out
 * with git_repository_free, *rel with free. */
int pol_git_open(git_repository **out, char **rel, const char *dir, char **err);
/* False when no folder from dir upwards holds an entry a repository is found by (a
 * `.git` of any kind, or the `HEAD` of a bare repository): pol_git_open would then say
 * POL_GIT_NOREPO, and the caller need not load nor start libgit2 (whose start reads the
 * system's TLS certificates) to learn it. True says only that a repository may be
 * there. Needs no libgit2. */
bool pol_git_may_hold(const char *dir);

/* Resolves rev (anything git rev-parse takes) to a commit: 0, or -1 with *err saying
 * whether the revision is unknown, not a commit, or unreadable (corrupt). */
int pol_git_resolve(git_commit **out, git_repository *repo, const char *rev, char **err);

/* git_object_lookup, after checking that a loose object's file is whole: libgit2 1.5
 * loops forever on a truncated one. 0, or -1 with *err (a one-line message). */
int pol_git_lookup(git_object **out, git_repository *repo, const git_oid *id, git_object_t type, char **err);

/* Follows tags from id to a commit, every object verified: 0 and *out; 1 when the
 * chain ends in something else; -1 with *err. With outer, *outer is the first tag on
 * the way (NULL when id is a commit); the caller frees both. */
int pol_git_peel(git_commit **out, git_tag **outer, git_repository *repo, const git_oid *id, char **err);

#endif
