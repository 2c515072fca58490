/* load.h — the one way a command loads a policy.
 *
 * pol_load opens the source (a folder, or a git revision of it without a checkout),
 * reads, resolves, numbers and checks the model (pol_model_load), and adds what the
 * command asks for: the revision stamp and content digest that outputs carry, and
 * the 改定履歴 from the edition tags. A pol_loader is one run: libgit2 is loaded
 * (lib/dynlib.h) and set up the first time git is needed, once, and the repository
 * that holds the source is opened once however many revisions are loaded from it
 * (polc diff loads two). A command that only reports diagnostics never touches git.
 * When libgit2 cannot be loaded, a revision, the index, or a stamp of a folder that
 * may be in a repository fails with the message saying so; a folder outside any
 * repository needs no libgit2.
 *
 * Nothing here prints: diagnostics go to the pol_diag, other failures come back as a
 * one-line message. */
#ifndef POL_LOAD_H
#define POL_LOAD_H

#include "model/model.h"

/* What a command needs besides the model. */
enum {
	POL_LOAD_STAMP = 1 << 0,   /* m->rev: the commit read, and whether the folder differs */
	POL_LOAD_DIGEST = 1 << 1,  /* m->digest: a hash of the source files (the bundle's) */
	POL_LOAD_HISTORY = 1 << 2, /* m->history: the edition tags up to the revision read */
	POL_LOAD_DIAG_ONLY = 1 << 3, /* diagnostics only (polc check): prose keeps its inline
	                                table but no md, except terms' definitions; no
	                                anchors */
	POL_LOAD_NO_ANCHORS = 1 << 4, /* the model is only written as data (polc bundle): no
	                                 anchors, which only pages link by */
};

typedef struct pol_load_opts {
	const char *dir;  /* the source folder, e.g. "policy-src" */
	const char *rev;  /* a git revision of dir (anything git rev-parse takes), or NULL */
	unsigned want;    /* POL_LOAD_* */
	bool index;       /* with rev NULL: dir as staged in the index, not the work tree */
} pol_load_opts;

/* What pol_load returns. */
typedef enum pol_load_status {
	POL_LOAD_OK = 0,         /* *out is the model (there may be warnings in d) */
	POL_LOAD_ERRORS = 1,     /* the policy has errors (in d; with d->werror, warnings too) */
	POL_LOAD_UNREADABLE = 2, /* the source or revision cannot be read: *err, or in d
	                            when d->io_errors says so */
} pol_load_status;

typedef struct pol_loader pol_loader;

pol_loader *pol_loader_new(void);
/* Closes the repository and releases libgit2 if this loader set it up. NULL is a no-op. */
void pol_loader_free(pol_loader *l);

/* Loads the policy in o->dir, or in its state at revision o->rev. Returns POL_LOAD_OK
 * and *out (caller frees with pol_model_free); or another status with *out NULL and,
 * for a source that cannot be opened, *err (caller frees). *warn (caller frees), when
 * not NULL, holds warnings, one a line: a repository that cannot be read for the
 * stamp (the stamp then says 版不明), a history that was asked for and could not be
 * read (the model is loaded all the same, without it). Not being in a repository is
 * not a warning. */
pol_load_status pol_load(pol_model **out, char **err, char **warn, pol_loader *l, const pol_load_opts *o,
                         pol_diag *d);

#endif
