/* test_format.c — pol_format (front/format.h) on the corner cases of the lexer that a
 * formatter could break: a title that starts with '#', indented lines right under a
 * directive (attribute lines) or after a blank (prose), blank lines in code, unknown
 * directives, a byte order mark and CRLF; every result formatted again is unchanged. */
#include <criterion/criterion.h>
#include <string.h>

#include "front/format.h"

typedef struct {
	pol_format_status st;
	char *out;
	char *diags;
} formatted;

static formatted fmt(const char *text)
{
	pol_file *f = pol_file_new("t.pol", "t.pol", text, strlen(text));
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_buf out = {0};
	formatted r;
	r.st = pol_format(&out, f, &d);
	pol_buf_putc(&out, 0);
	r.out = pol_buf_detach(&out);
	pol_buf_putc(&d.mem, 0);
	r.diags = pol_buf_detach(&d.mem);
	pol_diag_fini(&d);
	pol_file_free(f);
	return r;
}

/* Formats in, expects want, and expects want to be a fixed point. */
static void expect(const char *in, const char *want)
{
	formatted r = fmt(in);
	cr_expect_eq(r.st, POL_FORMAT_OK, "status %d for %s: %s", r.st, in, r.diags);
	cr_expect_str_eq(r.out, want, "input:\n%s", in);
	formatted again = fmt(r.out);
	cr_expect_eq(again.st, POL_FORMAT_OK);
	cr_expect_str_eq(again.out, r.out, "not idempotent on:\n%s", in);
	free(r.out);
	free(r.diags);
	free(again.out);
	free(again.diags);
}

Test(format, spacing_and_attribute_order)
{
	expect("@rule   r  題名  [counters=x ,owner=o,  must , applies = a  b,]\n",
	       "@rule r 題名 [must, applies=a  b, owner=o, counters=x]\n");
	expect("@check[evidence=\"a, b\",every=month]\n", "@check [every=month, evidence=\"a, b\"]\n");
	expect("@article a []\n", "@article a\n");
	expect("@document d [custom2, public, custom1=v]\n", "@document d [public, custom2, custom1=v]\n");
}

Test(format, comments)
{
	expect("@article a 目的   #  注記  \n", "@article a 目的  #  注記\n");
	expect("@article a [must]\t# 注\n", "@article a [must]  # 注\n");
	expect("@policy p t\n  issued=2026-04    # 令和8年\n", "@policy p t\n  issued = 2026-04  # 令和8年\n");
	expect("# 見出し   \n\n\n\n@article a\n", "# 見出し\n\n@article a\n");
}

Test(format, title_starting_with_hash)
{
	/* "@kw#x": the title is "#x"; after a blank it would be a comment. */
	expect("@chapter#x\n", "@chapter#x\n");
	expect("@chapter c #x\n", "@chapter c  #x\n");
	/* "k =#x": the value is "#x" (found by fuzz_format). */
	expect("@policy p\n  k =#x\n", "@policy p\n  k =#x\n");
	expect("@policy p\n  k=#x  # c\n", "@policy p\n  k =#x  # c\n");
}

Test(format, indented_lines_under_a_directive)
{
	/* Right under a directive "  k = v" is an attribute; after a blank line, prose.
	 * The blank line in front of an indented line is never removed. */
	expect("@article a\n\n  k = v\n", "@article a\n\n  k = v\n");
	expect("@article a\n\n\n    code\n", "@article a\n\n    code\n");
	expect("@article a\n\n本文\n", "@article a\n本文\n");
}

Test(format, blank_lines)
{
	expect("\n\n@article a\n本文\n\n\n\n二段落\n@item i\n本文\n\n@check [every=year]\n問\n\n\n",
	       "@article a\n本文\n\n二段落\n\n@item i\n本文\n@check [every=year]\n問\n");
	/* Between directives without prose, the author's choice. */
	expect("@document d\n@chapter c\n\n\n@article a\n", "@document d\n@chapter c\n\n@article a\n");
	/* A comment block right above a directive goes with it. */
	expect("@article a\n本文\n# 次の条\n@article b\n", "@article a\n本文\n\n# 次の条\n@article b\n");
	/* Comments above a check: the author's spacing, and a second run agrees (found by
	 * fuzz_format). */
	expect("@rule r [must]\n本文\n# 注\n\n@check\n問\n", "@rule r [must]\n本文\n# 注\n@check\n問\n");
	expect("@rule r [must]\n本文\n\n\n# 注\n@check\n問\n", "@rule r [must]\n本文\n\n# 注\n@check\n問\n");
	expect("", "");
	expect("\n\n   \n", "");
}

