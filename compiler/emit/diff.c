/* diff.c — 新旧対照表 and change set: two edition models aligned node by node.
 *
 * Alignment never goes by line: nodes with an id align by key through the models'
 * key maps; the anonymous children of two aligned nodes are matched by content
 * (equal texts in order, then position or similarity between those anchors), so an
 * inserted paragraph leaves its neighbours aligned with themselves. A node is
 * added, removed, moved (its parent differs), renumbered (same parent, other
 * number), has its text changed, or changes what it requires: a rule's level,
 * applies, owner, implements, counters, a step's role, the visibility, its checks
 * (added, removed, question, evidence or frequency changed). Roles, terms declared
 * outside the documents and parameters are compared as definition rows; a parameter
 * row lists where it is used, and those rows' texts show the new value, since a
 * node's text shows parameters by value.
 *
 * Rows follow the new model's tree; the children of a node are merged with the old
 * children of its counterpart, so a removed node appears where it stood (after the
 * old sibling that precedes it). The character diff (textdiff.c, Myers with a
 * cut-off) runs only on texts that differ. Unchanged rows fold into 「（略）」,
 * except the headings above a change, which stay for context.
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

/* Alignment keys. A node with an id aligns by its model key. The anonymous children
 * of two aligned nodes are matched by content (S_match_anon) and a matched pair
 * shares the key "<parent's alignment key>/<kind>:<n>"; an anonymous node left
 * unmatched gets a key of its own side ("+" new, "-" old), so it reads as added or
 * removed. Only nodes of the edition models take part: in a public diff an internal
 * paragraph added before a public one changes nothing the public diff can see. */
typedef struct S_align {
	pol_map *by_akey; /* alignment key -> node */
	pol_map *akey_of; /* model key -> alignment key; both maps lend their keys */
	pol_vec owned;    /* char*: the alignment keys */
} S_align;

typedef struct S_ctx {
	pol_diff *d;
	size_t cap;
	pol_map *old_pos; /* old key -> index among its siblings + 1 */
	S_align old_a, new_a;
	/* per side (0 old, 1 new), node key (lent) -> its body as plain text and its
	 * title and body as compared, made once (alignment and rows); owned in texts */
	pol_map *body_memo[2], *text_memo[2];
	pol_vec texts;
} S_ctx;

static void S_align_set(S_align *a, const pol_node *n, const char *akey)
{
	char *own = pol_xstrdup(akey);
	pol_vec_push(&a->owned, own);
	pol_map_set(a->by_akey, own, (void *)n);
	pol_map_set(a->akey_of, n->key, own);
}

static void S_align_fini(S_align *a)
{
	pol_map_free(a->by_akey);
	pol_map_free(a->akey_of);
	for (size_t i = 0; i < a->owned.len; i++)
		free(a->owned.items[i]);
	pol_vec_free(&a->owned);
}

/* A node's body as plain text (pol_prose_plain), made once per node. */
static const char *S_body(S_ctx *c, const pol_node *n, bool old)
{
	const char *b = pol_map_get(c->body_memo[!old], n->key);
	if (!b) {
		char *own = pol_prose_plain(n->body);
		pol_vec_push(&c->texts, own);
		pol_map_set(c->body_memo[!old], n->key, own);
		b = own;
	}
	return b;
}

/* Whether two proses read the same without rendering them: the same CommonMark and
 * the same text at each inline (a reference's number, a parameter's value). */
static bool S_prose_same(const pol_prose *a, const pol_prose *b)
{
	if (!a || !b)
		return !a && !b;
	if (!a->md || !b->md || a->mdlen != b->mdlen || memcmp(a->md, b->md, a->mdlen) != 0 ||
	    a->ninl != b->ninl)
		return false;
	for (size_t i = 0; i < a->ninl; i++)
		if (strcmp(a->inl[i].text ? a->inl[i].text : "", b->inl[i].text ? b->inl[i].text : "") != 0)
			return false;
	return true;
}

/* A node's title and body as the alignment of anonymous siblings compares them, made
 * once per node: the title, the CommonMark and the inlines' texts, which are equal
 * exactly when the plain texts are (S_prose_same) and alike when they are, without
 * rendering every anonymous node of both models. */
static const char *S_text(S_ctx *c, const pol_node *n, bool old)
{
	const char *t = pol_map_get(c->text_memo[!old], n->key);
	if (!t) {
		pol_buf b = {0};
		pol_buf_puts(&b, n->title ? n->title : "");
		pol_buf_putc(&b, '\n');
		if (n->body && n->body->md) {
			pol_buf_put(&b, n->body->md, n->body->mdlen);
			for (size_t i = 0; i < n->body->ninl; i++) {
				pol_buf_putc(&b, '\x1f');
				pol_buf_puts(&b, n->body->inl[i].text ? n->body->inl[i].text : "");
			}
		} else if (n->body) {
			pol_buf_puts(&b, S_body(c, n, old));
		}
		char *own = pol_buf_detach(&b);
		pol_vec_push(&c->texts, own);
		pol_map_set(c->text_memo[!old], n->key, own);
		t = own;
	}
	return t;
}

/* How alike two texts are: 2 × common code points / (both lengths), in [0, 1]; the
 * character diff is cut off early for texts far apart (they are then not alike). */
static double S_similarity(const char *a, const char *b, unsigned flags)
{
	size_t la = strlen(a), lb = strlen(b);
	if (!la && !lb)
		return 1;
	pol_diff_span *sp = NULL;
	size_t n = 0;
	size_t ca = pol_utf8_count(a, la), cb = pol_utf8_count(b, lb);
	int rc = pol_textdiff(&sp, &n, a, la, b, lb, flags, (ca + cb) / 2 + 1);
	double sim = 0;
	if (rc == 0) {
		size_t common = 0;
		for (size_t i = 0; i < n; i++)
			if (sp[i].op == POL_DIFF_EQ)
				common += pol_utf8_count(a + sp[i].a_begin, sp[i].a_end - sp[i].a_begin);
		sim = ca + cb ? 2.0 * (double)common / (double)(ca + cb) : 1;
	}
	free(sp);
	return sim;
}

/* The largest number of anonymous siblings matched by content; beyond it (a node
 * with thousands of anonymous children) they are matched by position. */
#define S_MATCH_MAX 2000
/* Two texts at least this alike are one node rewritten, not one removed and one added. */
#define S_ALIKE 0.5

/* Matches the texts ov[0..no) with nv[0..nn): match[j] = index in ov + 1, or 0.
 * 1. equal texts, in order (longest common subsequence);
 * 2. between two such anchors, as many old as new: by position (rewritten in place);
 * 3. otherwise the most alike pairs, in order, when at least S_ALIKE alike.
 * So an inserted item leaves its neighbours aligned with themselves. */
static void S_match_n(const char **ov, const size_t *ol, size_t no, const char **nv, const size_t *nl, size_t nn,
                      unsigned flags, size_t *match);

