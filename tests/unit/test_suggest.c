/* test_suggest.c — edit distances over code points and the suggestion limits (lib/suggest.h). */
#include <criterion/criterion.h>

#include "lib/suggest.h"

Test(suggest, distance_counts_code_points)
{
	cr_expect_eq(pol_edit_distance("", ""), 0);
	cr_expect_eq(pol_edit_distance("article", "article"), 0);
	cr_expect_eq(pol_edit_distance("artcle", "article"), 1);
	cr_expect_eq(pol_edit_distance("artilce", "article"), 1); /* a transposition is one edit */
	cr_expect_eq(pol_edit_distance("kitten", "sitting"), 3);
	/* One kanji differs: one edit, though it is three bytes. */
	cr_expect_eq(pol_edit_distance("情報資源", "情報資産"), 1);
	cr_expect_eq(pol_edit_distance("職員", "職員等"), 1);
	cr_expect_eq(pol_edit_distance("𠮷野家", "吉野家"), 1);
	cr_expect_eq(pol_edit_distance("", "職員"), 2);
	/* Invalid bytes count one each and never match a character. */
	cr_expect_eq(pol_edit_distance("a\xff", "a\xfe"), 1);
}

Test(suggest, best_and_limits)
{
	static const char *dirs[] = {"policy", "role", "param", "term", "document", "chapter", "section",
	                             "article", "item", "subitem", "rule", "check"};
	size_t n = sizeof dirs / sizeof *dirs;
	cr_expect_str_eq(pol_suggest("artcle", dirs, n), "article");
	cr_expect_str_eq(pol_suggest("chaptr", dirs, n), "chapter");
	cr_expect_str_eq(pol_suggest("itme", dirs, n), "item");
	cr_expect_null(pol_suggest("zzqx", dirs, n));
	cr_expect_null(pol_suggest("", dirs, n));
	/* The name itself is no suggestion; the first of equals wins ("rul": rule, then role at 2). */
	cr_expect_null(pol_suggest("rule", (const char *[]){"rule"}, 1));
	cr_expect_str_eq(pol_suggest("rul", dirs, n), "rule");
	cr_expect_str_eq(pol_suggest("rol", (const char *[]){"rule", "role"}, 2), "role");
	/* A third of the length: 'other.purpose' is 5 edits from 'doc.purpose', too far. */
	cr_expect_null(pol_suggest("other.purpose", (const char *[]){"doc.purpose"}, 1));
	cr_expect_str_eq(pol_suggest("password.min_len", (const char *[]){"password.min_length"}, 1),
	                 "password.min_length");
	/* Short names: one edit at most, and never as many edits as the name has. */
	cr_expect_null(pol_suggest("a", (const char *[]){"b"}, 1));
	cr_expect_str_eq(pol_suggest("職員", (const char *[]){"情報資産", "職員等"}, 2), "職員等");
	cr_expect_null(pol_suggest("情報", (const char *[]){"情報資産"}, 1));
}
