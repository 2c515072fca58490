/* history.c — the 改定履歴 from edition tags, read through libgit2.
 *
 * An edition is a tag refs/tags/edition/YYYY-MM[-DD]; its date comes from the name
 * (so re-tagging or a clock skew never moves an edition), its summaries from the tag
 * message, never from a commit message. Only tags whose commit is reachable from the
 * revision being built count: a build of an old revision shows the history as it
 * stood then, and an edition tagged on an unmerged branch is not part of it. The
 * reachability test is one walk of the commit graph from that revision, stopping as
 * soon as every tagged commit has been seen, so its cost is that of `git log` at
 * worst, whatever the number of tags. The walk is ours, not libgit2's revwalk, so
 * that every commit is read through pol_git_lookup (libgit2 1.5 hangs on a truncated
 * loose object).
 *
 * The message form is fail-safe: text is public only when it is the subject
 * paragraph of a message without sections, or when it stands under a `Public:`
 * header; everything else is internal. */
#include <git2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "front/history.h"
#include "lib/date.h"

#define S_TAG_PREFIX "refs/tags/"
#define S_EDITION_PREFIX "edition/"

/* ---- tag messages ------------------------------------------------------------------ */

enum { S_LEAD, S_PUBLIC, S_INTERNAL };

/* If line (n bytes) is a section header, returns S_PUBLIC or S_INTERNAL and sets *rest
 * to the text after the colon; else returns S_LEAD. */
static int S_header(const char *line, size_t n, const char **rest)
{
	static const struct {
		const char *word;
		int kind;
	} words[] = {
		{"public", S_PUBLIC}, {"internal", S_INTERNAL}, {"公開", S_PUBLIC},
		{"非公開", S_INTERNAL}, {"内部", S_INTERNAL},
	};
	size_t i = 0;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
		size_t wl = strlen(words[w].word);
		if (n - i < wl || strncasecmp(line + i, words[w].word, wl) != 0)
			continue;
		size_t j = i + wl;
		while (j < n && (line[j] == ' ' || line[j] == '\t'))
			j++;
		size_t colon = 0;
		if (j < n && line[j] == ':')
			colon = 1;
		else if (n - j >= 3 && !memcmp(line + j, "：", 3))
			colon = 3;
		if (!colon)
			continue;
		j += colon;
		while (j < n && (line[j] == ' ' || line[j] == '\t'))
			j++;
		*rest = line + j;
		return words[w].kind;
	}
	return S_LEAD;
}

/* Appends a line (trailing blanks dropped) to b; blank lines only between text. */
static void S_add_line(pol_buf *b, const char *s, size_t n, bool *pending_blank)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	if (!n) {
		if (b->len)
			*pending_blank = true;
		return;
	}
	if (b->len)
		pol_buf_puts(b, *pending_blank ? "\n\n" : "\n");
	*pending_blank = false;
	pol_buf_put(b, s, n);
}

static char *S_take(pol_buf *b)
{
	if (!b->len) {
		pol_buf_free(b);
		return NULL;
	}
	return pol_buf_detach(b);
}

