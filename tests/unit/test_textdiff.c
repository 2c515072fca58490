/* test_textdiff.c — character-level diff used for 新旧対照表: exact spans for small
 * Japanese cases, width folding, the cut-off, a large near-identical text, HTML
 * rendering, and a reconstruction property over many pseudo-random pairs. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/textdiff.h"

#define EQ POL_DIFF_EQ
#define DEL POL_DIFF_DEL
#define INS POL_DIFF_INS

/* Byte length of the UTF-8 sequence starting with c (input is valid UTF-8). */
static size_t u8len(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int on_boundary(const char *s, size_t len, size_t off)
{
	if (off == 0 || off == len)
		return 1;
	return off < len && ((unsigned char)s[off] & 0xC0) != 0x80;
}

/* Checks every invariant of a result and that the spans rebuild both texts. */
static void check_diff(const char *a, size_t alen, const char *b, size_t blen, unsigned flags,
                       const pol_diff_span *d, size_t n)
{
	char *ra = malloc(alen + 1), *rb = malloc(blen + 1);
	size_t la = 0, lb = 0;
	cr_assert(ra && rb);
	for (size_t i = 0; i < n; i++) {
		const pol_diff_span *s = &d[i];
		cr_assert_eq(s->a_begin, la, "span %zu: a_begin %zu, expected %zu", i, s->a_begin, la);
		cr_assert_eq(s->b_begin, lb, "span %zu: b_begin %zu, expected %zu", i, s->b_begin, lb);
		cr_assert(s->a_end <= alen && s->b_end <= blen);
		cr_assert(on_boundary(a, alen, s->a_end) && on_boundary(b, blen, s->b_end),
		          "span %zu splits a code point", i);
		if (i > 0)
			cr_assert_neq(d[i - 1].op, s->op, "spans %zu and %zu share an op", i - 1, i);
		switch (s->op) {
		case EQ:
			cr_assert(s->a_end > s->a_begin && s->b_end > s->b_begin, "empty EQ span %zu", i);
			cr_assert(pol_text_equal(a + s->a_begin, s->a_end - s->a_begin, b + s->b_begin,
			                         s->b_end - s->b_begin, flags),
			          "EQ span %zu is not equal", i);
			break;
		case DEL:
			cr_assert(s->a_end > s->a_begin && s->b_end == s->b_begin, "bad DEL span %zu", i);
			cr_assert(i == 0 || d[i - 1].op == EQ, "DEL %zu follows a change", i);
			break;
		case INS:
			cr_assert(s->b_end > s->b_begin && s->a_end == s->a_begin, "bad INS span %zu", i);
			break;
		default:
			cr_assert_fail("bad op in span %zu", i);
		}
		memcpy(ra + la, a + s->a_begin, s->a_end - s->a_begin);
		memcpy(rb + lb, b + s->b_begin, s->b_end - s->b_begin);
		la = s->a_end, lb = s->b_end;
	}
	cr_assert_eq(la, alen);
	cr_assert_eq(lb, blen);
	cr_assert(alen == 0 || memcmp(ra, a, alen) == 0);
	cr_assert(blen == 0 || memcmp(rb, b, blen) == 0);
	free(ra);
	free(rb);
}

/* Diffs and checks; returns the code pol_textdiff returned. */
static int diff(pol_diff_span **d, size_t *n, const char *a, const char *b, unsigned flags,
                size_t max_d)
{
	int rc = pol_textdiff(d, n, a, strlen(a), b, strlen(b), flags, max_d);
	cr_assert(rc == 0 || rc == 1, "pol_textdiff returned %d", rc);
	check_diff(a, strlen(a), b, strlen(b), flags, *d, *n);
	return rc;
}

static void expect_span(const pol_diff_span *s, pol_diff_op op, size_t a0, size_t a1, size_t b0,
                        size_t b1)
{
	cr_expect_eq(s->op, op, "op %d, expected %d", (int)s->op, (int)op);
	cr_expect(s->a_begin == a0 && s->a_end == a1 && s->b_begin == b0 && s->b_end == b1,
	          "span a[%zu,%zu) b[%zu,%zu), expected a[%zu,%zu) b[%zu,%zu)", s->a_begin, s->a_end,
	          s->b_begin, s->b_end, a0, a1, b0, b1);
}

Test(textdiff, japanese_insertion)
{
	pol_diff_span *d;
	size_t n;
	cr_assert_eq(diff(&d, &n, "情報資産の機密性を維持する", "情報資産の機密性及び完全性を維持する",
	                  0, 0),
	             0);
	cr_assert_eq(n, 3);
	expect_span(&d[0], EQ, 0, 24, 0, 24);  /* 情報資産の機密性 */
	expect_span(&d[1], INS, 24, 24, 24, 39); /* 及び完全性 */
	expect_span(&d[2], EQ, 24, 39, 39, 54); /* を維持する */
	free(d);
}

Test(textdiff, pure_insert_and_delete)
{
	pol_diff_span *d;
	size_t n;
	diff(&d, &n, "ac", "abc", 0, 0);
	cr_assert_eq(n, 3);
	expect_span(&d[0], EQ, 0, 1, 0, 1);
	expect_span(&d[1], INS, 1, 1, 1, 2);
	expect_span(&d[2], EQ, 1, 2, 2, 3);
	free(d);

	diff(&d, &n, "あいう", "あう", 0, 0);
	cr_assert_eq(n, 3);
	expect_span(&d[0], EQ, 0, 3, 0, 3);
	expect_span(&d[1], DEL, 3, 6, 3, 3);
	expect_span(&d[2], EQ, 6, 9, 3, 6);
	free(d);

	diff(&d, &n, "規程", "規程を定める", 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], EQ, 0, 6, 0, 6);
	expect_span(&d[1], INS, 6, 6, 6, 18);
	free(d);

	diff(&d, &n, "本規程を定める", "規程を定める", 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 3, 0, 0);
	expect_span(&d[1], EQ, 3, 21, 0, 18);
	free(d);
}

