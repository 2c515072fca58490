/* bundle.c — the checkable rule bundle: the model as JSON for other tools.
 *
 * Self-check and audit tools, dashboards and converters read the policy from here,
 * never from the documents. The bundle is written from whatever model it is given; an
 * edition model gives an edition's bundle, so the public bundle holds only what the
 * edition filter let through. It carries no clock time: the same source always gives
 * the same bytes. The format is documented in docs/bundle.md and pinned by
 * docs/bundle.schema.json; POL_BUNDLE_VERSION changes its major number on any
 * incompatible change.
 *
 * The text is streamed through a buffered writer as it is made, laid out exactly as
 * jansson lays out a value with JSON_INDENT(2): no JSON tree is built for the sections,
 * and every string is escaped by jansson (a string that needs no escape is copied as
 * it is). Inherited implements, traceability and coverage are the model's facts
 * (model/facts.h). Text fields are made from the prose's CommonMark source and its
 * inline table (pol_bundle_plain), so no cmark tree is needed. */
#include <jansson.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "edition/edition.h"
#include "emit/bundle.h"
#include "lib/json.h"
#include "model/facts.h"

#define POL_BUNDLE_NAME "polc-bundle"
#define POL_BUNDLE_VERSION "1.1"

enum { S_MAX_DEPTH = 64 };

/* The writer's small steps, inlined where they are used (a key's length is then known). */
#define S_INLINE POL_ALWAYS_INLINE

/* Where the text goes (a buffer or a stream), and the containers open at this point. */
typedef struct S_w {
	pol_buf *buf;      /* append here, or */
	FILE *f;           /* write here, through chunk */
	char chunk[1 << 16]; /* bytes not yet appended to buf or written to f */
	size_t nchunk;
	bool failed;       /* a write to f failed */
	size_t depth;      /* containers open */
	size_t count[S_MAX_DEPTH]; /* members written in each */
	char close[S_MAX_DEPTH];   /* '}' or ']' */
	json_t *js;        /* one jansson string, reused to escape strings that need it */
	pol_buf tmp;       /* scratch for a text field */
	const pol_facts *facts;
	const pol_model *m;
} S_w;

/* ---- the writer ---- */

static void S_flush(S_w *w)
{
	if (w->buf)
		pol_buf_put(w->buf, w->chunk, w->nchunk);
	else if (w->nchunk && fwrite(w->chunk, 1, w->nchunk, w->f) != w->nchunk)
		w->failed = true;
	w->nchunk = 0;
}

/* Room for n more bytes in the chunk (n <= its size): where to write them. The caller
 * then adds what it wrote to nchunk. */
S_INLINE char *S_room(S_w *w, size_t n)
{
	if (n > sizeof w->chunk - w->nchunk)
		S_flush(w);
	return w->chunk + w->nchunk;
}

/* A text of more than half the chunk, past the chunk. */
static void S_raw_big(S_w *w, const char *s, size_t n)
{
	S_flush(w);
	if (w->buf)
		pol_buf_put(w->buf, s, n);
	else if (fwrite(s, 1, n, w->f) != n)
		w->failed = true;
}

/* Appends s[0..n) (inlined: most are a few bytes of a literal). */
S_INLINE void S_raw(S_w *w, const char *s, size_t n)
{
	if (n > sizeof w->chunk / 2) {
		S_raw_big(w, s, n);
		return;
	}
	memcpy(S_room(w, n), s, n);
	w->nchunk += n;
}

static void S_lit(S_w *w, const char *s)
{
	S_raw(w, s, strlen(s));
}

#define S_SP32 "                                "
/* A newline and up to 128 levels of indentation. */
static const char S_indent[] = "\n" S_SP32 S_SP32 S_SP32 S_SP32 S_SP32 S_SP32 S_SP32 S_SP32;

/* Writes a newline and the indentation of depth d (at most 128) at q, which has room for
 * 16 bytes more (spaces may be written past the indentation); returns its length. */
S_INLINE size_t S_line_at(char *q, size_t d)
{
	size_t n = 1 + 2 * d;
	q[0] = '\n';
	for (size_t k = 1; k < n; k += 16)
		memcpy(q + k, S_indent + 1, 16);
	return n;
}

