/* bundle.c — the checkable rule bundle: the model as JSON for other tools.
 *
 * Self-check and audit tools, dashboards and converters read the policy from here,
 * never from the documents. The bundle is built with jansson (keys set in a fixed
 * order, never hand-formatted) from whatever model it is given; an edition model gives
 * an edition's bundle, so the public bundle holds only what the edition filter let
 * through. It carries no clock time: the same source always gives the same bytes.
 * The format is documented in docs/bundle.md and pinned by docs/bundle.schema.json;
 * POL_BUNDLE_VERSION changes its major number on any incompatible change. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "emit/bundle.h"
#include "edition/edition.h"

#define POL_BUNDLE_NAME "polc-bundle"
#define POL_BUNDLE_VERSION "1.0"

/* Node facts the traceability and coverage sections need, indexed like m->nodes. */
typedef struct S_ctx {
	const pol_model *m;
	pol_map *index;   /* node key -> index + 1 */
	pol_vec *procs_of; /* per node: the procedures that implement it (pol_node*) */
	bool *implemented, *countered;
} S_ctx;

/* Where the text goes (a buffer or a stream) and how the sections are being written. */
typedef struct S_w {
	pol_buf *buf;      /* append here, or */
	FILE *f;           /* write here, through chunk (jansson dumps a token at a time) */
	char chunk[1 << 16];
	size_t nchunk;
	bool failed;       /* a write to f failed */
	size_t indent;     /* spaces added after each newline of the value being dumped */
	size_t nkeys;      /* top-level keys written so far */
	size_t nitems;     /* elements of the open top-level array written so far */
} S_w;

static void S_flush(S_w *w)
{
	if (w->nchunk && fwrite(w->chunk, 1, w->nchunk, w->f) != w->nchunk)
		w->failed = true;
	w->nchunk = 0;
}

static void S_raw(S_w *w, const char *s, size_t n)
{
	if (w->buf) {
		pol_buf_put(w->buf, s, n);
		return;
	}
	if (n > sizeof w->chunk - w->nchunk) {
		S_flush(w);
		if (n > sizeof w->chunk) {
			if (fwrite(s, 1, n, w->f) != n)
				w->failed = true;
			return;
		}
	}
	memcpy(w->chunk + w->nchunk, s, n);
	w->nchunk += n;
}

static const char S_spaces[] = "                                ";

/* jansson's dump callback: the text as given, each newline followed by w->indent more
 * spaces (a newline byte is always indentation: strings escape theirs). */
static int S_dump_cb(const char *s, size_t n, void *data)
{
	S_w *w = data;
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) + 1 : n;
		S_raw(w, s, k);
		if (nl)
			for (size_t left = w->indent; left;) {
				size_t c = left < sizeof S_spaces - 1 ? left : sizeof S_spaces - 1;
				S_raw(w, S_spaces, c);
				left -= c;
			}
		s += k;
		n -= k;
	}
	return 0;
}

/* Dumps v (and frees it) as a value nested depth levels deep in the bundle. */
static void S_dump(S_w *w, json_t *v, size_t depth)
{
	w->indent = depth * 2;
	json_dump_callback(v, S_dump_cb, w, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_ENCODE_ANY);
	json_decref(v);
}

/* Starts top-level key `key`; its value follows. */
static void S_key(S_w *w, const char *key)
{
	S_raw(w, w->nkeys++ ? ",\n  \"" : "{\n  \"", 5);
	S_raw(w, key, strlen(key));
	S_raw(w, "\": ", 3);
}

static void S_member(S_w *w, const char *key, json_t *v)
{
	S_key(w, key);
	S_dump(w, v, 1);
}

/* A top-level array, written one element at a time: S_open, S_item…, S_close. */
static void S_open(S_w *w, const char *key)
{
	S_key(w, key);
	S_raw(w, "[", 1);
	w->nitems = 0;
}

static void S_item(S_w *w, json_t *v)
{
	if (w->nitems++)
		S_raw(w, ",\n    ", 6);
	else
		S_raw(w, "\n    ", 5);
	S_dump(w, v, 2);
}

