/* diff.c — 新旧対照表 and change set: two edition models aligned by node key.
 *
 * Alignment is by key through the models' key maps, never by line or by text, so it
 * is linear in the number of nodes: a node is added, removed, moved (its parent's
 * key differs), renumbered (same parent, other number) or has its text changed.
 * Rows follow the new model's tree; the children of a node are merged with the old
 * children of the same key, so a removed node appears where it stood (after the
 * old sibling that precedes it). The character diff (textdiff.c, Myers with a
 * cut-off) runs only on a node whose title or body differs, so unchanged text costs
 * one comparison. Unchanged rows fold into 「（略）」, except the headings above a
 * change, which stay for context.
 *
 * Both outputs are made from the two edition models only: a public diff is computed
 * from public models, so nothing withheld can reach it, not even as a count. The
 * HTML goes through a Mustache template (templates/diff/); the text it shows is
 * escaped here (the changed characters are wrapped in <u class="chg">), and the
 * template receives it as data, never as template text. */
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit/diff.h"
#include "emit/page.h"
#include "emit/pdf.h"
#include "emit/render.h"
#include "edition/edition.h"
#include "lib/json.h"
#include "lib/textdiff.h"

/* ---- alignment ------------------------------------------------------------------------ */

/* Alignment keys. A node with an id aligns by its key; a node without one by its
 * parent's alignment key and its position among the anonymous siblings of its kind
 * *in this edition model*. Model keys count the siblings of the full model, so in a
 * public diff an internal paragraph added before a public one would shift the public
 * one's key and show it removed and added: a change no public reader can see. For
 * the internal edition, which holds every node, the two are the same. */
typedef struct S_align {
	pol_map *by_akey; /* alignment key -> node */
	pol_map *akey_of; /* model key -> alignment key (owned by by_akey's keys' copy) */
	pol_vec owned;    /* char*: the alignment keys */
} S_align;

static void S_align_node(S_align *a, const pol_node *n, const char *akey)
{
	char *own = pol_xstrdup(akey);
	pol_vec_push(&a->owned, own);
	pol_map_set(a->by_akey, own, (void *)n);
	pol_map_set(a->akey_of, n->key, own);
	int anon[64] = {0};
	for (size_t k = 0; k < n->nkids; k++) {
		const pol_node *kid = n->kids[k];
		if (kid->id) {
			S_align_node(a, kid, kid->key);
			continue;
		}
		char *sub = pol_xasprintf("%s/%d:%d", akey, (int)kid->kind, ++anon[(unsigned)kid->kind % 64]);
		S_align_node(a, kid, sub);
		free(sub);
	}
}

static void S_align_init(S_align *a, const pol_model *m)
{
	a->by_akey = pol_map_new();
	a->akey_of = pol_map_new();
	memset(&a->owned, 0, sizeof a->owned);
	for (size_t i = 0; i < m->ndocs; i++)
		S_align_node(a, m->docs[i], m->docs[i]->key);
}

static void S_align_fini(S_align *a)
{
	pol_map_free(a->by_akey);
	pol_map_free(a->akey_of);
	for (size_t i = 0; i < a->owned.len; i++)
		free(a->owned.items[i]);
	pol_vec_free(&a->owned);
}

typedef struct S_ctx {
	pol_diff *d;
	size_t cap;
	pol_map *old_pos; /* old key -> index among its siblings + 1 */
	S_align old_a, new_a;
} S_ctx;

/* The node of the other model that n (of the model aligned in from) aligns with. */
static const pol_node *S_counterpart(const S_align *from, const S_align *to, const pol_node *n)
{
	const char *ak = pol_map_get(from->akey_of, n->key);
	return ak ? pol_map_get(to->by_akey, ak) : NULL;
}

/* The alignment key of n's parent in its model ("" at the top). */
static const char *S_pkey(const S_align *a, const pol_node *n)
{
	const char *ak = n->parent ? pol_map_get(a->akey_of, n->parent->key) : NULL;
	return ak ? ak : "";
}

static bool S_same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool S_text_same(const char *a, const char *b, unsigned flags)
{
	return pol_text_equal(a, strlen(a), b, strlen(b), flags) != 0;
}