static void S_match(const char **ov, size_t no, const char **nv, size_t nn, unsigned flags, size_t *match)
{
	size_t *ol = pol_xmalloc((no + 1) * sizeof *ol), *nl = pol_xmalloc((nn + 1) * sizeof *nl);
	for (size_t i = 0; i < no; i++)
		ol[i] = strlen(ov[i]);
	for (size_t j = 0; j < nn; j++)
		nl[j] = strlen(nv[j]);
	S_match_n(ov, ol, no, nv, nl, nn, flags, match);
	free(ol);
	free(nl);
}

/* S_match with the texts' lengths given. */
static void S_match_n(const char **ov, const size_t *ol, size_t no, const char **nv, const size_t *nl, size_t nn,
                      unsigned flags, size_t *match)
{
#define S_EQ(i, j) pol_text_equal(ov[i], ol[i], nv[j], nl[j], flags)
	memset(match, 0, nn * sizeof *match);
	/* Equal texts at both ends (most siblings, most of the time) match at once; only
	 * the middle where something changed goes through the table below. */
	size_t pre = 0, suf = 0;
	while (pre < no && pre < nn && S_EQ(pre, pre)) {
		match[pre] = pre + 1;
		pre++;
	}
	while (suf < no - pre && suf < nn - pre && S_EQ(no - 1 - suf, nn - 1 - suf)) {
		match[nn - 1 - suf] = no - suf;
		suf++;
	}
	if (pre || suf) {
		S_match_n(ov + pre, ol + pre, no - pre - suf, nv + pre, nl + pre, nn - pre - suf, flags, match + pre);
		for (size_t j = pre; j < nn - suf; j++)
			if (match[j])
				match[j] += pre;
		return;
	}
	if (!no || !nn)
		return;
	if (no > S_MATCH_MAX || nn > S_MATCH_MAX) {
		for (size_t j = 0; j < nn && j < no; j++)
			match[j] = j + 1;
		return;
	}
	/* LCS table over equal texts. */
	size_t W = nn + 1;
	unsigned *L = pol_xcalloc((no + 1) * W, sizeof *L);
	for (size_t i = no; i-- > 0;)
		for (size_t j = nn; j-- > 0;) {
			if (S_EQ(i, j))
				L[i * W + j] = L[(i + 1) * W + j + 1] + 1;
			else
				L[i * W + j] = L[(i + 1) * W + j] > L[i * W + j + 1] ? L[(i + 1) * W + j] : L[i * W + j + 1];
		}
	size_t i = 0, j = 0, gi = 0, gj = 0;
	for (;;) {
		bool end = i == no || j == nn;
		bool eq = !end && S_EQ(i, j) && L[i * W + j] == L[(i + 1) * W + j + 1] + 1;
		if (end || eq) {
			/* The gap ov[gi..i) × nv[gj..j) before this anchor (or the end). */
			size_t ei = end ? no : i, ej = end ? nn : j;
			if (ei - gi == ej - gj) {
				for (size_t k = 0; k < ej - gj; k++)
					match[gj + k] = gi + k + 1;
			} else {
				size_t from = gi;
				for (size_t y = gj; y < ej; y++) {
					double best = S_ALIKE;
					size_t at = 0;
					for (size_t x = from; x < ei; x++) {
						double sim = S_similarity(ov[x], nv[y], flags);
						if (sim >= best) {
							best = sim;
							at = x + 1;
						}
					}
					if (at) {
						match[y] = at;
						from = at;
					}
				}
			}
			if (end)
				break;
			match[j] = i + 1;
			i++, j++;
			gi = i, gj = j;
		} else if (L[(i + 1) * W + j] >= L[i * W + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	free(L);
#undef S_EQ
}

/* The anonymous siblings ov, nv matched by their texts (S_match). */
static void S_match_anon(S_ctx *c, const pol_node **ov, size_t no, const pol_node **nv, size_t nn, size_t *match)
{
	const char **ot = pol_xmalloc((no + 1) * sizeof *ot), **nt = pol_xmalloc((nn + 1) * sizeof *nt);
	for (size_t i = 0; i < no; i++)
		ot[i] = S_text(c, ov[i], true);
	for (size_t j = 0; j < nn; j++)
		nt[j] = S_text(c, nv[j], false);
	S_match(ot, no, nt, nn, c->d->flags, match);
	free(ot);
	free(nt);
}

static void S_pair(S_ctx *c, const pol_node *o, const pol_node *n, const char *akey);

/* The anonymous children of kind k of n, in order. */
static size_t S_anon(const pol_node **out, const pol_node *n, pol_kind k)
{
	size_t m = 0;
	for (size_t i = 0; n && i < n->nkids; i++)
		if (!n->kids[i]->id && n->kids[i]->kind == k)
			out[m++] = n->kids[i];
	return m;
}

/* Aligns the new node n (and what lies below it) with the old node o (NULL: none). */
static void S_pair(S_ctx *c, const pol_node *o, const pol_node *n, const char *akey)
{
	S_align_set(&c->new_a, n, akey);
	if (o)
		S_align_set(&c->old_a, o, akey);
	const pol_map *old_keys = c->d->old_m->by_key;
	bool kinds[POL_DOCTABLE + 1] = {0};
	for (size_t k = 0; k < n->nkids; k++) {
		const pol_node *kid = n->kids[k];
		if (kid->id)
			S_pair(c, pol_map_get(old_keys, kid->key), kid, kid->key);
		else if ((unsigned)kid->kind <= POL_DOCTABLE)
			kinds[kid->kind] = true;
	}
	size_t cap = n->nkids + (o ? o->nkids : 0) + 1;
	const pol_node **ov = pol_xmalloc(cap * sizeof *ov), **nv = pol_xmalloc(cap * sizeof *nv);
	size_t *match = pol_xmalloc(cap * sizeof *match);
	for (int k = 0; k <= POL_DOCTABLE; k++) {
		if (!kinds[k])
			continue;
		size_t nn = S_anon(nv, n, (pol_kind)k), no = S_anon(ov, o, (pol_kind)k);
		S_match_anon(c, ov, no, nv, nn, match);
		for (size_t j = 0; j < nn; j++) {
			char *sub = match[j] ? pol_xasprintf("%s/%d:%zu", akey, k, match[j])
			                     : pol_xasprintf("%s/+%d:%zu", akey, k, j + 1);
			S_pair(c, match[j] ? ov[match[j] - 1] : NULL, nv[j], sub);
			free(sub);
		}
	}
	free(ov);
	free(nv);
	free(match);
}

/* Old nodes nothing new aligned with: keys of their own (they are removed). */
static void S_old_only(S_ctx *c, const pol_node *o, const char *pakey, size_t pos)
{
	const char *have = pol_map_get(c->old_a.akey_of, o->key);
	char *mine = NULL;
	if (!have) {
		mine = o->id ? pol_xstrdup(o->key) : pol_xasprintf("%s/-%d:%zu", pakey, (int)o->kind, pos);
		S_align_set(&c->old_a, o, mine);
		have = pol_map_get(c->old_a.akey_of, o->key);
	}
	for (size_t k = 0; k < o->nkids; k++)
		S_old_only(c, o->kids[k], have, k + 1);
	free(mine);
}

static void S_align_all(S_ctx *c)
{
	const pol_model *om = c->d->old_m, *nm = c->d->new_m;
	c->old_a = (S_align){pol_map_new_lent(0), pol_map_new_lent(0), {0}};
	c->new_a = (S_align){pol_map_new_lent(0), pol_map_new_lent(0), {0}};
	for (size_t i = 0; i < nm->ndocs; i++)
		S_pair(c, pol_map_get(om->by_key, nm->docs[i]->key), nm->docs[i], nm->docs[i]->key);
	for (size_t i = 0; i < om->ndocs; i++)
		S_old_only(c, om->docs[i], "", i + 1);
}

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

/* ---- what a node requires --------------------------------------------------------------- */

static void S_join_roles(pol_buf *b, pol_role *const *r, size_t n)
{
	for (size_t i = 0; i < n; i++)
		pol_buf_printf(b, "%s%s", i ? "、" : "", r[i]->title ? r[i]->title : r[i]->id);
}

static void S_join_nodes(pol_buf *b, pol_node *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const pol_node *t = v[i];
		pol_buf_printf(b, "%s%s%s%s", i ? "、" : "", t->ref ? t->ref : "", t->ref && t->title ? " " : "",
		               t->title ? t->title : (t->ref ? "" : t->key));
	}
}

static const char *S_vis_ja(pol_vis v)
{
	return v == POL_PUBLIC ? "公開" : v == POL_INTERNAL ? "内部" : "秘";
}

/* The attribute line of a rule or step as a committee reads it, "" for other nodes:
 * 区分：必須　対象：職員等　責任者：…　実施：…　対処：…; the visibility only when
 * show_vis (it changed). Caller frees. */
static char *S_attr_line(const pol_node *n, bool show_vis)
{
	pol_buf b = {0};
	const char *sep = "";
	if (n && n->level != POL_LEVEL_NONE) {
		pol_buf_printf(&b, "区分：%s", pol_level_ja(n->level));
		sep = "　";
	}
	if (n && n->napplies) {
		pol_buf_printf(&b, "%s対象：", sep);
		S_join_roles(&b, n->applies, n->napplies);
		sep = "　";
	}
	if (n && n->owner) {
		pol_buf_printf(&b, "%s責任者：%s", sep, n->owner->title ? n->owner->title : n->owner->id);
		sep = "　";
	}
	if (n && n->role) {
		pol_buf_printf(&b, "%s担当：%s", sep, n->role->title ? n->role->title : n->role->id);
		sep = "　";
	}
	if (n && n->nimplements) {
		pol_buf_printf(&b, "%s実施する対策：", sep);
		S_join_nodes(&b, n->implements, n->nimplements);
		sep = "　";
	}
	if (n && n->ncounters) {
		pol_buf_printf(&b, "%s対処する脅威：", sep);
		S_join_nodes(&b, n->counters, n->ncounters);
		sep = "　";
	}
	if (n && show_vis)
		pol_buf_printf(&b, "%s公開区分：%s", sep, S_vis_ja(n->vis));
	return b.data ? pol_buf_detach(&b) : pol_xstrdup("");
}

static bool S_roles_same(pol_role *const *a, size_t na, pol_role *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i]->id, b[i]->id) != 0)
			return false;
	return true;
}

