/* load.c — loading a policy into the model.
 *
 * pol_model_load runs the stages in order — read and parse (build.c), resolve and
 * check (check.c), number (number.c) — each only if the one before left no errors
 * that would make the next meaningless. */
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "model/build.h"
#include "model/facts.h"


/* ---- digest ---- */

static char *S_digest(const pol_model *m)
{
	pol_buf b = {0};
	for (size_t i = 0; i < m->nfiles; i++) {
		git_oid oid;
		char hex[GIT_OID_HEXSZ + 1];
		git_odb_hash(&oid, m->files[i]->text, m->files[i]->len, GIT_OBJECT_BLOB);
		git_oid_tostr(hex, sizeof hex, &oid);
		pol_buf_printf(&b, "%s %s\n", hex, m->files[i]->rel);
	}
	git_oid oid;
	char hex[GIT_OID_HEXSZ + 1];
	git_odb_hash(&oid, b.data ? b.data : "", b.len, GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof hex, &oid);
	pol_buf_free(&b);
	return pol_xstrdup(hex);
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

pol_model *pol_model_load(pol_source *src, pol_diag *d)
{
	git_libgit2_init();
	pol_model *m = pol_xcalloc(1, sizeof *m);
	m->owns_files = true;
	m->by_key = pol_map_new();
	m->role_by_id = pol_map_new();
	m->term_by_id = pol_map_new();
	m->term_by_title = pol_map_new();
	m->param_by_id = pol_map_new();
	pol_builder b = {.m = m, .d = d, .ids = pol_map_new(), .checks = pol_map_new()};
	int rc = pol_build_read(&b, src);
	if (rc == 0) {
		pol_build_resolve(&b);
		pol_build_number(m);
		/* A cross-reference shows its target's number (or title, for documents). */
		for (size_t i = 0; i < b.prose.len; i++) {
			pol_prose_ctx *ctx = b.prose.items[i];
			pol_prose *p = ctx->prose;
			for (size_t k = 0; k < p->ninl; k++)
				if (p->inl[k].kind == POL_IN_REF && p->inl[k].node) {
					const pol_node *t = p->inl[k].node;
					p->inl[k].local = m->numbering == POL_NUM_GUIDELINE && ctx->node &&
					                  pol_node_chapter(ctx->node) && pol_node_chapter(ctx->node) == pol_node_chapter(t);
					free(p->inl[k].text);
					p->inl[k].text = pol_ref_text(t, p->inl[k].local);
				}
		}
		m->facts = pol_facts_new(m);
		if (d->errors == 0)
			pol_build_check(&b);
	}
	for (size_t i = 0; i < b.prose.len; i++)
		free(b.prose.items[i]);
	pol_vec_free(&b.prose);
	for (size_t i = 0; i < b.pending.len; i++) {
		pol_pending *p = b.pending.items[i];
		free(p->name);
		free(p);
	}
	pol_vec_free(&b.pending);
	for (size_t i = 0; i < b.idinfos.len; i++)
		free(b.idinfos.items[i]);
	pol_vec_free(&b.idinfos);
	pol_map_free(b.ids);
	pol_map_free(b.checks);
	for (size_t i = 0; i < b.redefs.len; i++) {
		pol_redef *r = b.redefs.items[i];
		free(r->title);
		free(r->text);
		free(r);
	}
	pol_vec_free(&b.redefs);
	if (!m->id)
		m->id = pol_xstrdup("policy");
	if (!m->title)
		m->title = pol_xstrdup("");
	m->digest = S_digest(m);
	S_rev_copy(&m->rev, &src->rev);
	git_libgit2_shutdown();
	if (rc != 0) {
		pol_model_free(m);
		return NULL;
	}
	return m;
}