static void S_close(S_w *w)
{
	if (w->nitems)
		S_raw(w, "\n  ]", 4);
	else
		S_raw(w, "]", 1);
}

static json_t *S_str(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

static json_t *S_take_str(char *s)
{
	json_t *j = S_str(s);
	free(s);
	return j;
}

static size_t S_idx(const S_ctx *c, const pol_node *n)
{
	return (size_t)(uintptr_t)pol_map_get(c->index, n->key);
}

/* Text an inline shows, escaped so CommonMark reads it literally. */
static void S_put_md_literal(pol_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>&", *s))
			pol_buf_putc(b, '\\');
		pol_buf_putc(b, *s);
	}
}

/* The prose's CommonMark source with every placeholder replaced by what it shows. */
static char *S_markdown(const pol_prose *p)
{
	if (!p || !p->md)
		return pol_xstrdup("");
	pol_buf b = {0};
	const char *s = p->md;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		size_t idx, k = pol_placeholder_at(s + i, n - i, &idx);
		if (k && idx < p->ninl) {
			S_put_md_literal(&b, p->inl[idx].text);
			i += k;
		} else {
			pol_buf_putc(&b, s[i++]);
		}
	}
	while (b.len && b.data[b.len - 1] == '\n')
		b.data[--b.len] = 0;
	return pol_buf_detach(&b);
}

static json_t *S_source(const pol_node *n)
{
	if (!n->span.file)
		return json_null();
	int line, col;
	pol_file_linecol(n->span.file, n->span.begin, &line, &col);
	json_t *o = json_object();
	json_object_set_new(o, "file", S_str(n->span.file->rel));
	json_object_set_new(o, "line", json_integer(line));
	return o;
}

static json_t *S_keys(pol_node *const *arr, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, S_str(arr[i]->key));
	return a;
}

static bool S_has(pol_node *const *arr, size_t n, const pol_node *x)
{
	for (size_t i = 0; i < n; i++)
		if (arr[i] == x)
			return true;
	return false;
}

static void S_push_unique(pol_vec *v, pol_node *x)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == x)
			return;
	pol_vec_push(v, x);
}

/* What a node implements or counters, its own and its ancestors' (an article's
 * `implements` holds for every rule in it), in order, without repeats. */
static void S_effective(pol_vec *out, const pol_node *n, bool counters)
{
	for (const pol_node *a = n; a; a = a->parent) {
		pol_node **arr = counters ? a->counters : a->implements;
		size_t k = counters ? a->ncounters : a->nimplements;
		for (size_t i = 0; i < k; i++)
			S_push_unique(out, arr[i]);
	}
}

static json_t *S_vec_keys(const pol_vec *v)
{
	return S_keys((pol_node *const *)v->items, v->len);
}

static int S_cmp_index(const void *a, const void *b, void *ctx)
{
	const S_ctx *c = ctx;
	size_t x = S_idx(c, *(pol_node *const *)a), y = S_idx(c, *(pol_node *const *)b);
	return x < y ? -1 : x > y;
}

/* The procedures that implement n or one of its ancestors, in document order. */
static void S_procedures_of(const S_ctx *c, pol_vec *out, const pol_node *n)
{
	for (const pol_node *a = n; a; a = a->parent) {
		size_t i = S_idx(c, a);
		if (!i)
			continue;
		const pol_vec *v = &c->procs_of[i - 1];
		for (size_t k = 0; k < v->len; k++)
			S_push_unique(out, v->items[k]);
	}
	if (out->len > 1)
		qsort_r(out->items, out->len, sizeof *out->items, S_cmp_index, (void *)c);
}

/* ---- sections ---- */

static json_t *S_policy(const pol_model *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", S_str(m->id));
	json_object_set_new(o, "title", S_str(m->title));
	json_object_set_new(o, "organization", S_str(m->organization));
	json_object_set_new(o, "issued", S_str(m->issued));
	json_object_set_new(o, "issued_era", S_str(m->issued_era));
	json_object_set_new(o, "numbering", json_string(m->numbering == POL_NUM_REIKI ? "reiki" : "guideline"));
	return o;
}

