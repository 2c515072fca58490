/* number.c — computed numbers and Japanese dates.
 *
 * Authors never type numbers: this file turns ordinals into the labels of each
 * numbering style (guideline: 第1章 / 1. / (1) / ① / ア; reiki: 第1章 / 第1条 / 2 /
 * (1) / ア / (ア)), builds full references (第1章6(3), 第3条第2項第1号), the reiki 目次
 * article ranges, and converts Western dates to the Japanese era (令和8年3月).
 * Chapters (and reiki articles) are numbered through the public documents first,
 * then through the non-public ones (docs/editions.md, Numbers). */
#include <stdlib.h>
#include <string.h>

#include "model/build.h"
#include "model/number.h"

static const char *const S_kana[] = {
	"ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ",
	"チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ",
	"ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン"};
#define S_NKANA (sizeof S_kana / sizeof *S_kana)

char *pol_num_kana(int n)
{
	if (n >= 1 && (size_t)n <= S_NKANA)
		return pol_xstrdup(S_kana[n - 1]);
	return pol_xasprintf("%s%d", S_kana[S_NKANA - 1], n);
}

char *pol_num_circled(int n)
{
	uint32_t cp = 0;
	if (n >= 1 && n <= 20)
		cp = 0x2460 + (uint32_t)(n - 1);
	else if (n >= 21 && n <= 35)
		cp = 0x3251 + (uint32_t)(n - 21);
	else if (n >= 36 && n <= 50)
		cp = 0x32B1 + (uint32_t)(n - 36);
	if (!cp)
		return pol_xasprintf("(%d)", n);
	char buf[5];
	size_t k = pol_utf8_encode(cp, buf);
	return pol_xstrndup(buf, k);
}

/* The label shown before a node's title, for its kind and ordinal. */
char *pol_num_label(pol_numbering style, pol_kind kind, int ord, bool preface)
{
	bool reiki = style == POL_NUM_REIKI;
	switch (kind) {
	case POL_CHAPTER:
		return preface ? pol_xstrdup("序章") : pol_xasprintf("第%d章", ord);
	case POL_SECTION: return pol_xasprintf("第%d節", ord);
	case POL_SUBSECTION: return pol_xasprintf("第%d款", ord);
	case POL_ARTICLE: return reiki ? pol_xasprintf("第%d条", ord) : pol_xasprintf("%d.", ord);
	case POL_PARAGRAPH: return (reiki && ord > 1) ? pol_xasprintf("%d", ord) : NULL;
	case POL_ITEM: return pol_xasprintf("(%d)", ord);
	case POL_SUBITEM: return reiki ? pol_num_kana(ord) : pol_num_circled(ord);
	case POL_SUBSUBITEM: {
		if (!reiki)
			return pol_num_kana(ord);
		char *k = pol_num_kana(ord);
		char *s = pol_xasprintf("(%s)", k);
		free(k);
		return s;
	}
	case POL_SUPPLEMENT: return pol_xstrdup("附則");
	default: return NULL;
	}
}

/* The part a node adds to a full reference. */
char *pol_num_ref_part(pol_numbering style, pol_kind kind, int ord, bool preface)
{
	bool reiki = style == POL_NUM_REIKI;
	switch (kind) {
	case POL_ARTICLE: return reiki ? pol_xasprintf("第%d条", ord) : pol_xasprintf("%d", ord);
	case POL_PARAGRAPH: return reiki ? pol_xasprintf("第%d項", ord) : NULL;
	case POL_ITEM: return reiki ? pol_xasprintf("第%d号", ord) : pol_xasprintf("(%d)", ord);
	default: return pol_num_label(style, kind, ord, preface);
	}
}

char *pol_num_range(int first, int last)
{
	if (first <= 0)
		return NULL;
	if (first == last)
		return pol_xasprintf("（第%d条）", first);
	if (last == first + 1)
		return pol_xasprintf("（第%d条・第%d条）", first, last);
	return pol_xasprintf("（第%d条―第%d条）", first, last);
}

/* ---- numbering the model ---- */

typedef struct S_num {
	pol_model *m;
	int chapter;            /* chapters numbered so far */
	int article;            /* reiki: articles so far, policy-wide */
	pol_map *anchors;       /* anchors in use */
} S_num;