static size_t S_push(S_ctx *c, const pol_node *o, const pol_node *n, size_t parent, int depth)
{
	pol_diff *d = c->d;
	if (d->nrows == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		d->rows = pol_xrealloc(d->rows, c->cap * sizeof *d->rows);
	}
	pol_diff_row *r = &d->rows[d->nrows];
	memset(r, 0, sizeof *r);
	r->old_node = o;
	r->new_node = n;
	r->parent = parent;
	r->depth = depth;
	r->old_title = pol_xstrdup(o && o->title ? o->title : "");
	r->old_body = o ? pol_prose_plain(o->body) : pol_xstrdup("");
	r->new_title = pol_xstrdup(n && n->title ? n->title : "");
	r->new_body = n ? pol_prose_plain(n->body) : pol_xstrdup("");
	if (!o) {
		r->changes = POL_CHG_ADDED;
	} else if (!n) {
		r->changes = POL_CHG_REMOVED;
	} else {
		if (!S_text_same(r->old_title, r->new_title, d->flags) || !S_text_same(r->old_body, r->new_body, d->flags))
			r->changes |= POL_CHG_TEXT;
		if (strcmp(S_pkey(&c->old_a, o), S_pkey(&c->new_a, n)) != 0)
			r->changes |= POL_CHG_MOVED;
		else if (!S_same(o->num, n->num))
			r->changes |= POL_CHG_NUMBER;
	}
	return d->nrows++;
}

/* An old node whose key the new model lacks, and its subtree, as removed rows. Old
 * nodes whose key is still there were moved: they show where they are now. */
static void S_removed(S_ctx *c, const pol_node *o, size_t parent, int depth)
{
	if (S_counterpart(&c->old_a, &c->new_a, o))
		return;
	size_t row = S_push(c, o, NULL, parent, depth);
	for (size_t k = 0; k < o->nkids; k++)
		S_removed(c, o->kids[k], row, depth + 1);
}

static void S_node(S_ctx *c, const pol_node *n, size_t parent, int depth);

/* Merges the old children okids (of old node op, NULL at the top) with the new
 * children nkids: each new child in order, preceded by the removed old children that
 * stood before its old counterpart. */
static void S_merge(S_ctx *c, pol_node *const *okids, size_t nok, const pol_node *op, pol_node *const *nkids,
                    size_t nnk, size_t parent, int depth)
{
	size_t i = 0;
	for (size_t k = 0; k < nnk; k++) {
		const pol_node *o = S_counterpart(&c->new_a, &c->old_a, nkids[k]);
		if (o && o->parent == op) {
			size_t pos = (size_t)(uintptr_t)pol_map_get(c->old_pos, o->key) - 1;
			if (pos >= i && pos < nok) {
				for (; i < pos; i++)
					S_removed(c, okids[i], parent, depth);
				i = pos + 1;
			}
		}
		S_node(c, nkids[k], parent, depth);
	}
	for (; i < nok; i++)
		S_removed(c, okids[i], parent, depth);
}

static void S_node(S_ctx *c, const pol_node *n, size_t parent, int depth)
{
	const pol_node *o = S_counterpart(&c->new_a, &c->old_a, n);
	size_t row = S_push(c, o, n, parent, depth);
	S_merge(c, o ? o->kids : NULL, o ? o->nkids : 0, o, n->kids, n->nkids, row, depth + 1);
}