static json_t *S_revision(const pol_model *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "in_repo", json_boolean(m->rev.in_repo));
	json_object_set_new(o, "commit", S_str(m->rev.commit));
	json_object_set_new(o, "short_commit", S_str(m->rev.short_commit));
	json_object_set_new(o, "date", S_str(m->rev.date));
	json_object_set_new(o, "dirty", json_boolean(m->rev.dirty));
	json_object_set_new(o, "source_digest", S_str(m->digest));
	return o;
}

static void S_roles(S_w *w, const char *key, const pol_model *m)
{
	S_open(w, key);
	for (size_t i = 0; i < m->nroles; i++) {
		const pol_role *r = m->roles[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(r->id));
		json_object_set_new(o, "title", S_str(r->title));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(r->vis)));
		S_item(w, o);
	}
	S_close(w);
}

static void S_terms(S_w *w, const char *key, const pol_model *m)
{
	S_open(w, key);
	for (size_t i = 0; i < m->nterms; i++) {
		const pol_term *t = m->terms[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(t->id));
		json_object_set_new(o, "title", S_str(t->title));
		json_object_set_new(o, "definition", S_str(t->def_text));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(t->vis)));
		S_item(w, o);
	}
	S_close(w);
}

static void S_params(S_w *w, const char *key, const pol_model *m)
{
	S_open(w, key);
	for (size_t i = 0; i < m->nparams; i++) {
		const pol_param *p = m->params[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(p->id));
		json_object_set_new(o, "type", json_string(pol_param_type_name(p->type)));
		json_object_set_new(o, "value", S_str(p->value));
		if (p->unit)
			json_object_set_new(o, "unit", S_str(p->unit));
		json_object_set_new(o, "display", S_str(p->display));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(p->vis)));
		S_item(w, o);
	}
	S_close(w);
}

/* Threats (sem == THREAT) or measures (MEASURE). */
static void S_semantic(S_w *w, const char *key, const pol_model *m, unsigned sem)
{
	S_open(w, key);
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (!(n->sem & sem))
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(n->key));
		json_object_set_new(o, "number", S_str(n->ref));
		json_object_set_new(o, "title", S_str(n->title));
		json_object_set_new(o, "text", S_take_str(pol_prose_plain(n->body)));
		if (sem == POL_SEM_MEASURE)
			json_object_set_new(o, "counters", S_keys(n->counters, n->ncounters));
		S_item(w, o);
	}
	S_close(w);
}

static json_t *S_tree(const pol_node *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "key", S_str(n->key));
	json_object_set_new(o, "id", S_str(n->id));
	json_object_set_new(o, "kind", json_string(pol_kind_name(n->kind)));
	json_object_set_new(o, "number", S_str(n->num));
	json_object_set_new(o, "ref", S_str(n->ref));
	json_object_set_new(o, "title", S_str(n->title));
	json_object_set_new(o, "visibility", json_string(pol_vis_name(n->vis)));
	if (n->kind == POL_DOCUMENT) {
		json_object_set_new(o, "tier", json_string(pol_tier_name(n->tier)));
		json_object_set_new(o, "summary", S_str(n->summary));
		json_object_set_new(o, "withheld", json_boolean(n->withheld));
		json_object_set_new(o, "notice", S_str(n->withheld ? n->notice : NULL));
	}
	json_t *kids = json_array();
	for (size_t i = 0; i < n->nkids; i++)
		json_array_append_new(kids, S_tree(n->kids[i]));
	json_object_set_new(o, "children", kids);
	return o;
}

static void S_documents(S_w *w, const char *key, const pol_model *m)
{
	S_open(w, key);
	for (size_t i = 0; i < m->ndocs; i++)
		S_item(w, S_tree(m->docs[i]));
	S_close(w);
}

static json_t *S_role_ids(pol_role *const *arr, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, S_str(arr[i]->id));
	return a;
}

/* The nodes inside a rule that are not rules themselves (its ア, イ …), in order. */
static void S_parts(json_t *a, const pol_node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->sem & POL_SEM_RULE)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(k->key));
		json_object_set_new(o, "number", S_str(k->ref));
		json_object_set_new(o, "title", S_str(k->title));
		json_object_set_new(o, "text", S_take_str(pol_prose_plain(k->body)));
		json_array_append_new(a, o);
		S_parts(a, k);
	}
}