/* A newline and the indentation of depth d (two spaces a level). */
S_INLINE void S_newline(S_w *w, size_t d)
{
	size_t top = d < 128 ? d : 128;
	w->nchunk += S_line_at(S_room(w, 1 + 2 * top + 16), top);
	for (; d > 128; d--)
		S_raw(w, "  ", 2);
}

/* The slot of the innermost container. The bundle nests at most a few levels per node
 * kind, far below S_MAX_DEPTH; deeper levels would share the last slot. */
S_INLINE size_t S_slot(const S_w *w)
{
	return w->depth <= S_MAX_DEPTH ? w->depth - 1 : S_MAX_DEPTH - 1;
}

/* Before a member of the innermost container: the comma and the line it starts. */
S_INLINE void S_sep(S_w *w)
{
	if (!w->depth)
		return;
	if (w->count[S_slot(w)]++)
		S_raw(w, ",", 1);
	S_newline(w, w->depth);
}

/* Opens an object ('{') or array ('['), the value of the current key or item. */
static void S_open(S_w *w, char c)
{
	*S_room(w, 1) = c;
	w->nchunk++;
	w->depth++;
	w->count[S_slot(w)] = 0;
	w->close[S_slot(w)] = c == '{' ? '}' : ']';
}

/* Closes the innermost container: on a line of its own unless it is empty. */
static void S_close(S_w *w)
{
	size_t d = S_slot(w);
	w->depth--;
	if (w->count[d])
		S_newline(w, w->depth);
	*S_room(w, 1) = w->close[d];
	w->nchunk++;
}

/* The next item of the innermost array. */
S_INLINE void S_item(S_w *w)
{
	S_sep(w);
}

/* A member's key; its value follows. Keys are literals of this file: no escape. The
 * comma, the line and its indentation are written with the key, into one room. */
S_INLINE size_t S_key_at(char *q, const char *key, size_t n)
{
	q[0] = '"';
	memcpy(q + 1, key, n);
	memcpy(q + 1 + n, "\": ", 3);
	return n + 4;
}

S_INLINE void S_key(S_w *w, const char *key)
{
	size_t n = strlen(key), d = w->depth;
	if (!d || d > 128) {
		S_sep(w);
		w->nchunk += S_key_at(S_room(w, n + 4), key, n);
		return;
	}
	char *p = S_room(w, 1 + (1 + 2 * d) + 16 + n + 4), *q = p;
	if (w->count[S_slot(w)]++)
		*q++ = ',';
	q += S_line_at(q, d);
	w->nchunk += (size_t)(q - p) + S_key_at(q, key, n);
}

static int S_dump_cb(const char *s, size_t n, void *data)
{
	S_raw(data, s, n);
	return 0;
}

static bool S_escaped_byte(unsigned char c)
{
	return c == '"' || c == '\\' || c < 0x20;
}

/* Copies s[0..n) to d and says whether it holds a byte jansson escapes: '"', '\\' or a
 * control character. With SSE2, sixteen bytes at a time, the last sixteen overlapping the
 * ones before; each block is checked as it is loaded, never read back from d, whose
 * bytes the processor is still storing. */
static bool S_copy_plain(char *d, const char *s, size_t n)
{
#ifdef __SSE2__
	if (n >= 16) {
		const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
		__m128i hit = _mm_setzero_si128();
		for (size_t i = 0;; i += 16) {
			if (i + 16 > n)
				i = n - 16;
			__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
			_mm_storeu_si128((__m128i *)(d + i), x);
			/* x <= 0x1f unsigned: min(x, 0x1f) == x */
			hit = _mm_or_si128(hit, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
			                                     _mm_cmpeq_epi8(_mm_min_epu8(x, ctl), x)));
			if (i + 16 == n)
				break;
		}
		return _mm_movemask_epi8(hit) != 0;
	}