pol_diff *pol_diff_new(const pol_model *old_m, const pol_model *new_m, unsigned flags)
{
	pol_diff *d = pol_xcalloc(1, sizeof *d);
	d->old_m = old_m;
	d->new_m = new_m;
	d->flags = flags;
	S_ctx c = {.d = d, .old_pos = pol_map_new()};
	S_align_init(&c.old_a, old_m);
	S_align_init(&c.new_a, new_m);
	for (size_t i = 0; i < old_m->ndocs; i++)
		pol_map_set(c.old_pos, old_m->docs[i]->key, (void *)(uintptr_t)(i + 1));
	for (size_t i = 0; i < old_m->nnodes; i++) {
		const pol_node *n = old_m->nodes[i];
		for (size_t k = 0; k < n->nkids; k++)
			pol_map_set(c.old_pos, n->kids[k]->key, (void *)(uintptr_t)(k + 1));
	}
	S_merge(&c, old_m->docs, old_m->ndocs, NULL, new_m->docs, new_m->ndocs, POL_DIFF_NO_ROW, 0);
	pol_map_free(c.old_pos);
	S_align_fini(&c.old_a);
	S_align_fini(&c.new_a);

	/* Counts, and the headings above each change (each row is climbed through once). */
	bool *climbed = pol_xcalloc(d->nrows ? d->nrows : 1, sizeof *climbed);
	for (size_t i = 0; i < d->nrows; i++) {
		pol_diff_row *r = &d->rows[i];
		unsigned ch = r->changes;
		d->added += !!(ch & POL_CHG_ADDED);
		d->removed += !!(ch & POL_CHG_REMOVED);
		d->modified += !!(ch & POL_CHG_TEXT);
		d->renumbered += !!(ch & POL_CHG_NUMBER);
		d->moved += !!(ch & POL_CHG_MOVED);
		if (!ch)
			continue;
		for (size_t p = r->parent; p != POL_DIFF_NO_ROW && !climbed[p]; p = d->rows[p].parent) {
			climbed[p] = true;
			if (!d->rows[p].changes)
				d->rows[p].context = true;
		}
	}
	free(climbed);
	return d;
}

void pol_diff_free(pol_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nrows; i++) {
		free(d->rows[i].old_title);
		free(d->rows[i].old_body);
		free(d->rows[i].new_title);
		free(d->rows[i].new_body);
	}
	free(d->rows);
	free(d);
}

/* ---- changes.json ------------------------------------------------------------------- */

/* title and body as one text, the unit the diff compares; NULL for an absent side. */
static json_t *S_text_json(const pol_node *n, const char *title, const char *body)
{
	if (!n)
		return json_null();
	return pol_json_take(pol_xasprintf("%s%s%s", title, *title && *body ? "\n" : "", body));
}

static json_t *S_entry(const pol_diff_row *r)
{
	const pol_node *o = r->old_node, *n = r->new_node;
	const pol_node *any = n ? n : o;
	json_t *e = json_object();
	json_object_set_new(e, "key", json_string(any->key));
	json_object_set_new(e, "kind", json_string(pol_kind_name(any->kind)));
	json_object_set_new(e, "title", pol_json_str(any->title));
	json_object_set_new(e, "old_number", pol_json_str(o ? o->num : NULL));
	json_object_set_new(e, "new_number", pol_json_str(n ? n->num : NULL));
	json_object_set_new(e, "old_ref", pol_json_str(o ? o->ref : NULL));
	json_object_set_new(e, "new_ref", pol_json_str(n ? n->ref : NULL));
	json_object_set_new(e, "old_text", S_text_json(o, r->old_title, r->old_body));
	json_object_set_new(e, "new_text", S_text_json(n, r->new_title, r->new_body));
	if (r->changes & POL_CHG_MOVED) {
		json_object_set_new(e, "old_parent", pol_json_str(o->parent ? o->parent->key : NULL));
		json_object_set_new(e, "new_parent", pol_json_str(n->parent ? n->parent->key : NULL));
	}
	return e;
}

static json_t *S_side_json(const char *rev, const pol_model *m)
{
	json_t *s = json_object();
	json_object_set_new(s, "rev", json_string(rev));
	json_object_set_new(s, "commit", pol_json_str(m->rev.commit));
	return s;
}

char *pol_diff_json(const pol_diff *d, const char *old_rev, const char *new_rev)
{
	static const struct {
		const char *name;
		unsigned bit;
	} lists[] = {
		{"added", POL_CHG_ADDED}, {"removed", POL_CHG_REMOVED}, {"modified", POL_CHG_TEXT},
		{"renumbered", POL_CHG_NUMBER}, {"moved", POL_CHG_MOVED},
	};
	json_t *root = json_object();
	json_t *fmt = json_object();
	json_object_set_new(fmt, "name", json_string("polc-changes"));
	json_object_set_new(fmt, "version", json_string("1.0"));
	json_object_set_new(root, "format", fmt);
	json_object_set_new(root, "old", S_side_json(old_rev, d->old_m));
	json_object_set_new(root, "new", S_side_json(new_rev, d->new_m));
	char *ed = pol_edition_name(d->new_m);
	json_object_set_new(root, "edition", json_string(ed));
	free(ed);
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		json_t *a = json_array();
		for (size_t i = 0; i < d->nrows; i++)
			if (d->rows[i].changes & lists[l].bit)
				json_array_append_new(a, S_entry(&d->rows[i]));
		json_object_set_new(root, lists[l].name, a);
	}
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	char *out = pol_xasprintf("%s\n", s ? s : "{}");
	free(s);
	return out;
}

