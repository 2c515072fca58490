/* number.c — computed numbers and Japanese dates.
 *
 * Authors never type numbers: this file turns ordinals into the labels of each
 * numbering style (guideline: 第1章 / 1. / (1) / ① / ア; reiki: 第1章 / 第1条 / 2 /
 * (1) / ア / (ア)), builds full references (第1章6(3), 第3条第2項第1号), the reiki 目次
 * article ranges, and converts Western dates to the Japanese era (令和8年3月).
 * Chapters (and reiki articles) are numbered through the public documents first,
 * then through the non-public ones (docs/editions.md, Numbers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/build.h"
#include "model/number.h"

static const char *const S_kana[] = {
	"ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ",
	"チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ",
	"ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン"};
#define S_NKANA (sizeof S_kana / sizeof *S_kana)

/* The functions below write into a buffer of S_LABEL bytes and return the length, or
 * -1 where there is no label; the exported ones copy the result. */
enum { S_LABEL = 64 };

/* pre, the decimal n, post: "第" 3 "条" (what snprintf would write, without it: a
 * policy has a label per node). */
static int S_int_to(char *buf, const char *pre, int n, const char *post)
{
	size_t np = strlen(pre), nq = strlen(post);
	char digits[16];
	int k = 0;
	unsigned u = n < 0 ? 0u - (unsigned)n : (unsigned)n;
	do
		digits[k++] = (char)('0' + u % 10);
	while (u /= 10);
	if (n < 0)
		digits[k++] = '-';
	char *o = buf;
	memcpy(o, pre, np);
	o += np;
	while (k)
		*o++ = digits[--k];
	memcpy(o, post, nq + 1);
	return (int)(o - buf + nq);
}

static int S_kana_to(char *buf, int n)
{
	if (n >= 1 && (size_t)n <= S_NKANA)
		return snprintf(buf, S_LABEL, "%s", S_kana[n - 1]);
	return snprintf(buf, S_LABEL, "%s%d", S_kana[S_NKANA - 1], n);
}

static int S_circled_to(char *buf, int n)
{
	uint32_t cp = 0;
	if (n >= 1 && n <= 20)
		cp = 0x2460 + (uint32_t)(n - 1);
	else if (n >= 21 && n <= 35)
		cp = 0x3251 + (uint32_t)(n - 21);
	else if (n >= 36 && n <= 50)
		cp = 0x32B1 + (uint32_t)(n - 36);
	if (!cp)
		return S_int_to(buf, "(", n, ")");
	size_t k = pol_utf8_encode(cp, buf);
	buf[k] = 0;
	return (int)k;
}

static int S_label_to(char *buf, pol_numbering style, pol_kind kind, int ord, bool preface)
{
	bool reiki = style == POL_NUM_REIKI;
	switch (kind) {
	case POL_CHAPTER:
		return preface ? snprintf(buf, S_LABEL, "序章") : S_int_to(buf, "第", ord, "章");
	case POL_SECTION: return S_int_to(buf, "第", ord, "節");
	case POL_SUBSECTION: return S_int_to(buf, "第", ord, "款");
	case POL_ARTICLE: return reiki ? S_int_to(buf, "第", ord, "条") : S_int_to(buf, "", ord, ".");
	case POL_PARAGRAPH: return (reiki && ord > 1) ? S_int_to(buf, "", ord, "") : -1;
	case POL_ITEM: return S_int_to(buf, "(", ord, ")");
	case POL_SUBITEM: return reiki ? S_kana_to(buf, ord) : S_circled_to(buf, ord);
	case POL_SUBSUBITEM: {
		if (!reiki)
			return S_kana_to(buf, ord);
		char k[S_LABEL];
		S_kana_to(k, ord);
		return snprintf(buf, S_LABEL, "(%s)", k);
	}
	case POL_SUPPLEMENT: return snprintf(buf, S_LABEL, "附則");
	default: return -1;
	}
}

static int S_ref_part_to(char *buf, pol_numbering style, pol_kind kind, int ord, bool preface)
{
	bool reiki = style == POL_NUM_REIKI;
	switch (kind) {
	case POL_ARTICLE: return reiki ? S_int_to(buf, "第", ord, "条") : S_int_to(buf, "", ord, "");
	case POL_PARAGRAPH: return reiki ? S_int_to(buf, "第", ord, "項") : -1;
	case POL_ITEM: return reiki ? S_int_to(buf, "第", ord, "号") : S_int_to(buf, "(", ord, ")");
	default: return S_label_to(buf, style, kind, ord, preface);
	}
}