#endif
	if (n >= 4 && n <= 16) {
		/* Two words, overlapping unless n is twice their size, each checked for a byte
		 * equal to '"' or '\\' or below 0x20 (the borrow of the subtractions can mark a
		 * byte above a true hit, never one in a word without one). */
		uint64_t a, b;
		if (n >= 8) {
			memcpy(&a, s, 8);
			memcpy(&b, s + n - 8, 8);
			memcpy(d, &a, 8);
			memcpy(d + n - 8, &b, 8);
		} else {
			uint32_t a4, b4;
			memcpy(&a4, s, 4);
			memcpy(&b4, s + n - 4, 4);
			memcpy(d, &a4, 4);
			memcpy(d + n - 4, &b4, 4);
			/* the high half repeats the low one: the same bytes are checked */
			a = a4 | (uint64_t)a4 << 32;
			b = b4 | (uint64_t)b4 << 32;
		}
		const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
		uint64_t hit = 0;
		for (int w = 0; w < 2; w++) {
			uint64_t x = w ? b : a, q = x ^ (ones * '"'), e = x ^ (ones * '\\');
			hit |= ((q - ones) & ~q) | ((e - ones) & ~e) | ((x - ones * 0x20) & ~x);
		}
		return (hit & high) != 0;
	}
	bool esc = false;
	for (size_t i = 0; i < n; i++) {
		d[i] = s[i];
		esc |= S_escaped_byte((unsigned char)s[i]);
	}
	return esc;
}

/* A JSON string of s[0..n), escaped as jansson escapes it: a string that needs no
 * escape is copied into the chunk as it is checked. */
static void S_strn(S_w *w, const char *s, size_t n)
{
	if (n + 2 <= sizeof w->chunk / 2) {
		char *p = S_room(w, n + 2);
		p[0] = '"';
		if (!S_copy_plain(p + 1, s, n)) {
			p[n + 1] = '"';
			w->nchunk += n + 2;
			return;
		}
	} else {
		bool plain = true;
		for (size_t i = 0; i < n && plain; i++)
			plain = !S_escaped_byte((unsigned char)s[i]);
		if (plain) {
			S_raw(w, "\"", 1);
			S_raw(w, s, n);
			S_raw(w, "\"", 1);
			return;
		}
	}
	if (!w->js)
		w->js = json_stringn_nocheck(s, n);
	else
		json_string_setn_nocheck(w->js, s, n);
	json_dump_callback(w->js, S_dump_cb, w, JSON_ENCODE_ANY);
}

/* A JSON string of s, or null. */
S_INLINE void S_str(S_w *w, const char *s)
{
	if (s)
		S_strn(w, s, strlen(s));
	else
		S_raw(w, "null", 4);
}

/* An integer, as jansson writes one ("%lld"). */
static void S_int(S_w *w, long long v)
{
	char t[24], *p = t + sizeof t;
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	S_raw(w, p, (size_t)(t + sizeof t - p));
}

static void S_bool(S_w *w, bool v)
{
	if (v)
		S_raw(w, "true", 4);
	else
		S_raw(w, "false", 5);
}

/* Members: key and a value of each kind. */
S_INLINE void S_ks(S_w *w, const char *key, const char *s)
{
	S_key(w, key);
	S_str(w, s);
}

static void S_ki(S_w *w, const char *key, long long v)
{
	S_key(w, key);
	S_int(w, v);
}

static void S_kb(S_w *w, const char *key, bool v)
{
	S_key(w, key);
	S_bool(w, v);
}

/* A member whose value is a small jansson value (consumed), laid out in place. */
static void S_kjson(S_w *w, const char *key, json_t *v)
{
	S_key(w, key);
	char *s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_INDENT(2) | JSON_ENCODE_ANY);
	json_decref(v);
	for (const char *p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		if (!nl) {
			S_lit(w, p);
			break;
		}
		S_raw(w, p, (size_t)(nl - p));
		S_newline(w, w->depth);
		p = nl + 1;
	}
	free(s);
}

/* ---- text fields ---- */

/* Appends s[0..n) with every placeholder replaced by its inline's text, through put
 * (the text as is, or escaped). Placeholders start with the byte 0xEE (U+E000). */
static void S_subst(pol_buf *b, const pol_prose *p, const char *s, size_t n, void (*put)(pol_buf *, const char *))
{
	size_t i = 0;
	while (i < n) {
		const char *e = memchr(s + i, '\xEE', n - i);
		size_t run = e ? (size_t)(e - (s + i)) : n - i;
		pol_buf_put(b, s + i, run);
		i += run;
		if (i == n)
			break;
		size_t idx, k = pol_placeholder_at(s + i, n - i, &idx);
		if (k && idx < p->ninl) {
			put(b, p->inl[idx].text ? p->inl[idx].text : "");
			i += k;
		} else {
			pol_buf_putc(b, s[i++]);
		}
	}
}