void pol_history_parse_message(char **public_out, char **internal_out, const char *msg)
{
	*public_out = *internal_out = NULL;
	if (!msg)
		return;
	/* The message ends where a signature block begins. */
	size_t end = strlen(msg);
	for (const char *p = msg; p && *p;) {
		if (!strncmp(p, "-----BEGIN ", 11)) {
			end = (size_t)(p - msg);
			break;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	bool has_public = false;
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(msg + i, '\n', end - i);
		size_t n = nl ? (size_t)(nl - msg) - i : end - i;
		const char *rest;
		if (S_header(msg + i, n, &rest) == S_PUBLIC)
			has_public = true;
		i += n + 1;
	}
	pol_buf pub = {0}, in = {0};
	bool pub_blank = false, in_blank = false;
	int state = S_LEAD;
	bool subject_done = has_public; /* with sections, the lead is internal */
	for (size_t i = 0; i < end;) {
		const char *nl = memchr(msg + i, '\n', end - i);
		size_t n = nl ? (size_t)(nl - msg) - i : end - i;
		const char *line = msg + i;
		i += n + 1;
		const char *rest;
		int h = S_header(line, n, &rest);
		if (h != S_LEAD) {
			state = h;
			subject_done = true;
			n -= (size_t)(rest - line);
			line = rest;
			if (!n)
				continue;
		}
		bool blank = true;
		for (size_t k = 0; k < n; k++)
			if (line[k] != ' ' && line[k] != '\t' && line[k] != '\r')
				blank = false;
		if (state == S_PUBLIC || (state == S_LEAD && !subject_done)) {
			if (blank && state == S_LEAD && pub.len) {
				subject_done = true;
				continue;
			}
			S_add_line(&pub, line, n, &pub_blank);
		} else {
			S_add_line(&in, line, n, &in_blank);
		}
	}
	*public_out = S_take(&pub);
	*internal_out = S_take(&in);
}

/* ---- loading ----------------------------------------------------------------------- */

typedef struct S_cand {
	char *tag, *date;
	git_oid commit;
	char *pub, *in;
	bool reachable;
} S_cand;

static void S_cand_free(S_cand *c)
{
	free(c->tag);
	free(c->date);
	free(c->pub);
	free(c->in);
	free(c);
}

static char *S_giterr(const char *what)
{
	const git_error *e = git_error_last();
	char *s = pol_xasprintf("%s%s%s", what, e && e->message ? ": " : "", e && e->message ? e->message : "");
	for (char *p = s; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return s;
}

static int S_cmp(const void *a, const void *b)
{
	const pol_history_entry *x = a, *y = b;
	int c = strcmp(x->date, y->date);
	return c ? c : strcmp(x->tag, y->tag);
}

/* Reads the edition tags into cands. 0, or -1 with *err. */
static int S_collect(pol_vec *cands, git_repository *repo, char **err)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	int rc = -1, grc;
	if (git_reference_iterator_glob_new(&it, repo, S_TAG_PREFIX S_EDITION_PREFIX "*") != 0) {
		*err = S_giterr("cannot list the tags (corrupt repository?)");
		return -1;
	}
	while ((grc = git_reference_next(&ref, it)) == 0) {
		const char *name = git_reference_name(ref) + strlen(S_TAG_PREFIX);
		const char *date = name + strlen(S_EDITION_PREFIX);
		git_commit *commit = NULL;
		git_tag *tag = NULL;
		if (pol_date_valid(date, true) && git_reference_type(ref) == GIT_REFERENCE_DIRECT) {
			int prc = pol_git_peel(&commit, &tag, repo, git_reference_target(ref), err);
			if (prc < 0)
				goto cleanup;
			if (prc == 0) { /* a tag of a tree or blob is no edition */
				S_cand *c = pol_xcalloc(1, sizeof *c);
				c->tag = pol_xstrdup(name);
				c->date = pol_xstrdup(date);
				git_oid_cpy(&c->commit, git_commit_id(commit));
				/* A lightweight tag has no message, hence no summary. */
				if (tag)
					pol_history_parse_message(&c->pub, &c->in, git_tag_message(tag));
				pol_vec_push(cands, c);
			}
		}
		git_tag_free(tag);
		git_commit_free(commit);
		git_reference_free(ref);
		ref = NULL;
	}
	if (grc != GIT_ITEROVER) {
		*err = S_giterr("cannot list the tags (corrupt repository?)");
		goto cleanup;
	}
	rc = 0;
cleanup:
	git_reference_free(ref);
	git_reference_iterator_free(it);
	return rc;
}

/* Marks the candidates whose commit is reachable from `from`: a walk over the commit
 * graph (every commit verified, see pol_git_lookup) that stops once all are found.
 * 0, or -1 with *err. */
static int S_reach(pol_vec *cands, git_repository *repo, const git_oid *from, char **err)
{
	pol_map *want = pol_map_new(); /* commit hex -> (void *)1 */
	pol_map *seen = pol_map_new();
	size_t left = 0;
	char hex[GIT_OID_HEXSZ + 1];
	for (size_t i = 0; i < cands->len; i++) {
		S_cand *c = cands->items[i];
		git_oid_tostr(hex, sizeof hex, &c->commit);
		if (!pol_map_set(want, hex, (void *)1))
			left++;
	}
	git_oid *stack = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	if (left) {
		stack = pol_xmalloc(sizeof *stack);
		cap = 1;
		git_oid_cpy(&stack[n++], from);
	}
	while (n && left) {
		git_oid id = stack[--n];
		git_oid_tostr(hex, sizeof hex, &id);
		if (pol_map_set(seen, hex, (void *)1))
			continue;
		if (pol_map_get(want, hex))
			left--;
		git_commit *c = NULL;
		if (pol_git_lookup((git_object **)&c, repo, &id, GIT_OBJECT_COMMIT, err) != 0)
			goto cleanup;
		unsigned np = git_commit_parentcount(c);
		for (unsigned k = 0; k < np; k++) {
			if (n == cap) {
				cap *= 2;
				stack = pol_xrealloc(stack, cap * sizeof *stack);
			}
			git_oid_cpy(&stack[n++], git_commit_parent_id(c, k));
		}
		git_commit_free(c);
	}
	for (size_t i = 0; i < cands->len; i++) {
		S_cand *c = cands->items[i];
		git_oid_tostr(hex, sizeof hex, &c->commit);
		c->reachable = pol_map_get(seen, hex) != NULL;
	}
	rc = 0;
cleanup:
	free(stack);
	pol_map_free(want);
	pol_map_free(seen);
	return rc;
}

int pol_history_load(pol_history **out, const char *src_dir, const char *upto_rev, char **err)
{
	git_libgit2_init();
	*out = NULL;
	*err = NULL;
	git_repository *repo = NULL;
	char *rel = NULL;
	int rc = pol_git_open(&repo, &rel, src_dir, err);
	if (rc == 0)
		rc = pol_history_load_repo(out, repo, upto_rev, err);
	free(rel);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int pol_history_load_repo(pol_history **out, git_repository *repo, const char *upto_rev, char **err)
{
	*out = NULL;
	*err = NULL;
	git_commit *upto = NULL;
	pol_vec cands = {0};
	int rc = POL_GIT_ERROR;
	pol_history *h = pol_xcalloc(1, sizeof *h);
	if (!upto_rev && git_repository_head_unborn(repo) == 1) {
		*out = h; /* no commit yet: no history */
		rc = 0;
		goto cleanup;
	}
	if (pol_git_resolve(&upto, repo, upto_rev ? upto_rev : "HEAD", err) != 0 || S_collect(&cands, repo, err) != 0 ||
	    S_reach(&cands, repo, git_commit_id(upto), err) != 0) {
		pol_history_free(h);
		goto cleanup;
	}
	h->entries = pol_xcalloc(cands.len ? cands.len : 1, sizeof *h->entries);
	for (size_t i = 0; i < cands.len; i++) {
		S_cand *c = cands.items[i];
		if (!c->reachable)
			continue;
		pol_history_entry *e = &h->entries[h->n++];
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof hex, &c->commit);
		e->tag = pol_xstrdup(c->tag);
		e->edition = pol_xstrdup(c->date);
		e->date = pol_xstrdup(c->date);
		e->era_date = pol_era_date(c->date);
		e->public_summary = c->pub;
		e->internal_summary = c->in;
		c->pub = c->in = NULL;
		e->commit = pol_xstrdup(hex);
		e->short_commit = pol_xstrndup(hex, 7);
	}
	qsort(h->entries, h->n, sizeof *h->entries, S_cmp);
	*out = h;
	rc = 0;
cleanup:
	for (size_t i = 0; i < cands.len; i++)
		S_cand_free(cands.items[i]);
	pol_vec_free(&cands);
	git_commit_free(upto);
	return rc;
}

void pol_history_free(pol_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++) {
		pol_history_entry *e = &h->entries[i];
		free(e->tag);
		free(e->edition);
		free(e->date);
		free(e->era_date);
		free(e->public_summary);
		free(e->internal_summary);
		free(e->commit);
		free(e->short_commit);
	}
	free(h->entries);
	free(h);
}