static char *S_copy(const char *buf, int n)
{
	return n < 0 ? NULL : pol_xstrndup(buf, (size_t)n);
}

char *pol_num_kana(int n)
{
	char buf[S_LABEL];
	return S_copy(buf, S_kana_to(buf, n));
}

char *pol_num_circled(int n)
{
	char buf[S_LABEL];
	return S_copy(buf, S_circled_to(buf, n));
}

/* The label shown before a node's title, for its kind and ordinal. */
char *pol_num_label(pol_numbering style, pol_kind kind, int ord, bool preface)
{
	char buf[S_LABEL];
	return S_copy(buf, S_label_to(buf, style, kind, ord, preface));
}

/* The part a node adds to a full reference. */
char *pol_num_ref_part(pol_numbering style, pol_kind kind, int ord, bool preface)
{
	char buf[S_LABEL];
	return S_copy(buf, S_ref_part_to(buf, style, kind, ord, preface));
}

char *pol_num_range(int first, int last, const char *sep)
{
	if (first <= 0)
		return NULL;
	if (first == last)
		return pol_xasprintf("（第%d条）", first);
	if (last == first + 1)
		return pol_xasprintf("（第%d条・第%d条）", first, last);
	return pol_xasprintf("（第%d条%s第%d条）", first, sep ? sep : "―", last);
}

/* ---- numbering the model ---- */

typedef struct S_num {
	pol_model *m;
	int chapter;            /* chapters numbered so far */
	int article;            /* reiki: articles so far, policy-wide */
	pol_map *anchors;       /* anchors in use */
} S_num;

/* The anchor for key ([a-z0-9-] only), unique in the model: "-2", "-3" … added on a
 * clash. In the model's arena. */
static char *S_anchor(S_num *st, const char *key)
{
	if (!st->anchors)
		return NULL; /* diagnostics only */
	pol_arena *A = &st->m->arena;
	size_t n = strlen(key);
	char *a = pol_arena_alloc(A, n + 1);
	for (size_t i = 0; i < n; i++) {
		char c = key[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		a[i] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ? c : '-';
	}
	a[n] = 0;
	/* pol_map_set says whether the anchor was taken (and keeps the first's key). */
	const char *base = a;
	for (int k = 2; pol_map_set(st->anchors, a, (void *)1); k++)
		a = pol_arena_printf(A, "%s-%d", base, k);
	return a;
}

/* base + part in the model's arena (either may be NULL; NULL when both are). */
static char *S_join(S_num *st, const char *base, const char *part, int npart)
{
	size_t nb = base ? strlen(base) : 0, np = npart > 0 ? (size_t)npart : 0;
	if (!base && npart < 0)
		return NULL;
	char *r = pol_arena_alloc(&st->m->arena, nb + np + 1);
	if (nb)
		memcpy(r, base, nb);
	if (np)
		memcpy(r + nb, part, np);
	r[nb + np] = 0;
	return r;
}

static int S_article_range(const pol_node *n, int *first, int *last)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind == POL_ARTICLE) {
			if (!*first)
				*first = k->ordinal;
			*last = k->ordinal + (k->deleted > 1 ? (int)k->deleted - 1 : 0);
		} else if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION) {
			S_article_range(k, first, last);
		}
	}
	return *first;
}

/* True when n is inside a 附則: its articles are numbered within it (附則第1条, 附則1). */
static bool S_in_supplement(const pol_node *n)
{
	for (; n; n = n->parent)
		if (n->kind == POL_SUPPLEMENT)
			return true;
	return false;
}

/* Numbers n's children. chapter_article counts articles of the enclosing chapter (or
 * 附則); items counts the items of the enclosing article in the guideline style, where
 * a paragraph is unnumbered and its items go on from the article's. */