static void S_put_plain(pol_buf *b, const char *s)
{
	pol_buf_puts(b, s);
}

/* Text an inline shows, escaped so CommonMark reads it literally. */
static void S_put_md_literal(pol_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\\': case '`': case '*': case '_': case '[': case ']': case '<': case '>': case '&':
			pol_buf_putc(b, '\\');
			break;
		default:
			break;
		}
		pol_buf_putc(b, *s);
	}
}

/* Plain paragraphs (pol_prose_is_plain) without cmark: lines of one paragraph run
 * together (a soft break shows nothing), paragraphs are separated by one newline. False
 * (b unchanged) when md holds anything else. */
static bool S_plain_fast(pol_buf *b, const pol_prose *p)
{
	if (!pol_prose_is_plain(p))
		return false;
	pol_plain_lines it;
	pol_plain_start(&it, p);
	const char *line;
	size_t n;
	int what;
	bool first = true;
	while ((what = pol_plain_next(&it, &line, &n))) {
		if (what == 1 && !first)
			pol_buf_putc(b, '\n');
		first = false;
		S_subst(b, p, line, n, S_put_plain);
	}
	return true;
}

void pol_bundle_plain(pol_buf *b, const pol_prose *p)
{
	pol_buf_put(b, "", 0);
	if (!p || !p->md || S_plain_fast(b, p))
		return;
	char *t = pol_prose_plain(p);
	pol_buf_puts(b, t);
	free(t);
}

/* The prose's CommonMark source with every placeholder replaced by what it shows. */
static void S_markdown(pol_buf *b, const pol_prose *p)
{
	pol_buf_put(b, "", 0);
	if (!p || !p->md)
		return;
	S_subst(b, p, p->md, p->mdlen, S_put_md_literal);
	while (b->len && b->data[b->len - 1] == '\n')
		b->data[--b->len] = 0;
}

/* Whether the plain text of p is md, the CommonMark text S_markdown made of it: for plain
 * prose of one line whose inlines show nothing CommonMark would escape, both are that
 * line with each placeholder replaced by its inline's text (pol_bundle_plain drops
 * nothing from it and joins no lines). */
static bool S_plain_is_md(const pol_prose *p, const pol_buf *md)
{
	if (!p || !p->md || !pol_prose_is_plain(p) || (md->len && md->data[0] == '\n') ||
	    memchr(md->data, '\n', md->len))
		return false;
	for (size_t i = 0; i < p->ninl; i++)
		if (p->inl[i].text && strpbrk(p->inl[i].text, "\\`*_[]<>&"))
			return false;
	return true;
}

/* Member key: the plain text of p. */
static void S_ktext(S_w *w, const char *key, const pol_prose *p)
{
	w->tmp.len = 0;
	pol_bundle_plain(&w->tmp, p);
	S_key(w, key);
	S_strn(w, w->tmp.data, w->tmp.len);
}

/* ---- reading ahead ----
 *
 * Lists of keys (a measure's rules, a rule's procedures, a clause's rules …) name nodes
 * all over the model, and at 10x the model no longer fits in the processor's caches: each
 * key would wait first for its node, then for its string. Item i asks for the node of
 * item i + 16 and for the key of item i + 8, whose node has arrived by then. */
enum { S_AHEAD_NODE = 16, S_AHEAD_KEY = 8 };

S_INLINE void S_ahead(pol_node *const *v, size_t n, size_t i)
{
	if (i + S_AHEAD_NODE < n)
		__builtin_prefetch(v[i + S_AHEAD_NODE]);
	if (i + S_AHEAD_KEY < n)
		__builtin_prefetch(v[i + S_AHEAD_KEY]->key);
}

/* ---- lists ---- */

static void S_keys(S_w *w, const char *key, pol_node *const *v, size_t n)
{
	S_key(w, key);
	S_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		S_ahead(v, n, i);
		S_item(w);
		S_str(w, v[i]->key);
	}
	S_close(w);
}

static void S_list_keys(S_w *w, const char *key, pol_nodes l)
{
	S_keys(w, key, l.v, l.n);
}