Test(textdiff, identical_and_empty)
{
	pol_diff_span *d;
	size_t n;
	cr_assert_eq(diff(&d, &n, "同一の文", "同一の文", 0, 0), 0);
	cr_assert_eq(n, 1);
	expect_span(&d[0], EQ, 0, 12, 0, 12);
	free(d);

	cr_assert_eq(diff(&d, &n, "", "", 0, 0), 0);
	cr_assert_eq(n, 0);
	free(d);

	cr_assert_eq(pol_textdiff(&d, &n, NULL, 0, NULL, 0, POL_DIFF_NORMALIZE_WIDTH, 0), 0);
	cr_assert_eq(n, 0);
	free(d);

	diff(&d, &n, "", "新設", 0, 0);
	cr_assert_eq(n, 1);
	expect_span(&d[0], INS, 0, 0, 0, 6);
	free(d);

	diff(&d, &n, "削除", "", 0, 0);
	cr_assert_eq(n, 1);
	expect_span(&d[0], DEL, 0, 6, 0, 0);
	free(d);
}

Test(textdiff, multibyte_change_is_whole)
{
	pol_diff_span *d;
	size_t n;
	/* あ = E3 81 82, も = E3 82 82: they share a first and a last byte. */
	diff(&d, &n, "xあy", "xもy", 0, 0);
	cr_assert_eq(n, 4);
	expect_span(&d[0], EQ, 0, 1, 0, 1);
	expect_span(&d[1], DEL, 1, 4, 1, 1);
	expect_span(&d[2], INS, 4, 4, 1, 4);
	expect_span(&d[3], EQ, 4, 5, 4, 5);
	free(d);

	diff(&d, &n, "あ", "も", 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 3, 0, 0);
	expect_span(&d[1], INS, 3, 3, 0, 3);
	free(d);

	/* 4-byte characters, e.g. 𠮷 (U+20BB7) vs 𠮟 (U+20B9F). */
	diff(&d, &n, "𠮷野家", "𠮟野家", 0, 0);
	cr_assert_eq(n, 3);
	expect_span(&d[0], DEL, 0, 4, 0, 0);
	expect_span(&d[1], INS, 4, 4, 0, 4);
	expect_span(&d[2], EQ, 4, 10, 4, 10);
	free(d);
}

