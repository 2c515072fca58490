/* test_parser.c — the line list the parser builds (ast.h) and its error recovery: a
 * bad line is reported once and skipped, the lines around it are kept, so one run
 * reports every syntax error of a file. */
#include "parsed.h"

/* The kinds of the lines as a string: D directive, P prose, B blank. */
static char *shape(parsed *p)
{
	char *s = calloc(p->ast.lines.len + 1, 1);
	for (size_t i = 0; i < p->ast.lines.len; i++) {
		pol_line *l = p->ast.lines.items[i];
		s[i] = l->kind == POL_LINE_DIRECTIVE ? 'D' : l->kind == POL_LINE_PROSE ? 'P' : 'B';
	}
	return s;
}

/* Counts the lines of the diagnostics that start a message. */
static int count(parsed *p, const char *what)
{
	int n = 0;
	for (const char *s = mem(p); (s = strstr(s, what)); s++)
		n++;
	return n;
}

Test(parser, empty_file)
{
	/* A loaded file always ends in a newline, so an empty file is one blank line. */
	parsed *p = parse("");
	cr_expect_eq(p->rc, 0);
	char *s = shape(p);
	cr_expect_str_eq(s, "B");
	free(s);
	cr_expect_eq(p->d.errors, 0);
	done(p);
}

Test(parser, comments_only)
{
	parsed *p = parse("# one\n# two\n");
	cr_expect_eq(p->rc, 0);
	cr_expect_eq(p->ast.lines.len, 0);
	done(p);
}

Test(parser, line_list)
{
	const char *src = "@policy isp ポリシー\n"
	                  "  issued = 2026-03\n"
	                  "# comment\n"
	                  "\n"
	                  "@document basic 基本方針 [public, tier=basic]\n"
	                  "@chapter general 総則\n"
	                  "@article purpose 目的\n"
	                  "一段落目の一行目\n"
	                  "一段落目の二行目\n"
	                  "\n"
	                  "二段落目\n"
	                  "@item\n";
	parsed *p = parse(src);
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	char *s = shape(p);
	cr_expect_str_eq(s, "DBDDDPPBPD");
	free(s);
	cr_expect_str_eq(dir(p, 0)->keyword, "policy");
	cr_expect_eq(dir(p, 0)->nattrs, 1);
	cr_expect_str_eq(dir(p, 2)->keyword, "document");
	cr_expect_eq(dir(p, 2)->nattrs, 2);
	cr_expect_str_eq(dir(p, 9)->keyword, "item");
	done(p);
}

Test(parser, directive_span)
{
	const char *src = "@chapter general 総則 [public]\n";
	parsed *p = parse(src);
	pol_directive *d = dir(p, 0);
	cr_expect_eq(d->span.begin, 0);
	cr_expect_eq(d->span.end, (uint32_t)(strlen(src) - 1), "ends at the end of the line");
	pol_line *l = p->ast.lines.items[0];
	cr_expect_eq(l->span.begin, 0);
	done(p);
}

Test(parser, attributes_keep_their_order)
{
	parsed *p = parse("@policy isp ポリシー [numbering=reiki]\n  organization = 組合\n  issued = 2026-03\n");
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	pol_directive *d = dir(p, 0);
	cr_assert_eq(d->nattrs, 3);
	cr_expect_str_eq(d->attrs[0].key, "numbering");
	cr_expect_str_eq(d->attrs[1].key, "organization");
	cr_expect_str_eq(d->attrs[2].key, "issued");
	cr_expect_str_eq(d->attrs[2].value, "2026-03");
	done(p);
}

Test(parser, duplicate_attributes_are_kept_for_the_builder)
{
	/* The parser does not judge attributes; the builder reports "given twice". */
	parsed *p = parse("@document d D [public, public, colour=red]\n");
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	cr_expect_eq(dir(p, 0)->nattrs, 3);
	done(p);
}

Test(parser, unterminated_attribute_list)
{
	parsed *p = parse("@rule r 規則 [must\n@rule r2 規則2 [should]\n");
	cr_expect_eq(p->rc, -1);
	cr_expect_eq(p->d.errors, 1, "%s", mem(p));
	cr_expect(strstr(mem(p), "src/policy.pol:1:17: error: unexpected end of line, expecting ']' or ','") != NULL,
	          "%s", mem(p));
	cr_assert_eq(p->ast.lines.len, 1, "the bad line is dropped, the next kept");
	cr_expect_str_eq(dir(p, 0)->id, "r2");
	done(p);
}

Test(parser, text_after_attribute_list)
{
	parsed *p = parse("@document d D [public] 追記\n");
	cr_expect_eq(p->d.errors, 1);
	cr_expect(strstr(mem(p), "1:24: error: unexpected text after the attribute list") != NULL, "%s", mem(p));
	cr_expect_eq(p->ast.lines.len, 0);
	done(p);
}

Test(parser, missing_attribute_name)
{
	parsed *p = parse("@document d D [public,,internal]\n@document e E [=x]\n");
	cr_expect_eq(p->d.errors, 2, "%s", mem(p));
	cr_expect(strstr(mem(p), "1:23: error: unexpected ',', expecting attribute name or ']'") != NULL, "%s",
	          mem(p));
	cr_expect(strstr(mem(p), "2:16: error: unexpected '=', expecting attribute name or ']'") != NULL, "%s",
	          mem(p));
	done(p);
}

Test(parser, error_recovery_three_bad_lines)
{
	const char *src = "@policy isp ポリシー\n"
	                  "@role staff 職員 [public\n"          /* unterminated list */
	                  "@document doc 文書 [public]\n"
	                  "@chapter ch 総則 [public] 追記\n"     /* text after ] */
	                  "@article purpose 目的\n"
	                  "本文。\n"
	                  "@item i1 項目 [summary=\"引用\n" /* unterminated quote */
	                  "@item i2 項目2\n";
	parsed *p = parse(src);
	cr_expect_eq(p->rc, -1);
	cr_expect_eq(p->d.errors, 3, "%s", mem(p));
	cr_expect_eq(count(p, ": error: "), 3, "%s", mem(p));
	cr_expect(strstr(mem(p), "src/policy.pol:2:") != NULL, "%s", mem(p));
	cr_expect(strstr(mem(p), "src/policy.pol:4:") != NULL, "%s", mem(p));
	cr_expect(strstr(mem(p), "src/policy.pol:7:") != NULL, "%s", mem(p));
	char *s = shape(p);
	cr_expect_str_eq(s, "DDDPD", "every good line is kept");
	free(s);
	cr_expect_str_eq(dir(p, 0)->keyword, "policy");
	cr_expect_str_eq(dir(p, 1)->keyword, "document");
	cr_expect_str_eq(dir(p, 2)->keyword, "article");
	cr_expect_str_eq(dir(p, 4)->id, "i2");
	done(p);
}

Test(parser, one_error_per_line)
{
	/* Two problems on one line give one message. */
	parsed *p = parse("@document d D [公開, =x] 追記\n@chapter c C\n");
	cr_expect_eq(p->d.errors, 1, "%s", mem(p));
	cr_expect_eq(p->ast.lines.len, 1);
	done(p);
}

Test(parser, diagnostics_have_source_and_caret)
{
	parsed *p = parse("@document d D [public] 追記\n");
	cr_expect_str_eq(mem(p), "src/policy.pol:1:24: error: unexpected text after the attribute list\n"
	                         "    1 | @document d D [public] 追記\n"
	                         "      |                        ^~~~\n");
	done(p);
}