static bool S_nodes_same(pol_node *const *a, size_t na, pol_node *const *b, size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i]->key, b[i]->key) != 0)
			return false;
	return true;
}

/* POL_ATTR_* in which o and n differ: by ids and keys, so a renumbered target is no
 * change of what the rule requires. */
static unsigned S_attrs_diff(const pol_node *o, const pol_node *n)
{
	unsigned a = 0;
	if (o->level != n->level)
		a |= POL_ATTR_LEVEL;
	if (!S_roles_same(o->applies, o->napplies, n->applies, n->napplies))
		a |= POL_ATTR_APPLIES;
	if (!S_same(o->owner ? o->owner->id : NULL, n->owner ? n->owner->id : NULL))
		a |= POL_ATTR_OWNER;
	if (!S_same(o->role ? o->role->id : NULL, n->role ? n->role->id : NULL))
		a |= POL_ATTR_ROLE;
	if (!S_nodes_same(o->implements, o->nimplements, n->implements, n->nimplements))
		a |= POL_ATTR_IMPLEMENTS;
	if (!S_nodes_same(o->counters, o->ncounters, n->counters, n->ncounters))
		a |= POL_ATTR_COUNTERS;
	if (o->vis != n->vis)
		a |= POL_ATTR_VIS;
	return a;
}

/* A check as one line: 点検（毎月）：question（証跡：evidence）. Caller frees. */
static char *S_check_text(const pol_check *k)
{
	if (!k)
		return pol_xstrdup("");
	char *q = pol_prose_plain(k->question);
	char *s = pol_xasprintf("点検%s%s%s：%s%s%s%s", k->every_ja ? "（" : "", k->every_ja ? k->every_ja : "",
	                        k->every_ja ? "）" : "", q, k->evidence ? "（証跡：" : "", k->evidence ? k->evidence : "",
	                        k->evidence ? "）" : "");
	free(q);
	return s;
}

/* Whether check k has the id polc gave it (<rule key>.c<N>), which is its position,
 * not a name the author chose. */
static bool S_auto_id(const pol_check *k)
{
	if (!k->rule || !k->id)
		return false;
	size_t n = strlen(k->rule->key);
	return !strncmp(k->id, k->rule->key, n) && !strncmp(k->id + n, ".c", 2) && k->id[n + 2] &&
	       strspn(k->id + n + 2, "0123456789") == strlen(k->id + n + 2);
}

/* The checks of o and n aligned: a check with an id of its own by that id, the others
 * by content as anonymous nodes are (S_match), so a check inserted before others
 * does not make them read as rewritten. In n's order, removed ones where they stood. */