static char *S_anchor(S_num *st, const char *key)
{
	pol_buf b = {0};
	for (const char *p = key; *p; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
			pol_buf_putc(&b, c);
		else
			pol_buf_putc(&b, '-');
	}
	char *a = pol_buf_detach(&b);
	for (int n = 2; pol_map_get(st->anchors, a); n++) {
		char *base = a;
		a = pol_xasprintf("%s-%d", base, n);
		free(base);
	}
	pol_map_set(st->anchors, a, (void *)1);
	return a;
}

static int S_article_range(const pol_node *n, int *first, int *last)
{
	for (size_t i = 0; i < n->nkids; i++) {
		const pol_node *k = n->kids[i];
		if (k->kind == POL_ARTICLE) {
			if (!*first)
				*first = k->ordinal;
			*last = k->ordinal;
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
	int counts[POL_DOCTABLE + 1] = {0};
	int anon[POL_DOCTABLE + 1] = {0};
	/* Reiki: the article's own text is its first paragraph (項). */
	if (n->kind == POL_ARTICLE && n->body)
		counts[POL_PARAGRAPH] = 1;
	if (!items)
		items = &counts[POL_ITEM];
	bool supp = S_in_supplement(n);
	for (size_t i = 0; i < n->nkids; i++) {
		pol_node *k = n->kids[i];
		int ord = 0;
		switch (k->kind) {
		case POL_CHAPTER:
			ord = preface ? 0 : ++st->chapter;
			break;
		case POL_ARTICLE:
			ord = style == POL_NUM_REIKI && !supp ? ++st->article : ++*chapter_article;
			break;
		case POL_SUPPLEMENT:
		case POL_DOCTABLE:
			ord = 0;
			break;
		case POL_ITEM:
			ord = ++*items;
			break;
		default:
			ord = ++counts[k->kind];
		}
		k->ordinal = ord;
		if (k->kind != POL_DOCTABLE) {
			k->num = pol_num_label(style, k->kind, ord, preface && k->kind == POL_CHAPTER);
			char *part = pol_num_ref_part(style, k->kind, ord, preface && k->kind == POL_CHAPTER);
			/* Guideline article references hang from the chapter (sections and 款 are
			 * skipped); reiki article references stand alone, except in a 附則. */
			const char *base = n->ref;
			if (k->kind == POL_ARTICLE) {
				const pol_node *ch = n;
				while (ch && ch->kind != POL_CHAPTER && ch->kind != POL_SUPPLEMENT)
					ch = ch->parent;
				base = ch && (style == POL_NUM_GUIDELINE || ch->kind == POL_SUPPLEMENT) ? ch->ref : NULL;
			}
			if (part)
				k->ref = base ? pol_xasprintf("%s%s", base, part) : pol_xstrdup(part);
			else
				k->ref = base ? pol_xstrdup(base) : NULL;
			free(part);
		}
		if (k->kind == POL_ARTICLE && style == POL_NUM_REIKI && k->title)
			k->caption = pol_xasprintf("（%s）", k->title);
		if (k->id) {
			k->anchor = S_anchor(st, k->key);
		} else {
			static const char letters[] = "dcsuapiyzxt";
			char *key = pol_xasprintf("%s/%c%d", n->key, letters[k->kind], ++anon[k->kind]);
			free(k->key);
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

static void S_ranges(pol_node *n)
{
	for (size_t i = 0; i < n->nkids; i++) {
		pol_node *k = n->kids[i];
		if (k->kind != POL_CHAPTER && k->kind != POL_SECTION && k->kind != POL_SUBSECTION)
			continue;
		bool nested = false;
		for (size_t j = 0; j < k->nkids; j++)
			nested |= k->kids[j]->kind == POL_SECTION || k->kids[j]->kind == POL_SUBSECTION;
		int first = 0, last = 0;
		if (!nested && S_article_range(k, &first, &last))
			k->toc_range = pol_num_range(first, last);
		S_ranges(k);
	}
}

void pol_build_number(pol_model *m)
{
	S_num st = {.m = m, .anchors = pol_map_new()};
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
				S_ranges(d);
		}
	for (size_t i = 0; i < m->nterms; i++) {
		char *key = pol_xasprintf("term-%s", m->terms[i]->id);
		m->terms[i]->anchor = S_anchor(&st, key);
		free(key);
	}
	pol_map_free(st.anchors);
	/* Preface chapters: 序章 is their whole number. */
}