/* ---- 新旧対照表 (HTML) --------------------------------------------------------------- */

static char *S_escape(const char *s)
{
	pol_buf b = {0};
	pol_escape_html(&b, s, strlen(s));
	return pol_buf_detach(&b);
}

/* The two sides of a text as HTML, changed characters underlined when `changed`. */
static void S_diff_html(char **old_html, char **new_html, const char *a, const char *b, bool changed,
                        unsigned flags)
{
	pol_diff_span *spans = NULL;
	size_t n = 0;
	if (changed && pol_textdiff(&spans, &n, a, strlen(a), b, strlen(b), flags, 0) >= 0) {
		*old_html = pol_textdiff_html(spans, n, a, b, 0);
		*new_html = pol_textdiff_html(spans, n, a, b, 1);
		free(spans);
		if (*old_html && *new_html)
			return;
		free(*old_html);
		free(*new_html);
	}
	*old_html = S_escape(a);
	*new_html = S_escape(b);
}

/* Sets o[key] to the owned html, or to null when it is empty. */
static void S_set_html(json_t *o, const char *key, char *html)
{
	if (!*html) {
		free(html);
		html = NULL;
	}
	pol_json_set(o, key, pol_json_take(html));
}

/* One side of a row: number, title and body (HTML), or just a mark. */
static json_t *S_side(const pol_node *n, const char *mark, char *title_html, char *body_html, bool fold_body)
{
	json_t *s = json_object();
	json_object_set_new(s, "mark", pol_json_str(mark));
	json_object_set_new(s, "num", pol_json_str(n ? n->num : NULL));
	if (title_html)
		S_set_html(s, "title", title_html);
	else
		json_object_set_new(s, "title", json_null());
	bool has_body = body_html && *body_html;
	if (fold_body && has_body) {
		free(body_html);
		json_object_set_new(s, "body", json_null());
		json_object_set_new(s, "folded", json_true());
	} else {
		if (body_html)
			S_set_html(s, "body", body_html);
		else
			json_object_set_new(s, "body", json_null());
		json_object_set_new(s, "folded", json_false());
	}
	return s;
}

static json_t *S_row_json(const pol_diff *d, const pol_diff_row *r)
{
	const pol_node *o = r->old_node, *n = r->new_node;
	unsigned ch = r->changes;
	json_t *row = json_object();
	pol_buf cls = {0};
	pol_buf_printf(&cls, "k-%s", pol_kind_name((n ? n : o)->kind));
	static const char *names[] = {"added", "removed", "modified", "renumbered", "moved"};
	for (int i = 0; i < 5; i++)
		if (ch & (1u << i))
			pol_buf_printf(&cls, " %s", names[i]);
	if (!ch)
		pol_buf_puts(&cls, " context");
	pol_json_set(row, "cls", pol_json_take(pol_buf_detach(&cls)));
	pol_json_set(row, "anchor", pol_json_take(n ? pol_xasprintf("d-%s", n->anchor) : pol_xasprintf("d-old-%s", o->anchor)));
	json_object_set_new(row, "fold", json_false());

	json_t *notes = json_array();
	if (ch & POL_CHG_NUMBER) {
		json_array_append_new(notes, pol_json_take(pol_xasprintf("番号変更 %s → %s", o->num ? o->num : "（なし）",
		                                                         n->num ? n->num : "（なし）")));
	}
	if (ch & POL_CHG_MOVED) {
		json_array_append_new(notes, pol_json_take(pol_xasprintf("移動 %s → %s", o->ref ? o->ref : o->key,
		                                                         n->ref ? n->ref : n->key)));
	}
	json_object_set_new(row, "notes", notes);

	bool text = (ch & (POL_CHG_TEXT | POL_CHG_ADDED | POL_CHG_REMOVED)) != 0;
	char *ot, *nt, *ob, *nb;
	S_diff_html(&ot, &nt, r->old_title, r->new_title, text && strcmp(r->old_title, r->new_title), d->flags);
	S_diff_html(&ob, &nb, r->old_body, r->new_body, text && strcmp(r->old_body, r->new_body), d->flags);
	/* Unchanged text of a row shown for its number, place or context: heading only. */
	bool fold_body = !text;
	if (n) {
		json_object_set_new(row, "after", S_side(n, ch & POL_CHG_ADDED ? "（新設）" : NULL, nt, nb, fold_body));
	} else {
		json_object_set_new(row, "after", S_side(NULL, "（削る）", NULL, NULL, false));
		free(nt);
		free(nb);
	}
	if (o) {
		json_object_set_new(row, "before", S_side(o, NULL, ot, ob, fold_body));
	} else {
		json_object_set_new(row, "before", json_null());
		free(ot);
		free(ob);
	}
	return row;
}