static void S_checks(pol_diff_row *r, const pol_node *o, const pol_node *n, unsigned flags)
{
	size_t no = o ? o->nchecks : 0, nn = n ? n->nchecks : 0;
	if (!no && !nn)
		return;
	r->checks = pol_xcalloc(no + nn + 1, sizeof *r->checks);
	size_t *at = pol_xcalloc(nn + 1, sizeof *at); /* old index + 1, or 0 */
	bool *kept = pol_xcalloc(no + 1, 1);
	char **otext = pol_xcalloc(no + 1, sizeof *otext), **ntext = pol_xcalloc(nn + 1, sizeof *ntext);
	for (size_t i = 0; i < no; i++)
		otext[i] = S_check_text(o->checks[i]);
	for (size_t j = 0; j < nn; j++)
		ntext[j] = S_check_text(n->checks[j]);
	const char **oa = pol_xcalloc(no + 1, sizeof *oa), **na = pol_xcalloc(nn + 1, sizeof *na);
	size_t *oix = pol_xcalloc(no + 1, sizeof *oix), *nix = pol_xcalloc(nn + 1, sizeof *nix);
	size_t noa = 0, nna = 0;
	for (size_t i = 0; i < no; i++)
		if (S_auto_id(o->checks[i]))
			oix[noa] = i, oa[noa++] = otext[i];
	for (size_t j = 0; j < nn; j++) {
		if (S_auto_id(n->checks[j])) {
			nix[nna] = j, na[nna++] = ntext[j];
			continue;
		}
		for (size_t i = 0; i < no; i++)
			if (!S_auto_id(o->checks[i]) && !strcmp(o->checks[i]->id, n->checks[j]->id))
				at[j] = i + 1;
	}
	size_t *m = pol_xcalloc(nna + 1, sizeof *m);
	S_match(oa, noa, na, nna, flags, m);
	for (size_t y = 0; y < nna; y++)
		if (m[y])
			at[nix[y]] = oix[m[y] - 1] + 1;
	for (size_t j = 0; j < nn; j++)
		if (at[j])
			kept[at[j] - 1] = true;
	size_t oi = 0;
	for (size_t j = 0; j < nn; j++) {
		for (; at[j] && oi < at[j] - 1; oi++)
			if (!kept[oi])
				r->checks[r->nchecks++].old = o->checks[oi];
		if (at[j] && oi == at[j] - 1)
			oi++;
		pol_diff_check *c = &r->checks[r->nchecks++];
		c->new = n->checks[j];
		c->old = at[j] ? o->checks[at[j] - 1] : NULL;
	}
	for (; oi < no; oi++)
		if (!kept[oi])
			r->checks[r->nchecks++].old = o->checks[oi];
	for (size_t i = 0; i < no; i++)
		free(otext[i]);
	for (size_t j = 0; j < nn; j++)
		free(ntext[j]);
	free(otext);
	free(ntext);
	free(oa);
	free(na);
	free(oix);
	free(nix);
	free(m);
	free(at);
	free(kept);
	for (size_t i = 0; i < r->nchecks; i++) {
		pol_diff_check *c = &r->checks[i];
		c->old_text = S_check_text(c->old);
		c->new_text = S_check_text(c->new);
		if (c->old && c->new) {
			char *qa = pol_prose_plain(c->old->question), *qb = pol_prose_plain(c->new->question);
			if (!S_text_same(qa, qb, flags))
				c->what |= POL_CHECK_QUESTION;
			free(qa);
			free(qb);
			if (!S_same(c->old->evidence, c->new->evidence))
				c->what |= POL_CHECK_EVIDENCE;
			if (!S_same(c->old->every, c->new->every))
				c->what |= POL_CHECK_FREQUENCY;
		}
	}
}

static bool S_checks_changed(const pol_diff_row *r)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (!r->checks[i].old || !r->checks[i].new || r->checks[i].what)
			return true;
	return false;
}

/* ---- rows ------------------------------------------------------------------------------- */

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
	r->new_title = pol_xstrdup(n && n->title ? n->title : "");
	S_checks(r, o, n, d->flags);
	if (!o) {
		r->changes = POL_CHG_ADDED;
	} else if (!n) {
		r->changes = POL_CHG_REMOVED;
	} else {
		if (!S_text_same(r->old_title, r->new_title, d->flags) ||
		    (!S_prose_same(o->body, n->body) && !S_text_same(S_body(c, o, true), S_body(c, n, false), d->flags)))
			r->changes |= POL_CHG_TEXT;
		if (strcmp(S_pkey(&c->old_a, o), S_pkey(&c->new_a, n)) != 0)
			r->changes |= POL_CHG_MOVED;
		else if (!S_same(o->num, n->num))
			r->changes |= POL_CHG_NUMBER;
		r->attrs = S_attrs_diff(o, n);
		if (r->attrs)
			r->changes |= POL_CHG_ATTRS;
		if (S_checks_changed(r))
			r->changes |= POL_CHG_CHECKS;
	}
	bool vis = (r->attrs & POL_ATTR_VIS) != 0;
	r->old_attrs = S_attr_line(o, vis);
	r->new_attrs = S_attr_line(n, vis);
	return d->nrows++;
}

/* An old node that nothing new aligns with, and its subtree, as removed rows. Old
 * nodes that align with a new one were moved: they show where they are now. */
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

/* ---- roles, terms, parameters -------------------------------------------------------------- */

static char *S_role_text(const pol_role *r)
{
	if (!r)
		return pol_xstrdup("");
	char *desc = pol_prose_plain(r->desc);
	char *s = pol_xasprintf("%s%s%s（%s）", r->title ? r->title : r->id, *desc ? "\n" : "", desc, S_vis_ja(r->vis));
	free(desc);
	return s;
}

static char *S_term_text(const pol_term *t)
{
	if (!t)
		return pol_xstrdup("");
	char *def = t->def ? pol_prose_plain(t->def) : pol_xstrdup(t->def_text ? t->def_text : "");
	char *s = pol_xasprintf("%s%s%s（%s）", t->title ? t->title : t->id, *def ? "\n" : "", def, S_vis_ja(t->vis));
	free(def);
	return s;
}

static char *S_param_text(const pol_param *p)
{
	if (!p)
		return pol_xstrdup("");
	char *desc = pol_prose_plain(p->desc);
	char *s = pol_xasprintf("値：%s（%s）%s%s", p->display ? p->display : (p->value ? p->value : ""), S_vis_ja(p->vis),
	                        *desc ? "\n" : "", desc);
	free(desc);
	return s;
}

static char *S_def_text(pol_def_kind k, const void *x)
{
	return k == POL_DEF_ROLE ? S_role_text(x) : k == POL_DEF_TERM ? S_term_text(x) : S_param_text(x);
}

static void S_def(pol_diff *d, size_t *cap, pol_def_kind kind, const char *id, const void *o, const void *n)
{
	if (d->ndefs == *cap) {
		*cap = *cap ? 2 * *cap : 16;
		d->defs = pol_xrealloc(d->defs, *cap * sizeof *d->defs);
	}
	pol_diff_def *f = &d->defs[d->ndefs++];
	memset(f, 0, sizeof *f);
	f->kind = kind;
	f->id = id;
	f->old = o;
	f->new = n;
	f->old_text = S_def_text(kind, o);
	f->new_text = S_def_text(kind, n);
	if (!o)
		f->changes = POL_CHG_ADDED;
	else if (!n)
		f->changes = POL_CHG_REMOVED;
	else if (!S_text_same(f->old_text, f->new_text, d->flags) ||
	         (kind == POL_DEF_PARAM && (((const pol_param *)o)->type != ((const pol_param *)n)->type ||
	                                    !S_same(((const pol_param *)o)->value, ((const pol_param *)n)->value) ||
	                                    !S_same(((const pol_param *)o)->unit, ((const pol_param *)n)->unit))))
		f->changes = POL_CHG_TEXT;
}

/* Whether prose p uses parameter id. */
static bool S_uses(const pol_prose *p, const char *id)
{
	for (size_t i = 0; p && i < p->ninl; i++)
		if (p->inl[i].kind == POL_IN_PARAM && p->inl[i].param && !strcmp(p->inl[i].param->id, id))
			return true;
	return false;
}