static void S_role_ids(S_w *w, const char *key, pol_role *const *v, size_t n)
{
	S_key(w, key);
	S_open(w, '[');
	for (size_t i = 0; i < n; i++) {
		S_item(w);
		S_str(w, v[i]->id);
	}
	S_close(w);
}

/* Framework clauses by key ("guideline:4.1"). */
static void S_clause_keys(S_w *w, const char *key, pol_clauses l)
{
	S_key(w, key);
	S_open(w, '[');
	for (size_t i = 0; i < l.n; i++) {
		S_item(w);
		S_str(w, l.v[i]->key);
	}
	S_close(w);
}

static size_t S_ix(const S_w *w, const pol_node *n)
{
	return pol_facts_index(w->facts, n);
}

/* ---- sections ---- */

static json_t *S_policy(const pol_model *m)
{
	json_t *o = json_object();
	pol_json_set(o, "id", pol_json_str(m->id));
	pol_json_set(o, "title", pol_json_str(m->title));
	pol_json_set(o, "organization", pol_json_str(m->organization));
	pol_json_set(o, "issued", pol_json_str(m->issued));
	pol_json_set(o, "issued_era", pol_json_str(m->issued_era));
	pol_json_set(o, "numbering", json_string(m->numbering == POL_NUM_REIKI ? "reiki" : "guideline"));
	return o;
}

static json_t *S_revision(const pol_model *m)
{
	json_t *o = json_object();
	pol_json_set(o, "in_repo", json_boolean(m->rev.in_repo));
	pol_json_set(o, "commit", pol_json_str(m->rev.commit));
	pol_json_set(o, "short_commit", pol_json_str(m->rev.short_commit));
	pol_json_set(o, "date", pol_json_str(m->rev.date));
	pol_json_set(o, "dirty", json_boolean(m->rev.dirty));
	pol_json_set(o, "source_digest", pol_json_str(m->digest));
	return o;
}