static void S_number(S_num *st, pol_node *n, int *chapter_article, int *items, bool preface)
{
	pol_model *m = st->m;
	pol_numbering style = m->numbering;
	int counts[POL_APPENDIX + 1] = {0};
	int anon[POL_APPENDIX + 1] = {0};
	/* Reiki: the article's own text is its first paragraph (項). */
	if (n->kind == POL_ARTICLE && n->body)
		counts[POL_PARAGRAPH] = 1;
	if (!items)
		items = &counts[POL_ITEM];
	bool supp = S_in_supplement(n);
	/* A 附則 of two 項 or more numbers every one (1, 2 …); one 別表 alone is 別表, two
	 * or more are 別表第1, 別表第2 (様式 always have their number). */
	int supp_paras = 0, tables = 0, paras = counts[POL_PARAGRAPH];
	for (size_t i = 0; i < n->nkids; i++) {
		supp_paras += n->kind == POL_SUPPLEMENT && n->kids[i]->kind == POL_PARAGRAPH;
		paras += n->kind == POL_ARTICLE && n->kids[i]->kind == POL_PARAGRAPH;
		tables += n->kids[i]->kind == POL_APPENDIX && !pol_more(n->kids[i])->form;
	}
	int forms_seen = 0, tables_seen = 0;
	for (size_t i = 0; i < n->nkids; i++) {
		pol_node *k = n->kids[i];
		int ord = 0;
		switch (k->kind) {
		case POL_CHAPTER:
			ord = preface ? 0 : ++st->chapter;
			break;
		case POL_ARTICLE:
			ord = style == POL_NUM_REIKI && !supp ? ++st->article : ++*chapter_article;
			/* 第5条から第7条まで　削除 holds three numbers */
			if (k->deleted > 1)
				*(style == POL_NUM_REIKI && !supp ? &st->article : chapter_article) += (int)k->deleted - 1;
			break;
		case POL_SUPPLEMENT:
		case POL_DOCTABLE:
			ord = 0;
			break;
		case POL_APPENDIX:
			ord = pol_more(k)->form ? ++forms_seen : ++tables_seen;
			break;
		case POL_ITEM:
			ord = ++*items;
			break;
		default:
			ord = ++counts[k->kind];
		}
		k->ordinal = ord;
		if (k->kind == POL_APPENDIX) {
			char buf[S_LABEL];
			int nl = pol_more(k)->form ? S_int_to(buf, "様式第", ord, "号")
			         : tables > 1 ? S_int_to(buf, "別表第", ord, "") : snprintf(buf, S_LABEL, "別表");
			k->num = k->ref = pol_arena_strndup(&m->arena, buf, (size_t)nl);
		} else if (k->kind == POL_SUPPLEMENT && (style == POL_NUM_REIKI || pol_more(k)->promulgated || pol_more(k)->law_number)) {
			/* 例規 print 附　則, an amendment's with its 公布日 and 番号 */
			k->ref = "附則";
			if (pol_more(k)->promulgated || pol_more(k)->law_number)
				k->num = pol_arena_printf(&m->arena, "附　則（%s%s）", pol_more(k)->promulgated_era ? pol_more(k)->promulgated_era : "",
				                          pol_more(k)->law_number ? pol_more(k)->law_number : "");
			else
				k->num = "附　則";
		} else if (k->kind == POL_PARAGRAPH && n->kind == POL_SUPPLEMENT) {
			char buf[S_LABEL];
			int np = S_int_to(buf, "第", ord, "項");
			k->num = supp_paras > 1 ? pol_arena_printf(&m->arena, "%d", ord) : NULL;
			k->ref = supp_paras > 1 ? S_join(st, n->ref, buf, np) : n->ref;
		} else if (k->kind != POL_DOCTABLE) {
			char buf[S_LABEL], part[S_LABEL];
			int nl = S_label_to(buf, style, k->kind, ord, preface && k->kind == POL_CHAPTER);
			k->num = nl < 0 ? NULL : pol_arena_strndup(&m->arena, buf, (size_t)nl);
			int np = S_ref_part_to(part, style, k->kind, ord, preface && k->kind == POL_CHAPTER);
			/* Guideline article references hang from the chapter (sections and 款 are
			 * skipped); reiki article references stand alone, except in a 附則. */
			const char *base = n->ref;
			if (k->kind == POL_ARTICLE) {
				const pol_node *ch = n;
				while (ch && ch->kind != POL_CHAPTER && ch->kind != POL_SUPPLEMENT)
					ch = ch->parent;
				base = ch && (style == POL_NUM_GUIDELINE || ch->kind == POL_SUPPLEMENT) ? ch->ref : NULL;
			}
			/* 例規 cite the 項 only where the article has several: 第3条第2号 in an
			 * article of one 項, 第3条第1項第2号 (its own text's items) and 第3条第2項
			 * where it has more. */
			if (style == POL_NUM_REIKI && n->kind == POL_ARTICLE) {
				if (k->kind == POL_PARAGRAPH && paras < 2)
					np = -1;
				else if (k->kind == POL_ITEM && paras >= 2 && n->ref)
					base = pol_arena_printf(&m->arena, "%s第1項", n->ref);
			}
			/* No part: the reference is the base's (one string for both). */
			k->ref = np < 0 ? (char *)base : S_join(st, base, part, np);
			/* 例規 print two deleted articles 第7条及び第8条, more 第5条から第7条まで */
			if (k->kind == POL_ARTICLE && k->deleted > 1) {
				const char *fmt = k->deleted == 2 ? "%s及び第%d条" : "%sから第%d条まで";
				k->num = pol_arena_printf(&m->arena, fmt, k->num, ord + (int)k->deleted - 1);
				k->ref = pol_arena_printf(&m->arena, fmt, k->ref, ord + (int)k->deleted - 1);
			}
		}
		if (k->kind == POL_ARTICLE && style == POL_NUM_REIKI && k->title)
			pol_more_mut(k, &m->arena)->caption = pol_arena_printf(&m->arena, "（%s）", k->title);
		if (k->id) {
			k->anchor = S_anchor(st, k->key);
		} else {
			static const char letters[] = "dcsuapiyzxtb";
			char tail[S_LABEL], sep[3] = {'/', letters[k->kind], 0};
			int nt = S_int_to(tail, sep, ++anon[k->kind], "");
			char *key = S_join(st, n->key, tail, nt);
			k->key = key;
			/* Nodes without an id get their key only here; register it, or the edition
			 * filter cannot find them (their prose would keep full-model pointers). */
			pol_map_set(m->by_key, key, k);
			k->anchor = S_anchor(st, key);
		}
		int sub_articles = 0;
		if (k->kind == POL_CHAPTER || k->kind == POL_SUPPLEMENT)
			S_number(st, k, &sub_articles, NULL, false);
		else if (k->kind == POL_SECTION || k->kind == POL_SUBSECTION)
			S_number(st, k, chapter_article, NULL, false);
		else if (k->kind == POL_PARAGRAPH && style == POL_NUM_GUIDELINE)
			S_number(st, k, &sub_articles, items, false);
		else
			S_number(st, k, &sub_articles, NULL, false);
	}
}