static void S_defs(pol_diff *d)
{
	const pol_model *om = d->old_m, *nm = d->new_m;
	size_t cap = 0;
	/* The new ones in order, then the old ones that are gone. */
	for (size_t i = 0; i < nm->nroles; i++)
		S_def(d, &cap, POL_DEF_ROLE, nm->roles[i]->id, pol_map_get(om->role_by_id, nm->roles[i]->id), nm->roles[i]);
	for (size_t i = 0; i < om->nroles; i++)
		if (!pol_map_get(nm->role_by_id, om->roles[i]->id))
			S_def(d, &cap, POL_DEF_ROLE, om->roles[i]->id, om->roles[i], NULL);
	/* Terms a node defines are compared as that node. */
	for (size_t i = 0; i < nm->nterms; i++) {
		const pol_term *t = nm->terms[i], *ot = pol_map_get(om->term_by_id, t->id);
		if (!t->node && !(ot && ot->node))
			S_def(d, &cap, POL_DEF_TERM, t->id, ot, t);
	}
	for (size_t i = 0; i < om->nterms; i++) {
		const pol_term *t = om->terms[i];
		if (!t->node && !pol_map_get(nm->term_by_id, t->id))
			S_def(d, &cap, POL_DEF_TERM, t->id, t, NULL);
	}
	for (size_t i = 0; i < nm->nparams; i++)
		S_def(d, &cap, POL_DEF_PARAM, nm->params[i]->id, pol_map_get(om->param_by_id, nm->params[i]->id),
		      nm->params[i]);
	for (size_t i = 0; i < om->nparams; i++)
		if (!pol_map_get(nm->param_by_id, om->params[i]->id))
			S_def(d, &cap, POL_DEF_PARAM, om->params[i]->id, om->params[i], NULL);
	/* Where a changed parameter is used: the rows whose text changes with its value. */
	for (size_t i = 0; i < d->ndefs; i++) {
		pol_diff_def *f = &d->defs[i];
		if (f->kind != POL_DEF_PARAM || !f->changes)
			continue;
		for (size_t r = 0; r < d->nrows; r++) {
			const pol_node *n = d->rows[r].new_node ? d->rows[r].new_node : d->rows[r].old_node;
			bool use = S_uses(n->body, f->id);
			for (size_t k = 0; !use && k < n->nchecks; k++)
				use = S_uses(n->checks[k]->question, f->id);
			if (use)
				pol_vec_push(&f->used_in, (void *)n);
		}
	}
}

pol_diff *pol_diff_new(const pol_model *old_m, const pol_model *new_m, unsigned flags)
{
	pol_diff *d = pol_xcalloc(1, sizeof *d);
	d->old_m = old_m;
	d->new_m = new_m;
	d->flags = flags;
	S_ctx c = {.d = d, .old_pos = pol_map_new()};
	for (int k = 0; k < 2; k++) {
		c.body_memo[k] = pol_map_new_lent(0);
		c.text_memo[k] = pol_map_new_lent(0);
	}
	S_align_all(&c);
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
	S_defs(d);

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
		d->attributes += !!(ch & POL_CHG_ATTRS);
		d->checks += !!(ch & POL_CHG_CHECKS);
		if (!ch)
			continue;
		for (size_t p = r->parent; p != POL_DIFF_NO_ROW && !climbed[p]; p = d->rows[p].parent) {
			climbed[p] = true;
			if (!d->rows[p].changes)
				d->rows[p].context = true;
		}
	}
	for (size_t i = 0; i < d->ndefs; i++)
		d->definitions += d->defs[i].changes != 0;
	free(climbed);
	/* Bodies of the rows shown; the others fold into （略） and need none. */
	for (size_t i = 0; i < d->nrows; i++) {
		pol_diff_row *r = &d->rows[i];
		bool shown = r->changes || r->context;
		r->old_body = pol_xstrdup(shown && r->old_node ? S_body(&c, r->old_node, true) : "");
		r->new_body = pol_xstrdup(shown && r->new_node ? S_body(&c, r->new_node, false) : "");
	}
	for (int k = 0; k < 2; k++) {
		pol_map_free(c.body_memo[k]);
		pol_map_free(c.text_memo[k]);
	}
	for (size_t i = 0; i < c.texts.len; i++)
		free(c.texts.items[i]);
	pol_vec_free(&c.texts);
	return d;
}

void pol_diff_free(pol_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nrows; i++) {
		pol_diff_row *r = &d->rows[i];
		free(r->old_title);
		free(r->old_body);
		free(r->new_title);
		free(r->new_body);
		free(r->old_attrs);
		free(r->new_attrs);
		for (size_t k = 0; k < r->nchecks; k++) {
			free(r->checks[k].old_text);
			free(r->checks[k].new_text);
		}
		free(r->checks);
	}
	free(d->rows);
	for (size_t i = 0; i < d->ndefs; i++) {
		free(d->defs[i].old_text);
		free(d->defs[i].new_text);
		pol_vec_free(&d->defs[i].used_in);
	}
	free(d->defs);
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

static json_t *S_roles_json(pol_role *const *r, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(r[i]->id));
	return a;
}

static json_t *S_keys_json(pol_node *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]->key));
	return a;
}

/* The value of attribute bit of n as JSON; null when n is absent or has none. */
static json_t *S_attr_value(const pol_node *n, unsigned bit)
{
	if (!n)
		return json_null();
	switch (bit) {
	case POL_ATTR_LEVEL:
		return n->level != POL_LEVEL_NONE ? json_string(pol_level_name(n->level)) : json_null();
	case POL_ATTR_APPLIES:
		return n->napplies ? S_roles_json(n->applies, n->napplies) : json_null();
	case POL_ATTR_OWNER:
		return n->owner ? json_string(n->owner->id) : json_null();
	case POL_ATTR_ROLE:
		return n->role ? json_string(n->role->id) : json_null();
	case POL_ATTR_IMPLEMENTS:
		return n->nimplements ? S_keys_json(n->implements, n->nimplements) : json_null();
	case POL_ATTR_COUNTERS:
		return n->ncounters ? S_keys_json(n->counters, n->ncounters) : json_null();
	default:
		return json_string(pol_vis_name(n->vis));
	}
}

static const struct {
	unsigned bit;
	const char *name;
} S_attr_names[] = {
	{POL_ATTR_LEVEL, "level"},           {POL_ATTR_APPLIES, "applies"},   {POL_ATTR_OWNER, "owner"},
	{POL_ATTR_ROLE, "role"},             {POL_ATTR_IMPLEMENTS, "implements"}, {POL_ATTR_COUNTERS, "counters"},
	{POL_ATTR_VIS, "visibility"},
};

/* The attributes that changed, or, for an added or removed node, those it has. */
static json_t *S_attrs_json(const pol_diff_row *r)
{
	json_t *a = json_array();
	const pol_node *o = r->old_node, *n = r->new_node;
	for (size_t i = 0; i < sizeof S_attr_names / sizeof *S_attr_names; i++) {
		unsigned bit = S_attr_names[i].bit;
		json_t *ov = S_attr_value(o, bit), *nv = S_attr_value(n, bit);
		bool want = (o && n) ? (r->attrs & bit) != 0 : bit != POL_ATTR_VIS && !(json_is_null(ov) && json_is_null(nv));
		if (!want) {
			json_decref(ov);
			json_decref(nv);
			continue;
		}
		json_t *e = json_object();
		json_object_set_new(e, "name", json_string(S_attr_names[i].name));
		json_object_set_new(e, "old", ov);
		json_object_set_new(e, "new", nv);
		json_array_append_new(a, e);
	}
	return a;
}