Test(textdiff, single_char_islands_are_absorbed)
{
	pol_diff_span *d;
	size_t n;
	diff(&d, &n, "甲の乙", "丙の丁", 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 9, 0, 0);
	expect_span(&d[1], INS, 9, 9, 0, 9);
	free(d);

	diff(&d, &n, "AxB", "CxD", 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 3, 0, 0);
	expect_span(&d[1], INS, 3, 3, 0, 3);
	free(d);

	/* Two equal characters stay. */
	diff(&d, &n, "AxyB", "CxyD", 0, 0);
	cr_assert_eq(n, 5);
	expect_span(&d[0], DEL, 0, 1, 0, 0);
	expect_span(&d[1], INS, 1, 1, 0, 1);
	expect_span(&d[2], EQ, 1, 3, 1, 3);
	expect_span(&d[3], DEL, 3, 4, 3, 3);
	expect_span(&d[4], INS, 4, 4, 3, 4);
	free(d);

	/* An equal character at either end is never absorbed. */
	diff(&d, &n, "xA", "xB", 0, 0);
	cr_assert_eq(n, 3);
	expect_span(&d[0], EQ, 0, 1, 0, 1);
	free(d);
}

Test(textdiff, width_normalization)
{
	const char *fw = "ＡＢＣ１２３", *hw = "ABC123";
	cr_assert_eq(pol_text_equal(fw, strlen(fw), hw, strlen(hw), POL_DIFF_NORMALIZE_WIDTH), 1);
	cr_assert_eq(pol_text_equal(fw, strlen(fw), hw, strlen(hw), 0), 0);

	pol_diff_span *d;
	size_t n;
	diff(&d, &n, fw, hw, POL_DIFF_NORMALIZE_WIDTH, 0);
	cr_assert_eq(n, 1);
	expect_span(&d[0], EQ, 0, 18, 0, 6);
	free(d);

	diff(&d, &n, fw, hw, 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 18, 0, 0);
	expect_span(&d[1], INS, 18, 18, 0, 6);
	free(d);

	/* ｶﾞ folds to ガ as one unit. */
	cr_assert(pol_text_equal("ｶﾞ", 6, "ガ", 3, POL_DIFF_NORMALIZE_WIDTH));
	cr_assert(!pol_text_equal("ｶﾞ", 6, "ガ", 3, 0));
	diff(&d, &n, "ｶﾞ", "ガ", POL_DIFF_NORMALIZE_WIDTH, 0);
	cr_assert_eq(n, 1);
	expect_span(&d[0], EQ, 0, 6, 0, 3);
	free(d);

	/* The pair is one unit: against カ it is replaced whole, never split. */
	diff(&d, &n, "ｶﾞ", "カ", POL_DIFF_NORMALIZE_WIDTH, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 6, 0, 0);
	expect_span(&d[1], INS, 6, 6, 0, 3);
	free(d);

	/* Without the flag, ｶ and ﾞ are two code points unlike ガ. */
	diff(&d, &n, "ｶﾞ", "ガ", 0, 0);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, 6, 0, 0);
	free(d);

	const unsigned f = POL_DIFF_NORMALIZE_WIDTH;
	cr_assert(pol_text_equal("ﾊﾟｿｺﾝ", 15, "パソコン", 12, f));
	cr_assert(pol_text_equal("ｳﾞｨ", 9, "ヴィ", 6, f));
	cr_assert(pol_text_equal("ICｶｰﾄﾞ", 14, "ＩＣカード", 15, f));
	cr_assert(pol_text_equal("ｱﾞ", 6, "ア゛", 6, f)); /* no ア with dakuten: kept apart */
	cr_assert(pol_text_equal("｢ｱ｣､｡", 15, "「ア」、。", 15, f));
	cr_assert(pol_text_equal("第１条　目的", 18, "第1条 目的", 14, f));
	cr_assert(!pol_text_equal("ﾊﾟ", 6, "バ", 3, f));
	cr_assert(!pol_text_equal("ｶ", 3, "ガ", 3, f));
	cr_assert(!pol_text_equal("ABC", 3, "ABCD", 4, f));

	/* A real change under folding: spans still point into each original text. */
	diff(&d, &n, "ﾃﾞｰﾀ管理", "データ保護", f, 0);
	cr_assert_eq(n, 3);
	expect_span(&d[0], EQ, 0, 12, 0, 9);
	expect_span(&d[1], DEL, 12, 18, 9, 9);
	expect_span(&d[2], INS, 18, 18, 9, 15);
	free(d);
}

