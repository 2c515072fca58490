/* number.c — computed numbers and Japanese dates.
 *
 * Authors never type numbers: this file turns ordinals into the labels of each
 * numbering style (guideline: 第1章 / 1. / (1) / ① / ア; reiki: 第1章 / 第1条 / 2 /
 * (1) / ア / (ア)), builds full references (第1章6(3), 第3条第2項第1号), the reiki 目次
 * article ranges, and converts Western dates to the Japanese era (令和8年3月). */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "number.h"

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

static bool S_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool S_parse(const char *iso, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	size_t n = strlen(iso);
	if (n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? iso[i] != '-' : (iso[i] < '0' || iso[i] > '9'))
			return false;
	}
	*y = atoi(iso);
	*m = atoi(iso + 5);
	if (n == 10)
		*d = atoi(iso + 8);
	return true;
}

bool pol_date_valid(const char *iso, bool allow_month_only)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d;
	if (!iso || !S_parse(iso, &y, &m, &d))
		return false;
	if (y < 1 || m < 1 || m > 12)
		return false;
	if (d == 0)
		return allow_month_only && strlen(iso) == 7;
	int max = mdays[m - 1] + (m == 2 && S_leap(y));
	return d <= max;
}

char *pol_era_date(const char *iso)
{
	static const struct {
		int y, m, d;
		const char *name;
	} eras[] = {
		{2019, 5, 1, "令和"}, {1989, 1, 8, "平成"}, {1926, 12, 25, "昭和"},
		{1912, 7, 30, "大正"}, {1868, 10, 23, "明治"},
	};
	if (!pol_date_valid(iso, true))
		return NULL;
	int y, m, d;
	S_parse(iso, &y, &m, &d);
	int key = y * 10000 + m * 100 + (d ? d : 1);
	for (size_t i = 0; i < sizeof eras / sizeof *eras; i++) {
		if (key < eras[i].y * 10000 + eras[i].m * 100 + eras[i].d)
			continue;
		int ey = y - eras[i].y + 1;
		char *year = ey == 1 ? pol_xstrdup("元") : pol_xasprintf("%d", ey);
		char *s = d ? pol_xasprintf("%s%s年%d月%d日", eras[i].name, year, m, d)
		            : pol_xasprintf("%s%s年%d月", eras[i].name, year, m);
		free(year);
		return s;
	}
	return NULL;
}