static json_t *S_rev_json(const char *rev, const pol_model *m)
{
	json_t *s = json_object();
	json_object_set_new(s, "rev", json_string(rev));
	json_object_set_new(s, "commit", pol_json_str(m->rev.short_commit));
	/* An edition's date (its tag) rather than the day it was committed. */
	const char *date = m->edition_era ? m->edition_era : m->rev.era_date ? m->rev.era_date : m->rev.date;
	json_object_set_new(s, "date", pol_json_str(date));
	json_object_set_new(s, "edition", json_boolean(m->edition_era != NULL));
	return s;
}

static json_t *S_page_json(const pol_diff *d, const char *old_rev, const char *new_rev)
{
	json_t *p = json_object();
	json_object_set_new(p, "policy_title", json_string(d->new_m->title ? d->new_m->title : ""));
	json_object_set_new(p, "organization", pol_json_str(d->new_m->organization));
	pol_json_set(p, "edition_label", pol_json_take(pol_edition_label(d->new_m)));
	json_object_set_new(p, "rev_old", S_rev_json(old_rev, d->old_m));
	json_object_set_new(p, "rev_new", S_rev_json(new_rev, d->new_m));
	json_t *counts = json_object();
	json_object_set_new(counts, "added", json_integer((json_int_t)d->added));
	json_object_set_new(counts, "removed", json_integer((json_int_t)d->removed));
	json_object_set_new(counts, "modified", json_integer((json_int_t)d->modified));
	json_object_set_new(counts, "renumbered", json_integer((json_int_t)d->renumbered));
	json_object_set_new(counts, "moved", json_integer((json_int_t)d->moved));
	json_object_set_new(p, "counts", counts);
	bool any = d->added || d->removed || d->modified || d->renumbered || d->moved;
	json_object_set_new(p, "unchanged", json_boolean(!any));
	json_t *rows = json_array();
	bool folded = false;
	for (size_t i = 0; i < d->nrows; i++) {
		const pol_diff_row *r = &d->rows[i];
		if (r->changes || r->context) {
			json_array_append_new(rows, S_row_json(d, r));
			folded = false;
		} else if (!folded) {
			json_t *f = json_object();
			json_object_set_new(f, "fold", json_true());
			json_array_append_new(rows, f);
			folded = true;
		}
	}
	json_object_set_new(p, "rows", rows);
	return p;
}

int pol_diff_html(char **out, char **err, const pol_diff *d, const char *old_rev, const char *new_rev,
                  const pol_templates *t)
{
	return pol_diff_html_paper(out, err, d, old_rev, new_rev, t, false);
}

int pol_diff_html_paper(char **out, char **err, const pol_diff *d, const char *old_rev, const char *new_rev,
                        const pol_templates *t, bool landscape)
{
	json_t *data = S_page_json(d, old_rev, new_rev);
	json_object_set_new(data, "paper", json_string(landscape ? "A4 landscape" : "A4 portrait"));
	char *title = pol_xasprintf("%s 新旧対照表", d->new_m->title ? d->new_m->title : "");
	char *label = pol_edition_label(d->new_m);
	char *revs = pol_xasprintf("%s → %s", old_rev, new_rev);
	pol_print_marks(data, d->new_m->edition != POL_ED_PUBLIC, title, label, revs);
	free(title);
	free(label);
	free(revs);
	int rc = pol_page_render(out, err, t, "diff.html.mustache", data);
	json_decref(data);
	return rc;
}