static json_t *S_check_json(const pol_check *k)
{
	if (!k)
		return json_null();
	json_t *o = json_object();
	pol_json_set(o, "question", pol_json_take(pol_prose_plain(k->question)));
	json_object_set_new(o, "evidence", pol_json_str(k->evidence));
	json_object_set_new(o, "frequency", pol_json_str(k->every));
	return o;
}

static json_t *S_checks_json(const pol_diff_row *r)
{
	json_t *a = json_array();
	for (size_t i = 0; i < r->nchecks; i++) {
		const pol_diff_check *c = &r->checks[i];
		if (c->old && c->new && !c->what)
			continue;
		json_t *e = json_object();
		json_object_set_new(e, "id", json_string((c->new ? c->new : c->old)->id));
		json_object_set_new(e, "change", json_string(!c->old ? "added" : !c->new ? "removed" : "modified"));
		json_t *what = json_array();
		if (c->what & POL_CHECK_QUESTION)
			json_array_append_new(what, json_string("question"));
		if (c->what & POL_CHECK_EVIDENCE)
			json_array_append_new(what, json_string("evidence"));
		if (c->what & POL_CHECK_FREQUENCY)
			json_array_append_new(what, json_string("frequency"));
		json_object_set_new(e, "changed", what);
		json_object_set_new(e, "old", S_check_json(c->old));
		json_object_set_new(e, "new", S_check_json(c->new));
		json_array_append_new(a, e);
	}
	return a;
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
	json_object_set_new(e, "attributes", S_attrs_json(r));
	json_object_set_new(e, "checks", S_checks_json(r));
	return e;
}

static const char *S_def_kind_name(pol_def_kind k)
{
	return k == POL_DEF_ROLE ? "role" : k == POL_DEF_TERM ? "term" : "parameter";
}

static json_t *S_def_side(const pol_diff_def *f, const void *x, const char *text)
{
	if (!x)
		return json_null();
	json_t *o = json_object();
	if (f->kind == POL_DEF_PARAM) {
		const pol_param *p = x;
		json_object_set_new(o, "type", json_string(pol_param_type_name(p->type)));
		json_object_set_new(o, "value", pol_json_str(p->value));
		json_object_set_new(o, "unit", pol_json_str(p->unit));
		json_object_set_new(o, "display", pol_json_str(p->display));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(p->vis)));
	} else if (f->kind == POL_DEF_ROLE) {
		const pol_role *r = x;
		json_object_set_new(o, "title", pol_json_str(r->title));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(r->vis)));
	} else {
		const pol_term *t = x;
		json_object_set_new(o, "title", pol_json_str(t->title));
		json_object_set_new(o, "visibility", json_string(pol_vis_name(t->vis)));
	}
	json_object_set_new(o, "text", pol_json_str(text));
	return o;
}

static json_t *S_def_json(const pol_diff_def *f)
{
	json_t *e = json_object();
	json_object_set_new(e, "kind", json_string(S_def_kind_name(f->kind)));
	json_object_set_new(e, "id", json_string(f->id));
	json_object_set_new(e, "change", json_string(f->changes & POL_CHG_ADDED     ? "added"
	                                             : f->changes & POL_CHG_REMOVED ? "removed"
	                                                                            : "modified"));
	json_object_set_new(e, "old", S_def_side(f, f->old, f->old_text));
	json_object_set_new(e, "new", S_def_side(f, f->new, f->new_text));
	json_t *used = json_array();
	for (size_t i = 0; i < f->used_in.len; i++)
		json_array_append_new(used, json_string(((const pol_node *)f->used_in.items[i])->key));
	json_object_set_new(e, "used_in", used);
	return e;
}

static json_t *S_side_json(const char *rev, const pol_model *m, const char *draft)
{
	json_t *s = json_object();
	json_object_set_new(s, "rev", pol_json_str(rev));
	json_object_set_new(s, "commit", pol_json_str(m->rev.commit));
	json_object_set_new(s, "draft", pol_json_str(draft));
	return s;
}

static json_t *S_counts_json(const pol_diff *d)
{
	json_t *counts = json_object();
	json_object_set_new(counts, "added", json_integer((json_int_t)d->added));
	json_object_set_new(counts, "removed", json_integer((json_int_t)d->removed));
	json_object_set_new(counts, "modified", json_integer((json_int_t)d->modified));
	json_object_set_new(counts, "renumbered", json_integer((json_int_t)d->renumbered));
	json_object_set_new(counts, "moved", json_integer((json_int_t)d->moved));
	json_object_set_new(counts, "attributes", json_integer((json_int_t)d->attributes));
	json_object_set_new(counts, "checks", json_integer((json_int_t)d->checks));
	json_object_set_new(counts, "definitions", json_integer((json_int_t)d->definitions));
	return counts;
}

char *pol_diff_json(const pol_diff *d, const char *old_rev, const char *new_rev)
{
	static const struct {
		const char *name;
		unsigned bit;
	} lists[] = {
		{"added", POL_CHG_ADDED},       {"removed", POL_CHG_REMOVED}, {"modified", POL_CHG_TEXT},
		{"renumbered", POL_CHG_NUMBER}, {"moved", POL_CHG_MOVED},     {"attributes", POL_CHG_ATTRS},
		{"checks", POL_CHG_CHECKS},
	};
	json_t *root = json_object();
	json_t *fmt = json_object();
	json_object_set_new(fmt, "name", json_string("polc-changes"));
	json_object_set_new(fmt, "version", json_string("2.0"));
	json_object_set_new(root, "format", fmt);
	json_object_set_new(root, "old", S_side_json(old_rev, d->old_m, NULL));
	json_object_set_new(root, "new", S_side_json(new_rev, d->new_m, d->draft));
	char *ed = pol_edition_name(d->new_m);
	json_object_set_new(root, "edition", json_string(ed));
	free(ed);
	json_object_set_new(root, "counts", S_counts_json(d));
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		json_t *a = json_array();
		for (size_t i = 0; i < d->nrows; i++)
			if (d->rows[i].changes & lists[l].bit)
				json_array_append_new(a, S_entry(&d->rows[i]));
		json_object_set_new(root, lists[l].name, a);
	}
	json_t *defs = json_array();
	for (size_t i = 0; i < d->ndefs; i++)
		if (d->defs[i].changes)
			json_array_append_new(defs, S_def_json(&d->defs[i]));
	json_object_set_new(root, "definitions", defs);
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

/* ---- the attribute line as HTML ---- */

static void S_esc(pol_buf *b, const char *s)
{
	pol_escape_html(b, s, strlen(s));
}

static void S_open(pol_buf *b, bool chg)
{
	if (chg)
		pol_buf_puts(b, "<u class=\"chg\">");
}

static void S_close(pol_buf *b, bool chg)
{
	if (chg)
		pol_buf_puts(b, "</u>");
}

static bool S_has_role(pol_role *const *v, size_t n, const pol_role *r)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i]->id, r->id))
			return true;
	return false;
}

static bool S_has_node(pol_node *const *v, size_t n, const pol_node *t)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i]->key, t->key))
			return true;
	return false;
}