Test(format, code_blocks_keep_their_blank_lines)
{
	expect("@article a\n```\nx\n\n\ny\n```\n", "@article a\n```\nx\n\n\ny\n```\n");
	expect("@article a\n本文\n\n    x\n\n\n    y\n", "@article a\n本文\n\n    x\n\n\n    y\n");
	/* In prose that may hold a fence anywhere (a list item, a block quote), no blank
	 * line between prose lines is touched: fmt does not parse CommonMark. */
	expect("@article a\n~~~~\n\n\n```\n\n\n~~~~\n\n\nz\n", "@article a\n~~~~\n\n\n```\n\n\n~~~~\n\n\nz\n");
	expect("@article a\n1. 項目\n   ```\n   x\n\n\n   y\n   ```\n", "@article a\n1. 項目\n   ```\n   x\n\n\n   y\n   ```\n");
	expect("@article a\n> ```\n> x\n\n\n> ```\n", "@article a\n> ```\n> x\n\n\n> ```\n");
	expect("@article a\n<pre>\nx\n\n\ny\n</pre>\n", "@article a\n<pre>\nx\n\n\ny\n</pre>\n");
	/* The next directive's prose is plain again. */
	expect("@article a\n```\nx\n```\n@article b\nx\n\n\ny\n", "@article a\n```\nx\n```\n\n@article b\nx\n\ny\n");
	/* Comment lines are not there for CommonMark: the blank lines around one inside an
	 * indented code block are its text too. */
	expect("@article a\n    x\n\n\n# c\n\n\n    y\n", "@article a\n    x\n\n\n# c\n\n\n    y\n");
	/* A fence left open ends with the prose; the blank lines after it are trimmed by the
	 * builder, so they are ordinary ones (found by fuzz_format). */
	expect("@article a\n```\nx\n\n\n@article b\n", "@article a\n```\nx\n\n@article b\n");
	expect("@article a\n```\nx\n@article b\n", "@article a\n```\nx\n\n@article b\n");
}

Test(format, unknown_directives_are_copied)
{
	expect("@future   a  [ x ,y= z ]\n  odd = 1\n\n\n本文  \n@article b\n",
	       "@future   a  [ x ,y= z ]\n  odd = 1\n\n\n本文  \n@article b\n");
}

Test(format, prose_as_written)
{
	/* Trailing spaces are a CommonMark line break; full-width forms are text. */
	expect("@article a\n一行目  \n二行目\\\n＠ｘ　［全角］\n", "@article a\n一行目  \n二行目\\\n＠ｘ　［全角］\n");
	expect("@article a　タイトル［must］\n", "@article a　タイトル［must］\n");
}

Test(format, bom_and_crlf)
{
	expect("\xEF\xBB\xBF@article a 目的\r\n本文\r\n", "@article a 目的\n本文\n");
	/* U+FEFF starting a later line is text: it may not become the file's first bytes
	 * (found by fuzz_format). */
	expect("\n\xEF\xBB\xBF", "\n\xEF\xBB\xBF\n");
	expect("\xEF\xBB\xBF\n\n\xEF\xBB\xBFx", "\n\xEF\xBB\xBFx\n");
}

Test(format, what_does_not_parse_is_refused)
{
	const char *bad[] = {"@article a [must\n", "@\n", "@article a [x] y\n", "@policy p\n  k =\n",
	                     "@article a\n\xff\n", "@article\0a\n"};
	size_t lens[] = {0, 0, 0, 0, 0, 11};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		size_t n = lens[i] ? lens[i] : strlen(bad[i]);
		pol_file *f = pol_file_new("t.pol", "t.pol", bad[i], n);
		pol_diag d;
		pol_diag_init(&d, NULL);
		pol_buf out = {0};
		cr_expect_eq(pol_format(&out, f, &d), POL_FORMAT_INVALID, "case %zu", i);
		cr_expect_eq(out.len, 0);
		cr_expect(d.errors > 0);
		pol_buf_free(&out);
		pol_diag_fini(&d);
		pol_file_free(f);
	}
}