static json_t *S_checks(const pol_node *n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n->nchecks; i++) {
		const pol_check *c = n->checks[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(c->id));
		json_object_set_new(o, "question", S_take_str(pol_prose_plain(c->question)));
		json_object_set_new(o, "evidence", S_str(c->evidence));
		json_object_set_new(o, "frequency", S_str(c->every));
		json_object_set_new(o, "frequency_ja", S_str(c->every_ja));
		json_array_append_new(a, o);
	}
	return a;
}

static void S_rules(S_w *w, const char *key, const pol_model *m)
{
	S_open(w, key);
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (!(n->sem & POL_SEM_RULE))
			continue;
		pol_vec impl = {0}, ctr = {0};
		S_effective(&impl, n, false);
		S_effective(&ctr, n, true);
		const pol_node *doc = pol_node_document(n);
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(n->key));
		json_object_set_new(o, "number", S_str(n->ref));
		json_object_set_new(o, "title", S_str(n->title));
		json_object_set_new(o, "level", n->level ? json_string(pol_level_name(n->level)) : json_null());
		json_object_set_new(o, "applies", S_role_ids(n->applies, n->napplies));
		json_object_set_new(o, "owner", S_str(n->owner ? n->owner->id : NULL));
		json_object_set_new(o, "implements", S_vec_keys(&impl));
		json_object_set_new(o, "counters", S_vec_keys(&ctr));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(n->vis)));
		json_object_set_new(o, "document", S_str(doc ? doc->key : NULL));
		json_object_set_new(o, "text_markdown", S_take_str(S_markdown(n->body)));
		json_object_set_new(o, "text", S_take_str(pol_prose_plain(n->body)));
		json_t *parts = json_array();
		S_parts(parts, n);
		json_object_set_new(o, "parts", parts);
		json_object_set_new(o, "source", S_source(n));
		json_object_set_new(o, "checks", S_checks(n));
		S_item(w, o);
		pol_vec_free(&impl);
		pol_vec_free(&ctr);
	}
	S_close(w);
}

static void S_procedures(S_w *w, const char *key, const pol_model *m)
{
	S_open(w, key);
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (!(n->sem & POL_SEM_PROCEDURE))
			continue;
		pol_vec impl = {0};
		S_effective(&impl, n, false);
		json_t *o = json_object();
		json_object_set_new(o, "id", S_str(n->key));
		json_object_set_new(o, "number", S_str(n->ref));
		json_object_set_new(o, "title", S_str(n->title));
		json_object_set_new(o, "implements", S_vec_keys(&impl));
		json_object_set_new(o, "text", S_take_str(pol_prose_plain(n->body)));
		json_t *steps = json_array();
		for (size_t k = 0; k < n->nkids; k++) {
			const pol_node *s = n->kids[k];
			if (!(s->sem & POL_SEM_STEP))
				continue;
			json_t *so = json_object();
			json_object_set_new(so, "id", S_str(s->key));
			json_object_set_new(so, "number", S_str(s->ref));
			json_object_set_new(so, "role", S_str(s->role ? s->role->id : NULL));
			json_object_set_new(so, "text", S_take_str(pol_prose_plain(s->body)));
			json_array_append_new(steps, so);
		}
		json_object_set_new(o, "steps", steps);
		S_item(w, o);
		pol_vec_free(&impl);
	}
	S_close(w);
}

/* threat → measures (countering it, or implemented by a rule countering it) → the
 * rules implementing each measure → the procedures implementing each rule. Rules that
 * counter the threat but implement no measure are listed under the threat itself. */
static json_t *S_trace_rule(const S_ctx *c, const pol_node *rule, int counters)
{
	pol_vec procs = {0};
	S_procedures_of(c, &procs, rule);
	json_t *ro = json_object();
	json_object_set_new(ro, "rule", S_str(rule->key));
	if (counters >= 0)
		json_object_set_new(ro, "counters", json_boolean(counters));
	json_object_set_new(ro, "procedures", S_vec_keys(&procs));
	pol_vec_free(&procs);
	return ro;
}