static void S_node_name(pol_buf *b, const pol_node *t)
{
	if (t->ref)
		S_esc(b, t->ref);
	if (t->ref && t->title)
		pol_buf_putc(b, ' ');
	if (t->title)
		S_esc(b, t->title);
	if (!t->ref && !t->title)
		S_esc(b, t->key);
}

/* The attribute line of n (S_attr_line) as HTML, for a row whose attributes `chg`
 * (POL_ATTR_*) differ from those of other: a changed scalar (level, owner, role,
 * visibility) underlined whole, a changed list (applies, implements, counters) item
 * by item, what the other side lacks — as a committee marks an amended provision,
 * rather than the characters two role titles happen to share. Caller frees. */
static char *S_attr_html(const pol_node *n, const pol_node *other, unsigned chg, bool show_vis)
{
	pol_buf b = {0};
	if (!n)
		return pol_xstrdup("");
	const char *sep = "";
	bool c;
	if (n->level != POL_LEVEL_NONE) {
		c = (chg & POL_ATTR_LEVEL) != 0;
		pol_buf_puts(&b, "区分：");
		S_open(&b, c);
		pol_buf_puts(&b, pol_level_ja(n->level));
		S_close(&b, c);
		sep = "　";
	}
	if (n->napplies) {
		pol_buf_printf(&b, "%s対象：", sep);
		for (size_t i = 0; i < n->napplies; i++) {
			c = (chg & POL_ATTR_APPLIES) && !(other && S_has_role(other->applies, other->napplies, n->applies[i]));
			pol_buf_puts(&b, i ? "、" : "");
			S_open(&b, c);
			S_esc(&b, n->applies[i]->title ? n->applies[i]->title : n->applies[i]->id);
			S_close(&b, c);
		}
		sep = "　";
	}
	const pol_role *sc[2] = {n->owner, n->role};
	const char *sl[2] = {"責任者", "担当"};
	const unsigned sb[2] = {POL_ATTR_OWNER, POL_ATTR_ROLE};
	for (int k = 0; k < 2; k++) {
		if (!sc[k])
			continue;
		c = (chg & sb[k]) != 0;
		pol_buf_printf(&b, "%s%s：", sep, sl[k]);
		S_open(&b, c);
		S_esc(&b, sc[k]->title ? sc[k]->title : sc[k]->id);
		S_close(&b, c);
		sep = "　";
	}
	pol_node *const *lv[2] = {n->implements, n->counters};
	const size_t ln[2] = {n->nimplements, n->ncounters};
	pol_node *const *ov[2] = {other ? other->implements : NULL, other ? other->counters : NULL};
	const size_t on[2] = {other ? other->nimplements : 0, other ? other->ncounters : 0};
	const char *ll[2] = {"実施する対策", "対処する脅威"};
	const unsigned lb[2] = {POL_ATTR_IMPLEMENTS, POL_ATTR_COUNTERS};
	for (int k = 0; k < 2; k++) {
		if (!ln[k])
			continue;
		pol_buf_printf(&b, "%s%s：", sep, ll[k]);
		for (size_t i = 0; i < ln[k]; i++) {
			c = (chg & lb[k]) && !S_has_node(ov[k], on[k], lv[k][i]);
			pol_buf_puts(&b, i ? "、" : "");
			S_open(&b, c);
			S_node_name(&b, lv[k][i]);
			S_close(&b, c);
		}
		sep = "　";
	}
	if (show_vis) {
		c = (chg & POL_ATTR_VIS) != 0;
		pol_buf_printf(&b, "%s公開区分：", sep);
		S_open(&b, c);
		pol_buf_puts(&b, S_vis_ja(n->vis));
		S_close(&b, c);
	}
	return b.data ? pol_buf_detach(&b) : pol_xstrdup("");
}

/* Sets o[key] to the owned html, or to null when it is empty. */
static void S_set_html(json_t *o, const char *key, char *html)
{
	if (html && !*html) {
		free(html);
		html = NULL;
	}
	pol_json_set(o, key, pol_json_take(html));
}

/* One side of a row: number, title, body, attribute line and checks (HTML), or a mark. */
static json_t *S_side(const pol_node *n, const char *mark, char *title_html, char *body_html, bool fold_body,
                      char *attrs_html, json_t *checks)
{
	json_t *s = json_object();
	json_object_set_new(s, "mark", pol_json_str(mark));
	json_object_set_new(s, "num", pol_json_str(n ? n->num : NULL));
	S_set_html(s, "title", title_html);
	bool has_body = body_html && *body_html;
	if (fold_body && has_body) {
		free(body_html);
		json_object_set_new(s, "body", json_null());
		json_object_set_new(s, "folded", json_true());
	} else {
		S_set_html(s, "body", body_html);
		json_object_set_new(s, "folded", json_false());
	}
	S_set_html(s, "attrs", attrs_html);
	json_object_set_new(s, "checks", checks ? checks : json_array());
	return s;
}

/* The checks of a row as two lists of {mark, html}: changed ones underlined, an added
 * check marked （新設） on the new side, a removed one （削る）. */
static void S_checks_html(json_t **old_list, json_t **new_list, const pol_diff_row *r, unsigned flags)
{
	*old_list = json_array();
	*new_list = json_array();
	bool whole = (r->changes & (POL_CHG_ADDED | POL_CHG_REMOVED)) != 0;
	for (size_t i = 0; i < r->nchecks; i++) {
		const pol_diff_check *c = &r->checks[i];
		char *oh, *nh;
		bool changed = !whole && (!c->old || !c->new || c->what);
		S_diff_html(&oh, &nh, c->old_text, c->new_text, changed, flags);
		if (c->old) {
			json_t *e = json_object();
			json_object_set_new(e, "mark", json_null());
			pol_json_set(e, "html", pol_json_take(oh));
			json_array_append_new(*old_list, e);
		} else {
			free(oh);
		}
		if (c->new) {
			json_t *e = json_object();
			json_object_set_new(e, "mark", pol_json_str(!c->old && !whole ? "（新設）" : NULL));
			pol_json_set(e, "html", pol_json_take(nh));
			json_array_append_new(*new_list, e);
		} else {
			free(nh);
			if (!whole) {
				json_t *e = json_object();
				json_object_set_new(e, "mark", json_string("（削る）"));
				json_object_set_new(e, "html", json_null());
				json_array_append_new(*new_list, e);
			}
		}
	}
}