static void S_ranges(pol_model *m, pol_node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		pol_node *k = n->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION)
			continue;
		bool nested = false;
		for (size_t j = 0; j < k->nkids; j++)
			nested |= k->kids[j]->kind == POL_SECTION || k->kids[j]->kind == POL_SUBSECTION;
		int first = 0, last = 0;
		if (!nested && S_article_range(k, &first, &last)) {
			char *r = pol_num_range(first, last, m->toc_range_sep);
			k->toc_range = pol_model_strdup(m, r);
			free(r);
		}
		S_ranges(m, k);
	}
}

void pol_build_number(pol_model *m, bool anchors)
{
	S_num st = {.m = m, .anchors = anchors ? pol_map_new_lent(m->nnodes + m->nterms) : NULL};
	/* Public documents first, then the others, each in the order they are included:
	 * the chapter (and reiki article) numbers of what the public edition shows never
	 * depend on a non-public document — one placed before a public one, or chapters
	 * added to one — so a public 第N章 is the same in every edition and across
	 * revisions that change only non-public documents. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < m->ndocs; i++) {
			pol_node *d = m->docs[i];
			if ((d->vis == POL_PUBLIC) != (pass == 0))
				continue;
			d->anchor = S_anchor(&st, d->key);
			int articles = 0;
			S_number(&st, d, &articles, NULL, d->tier == POL_TIER_PREFACE);
			if (m->numbering == POL_NUM_REIKI)
				S_ranges(m, d);
		}
	for (size_t i = 0; anchors && i < m->nterms; i++) {
		char *key = pol_arena_printf(&m->arena, "term-%s", m->terms[i]->id);
		m->terms[i]->anchor = S_anchor(&st, key);
	}
	pol_map_free(st.anchors);
	/* An appendix's relation, once every number is known: （第5条関係）, （第5条・第7条関係）. */
	for (size_t i = 0; i < m->nnodes; i++) {
		pol_node *n = m->nodes[i];
		if (n->kind != POL_APPENDIX || !n->nrelated)
			continue;
		pol_buf b = {0};
		pol_buf_puts(&b, "（");
		for (uint32_t k = 0; k < n->nrelated; k++) {
			if (k)
				pol_buf_puts(&b, "・");
			const char *r = n->related[k]->ref ? n->related[k]->ref : n->related[k]->title;
			pol_buf_puts(&b, r ? r : "");
		}
		pol_buf_puts(&b, "関係）");
		pol_more_mut(n, &m->arena)->relation = pol_model_strdup(m, b.data);
		pol_buf_free(&b);
	}
	/* Preface chapters: 序章 is their whole number. */
}
