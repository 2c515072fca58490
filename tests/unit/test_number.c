/* test_number.c — computed numbers and Japanese dates (number.c, pol_era_date and
 * pol_date_valid): kana and circled digits, the labels and reference parts of each
 * numbering style, the reiki 目次 ranges, era boundaries and calendar validity. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/number.h"

/* Asserts that a freshly allocated string equals want (NULL: expects NULL), frees it. */
#define EXPECT_STR(expr, want)                                                              \
	do {                                                                                    \
		char *got_ = (expr);                                                                \
		const char *want_ = (want);                                                         \
		if (!want_)                                                                         \
			cr_expect_null(got_, "%s: expected NULL, got '%s'", #expr, got_ ? got_ : ""); \
		else {                                                                              \
			cr_expect_not_null(got_, "%s: expected '%s', got NULL", #expr, want_);         \
			if (got_)                                                                       \
				cr_expect_str_eq(got_, want_, "%s", #expr);                                 \
		}                                                                                   \
		free(got_);                                                                         \
	} while (0)

/* ---- kana and circled numbers ---- */

Test(number, kana)
{
	EXPECT_STR(pol_num_kana(1), "ア");
	EXPECT_STR(pol_num_kana(2), "イ");
	EXPECT_STR(pol_num_kana(5), "オ");
	EXPECT_STR(pol_num_kana(6), "カ");
	EXPECT_STR(pol_num_kana(10), "コ");
	EXPECT_STR(pol_num_kana(11), "サ");
	EXPECT_STR(pol_num_kana(44), "ワ");
}

Test(number, circled)
{
	EXPECT_STR(pol_num_circled(1), "①");
	EXPECT_STR(pol_num_circled(2), "②");
	EXPECT_STR(pol_num_circled(10), "⑩");
	EXPECT_STR(pol_num_circled(20), "⑳");
	EXPECT_STR(pol_num_circled(21), "㉑"); /* U+3251: a second Unicode block */
	EXPECT_STR(pol_num_circled(35), "㉟");
	EXPECT_STR(pol_num_circled(36), "㊱"); /* U+32B1: a third */
	EXPECT_STR(pol_num_circled(50), "㊿");
}

Test(number, circled_beyond_50_is_still_a_label)
{
	char *s = pol_num_circled(51);
	cr_assert_not_null(s);
	cr_expect(strstr(s, "51") != NULL, "51 shown as '%s'", s);
	free(s);
}

/* ---- labels ---- */

Test(number, guideline_labels)
{
	pol_numbering g = POL_NUM_GUIDELINE;
	EXPECT_STR(pol_num_label(g, POL_CHAPTER, 3, false), "第3章");
	EXPECT_STR(pol_num_label(g, POL_CHAPTER, 1, true), "序章");
	EXPECT_STR(pol_num_label(g, POL_SECTION, 2, false), "第2節");
	EXPECT_STR(pol_num_label(g, POL_SUBSECTION, 1, false), "第1款");
	EXPECT_STR(pol_num_label(g, POL_ARTICLE, 6, false), "6.");
	EXPECT_STR(pol_num_label(g, POL_PARAGRAPH, 1, false), NULL);
	EXPECT_STR(pol_num_label(g, POL_PARAGRAPH, 2, false), NULL);
	EXPECT_STR(pol_num_label(g, POL_ITEM, 3, false), "(3)");
	EXPECT_STR(pol_num_label(g, POL_SUBITEM, 4, false), "④");
	EXPECT_STR(pol_num_label(g, POL_SUBSUBITEM, 2, false), "イ");
	EXPECT_STR(pol_num_label(g, POL_SUPPLEMENT, 0, false), "附則");
	EXPECT_STR(pol_num_label(g, POL_DOCUMENT, 1, false), NULL);
}

Test(number, reiki_labels)
{
	pol_numbering r = POL_NUM_REIKI;
	EXPECT_STR(pol_num_label(r, POL_CHAPTER, 2, false), "第2章");
	EXPECT_STR(pol_num_label(r, POL_SECTION, 1, false), "第1節");
	EXPECT_STR(pol_num_label(r, POL_SUBSECTION, 3, false), "第3款");
	EXPECT_STR(pol_num_label(r, POL_ARTICLE, 11, false), "第11条");
	EXPECT_STR(pol_num_label(r, POL_PARAGRAPH, 1, false), NULL); /* the first 項 has no number */
	EXPECT_STR(pol_num_label(r, POL_PARAGRAPH, 2, false), "2");
	EXPECT_STR(pol_num_label(r, POL_PARAGRAPH, 3, false), "3");
	EXPECT_STR(pol_num_label(r, POL_ITEM, 1, false), "(1)");
	EXPECT_STR(pol_num_label(r, POL_SUBITEM, 1, false), "ア");
	EXPECT_STR(pol_num_label(r, POL_SUBITEM, 3, false), "ウ");
	EXPECT_STR(pol_num_label(r, POL_SUBSUBITEM, 1, false), "(ア)");
	EXPECT_STR(pol_num_label(r, POL_SUBSUBITEM, 2, false), "(イ)");
	EXPECT_STR(pol_num_label(r, POL_SUPPLEMENT, 0, false), "附則");
}

Test(number, reference_parts)
{
	pol_numbering g = POL_NUM_GUIDELINE, r = POL_NUM_REIKI;
	EXPECT_STR(pol_num_ref_part(g, POL_CHAPTER, 1, false), "第1章");
	EXPECT_STR(pol_num_ref_part(g, POL_ARTICLE, 6, false), "6");
	EXPECT_STR(pol_num_ref_part(g, POL_PARAGRAPH, 2, false), NULL);
	EXPECT_STR(pol_num_ref_part(g, POL_ITEM, 3, false), "(3)");
	EXPECT_STR(pol_num_ref_part(g, POL_SUBITEM, 1, false), "①");
	EXPECT_STR(pol_num_ref_part(r, POL_ARTICLE, 3, false), "第3条");
	EXPECT_STR(pol_num_ref_part(r, POL_PARAGRAPH, 2, false), "第2項");
	EXPECT_STR(pol_num_ref_part(r, POL_PARAGRAPH, 1, false), "第1項");
	EXPECT_STR(pol_num_ref_part(r, POL_ITEM, 1, false), "第1号");
	EXPECT_STR(pol_num_ref_part(r, POL_SUBITEM, 2, false), "イ");
	EXPECT_STR(pol_num_ref_part(r, POL_SUBSUBITEM, 1, false), "(ア)");
}

/* ---- 目次 ranges ---- */

Test(number, ranges)
{
	EXPECT_STR(pol_num_range(11, 11, NULL), "（第11条）");
	EXPECT_STR(pol_num_range(12, 13, NULL), "（第12条・第13条）");
	EXPECT_STR(pol_num_range(14, 18, NULL), "（第14条―第18条）");
	EXPECT_STR(pol_num_range(1, 3, NULL), "（第1条―第3条）");
	EXPECT_STR(pol_num_range(0, 0, NULL), NULL); /* no article */
	EXPECT_STR(pol_num_range(14, 18, "～"), "（第14条～第18条）"); /* toc-range = ～ */
	EXPECT_STR(pol_num_range(12, 13, "～"), "（第12条・第13条）");
}

/* ---- dates ---- */

Test(date, era_boundaries)
{
	EXPECT_STR(pol_era_date("2019-04-30"), "平成31年4月30日");
	EXPECT_STR(pol_era_date("2019-05-01"), "令和元年5月1日");
	EXPECT_STR(pol_era_date("2020-01-01"), "令和2年1月1日");
	EXPECT_STR(pol_era_date("1989-01-07"), "昭和64年1月7日");
	EXPECT_STR(pol_era_date("1989-01-08"), "平成元年1月8日");
	EXPECT_STR(pol_era_date("1926-12-25"), "昭和元年12月25日");
	EXPECT_STR(pol_era_date("1926-12-24"), "大正15年12月24日");
	EXPECT_STR(pol_era_date("1912-07-30"), "大正元年7月30日");
	EXPECT_STR(pol_era_date("1912-07-29"), "明治45年7月29日");
	EXPECT_STR(pol_era_date("1868-10-23"), "明治元年10月23日");
	EXPECT_STR(pol_era_date("1868-10-22"), NULL); /* before 明治 */
}

Test(date, month_only)
{
	EXPECT_STR(pol_era_date("2026-03"), "令和8年3月");
	EXPECT_STR(pol_era_date("2026-12"), "令和8年12月");
	EXPECT_STR(pol_era_date("2019-05"), "令和元年5月");
	EXPECT_STR(pol_era_date("2019-04"), "平成31年4月");
}

Test(date, invalid_dates_have_no_era)
{
	EXPECT_STR(pol_era_date("2026-02-30"), NULL);
	EXPECT_STR(pol_era_date("2026-13"), NULL);
	EXPECT_STR(pol_era_date("2026-00"), NULL);
	EXPECT_STR(pol_era_date("2026-04-31"), NULL);
	EXPECT_STR(pol_era_date("2026/04/01"), NULL);
	EXPECT_STR(pol_era_date("2026-4-1"), NULL);
	EXPECT_STR(pol_era_date("R8-04-01"), NULL);
	EXPECT_STR(pol_era_date(""), NULL);
}

Test(date, validity)
{
	cr_expect(pol_date_valid("2024-02-29", false), "2024 is a leap year");
	cr_expect_not(pol_date_valid("2023-02-29", false), "2023 is not a leap year");
	cr_expect(pol_date_valid("2000-02-29", false), "2000 is a leap year (divisible by 400)");
	cr_expect_not(pol_date_valid("1900-02-29", false), "1900 is not (divisible by 100)");
	cr_expect(pol_date_valid("2026-12-31", false));
	cr_expect_not(pol_date_valid("2026-12-32", false));
	cr_expect_not(pol_date_valid("2026-06-31", false));
	cr_expect_not(pol_date_valid("2026-01-00", false));
	cr_expect(pol_date_valid("2026-03", true), "month-only allowed");
	cr_expect_not(pol_date_valid("2026-03", false), "month-only refused");
	cr_expect_not(pol_date_valid("2026-13", true));
	cr_expect_not(pol_date_valid("2026-03-01x", true));
	cr_expect_not(pol_date_valid(NULL, true));
}
