/* load.c — loading a policy into the model: the loader every command uses.
 *
 * S_build runs the stages in order — read and parse (build.c), resolve and check
 * (check.c), number (number.c) — each only if the one before left no errors that
 * would make the next meaningless. pol_load (load.h) wraps it with what a command
 * needs around the model: the source, the stamp, the 改定履歴, one repository. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/dynlib_git.h"
#include "lib/sha1.h"
#include "model/build.h"
#include "model/facts.h"
#include "model/load.h"


/* ---- digest ---- */

/* The git blob id of text[0..len): SHA-1 of "blob LEN\0" and the text, as hex (the same
 * ids as libgit2's collision-detecting SHA-1 gives, several times faster). */
static void S_blob_id(char hex[41], const char *text, size_t len)
{
	char head[32];
	int n = snprintf(head, sizeof head, "blob %zu", len);
	unsigned char md[20];
	pol_sha1(md, head, (size_t)n + 1, text, len);
	static const char digits[] = "0123456789abcdef";
	for (unsigned i = 0; i < 20; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[40] = 0;
}

/* The source digest (docs/bundle.md): the blob id of the list "BLOBID PATH\n" of every file. */
static char *S_digest(pol_model *m)
{
	pol_buf b = {0};
	char hex[41];
	for (size_t i = 0; i < m->nfiles; i++) {
		S_blob_id(hex, m->files[i]->text, m->files[i]->len);
		pol_buf_printf(&b, "%s %s\n", hex, m->files[i]->rel);
	}
	S_blob_id(hex, b.data ? b.data : "", b.len);
	pol_buf_free(&b);
	return pol_model_strdup(m, hex);
}

static void S_rev_copy(pol_revision *dst, const pol_revision *src)
{
	dst->in_repo = src->in_repo;
	dst->dirty = src->dirty;
	dst->commit = pol_xstrdup(src->commit);
	dst->short_commit = pol_xstrdup(src->short_commit);
	dst->date = pol_xstrdup(src->date);
	dst->era_date = pol_xstrdup(src->era_date);
	dst->describe = pol_xstrdup(src->describe);
}

/* Frees the builder's name tables and pending references (resolution is done). */
static void S_resolved(pol_builder *b)
{
	pol_vec_free(&b->pending);
	pol_arena_free(&b->refs);
	pol_map_free(b->ids);
	pol_map_free(b->checks);
	b->ids = b->checks = NULL;
}

/* Frees the rest of the builder's records (the prose contexts, redefinitions and
 * their arena): the checks need only the model. */
static void S_built(pol_builder *b)
{
	S_resolved(b);
	pol_vec_free(&b->prose);
	pol_vec_free(&b->redefs);
	pol_arena_free(&b->arena);
}

/* The model of src without its stamp and digest, or NULL; want: POL_LOAD_DIAG_ONLY and
 * POL_LOAD_NO_ANCHORS say what it may go without. */
static pol_model *S_build(pol_source *src, pol_diag *d, unsigned want)
{
	bool no_md = (want & POL_LOAD_DIAG_ONLY) != 0;
	pol_model *m = pol_xcalloc(1, sizeof *m);
	m->owns_files = true;
	/* The names are the model's own strings: the maps borrow them. */
	m->by_key = pol_map_new_lent(0);
	m->role_by_id = pol_map_new_lent(0);
	m->term_by_id = pol_map_new_lent(0);
	m->term_by_title = pol_map_new_lent(0);
	m->param_by_id = pol_map_new_lent(0);
	pol_builder b = {.m = m, .d = d, .ids = pol_map_new_lent(0), .checks = pol_map_new_lent(0), .no_md = no_md};
	int rc = pol_build_read(&b, src);
	if (rc == 0) {
		pol_build_resolve(&b);
		/* What only resolution needed goes before the model grows its numbers and facts. */
		S_resolved(&b);
		pol_build_number(m, !no_md && !(want & POL_LOAD_NO_ANCHORS));
		/* A cross-reference shows its target's number (or title, for documents). */
		for (size_t i = 0; i < b.prose.len; i++) {
			pol_prose_ctx *ctx = b.prose.items[i];
			pol_prose *p = ctx->prose;
			for (size_t k = 0; k < p->ninl; k++)
				if (p->inl[k].kind == POL_IN_REF && p->inl[k].node) {
					const pol_node *t = p->inl[k].node;
					p->inl[k].local = m->numbering == POL_NUM_GUIDELINE && ctx->node &&
					                  pol_node_chapter(ctx->node) && pol_node_chapter(ctx->node) == pol_node_chapter(t);
					p->inl[k].text = pol_ref_text_lent(t, p->inl[k].local);
				}
		}
		S_built(&b);
		m->facts = pol_facts_new(m);
		if (d->errors == 0)
			pol_build_check(&b);
	}
	S_built(&b);
	if (!m->id)
		m->id = pol_model_strdup(m, "policy");
	if (!m->title)
		m->title = pol_model_strdup(m, "");
	if (rc != 0) {
		pol_model_free(m);
		return NULL;
	}
	return m;
}

pol_model *pol_model_load(pol_source *src, pol_diag *d)
{
	pol_model *m = S_build(src, d, 0);
	if (m) {
		m->digest = S_digest(m);
		S_rev_copy(&m->rev, &src->rev);
	}
	return m;
}

/* ---- the loader ---- */

struct pol_loader {
	bool git;              /* git_libgit2_init was called */
	bool nolib;            /* libgit2 cannot be loaded (open_err says so) */
	char *dir;             /* the folder the repository was looked up for, or NULL */
	int open_rc;           /* what pol_git_open said: 0, POL_GIT_NOREPO or POL_GIT_ERROR */
	char *open_err;        /* its message, when not 0 */
	git_repository *repo;  /* when open_rc is 0 */
	char *rel;             /* dir's path in the repository's work tree */
};

pol_loader *pol_loader_new(void)
{
	return pol_xcalloc(1, sizeof(pol_loader));
}

static void S_close(pol_loader *l)
{
	if (l->repo) /* only once libgit2 is loaded */
		git_repository_free(l->repo);
	l->repo = NULL;
	free(l->rel);
	free(l->open_err);
	free(l->dir);
	l->rel = l->open_err = l->dir = NULL;
}

void pol_loader_free(pol_loader *l)
{
	if (!l)
		return;
	S_close(l);
	if (l->git)
		git_libgit2_shutdown();
	free(l);
}

/* Loads and starts libgit2, once: NULL, or why it cannot be loaded. */
static const char *S_git(pol_loader *l)
{
	if (l->git)
		return NULL;
	const char *why = pol_dl_git_open();
	if (why)
		return why;
	git_libgit2_init();
	l->git = true;
	return NULL;
}

/* Looks up the repository that holds dir, once per folder; returns l->open_rc. */
static int S_open(pol_loader *l, const char *dir)
{
	if (l->dir && !strcmp(l->dir, dir))
		return l->open_rc;
	S_close(l);
	l->dir = pol_xstrdup(dir);
	if (!l->git && !pol_git_may_hold(dir)) {
		l->open_rc = POL_GIT_NOREPO;
		l->open_err = pol_xasprintf("'%s' is not in a git repository", dir);
		return l->open_rc;
	}
	const char *why = S_git(l);
	if (why) {
		l->nolib = true;
		l->open_rc = POL_GIT_ERROR;
		l->open_err = pol_xstrdup(why);
		return l->open_rc;
	}
	l->open_rc = pol_git_open(&l->repo, &l->rel, dir, &l->open_err);
	return l->open_rc;
}

/* The source o names: a git revision of the folder, or the folder with its stamp. */
static pol_source *S_source(pol_loader *l, const pol_load_opts *o, char **err, char **stamp_warn)
{
	if (o->rev) {
		if (S_open(l, o->dir) != 0) {
			*err = pol_xstrdup(l->open_err);
			return NULL;
		}
		return pol_source_git_open(l->repo, l->rel, o->dir, o->rev, err);
	}
	if (o->index) {
		if (S_open(l, o->dir) != 0) {
			*err = pol_xstrdup(l->open_err);
			return NULL;
		}
		return pol_source_git_index_open(l->repo, l->rel, o->dir, err);
	}
	pol_source *src = pol_source_fs_new(o->dir);
	if (!src) {
		*err = pol_xasprintf("cannot open policy folder '%s'", o->dir);
		return NULL;
	}
	if (o->want & POL_LOAD_STAMP) {
		int rc = S_open(l, o->dir);
		if (l->nolib) {
			/* In a repository, or maybe: without libgit2 the stamp would be a guess. */
			*err = pol_xstrdup(l->open_err);
			pol_source_free(src);
			return NULL;
		}
		const char *open_err = rc == POL_GIT_ERROR ? (l->open_err ? l->open_err : "") : NULL;
		*stamp_warn = pol_source_stamp_repo(src, rc == 0 ? l->repo : NULL, l->rel ? l->rel : "", o->dir, open_err);
	}
	return src;
}

/* The 改定履歴 as it stood at the revision read; a message when it cannot be read. */
static char *S_history(pol_loader *l, const pol_load_opts *o, pol_model *m)
{
	int rc = S_open(l, o->dir);
	if (rc == POL_GIT_NOREPO)
		return NULL;
	if (rc != 0)
		return pol_xstrdup(l->open_err);
	char *err = NULL;
	if (pol_history_load_repo(&m->history, l->repo, o->rev, &err) == 0)
		return NULL;
	return err ? err : pol_xstrdup("cannot read the history");
}

pol_load_status pol_load(pol_model **out, char **err, char **warn, pol_loader *l, const pol_load_opts *o,
                         pol_diag *d)
{
	*out = NULL;
	*err = NULL;
	if (warn)
		*warn = NULL;
	char *stamp_warn = NULL;
	pol_source *src = S_source(l, o, err, &stamp_warn);
	if (stamp_warn && warn)
		*warn = stamp_warn;
	else
		free(stamp_warn);
	if (!src) {
		if (!*err)
			*err = pol_xstrdup("cannot read the revision");
		return POL_LOAD_UNREADABLE;
	}
	pol_model *m = S_build(src, d, o->want);
	if (m && (o->want & POL_LOAD_DIGEST))
		m->digest = S_digest(m);
	if (m && (o->want & POL_LOAD_STAMP))
		S_rev_copy(&m->rev, &src->rev);
	pol_source_free(src);
	if (!m)
		return d->io_errors || !d->errors ? POL_LOAD_UNREADABLE : POL_LOAD_ERRORS;
	if (pol_diag_failed(d)) {
		pol_model_free(m);
		return POL_LOAD_ERRORS;
	}
	if (o->want & POL_LOAD_HISTORY) {
		char *why = S_history(l, o, m);
		if (why && warn) {
			char *all = *warn ? pol_xasprintf("%s\nno 改定履歴: %s", *warn, why) : pol_xasprintf("no 改定履歴: %s", why);
			free(*warn);
			*warn = all;
		}
		free(why);
		/* Built at an edition tag (and nothing changed since): that edition's date is
		 * the date its pages show (the last tag wins when a commit has several). */
		for (size_t i = 0; m->history && m->rev.commit && !m->rev.dirty && i < m->history->n; i++) {
			const pol_history_entry *e = &m->history->entries[i];
			if (e->commit && !strcmp(e->commit, m->rev.commit)) {
				m->edition_date = e->date;
				m->edition_era = e->era_date;
			}
		}
	}
	*out = m;
	return POL_LOAD_OK;
}

/* ---- freeing ---- */

/* Everything else a model holds is in its arena: only the cmark trees it parsed, its
 * lists, maps, facts, history, files and stamp are freed one by one. */
void pol_model_free(pol_model *m)
{
	if (!m)
		return;
	if (m->view_of) {
		free(m);
		return;
	}
	pol_facts_free(m->facts);
	pol_history_free(m->history);
	for (size_t i = 0; i < m->nnodes; i++) {
		pol_node *n = m->nodes[i];
		pol_prose_drop_tree(n->body);
		for (size_t k = 0; k < n->nchecks; k++)
			pol_prose_drop_tree(n->checks[k]->question);
	}
	for (size_t i = 0; i < m->nroles; i++)
		pol_prose_drop_tree(m->roles[i]->desc);
	for (size_t i = 0; i < m->nterms; i++)
		if (!m->terms[i]->node)
			pol_prose_drop_tree(m->terms[i]->def);
	for (size_t i = 0; i < m->nparams; i++)
		pol_prose_drop_tree(m->params[i]->desc);
	free(m->nodes);
	free(m->docs);
	free(m->roles);
	free(m->terms);
	free(m->params);
	pol_map_free(m->by_key);
	pol_map_free(m->role_by_id);
	pol_map_free(m->term_by_id);
	pol_map_free(m->term_by_title);
	pol_map_free(m->param_by_id);
	pol_map_free(m->framework_by_id);
	pol_map_free(m->clause_by_key);
	if (m->owns_files)
		for (size_t i = 0; i < m->nfiles; i++)
			pol_file_free(m->files[i]);
	free(m->files);
	pol_revision_clear(&m->rev);
	pol_arena_free(&m->arena);
	free(m);
}