Test(textdiff, cutoff_boundary_is_exact)
{
	pol_diff_span *d;
	size_t n;
	/* Distance 6 (three deletions, three insertions). */
	cr_assert_eq(diff(&d, &n, "abc", "xyz", 0, 6), 0);
	free(d);
	cr_assert_eq(diff(&d, &n, "abc", "xyz", 0, 5), 1);
	cr_assert_eq(n, 2);
	free(d);

	/* Common prefix and suffix survive the cut-off. */
	cr_assert_eq(diff(&d, &n, "共通ABCDEF末尾", "共通UVWXYZ末尾", 0, 4), 1);
	cr_assert_eq(n, 4);
	expect_span(&d[0], EQ, 0, 6, 0, 6);
	expect_span(&d[1], DEL, 6, 12, 6, 6);
	expect_span(&d[2], INS, 12, 12, 6, 12);
	expect_span(&d[3], EQ, 12, 18, 12, 18);
	free(d);

	/* The default limit is 2000. */
	size_t k = 1000;
	char *a = malloc(3 * (k + 1) + 1), *b = malloc(3 * k + 1);
	cr_assert(a && b);
	for (size_t i = 0; i < k; i++) {
		memcpy(a + 3 * i, "あ", 3);
		memcpy(b + 3 * i, "い", 3);
	}
	a[3 * k] = b[3 * k] = '\0';
	cr_assert_eq(diff(&d, &n, a, b, 0, 0), 0); /* distance 2000 */
	free(d);
	memcpy(a + 3 * k, "あ", 4);
	cr_assert_eq(diff(&d, &n, a, b, 0, 0), 1); /* distance 2001 */
	cr_assert_eq(n, 2);
	free(d);
	free(a);
	free(b);
}

static uint64_t rng_state;
static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 32);
}

static const char *const kanji[] = {
	"情", "報", "資", "産", "の", "機", "密", "性", "を", "維", "持", "す", "る", "完", "全",
	"可", "用", "管", "理", "者", "は", "、", "。", "職", "員", "外", "部", "委", "託", "先",
};
enum { NKANJI = sizeof kanji / sizeof kanji[0] };

/* Appends count random characters from kanji[] to s at *len. */
static void put_random(char *s, size_t *len, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		memcpy(s + *len, kanji[rng() % NKANJI], 3);
		*len += 3;
	}
}

Test(textdiff, cutoff_on_large_different_texts)
{
	rng_state = 0x9E3779B97F4A7C15u;
	size_t k = 5000, alen = 0, blen = 0;
	char *a = malloc(3 * k + 8), *b = malloc(3 * k + 8);
	cr_assert(a && b);
	a[alen++] = 'X', b[blen++] = 'Y';
	put_random(a, &alen, k);
	put_random(b, &blen, k);
	a[alen++] = 'X', b[blen++] = 'Y';
	pol_diff_span *d;
	size_t n;
	cr_assert_eq(pol_textdiff(&d, &n, a, alen, b, blen, 0, 50), 1);
	cr_assert_eq(n, 2);
	expect_span(&d[0], DEL, 0, alen, 0, 0);
	expect_span(&d[1], INS, alen, alen, 0, blen);
	free(d);
	free(a);
	free(b);
}

Test(textdiff, large_mostly_equal_text)
{
	rng_state = 12345;
	const size_t k = 200000;
	size_t alen = 0, blen = 0;
	char *a = malloc(3 * k + 1), *b = malloc(3 * k + 64);
	cr_assert(a && b);
	put_random(a, &alen, k);
	/* Ten edits ~20000 characters apart: 4 replacements by ★ (distance 2 each),
	 * 3 insertions of 追加条項 (4 each), 3 deletions of 5 characters (5 each). */
	size_t src = 0;
	for (int e = 0; e < 10; e++) {
		size_t at = (size_t)(e * 20000 + 10000) * 3;
		memcpy(b + blen, a + src, at - src);
		blen += at - src;
		src = at;
		if (e % 3 == 0) {
			memcpy(b + blen, "★", 3), blen += 3, src += 3;
		} else if (e % 3 == 1) {
			memcpy(b + blen, "追加条項", 12), blen += 12;
		} else {
			src += 15;
		}
	}
	memcpy(b + blen, a + src, alen - src);
	blen += alen - src;

	pol_diff_span *d;
	size_t n;
	cr_assert_eq(pol_textdiff(&d, &n, a, alen, b, blen, 0, 0), 0);
	check_diff(a, alen, b, blen, 0, d, n);
	size_t changed = 0, changes = 0;
	for (size_t i = 0; i < n; i++) {
		if (d[i].op != EQ) {
			changes++;
			changed += (d[i].a_end - d[i].a_begin + d[i].b_end - d[i].b_begin) / 3;
		}
	}
	cr_expect(changed >= 35 && changed <= 45, "%zu characters changed", changed);
	cr_expect(changes <= 14, "%zu change spans", changes);
	free(d);
	free(a);
	free(b);
}