static void S_traceability(S_w *w, const char *key, const S_ctx *c)
{
	const pol_model *m = c->m;
	size_t nn = m->nnodes ? m->nnodes : 1;
	/* Per rule: effective implements and counters, computed once; per measure: the
	 * rules implementing it, so the whole section stays linear in threats × rules. */
	pol_vec rules = {0};
	for (size_t i = 0; i < m->nnodes; i++)
		if (m->nodes[i]->sem & POL_SEM_RULE)
			pol_vec_push(&rules, m->nodes[i]);
	pol_vec *ctr = pol_xcalloc(rules.len ? rules.len : 1, sizeof *ctr);
	pol_vec *rules_of = pol_xcalloc(nn, sizeof *rules_of); /* per node: rule indexes + 1 */
	bool *has_measure = pol_xcalloc(rules.len ? rules.len : 1, sizeof *has_measure);
	for (size_t r = 0; r < rules.len; r++) {
		pol_vec impl = {0};
		S_effective(&impl, rules.items[r], false);
		S_effective(&ctr[r], rules.items[r], true);
		for (size_t k = 0; k < impl.len; k++) {
			const pol_node *t = impl.items[k];
			size_t ti = S_idx(c, t);
			if (ti && (t->sem & POL_SEM_MEASURE)) {
				pol_vec_push(&rules_of[ti - 1], (void *)(uintptr_t)(r + 1));
				has_measure[r] = true;
			}
		}
		pol_vec_free(&impl);
	}
	S_open(w, key);
	for (size_t t = 0; t < m->nnodes; t++) {
		const pol_node *th = m->nodes[t];
		if (!(th->sem & POL_SEM_THREAT))
			continue;
		json_t *measures = json_array(), *direct = json_array();
		for (size_t i = 0; i < m->nnodes; i++) {
			const pol_node *ms = m->nodes[i];
			if (!(ms->sem & POL_SEM_MEASURE))
				continue;
			const pol_vec *rv = &rules_of[i];
			bool linked = S_has(ms->counters, ms->ncounters, th);
			for (size_t k = 0; k < rv->len && !linked; k++) {
				size_t r = (size_t)(uintptr_t)rv->items[k] - 1;
				linked = S_has((pol_node **)ctr[r].items, ctr[r].len, th);
			}
			if (!linked)
				continue;
			json_t *mo = json_object(), *ra = json_array();
			json_object_set_new(mo, "measure", S_str(ms->key));
			for (size_t k = 0; k < rv->len; k++) {
				size_t r = (size_t)(uintptr_t)rv->items[k] - 1;
				bool counters = S_has((pol_node **)ctr[r].items, ctr[r].len, th);
				json_array_append_new(ra, S_trace_rule(c, rules.items[r], counters));
			}
			json_object_set_new(mo, "rules", ra);
			json_array_append_new(measures, mo);
		}
		for (size_t r = 0; r < rules.len; r++)
			if (!has_measure[r] && S_has((pol_node **)ctr[r].items, ctr[r].len, th))
				json_array_append_new(direct, S_trace_rule(c, rules.items[r], -1));
		json_t *o = json_object();
		json_object_set_new(o, "threat", S_str(th->key));
		json_object_set_new(o, "measures", measures);
		json_object_set_new(o, "rules", direct);
		S_item(w, o);
	}
	for (size_t r = 0; r < rules.len; r++)
		pol_vec_free(&ctr[r]);
	for (size_t i = 0; i < m->nnodes; i++)
		pol_vec_free(&rules_of[i]);
	free(ctr);
	free(rules_of);
	free(has_measure);
	pol_vec_free(&rules);
	S_close(w);
}