static json_t *S_row_json(const pol_diff *d, const pol_diff_row *r)
{
	const pol_node *o = r->old_node, *n = r->new_node;
	unsigned ch = r->changes;
	json_t *row = json_object();
	pol_buf cls = {0};
	pol_buf_printf(&cls, "k-%s", pol_kind_name((n ? n : o)->kind));
	static const char *names[] = {"added", "removed", "modified", "renumbered", "moved", "attributes", "checks"};
	for (int i = 0; i < 7; i++)
		if (ch & (1u << i))
			pol_buf_printf(&cls, " %s", names[i]);
	if (!ch)
		pol_buf_puts(&cls, " context");
	pol_json_set(row, "cls", pol_json_take(pol_buf_detach(&cls)));
	pol_json_set(row, "anchor", pol_json_take(n ? pol_xasprintf("d-%s", n->anchor) : pol_xasprintf("d-old-%s", o->anchor)));
	json_object_set_new(row, "fold", json_false());
	json_object_set_new(row, "defs", json_false());

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
	bool attrs = (ch & POL_CHG_ATTRS) != 0;
	char *ot, *nt, *ob, *nb;
	S_diff_html(&ot, &nt, r->old_title, r->new_title, text && strcmp(r->old_title, r->new_title), d->flags);
	S_diff_html(&ob, &nb, r->old_body, r->new_body, text && strcmp(r->old_body, r->new_body), d->flags);
	bool vis = (r->attrs & POL_ATTR_VIS) != 0;
	char *oa = S_attr_html(o, n, attrs ? r->attrs : 0, vis), *na = S_attr_html(n, o, attrs ? r->attrs : 0, vis);
	json_t *ock = NULL, *nck = NULL;
	/* Unchanged text of a row shown for its number, place, attributes or context:
	 * heading only. The attribute line shows with a change of the rule itself (its
	 * text, attributes or checks), the checks with a change of them. */
	bool fold_body = !text;
	if (!(ch & (POL_CHG_ATTRS | POL_CHG_TEXT | POL_CHG_ADDED | POL_CHG_REMOVED | POL_CHG_CHECKS))) {
		free(oa);
		free(na);
		oa = pol_xstrdup("");
		na = pol_xstrdup("");
	}
	if (ch & (POL_CHG_CHECKS | POL_CHG_ADDED | POL_CHG_REMOVED))
		S_checks_html(&ock, &nck, r, d->flags);
	if (n) {
		json_object_set_new(row, "after",
		                    S_side(n, ch & POL_CHG_ADDED ? "（新設）" : NULL, nt, nb, fold_body, na, nck));
	} else {
		json_object_set_new(row, "after", S_side(NULL, "（削る）", NULL, NULL, false, NULL, NULL));
		free(nt);
		free(nb);
		free(na);
		json_decref(nck);
	}
	if (o) {
		json_object_set_new(row, "before", S_side(o, NULL, ot, ob, fold_body, oa, ock));
	} else {
		json_object_set_new(row, "before", json_null());
		free(ot);
		free(ob);
		free(oa);
		json_decref(ock);
	}
	return row;
}

char *pol_diff_def_used_in(const pol_diff_def *f)
{
	if (!f->used_in.len)
		return NULL;
	pol_buf b = {0};
	pol_buf_puts(&b, "使用箇所 ");
	for (size_t i = 0; i < f->used_in.len; i++) {
		const pol_node *u = f->used_in.items[i];
		pol_buf_printf(&b, "%s%s", i ? "、" : "", u->ref ? u->ref : (u->title ? u->title : u->key));
	}
	return pol_buf_detach(&b);
}

const char *pol_diff_def_label(pol_def_kind k)
{
	return k == POL_DEF_ROLE ? "役割" : k == POL_DEF_TERM ? "用語" : "パラメータ";
}

/* A role, term or parameter row: its kind and id as the title, its text as the body;
 * a parameter row says where the new value is used. */
static json_t *S_def_row(const pol_diff *d, const pol_diff_def *f)
{
	json_t *row = json_object();
	const char *change = f->changes & POL_CHG_ADDED ? "added" : f->changes & POL_CHG_REMOVED ? "removed" : "modified";
	pol_json_set(row, "cls", pol_json_take(pol_xasprintf("k-%s %s", S_def_kind_name(f->kind), change)));
	/* An HTML id from the kind and the id: [a-z0-9-] only. */
	char *anchor = pol_xasprintf("d-%s-%s", S_def_kind_name(f->kind), f->id);
	for (char *q = anchor; *q; q++)
		if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-'))
			*q = (*q >= 'A' && *q <= 'Z') ? (char)(*q - 'A' + 'a') : '-';
	pol_json_set(row, "anchor", pol_json_take(anchor));
	json_object_set_new(row, "fold", json_false());
	json_object_set_new(row, "defs", json_true());
	json_t *notes = json_array();
	char *used = pol_diff_def_used_in(f);
	if (used)
		json_array_append_new(notes, pol_json_take(used));
	json_object_set_new(row, "notes", notes);
	bool text = true;
	char *oh, *nh;
	S_diff_html(&oh, &nh, f->old_text, f->new_text, text && !(f->changes & (POL_CHG_ADDED | POL_CHG_REMOVED)),
	            d->flags);
	char *title = pol_xasprintf("%s %s", pol_diff_def_label(f->kind), f->id);
	if (f->new)
		json_object_set_new(row, "after", S_side(NULL, f->old ? NULL : "（新設）", S_escape(title), nh, false, NULL, NULL));
	else {
		json_object_set_new(row, "after", S_side(NULL, "（削る）", NULL, NULL, false, NULL, NULL));
		free(nh);
	}
	if (f->old)
		json_object_set_new(row, "before", S_side(NULL, NULL, S_escape(title), oh, false, NULL, NULL));
	else {
		json_object_set_new(row, "before", json_null());
		free(oh);
	}
	free(title);
	return row;
}

static json_t *S_rev_json(const char *rev, const pol_model *m, const char *draft)
{
	json_t *s = json_object();
	json_object_set_new(s, "rev", pol_json_str(rev));
	json_object_set_new(s, "commit", pol_json_str(m->rev.short_commit));
	/* An edition's date (its tag) rather than the day it was committed. */
	const char *date = m->edition_era ? m->edition_era : m->rev.era_date ? m->rev.era_date : m->rev.date;
	json_object_set_new(s, "date", pol_json_str(date));
	json_object_set_new(s, "edition", json_boolean(m->edition_era != NULL));
	json_object_set_new(s, "draft", pol_json_str(draft ? (!strcmp(draft, "index") ? "インデックス" : "作業ツリー") : NULL));
	return s;
}

static json_t *S_page_json(const pol_diff *d, const char *old_rev, const char *new_rev)
{
	json_t *p = json_object();
	json_object_set_new(p, "policy_title", json_string(d->new_m->title ? d->new_m->title : ""));
	json_object_set_new(p, "organization", pol_json_str(d->new_m->organization));
	pol_json_set(p, "edition_label", pol_json_take(pol_edition_label(d->new_m)));
	json_object_set_new(p, "draft", json_boolean(d->draft != NULL));
	json_object_set_new(p, "rev_old", S_rev_json(old_rev, d->old_m, NULL));
	json_object_set_new(p, "rev_new", S_rev_json(new_rev, d->new_m, d->draft));
	json_object_set_new(p, "counts", S_counts_json(d));
	bool any = d->added || d->removed || d->modified || d->renumbered || d->moved || d->attributes || d->checks ||
	           d->definitions;
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
	json_object_set_new(p, "has_rows", json_boolean(d->added || d->removed || d->modified || d->renumbered ||
	                                                d->moved || d->attributes || d->checks));
	json_t *defs = json_array();
	for (size_t i = 0; i < d->ndefs; i++)
		if (d->defs[i].changes)
			json_array_append_new(defs, S_def_row(d, &d->defs[i]));
	json_object_set_new(p, "has_defs", json_boolean(json_array_size(defs) > 0));
	json_object_set_new(p, "def_rows", defs);
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