Test(textdiff, reconstruction_property)
{
	static const char *const alphabet[] = {"a", "b", "c", "A", "Ａ", " ", "　", "あ",
	                                       "い", "機", "ｶ", "ﾞ", "ﾟ", "ﾊ", "ガ", "パ"};
	enum { NALPHA = sizeof alphabet / sizeof alphabet[0] };
	rng_state = 0xC0FFEE;
	char a[256], b[256];
	for (int iter = 0; iter < 4000; iter++) {
		size_t alen = 0, blen = 0, na = rng() % 40, nb = rng() % 40;
		unsigned sym = 2 + rng() % (NALPHA - 1); /* small alphabets give long common runs */
		for (size_t i = 0; i < na; i++) {
			const char *s = alphabet[rng() % sym];
			memcpy(a + alen, s, strlen(s)), alen += strlen(s);
		}
		/* b is a mutation of a half the time, unrelated otherwise. */
		size_t i = 0;
		for (size_t j = 0; j < nb; j++) {
			if (iter % 2 == 0 && i < alen && rng() % 4 != 0) {
				size_t l = u8len((unsigned char)a[i]);
				memcpy(b + blen, a + i, l), blen += l, i += l;
			} else {
				const char *s = alphabet[rng() % sym];
				memcpy(b + blen, s, strlen(s)), blen += strlen(s);
			}
		}
		unsigned flags = (iter / 2) % 2 ? POL_DIFF_NORMALIZE_WIDTH : 0;
		size_t max_d = iter % 5 == 0 ? 1 + rng() % 12 : 0;
		pol_diff_span *d;
		size_t n;
		int rc = pol_textdiff(&d, &n, a, alen, b, blen, flags, max_d);
		cr_assert(rc == 0 || rc == 1, "iteration %d: rc %d", iter, rc);
		check_diff(a, alen, b, blen, flags, d, n);
		if (rc == 1) {
			size_t changes = 0;
			for (size_t s = 0; s < n; s++)
				changes += d[s].op != EQ;
			cr_assert(changes <= 2 && n <= 4, "iteration %d: cut-off result not whole", iter);
		}
		cr_assert_eq(pol_text_equal(a, alen, b, blen, flags), n <= 1 && (n == 0 || d[0].op == EQ),
		             "iteration %d: pol_text_equal disagrees with the diff", iter);
		free(d);
	}
}

Test(textdiff, html_rendering)
{
	pol_diff_span *d;
	size_t n;
	const char *a = "規程<A>の改正", *b = "規程<B>の改正&";
	diff(&d, &n, a, b, 0, 0);
	char *old = pol_textdiff_html(d, n, a, b, 0), *new = pol_textdiff_html(d, n, a, b, 1);
	cr_assert_str_eq(old, "規程&lt;<u class=\"chg\">A</u>&gt;の改正");
	cr_assert_str_eq(new, "規程&lt;<u class=\"chg\">B</u>&gt;の改正<u class=\"chg\">&amp;</u>");
	free(old);
	free(new);
	free(d);

	a = "\"旧規程\"", b = "\"新規程\"";
	diff(&d, &n, a, b, 0, 0);
	old = pol_textdiff_html(d, n, a, b, 0), new = pol_textdiff_html(d, n, a, b, 1);
	cr_assert_str_eq(old, "&quot;<u class=\"chg\">旧</u>規程&quot;");
	cr_assert_str_eq(new, "&quot;<u class=\"chg\">新</u>規程&quot;");
	free(old);
	free(new);
	free(d);

	old = pol_textdiff_html(NULL, 0, "", "", 0);
	cr_assert_str_eq(old, "");
	free(old);
}