static json_t *S_coverage(const S_ctx *c)
{
	const pol_model *m = c->m;
	json_int_t mt = 0, mi = 0, tt = 0, tc = 0, must = 0, mustc = 0, rules = 0, checks = 0;
	for (size_t i = 0; i < m->nnodes; i++) {
		const pol_node *n = m->nodes[i];
		if (n->sem & POL_SEM_MEASURE) {
			mt++;
			mi += c->implemented[i];
		}
		if (n->sem & POL_SEM_THREAT) {
			tt++;
			tc += c->countered[i];
		}
		if (n->sem & POL_SEM_RULE) {
			rules++;
			checks += (json_int_t)n->nchecks;
			if (n->level == POL_MUST) {
				must++;
				mustc += n->nchecks > 0;
			}
		}
	}
	json_t *o = json_object();
	json_object_set_new(o, "measures_total", json_integer(mt));
	json_object_set_new(o, "measures_implemented", json_integer(mi));
	json_object_set_new(o, "threats_total", json_integer(tt));
	json_object_set_new(o, "threats_countered", json_integer(tc));
	json_object_set_new(o, "must_rules", json_integer(must));
	json_object_set_new(o, "must_rules_with_checks", json_integer(mustc));
	json_object_set_new(o, "rules_total", json_integer(rules));
	json_object_set_new(o, "checks_total", json_integer(checks));
	return o;
}

/* The whole bundle through w. */
static void S_bundle(S_w *w, const pol_model *m)
{
	S_ctx c = {.m = m, .index = pol_map_new()};
	size_t nn = m->nnodes ? m->nnodes : 1;
	c.procs_of = pol_xcalloc(nn, sizeof *c.procs_of);
	c.implemented = pol_xcalloc(nn, sizeof *c.implemented);
	c.countered = pol_xcalloc(nn, sizeof *c.countered);
	for (size_t i = 0; i < m->nnodes; i++)
		pol_map_set(c.index, m->nodes[i]->key, (void *)(uintptr_t)(i + 1));
	/* Who implements, counters, and is implemented by which procedure: one pass. */
	for (size_t i = 0; i < m->nnodes; i++) {
		pol_node *n = m->nodes[i];
		for (size_t k = 0; k < n->nimplements; k++) {
			size_t t = S_idx(&c, n->implements[k]);
			if (!t)
				continue;
			c.implemented[t - 1] = true;
			if (n->sem & POL_SEM_PROCEDURE)
				S_push_unique(&c.procs_of[t - 1], n);
		}
		for (size_t k = 0; k < n->ncounters; k++) {
			size_t t = S_idx(&c, n->counters[k]);
			if (t)
				c.countered[t - 1] = true;
		}
	}

	json_t *fmt = json_object();
	json_object_set_new(fmt, "name", json_string(POL_BUNDLE_NAME));
	json_object_set_new(fmt, "version", json_string(POL_BUNDLE_VERSION));
	S_member(w, "format", fmt);
	S_member(w, "policy", S_policy(m));
	S_member(w, "edition", m->edition == POL_ED_FULL ? json_string("full") : S_take_str(pol_edition_name(m)));
	S_member(w, "revision", S_revision(m));
	S_roles(w, "roles", m);
	S_terms(w, "terms", m);
	S_params(w, "parameters", m);
	S_semantic(w, "threats", m, POL_SEM_THREAT);
	S_semantic(w, "measures", m, POL_SEM_MEASURE);
	S_documents(w, "documents", m);
	S_rules(w, "rules", m);
	S_procedures(w, "procedures", m);
	S_traceability(w, "traceability", &c);
	S_member(w, "coverage", S_coverage(&c));
	S_raw(w, "\n}\n", 3);

	for (size_t i = 0; i < m->nnodes; i++)
		pol_vec_free(&c.procs_of[i]);
	free(c.procs_of);
	free(c.implemented);
	free(c.countered);
	pol_map_free(c.index);
}

char *pol_bundle_render(const pol_model *m)
{
	pol_buf b = {0};
	S_w *w = pol_xcalloc(1, sizeof *w);
	w->buf = &b;
	S_bundle(w, m);
	free(w);
	return pol_buf_detach(&b);
}

int pol_bundle_write(const pol_model *m, FILE *f)
{
	S_w *w = pol_xcalloc(1, sizeof *w);
	w->f = f;
	S_bundle(w, m);
	S_flush(w);
	int rc = w->failed ? -1 : 0;
	free(w);
	return rc;
}