static void S_roles(S_w *w, const pol_model *m)
{
	S_key(w, "roles");
	S_open(w, '[');
	for (size_t i = 0; i < m->nroles; i++) {
		const pol_role *r = m->roles[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", r->id);
		S_ks(w, "title", r->title);
		S_ks(w, "visibility", pol_vis_name(r->vis));
		S_close(w);
	}
	S_close(w);
}

static void S_terms(S_w *w, const pol_model *m)
{
	S_key(w, "terms");
	S_open(w, '[');
	for (size_t i = 0; i < m->nterms; i++) {
		const pol_term *t = m->terms[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", t->id);
		S_ks(w, "title", t->title);
		S_ks(w, "definition", t->def_text);
		S_ks(w, "visibility", pol_vis_name(t->vis));
		S_close(w);
	}
	S_close(w);
}

static void S_params(S_w *w, const pol_model *m)
{
	S_key(w, "parameters");
	S_open(w, '[');
	for (size_t i = 0; i < m->nparams; i++) {
		const pol_param *p = m->params[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", p->id);
		S_ks(w, "type", pol_param_type_name(p->type));
		S_ks(w, "value", p->value);
		if (p->unit)
			S_ks(w, "unit", p->unit);
		S_ks(w, "display", p->display);
		S_ks(w, "visibility", pol_vis_name(p->vis));
		S_close(w);
	}
	S_close(w);
}

/* Threats, or measures (with what they counter). */
static void S_semantic(S_w *w, const char *key, pol_nodes l, bool measures)
{
	S_key(w, key);
	S_open(w, '[');
	for (size_t i = 0; i < l.n; i++) {
		const pol_node *n = l.v[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", n->key);
		S_ks(w, "number", n->ref);
		S_ks(w, "title", n->title);
		S_ktext(w, "text", n->body);
		if (measures)
			S_keys(w, "counters", n->counters, n->ncounters);
		S_close(w);
	}
	S_close(w);
}

/* The tree is written in document order, the order of m->nodes: the node eight places
 * on is asked for, and the strings of the one four places on. (Always inlined, as
 * S_ahead: GCC drops a call to a function that only prefetches.) */
S_INLINE void S_tree_ahead(const S_w *w, const pol_node *n)
{
	const pol_model *m = w->m;
	size_t i = n->index;
	if (i >= m->nnodes || m->nodes[i] != n)
		return;
	if (i + 8 < m->nnodes)
		__builtin_prefetch(m->nodes[i + 8]);
	if (i + 4 < m->nnodes) {
		const pol_node *a = m->nodes[i + 4];
		__builtin_prefetch(a->key);
		__builtin_prefetch(a->num);
		__builtin_prefetch(a->ref);
		__builtin_prefetch(a->title);
	}
}

static void S_tree(S_w *w, const pol_node *n)
{
	S_tree_ahead(w, n);
	S_open(w, '{');
	S_ks(w, "key", n->key);
	S_ks(w, "id", n->id);
	S_ks(w, "kind", pol_kind_name(n->kind));
	S_ks(w, "number", n->num);
	S_ks(w, "ref", n->ref);
	S_ks(w, "title", n->title);
	S_ks(w, "visibility", pol_vis_name(n->vis));
	if (n->deleted) /* 第5条　削除: how many numbers it stands for (docs/reiki.md) */
		S_ki(w, "deleted", n->deleted);
	if (n->kind == POL_DOCUMENT) {
		S_ks(w, "tier", pol_tier_name(n->tier));
		S_ks(w, "summary", pol_more(n)->summary);
		S_kb(w, "withheld", n->withheld);
		S_ks(w, "notice", n->withheld ? pol_more(n)->notice : NULL);
	}
	S_key(w, "children");
	S_open(w, '[');
	for (size_t i = 0; i < n->nkids; i++) {
		S_item(w);
		S_tree(w, n->kids[i]);
	}
	S_close(w);
	S_close(w);
}

static void S_documents(S_w *w, const pol_model *m)
{
	S_key(w, "documents");
	S_open(w, '[');
	for (size_t i = 0; i < m->ndocs; i++) {
		S_item(w);
		S_tree(w, m->docs[i]);
	}
	S_close(w);
}

/* The nodes inside a rule that are not rules themselves (its ア, イ …), in order. */
static void S_parts(S_w *w, const pol_node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->sem & POL_SEM_RULE)
			continue;
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", k->key);
		S_ks(w, "number", k->ref);
		S_ks(w, "title", k->title);
		S_ktext(w, "text", k->body);
		S_close(w);
		S_parts(w, k);
	}
}

static void S_source(S_w *w, const pol_node *n)
{
	S_key(w, "source");
	if (!n->span.file) {
		S_raw(w, "null", 4);
		return;
	}
	/* the line only: pol_file_linecol would count the column's characters too */
	const pol_file *f = n->span.file;
	size_t line = pol_file_line_index(f, n->span.begin < f->len ? n->span.begin : f->len) + 1;
	S_open(w, '{');
	S_ks(w, "file", f->rel);
	S_ki(w, "line", (long long)line);
	S_close(w);
}

static void S_checks(S_w *w, const pol_node *n)
{
	S_key(w, "checks");
	S_open(w, '[');
	for (size_t i = 0; i < n->nchecks; i++) {
		const pol_check *c = n->checks[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", c->id);
		S_ktext(w, "question", c->question);
		S_ks(w, "evidence", c->evidence);
		S_ks(w, "frequency", c->every);
		S_ks(w, "frequency_ja", c->every_ja);
		S_close(w);
	}
	S_close(w);
}

static void S_rule(S_w *w, const pol_node *n)
{
	size_t i = S_ix(w, n);
	const pol_node *doc = pol_facts_document(w->facts, i);
	S_open(w, '{');
	S_ks(w, "id", n->key);
	S_ks(w, "number", n->ref);
	S_ks(w, "title", n->title);
	S_ks(w, "level", n->level ? pol_level_name(n->level) : NULL);
	S_role_ids(w, "applies", n->applies, n->napplies);
	S_ks(w, "owner", n->owner ? n->owner->id : NULL);
	S_list_keys(w, "implements", pol_facts_implements(w->facts, i));
	S_list_keys(w, "counters", pol_facts_counters(w->facts, i));
	S_clause_keys(w, "maps", pol_facts_maps(w->facts, i));
	S_ks(w, "visibility", pol_vis_name(n->vis));
	S_ks(w, "document", doc ? doc->key : NULL);
	w->tmp.len = 0;
	S_markdown(&w->tmp, n->body);
	S_key(w, "text_markdown");
	S_strn(w, w->tmp.data, w->tmp.len);
	if (S_plain_is_md(n->body, &w->tmp)) {
		S_key(w, "text");
		S_strn(w, w->tmp.data, w->tmp.len);
	} else {
		S_ktext(w, "text", n->body);
	}
	S_key(w, "parts");
	S_open(w, '[');
	S_parts(w, n);
	S_close(w);
	S_source(w, n);
	S_checks(w, n);
	S_close(w);
}

static void S_rules(S_w *w)
{
	pol_nodes rules = pol_facts_rules(w->facts);
	S_key(w, "rules");
	S_open(w, '[');
	for (size_t i = 0; i < rules.n; i++) {
		S_item(w);
		S_rule(w, rules.v[i]);
	}
	S_close(w);
}

static void S_procedures(S_w *w)
{
	pol_nodes procs = pol_facts_procedures(w->facts);
	S_key(w, "procedures");
	S_open(w, '[');
	for (size_t i = 0; i < procs.n; i++) {
		const pol_node *n = procs.v[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", n->key);
		S_ks(w, "number", n->ref);
		S_ks(w, "title", n->title);
		S_list_keys(w, "implements", pol_facts_implements(w->facts, S_ix(w, n)));
		S_ktext(w, "text", n->body);
		S_key(w, "steps");
		S_open(w, '[');
		for (size_t k = 0; k < n->nkids; k++) {
			const pol_node *s = n->kids[k];
			if (!(s->sem & POL_SEM_STEP))
				continue;
			S_item(w);
			S_open(w, '{');
			S_ks(w, "id", s->key);
			S_ks(w, "number", s->ref);
			S_ks(w, "role", s->role ? s->role->id : NULL);
			S_ktext(w, "text", s->body);
			S_close(w);
		}
		S_close(w);
		S_close(w);
	}
	S_close(w);
}

/* One rule under a threat: its key, whether it counters the threat (under a measure
 * only: counters < 0 leaves it out), and its procedures. */
static void S_trace_rule(S_w *w, const pol_node *rule, int counters)
{
	S_item(w);
	S_open(w, '{');
	S_ks(w, "rule", rule->key);
	if (counters >= 0)
		S_kb(w, "counters", counters);
	S_list_keys(w, "procedures", pol_facts_procedures_of(w->facts, S_ix(w, rule)));
	S_close(w);
}

/* threat → measures (countering it, or implemented by a rule countering it) → the
 * rules implementing each measure → the procedures implementing each rule. Rules that
 * counter the threat but implement no measure are listed under the threat itself. */
static void S_traceability(S_w *w)
{
	const pol_facts *f = w->facts;
	pol_nodes threats = pol_facts_threats(f);
	S_key(w, "traceability");
	S_open(w, '[');
	for (size_t t = 0; t < threats.n; t++) {
		const pol_node *th = threats.v[t];
		size_t ti = S_ix(w, th);
		S_item(w);
		S_open(w, '{');
		S_ks(w, "threat", th->key);
		S_key(w, "measures");
		S_open(w, '[');
		pol_nodes ms = pol_facts_threat_measures(f, ti);
		for (size_t k = 0; k < ms.n; k++) {
			S_item(w);
			S_open(w, '{');
			S_ks(w, "measure", ms.v[k]->key);
			S_key(w, "rules");
			S_open(w, '[');
			pol_nodes rv = pol_facts_rules_of(f, S_ix(w, ms.v[k]));
			for (size_t r = 0; r < rv.n; r++) {
				S_ahead(rv.v, rv.n, r);
				S_trace_rule(w, rv.v[r], pol_facts_rule_counters(f, S_ix(w, rv.v[r]), th));
			}
			S_close(w);
			S_close(w);
		}
		S_close(w);
		S_key(w, "rules");
		S_open(w, '[');
		pol_nodes direct = pol_facts_threat_rules(f, ti);
		for (size_t r = 0; r < direct.n; r++) {
			S_ahead(direct.v, direct.n, r);
			S_trace_rule(w, direct.v[r], -1);
		}
		S_close(w);
		S_close(w);
	}
	S_close(w);
}

static void S_coverage(S_w *w)
{
	const pol_coverage *c = pol_facts_coverage(w->facts);
	S_key(w, "coverage");
	S_open(w, '{');
	S_ki(w, "measures_total", (long long)c->measures);
	S_ki(w, "measures_implemented", (long long)c->measures_implemented);
	S_ki(w, "threats_total", (long long)c->threats);
	S_ki(w, "threats_countered", (long long)c->threats_countered);
	S_ki(w, "must_rules", (long long)c->must_rules);
	S_ki(w, "must_rules_with_checks", (long long)c->must_rules_with_checks);
	S_ki(w, "rules_total", (long long)c->rules);
	S_ki(w, "checks_total", (long long)c->checks);
	S_close(w);
}

/* The frameworks the edition lists, each clause with the rules mapped to it (1.1). */
static void S_frameworks(S_w *w, const pol_model *m)
{
	S_key(w, "frameworks");
	S_open(w, '[');
	for (size_t i = 0; i < m->nframeworks; i++) {
		const pol_framework *fw = m->frameworks[i];
		S_item(w);
		S_open(w, '{');
		S_ks(w, "id", fw->id);
		S_ks(w, "title", fw->title);
		S_ks(w, "edition", fw->edition);
		S_ks(w, "file", fw->file);
		S_ki(w, "clauses_total", (long long)fw->nclauses);
		S_ki(w, "clauses_mapped", (long long)pol_facts_framework_covered(w->facts, fw));
		S_key(w, "clauses");
		S_open(w, '[');
		for (size_t k = 0; k < fw->nclauses; k++) {
			const pol_clause *c = fw->clauses[k];
			S_item(w);
			S_open(w, '{');
			S_ks(w, "id", c->id);
			S_ks(w, "key", c->key);
			S_ks(w, "title", c->title);
			S_list_keys(w, "rules", pol_facts_clause_rules(w->facts, c));
			S_close(w);
		}
		S_close(w);
		S_key(w, "unmapped");
		S_open(w, '[');
		for (size_t k = 0; k < fw->nclauses; k++)
			if (!pol_facts_clause_rules(w->facts, fw->clauses[k]).n) {
				S_item(w);
				S_str(w, fw->clauses[k]->key);
			}
		S_close(w);
		S_close(w);
	}
	S_close(w);
}

/* The whole bundle through w. */
static void S_bundle(S_w *w, const pol_model *m)
{
	pol_facts *own = m->facts ? NULL : pol_facts_new(m);
	w->facts = m->facts ? m->facts : own;
	w->m = m;
	S_open(w, '{');
	S_key(w, "format");
	S_open(w, '{');
	S_ks(w, "name", POL_BUNDLE_NAME);
	S_ks(w, "version", POL_BUNDLE_VERSION);
	S_close(w);
	S_kjson(w, "policy", S_policy(m));
	char *ed = m->edition == POL_ED_FULL ? NULL : pol_edition_name(m);
	S_ks(w, "edition", ed ? ed : "full");
	free(ed);
	S_kjson(w, "revision", S_revision(m));
	S_roles(w, m);
	S_terms(w, m);
	S_params(w, m);
	S_semantic(w, "threats", pol_facts_threats(w->facts), false);
	S_semantic(w, "measures", pol_facts_measures(w->facts), true);
	S_documents(w, m);
	S_rules(w);
	S_procedures(w);
	S_traceability(w);
	S_coverage(w);
	S_frameworks(w, m);
	S_close(w);
	S_raw(w, "\n", 1);
	json_decref(w->js);
	pol_buf_free(&w->tmp);
	pol_facts_free(own);
}

char *pol_bundle_render(const pol_model *m)
{
	pol_buf b = {0};
	S_w *w = pol_xcalloc(1, sizeof *w);
	w->buf = &b;
	S_bundle(w, m);
	S_flush(w);
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

int pol_bundle_write_into(const pol_model *m, const char *dir)
{
	char *path = pol_xasprintf("%s/bundle.json", dir);
	FILE *f = pol_fopen_over(path);
	int rc = f && pol_bundle_write(m, f) == 0 ? 0 : -1;
	if (f && pol_fclose_over(f) != 0)
		rc = -1;
	free(path);
	return rc;
}
