/* test_lexer.c — the tokens of the policy language, seen through pol_parse_file on an
 * in-memory file: directive keyword, id and title, bracketed attributes (flags,
 * values, quoted values), indented attribute lines, comments, prose and blank lines.
 * Every span is a byte range in the file; the tests check the bytes they cover. */
#include "parsed.h"
#include "walk.h"

#include "lib/util.h"

/* The text a span covers, compared with want. */
static void span_is(parsed *p, pol_span s, const char *want)
{
	cr_assert_eq(s.file, p->f, "span of '%s' has the wrong file", want);
	cr_assert_leq(s.begin, s.end);
	cr_assert_leq(s.end, p->f->len);
	size_t n = s.end - s.begin;
	cr_expect(n == strlen(want) && !memcmp(p->f->text + s.begin, want, n),
	          "span [%u,%u) covers '%.*s', expected '%s'", s.begin, s.end, (int)n,
	          p->f->text + s.begin, want);
}

Test(lexer, directive_id_title)
{
	parsed *p = parse("@chapter basic-policy 情報セキュリティ基本方針\n");
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	cr_assert_eq(p->ast.lines.len, 1);
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->keyword, "chapter");
	cr_expect_str_eq(d->id, "basic-policy");
	cr_expect_str_eq(d->title, "情報セキュリティ基本方針");
	cr_expect_eq(d->nattrs, 0);
	span_is(p, d->kw_span, "@chapter");
	span_is(p, d->id_span, "basic-policy");
	span_is(p, d->title_span, "情報セキュリティ基本方針");
	cr_expect_eq(d->kw_span.begin, 0);
	cr_expect_eq(d->id_span.begin, 9);
	cr_expect_eq(d->title_span.begin, 22);
	done(p);
}

Test(lexer, keyword_alone)
{
	parsed *p = parse("@item\n");
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->keyword, "item");
	cr_expect_null(d->id);
	cr_expect_null(d->title);
	span_is(p, d->kw_span, "@item");
	done(p);
}

Test(lexer, first_word_that_is_not_an_id_starts_the_title)
{
	/* "1st" cannot be an id (it starts with a digit), nor can a word glued to kanji. */
	parsed *p = parse("@chapter 1st 第一章\n@chapter c章 題\n@article 目的\n");
	cr_assert_eq(p->ast.lines.len, 3);
	pol_directive *d = dir(p, 0);
	cr_expect_null(d->id);
	cr_expect_str_eq(d->title, "1st 第一章");
	d = dir(p, 1);
	cr_expect_null(d->id);
	cr_expect_str_eq(d->title, "c章 題");
	d = dir(p, 2);
	cr_expect_null(d->id);
	cr_expect_str_eq(d->title, "目的");
	span_is(p, d->title_span, "目的");
	done(p);
}

Test(lexer, parameter_ids_keep_dots)
{
	parsed *p = parse("@param password.min_length [number, value=12, unit=文字]\n");
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->id, "password.min_length");
	cr_expect_null(d->title);
	cr_assert_eq(d->nattrs, 3);
	done(p);
}

Test(lexer, attributes)
{
	const char *src = "@rule phy-room サーバ室の施錠 [must, applies=staff contractor, owner=admin]\n";
	parsed *p = parse(src);
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->title, "サーバ室の施錠");
	cr_assert_eq(d->nattrs, 3);
	cr_expect_str_eq(d->attrs[0].key, "must");
	cr_expect_null(d->attrs[0].value, "a flag has no value");
	span_is(p, d->attrs[0].key_span, "must");
	cr_expect_str_eq(d->attrs[1].key, "applies");
	cr_expect_str_eq(d->attrs[1].value, "staff contractor");
	span_is(p, d->attrs[1].key_span, "applies");
	span_is(p, d->attrs[1].value_span, "staff contractor");
	cr_expect_str_eq(d->attrs[2].key, "owner");
	cr_expect_str_eq(d->attrs[2].value, "admin");
	span_is(p, d->attrs[2].value_span, "admin");
	/* byte offsets, not code points: the title is 21 bytes of UTF-8 */
	cr_expect_eq(d->attrs[0].key_span.begin, (uint32_t)(strstr(src, "must") - src));
	done(p);
}

Test(lexer, attribute_spacing_and_trailing_comma)
{
	parsed *p = parse("@document n N [ public , summary = 空白 のある値 , ]\n");
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	pol_directive *d = dir(p, 0);
	cr_assert_eq(d->nattrs, 2);
	cr_expect_str_eq(d->attrs[0].key, "public");
	cr_expect_str_eq(d->attrs[1].key, "summary");
	cr_expect_str_eq(d->attrs[1].value, "空白 のある値");
	span_is(p, d->attrs[1].value_span, "空白 のある値");
	done(p);
}

Test(lexer, quoted_values)
{
	parsed *p = parse("@document k K [summary=\"a, \\\"q\\\" ] \\\\ b\", public]\n");
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	pol_directive *d = dir(p, 0);
	cr_assert_eq(d->nattrs, 2);
	cr_expect_str_eq(d->attrs[0].value, "a, \"q\" ] \\ b");
	span_is(p, d->attrs[0].value_span, "\"a, \\\"q\\\" ] \\\\ b\"");
	cr_expect_str_eq(d->attrs[1].key, "public");
	done(p);
}

Test(lexer, empty_value)
{
	parsed *p = parse("@document d D [summary=]\n");
	pol_directive *d = dir(p, 0);
	cr_assert_eq(d->nattrs, 1);
	cr_expect_not_null(d->attrs[0].value);
	cr_expect_str_eq(d->attrs[0].value, "");
	cr_expect_eq(d->attrs[0].value_span.begin, d->attrs[0].value_span.end);
	done(p);
}

Test(lexer, attribute_lines)
{
	const char *src = "@policy isp ポリシー\n"
	                  "  organization = 吾妻広域町村圏振興整備組合\n"
	                  "\tissued = 2026-03   # 令和8年3月\n"
	                  "  numbering=reiki\n"
	                  "本文\n";
	parsed *p = parse(src);
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	cr_assert_eq(p->ast.lines.len, 2);
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->keyword, "policy");
	cr_assert_eq(d->nattrs, 3);
	cr_expect_str_eq(d->attrs[0].key, "organization");
	cr_expect_str_eq(d->attrs[0].value, "吾妻広域町村圏振興整備組合");
	span_is(p, d->attrs[0].key_span, "organization");
	span_is(p, d->attrs[0].value_span, "吾妻広域町村圏振興整備組合");
	cr_expect_str_eq(d->attrs[1].key, "issued");
	cr_expect_str_eq(d->attrs[1].value, "2026-03", "the comment and spaces are not part of the value");
	span_is(p, d->attrs[1].value_span, "2026-03");
	cr_expect_str_eq(d->attrs[2].key, "numbering");
	cr_expect_str_eq(d->attrs[2].value, "reiki");
	cr_expect_eq(line(p, 1)->kind, POL_LINE_PROSE);
	done(p);
}

Test(lexer, bracket_and_line_attributes_combine)
{
	parsed *p = parse("@document d D [public]\n  tier = basic\n");
	pol_directive *d = dir(p, 0);
	cr_assert_eq(d->nattrs, 2);
	cr_expect_str_eq(d->attrs[0].key, "public");
	cr_expect_str_eq(d->attrs[1].key, "tier");
	cr_expect_str_eq(d->attrs[1].value, "basic");
	done(p);
}

Test(lexer, indented_line_after_prose_is_prose)
{
	parsed *p = parse("@article a A\n本文\n  key = value\n");
	cr_assert_eq(p->ast.lines.len, 3);
	cr_expect_eq(dir(p, 0)->nattrs, 0);
	cr_expect_eq(line(p, 1)->kind, POL_LINE_PROSE);
	cr_expect_eq(line(p, 2)->kind, POL_LINE_PROSE);
	span_is(p, line(p, 2)->span, "  key = value");
	done(p);
}

Test(lexer, comments)
{
	const char *src = "# a comment line\n"
	                  "@chapter c 総則   # trailing comment\n"
	                  "@article a 目的 [must] # after the attributes\n"
	                  "本文 # is prose, not a comment\n"
	                  "C#言語\n";
	parsed *p = parse(src);
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	cr_assert_eq(p->ast.lines.len, 4, "the comment line leaves no line");
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->title, "総則");
	d = dir(p, 1);
	cr_expect_str_eq(d->title, "目的");
	cr_expect_eq(d->nattrs, 1);
	cr_expect_eq(line(p, 2)->kind, POL_LINE_PROSE);
	span_is(p, line(p, 2)->span, "本文 # is prose, not a comment");
	span_is(p, line(p, 3)->span, "C#言語");
	done(p);
}

Test(lexer, title_with_hash_inside)
{
	parsed *p = parse("@item c C#の利用\n");
	cr_expect_str_eq(dir(p, 0)->title, "C#の利用");
	done(p);
}

Test(lexer, prose_and_blank_lines)
{
	const char *src = "@article a 目的\n"
	                  "一行目\n"
	                  "\n"
	                  "   \t\n"
	                  "\\#1 から始まる本文\n"
	                  "  字下げされた本文\n";
	parsed *p = parse(src);
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	cr_assert_eq(p->ast.lines.len, 6);
	cr_expect_eq(line(p, 1)->kind, POL_LINE_PROSE);
	span_is(p, line(p, 1)->span, "一行目");
	cr_expect_eq(line(p, 1)->span.begin, (uint32_t)(strstr(src, "一行目") - src));
	cr_expect_eq(line(p, 2)->kind, POL_LINE_BLANK);
	cr_expect_eq(line(p, 3)->kind, POL_LINE_BLANK, "whitespace only is blank");
	cr_expect_eq(line(p, 4)->kind, POL_LINE_PROSE);
	span_is(p, line(p, 4)->span, "\\#1 から始まる本文");
	cr_expect_eq(line(p, 5)->kind, POL_LINE_PROSE);
	span_is(p, line(p, 5)->span, "  字下げされた本文");
	done(p);
}

Test(lexer, crlf_is_not_part_of_tokens)
{
	parsed *p = parse("@chapter c 総則\r\n本文\r\n");
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	pol_directive *d = dir(p, 0);
	cr_expect_str_eq(d->title, "総則");
	span_is(p, line(p, 1)->span, "本文");
	done(p);
}

Test(lexer, last_line_without_newline)
{
	parsed *p = parse("@chapter c 総則\n本文");
	cr_assert_eq(p->ast.lines.len, 2);
	span_is(p, line(p, 1)->span, "本文");
	done(p);
}

Test(lexer, bad_characters_are_reported_once_per_line)
{
	parsed *p = parse("@\n@document d D [公開, 非公開]\n@chapter c C\n");
	cr_expect_eq(p->rc, -1);
	cr_expect_eq(p->d.errors, 2, "%s", mem(p));
	cr_expect(strstr(mem(p), "src/policy.pol:1:1: error: expected a directive name after '@'") != NULL,
	          "%s", mem(p));
	cr_expect(strstr(mem(p), "src/policy.pol:2:16: error: expected an attribute name") != NULL, "%s",
	          mem(p));
	/* the good line after them is kept */
	pol_line *l = p->ast.lines.items[p->ast.lines.len - 1];
	cr_assert_eq(l->kind, POL_LINE_DIRECTIVE);
	cr_expect_str_eq(l->dir->keyword, "chapter");
	done(p);
}

Test(lexer, unterminated_quote)
{
	parsed *p = parse("@document e E [summary=\"abc]\n");
	cr_expect_eq(p->d.errors, 1);
	cr_expect(strstr(mem(p), "1:24: error: unterminated quoted value") != NULL, "%s", mem(p));
	cr_expect_eq(p->ast.lines.len, 0);
	done(p);
}

/* Prose lines are found without the DFA (lexer.l, pol_yylex): the scanner must take up
 * the next directive, attribute line or blank line exactly where the prose ended. */
Test(lexer, prose_runs_between_other_lines)
{
	const char *src = "本文が最初の行\n"
	                  "@item x 題\n"
	                  "  owner = admin\n"
	                  "一行目\r\r\n"
	                  "1. 数字で始まる行 {ref a}\n"
	                  "@rule y [must]\n"
	                  "二行目\n"
	                  "\n"
	                  "最後の行\n";
	parsed *p = parse(src);
	cr_assert_eq(p->rc, 0, "%s", mem(p));
	cr_assert_eq(p->ast.lines.len, 8);
	cr_expect_eq(line(p, 0)->kind, POL_LINE_PROSE);
	span_is(p, line(p, 0)->span, "本文が最初の行");
	pol_directive *d = dir(p, 1);
	cr_expect_str_eq(d->id, "x");
	cr_assert_eq(d->nattrs, 1);
	cr_expect_str_eq(d->attrs[0].key, "owner");
	cr_expect_str_eq(d->attrs[0].value, "admin");
	span_is(p, line(p, 2)->span, "一行目");
	span_is(p, line(p, 3)->span, "1. 数字で始まる行 {ref a}");
	d = dir(p, 4);
	cr_expect_str_eq(d->keyword, "rule");
	cr_expect_str_eq(d->id, "y");
	cr_assert_eq(d->nattrs, 1);
	span_is(p, d->attrs[0].key_span, "must");
	span_is(p, line(p, 5)->span, "二行目");
	cr_expect_eq(line(p, 6)->kind, POL_LINE_BLANK);
	span_is(p, line(p, 7)->span, "最後の行");
	done(p);
}

/* ---- the shortcuts around the DFA ------------------------------------------------------
 * pol_yylex takes prose lines, directive titles and well-formed attribute lists without
 * the DFA (grammar/lexer.l). With ast.dfa_only every token comes from the DFA: both
 * ways must give the same lines, directives, attributes, spans and diagnostics, on
 * every policy file of the repository and on titles and attribute lists of every form,
 * also mangled. */

static parsed *parse_way(const char *text, size_t n, bool dfa_only)
{
	parsed *p = calloc(1, sizeof *p);
	p->f = pol_file_new("src/policy.pol", "policy.pol", text, n);
	pol_diag_init(&p->d, NULL);
	p->ast.dfa_only = dfa_only;
	p->rc = pol_parse_file(&p->ast, p->f, &p->d);
	return p;
}

static bool S_span_eq(pol_span a, pol_span b)
{
	return a.begin == b.begin && a.end == b.end && (a.file == NULL) == (b.file == NULL);
}

static bool S_str_eq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Whether both ways parsed text alike; what differs first goes to why. */
static bool S_same_both_ways(const char *text, size_t n, char *why, size_t whylen)
{
	parsed *a = parse_way(text, n, false), *b = parse_way(text, n, true);
	bool same = a->rc == b->rc && S_str_eq(mem(a), mem(b)) && a->ast.lines.len == b->ast.lines.len;
	if (!same)
		snprintf(why, whylen, "rc %d/%d, %zu/%zu lines, diagnostics:\n%s---\n%s", a->rc, b->rc, a->ast.lines.len,
		         b->ast.lines.len, mem(a), mem(b));
	for (size_t i = 0; same && i < a->ast.lines.len; i++) {
		pol_line *x = a->ast.lines.items[i], *y = b->ast.lines.items[i];
		same = x->kind == y->kind && S_span_eq(x->span, y->span) && (x->dir == NULL) == (y->dir == NULL);
		if (same && x->dir) {
			pol_directive *d = x->dir, *e = y->dir;
			same = S_str_eq(d->keyword, e->keyword) && S_str_eq(d->id, e->id) && S_str_eq(d->title, e->title) &&
			       S_span_eq(d->kw_span, e->kw_span) && S_span_eq(d->id_span, e->id_span) &&
			       S_span_eq(d->title_span, e->title_span) && S_span_eq(d->span, e->span) &&
			       d->nattrs == e->nattrs && d->keymask == e->keymask;
			for (size_t k = 0; same && k < d->nattrs; k++)
				same = S_str_eq(d->attrs[k].key, e->attrs[k].key) && S_str_eq(d->attrs[k].value, e->attrs[k].value) &&
				       S_span_eq(d->attrs[k].key_span, e->attrs[k].key_span) &&
				       S_span_eq(d->attrs[k].value_span, e->attrs[k].value_span);
		}
		if (!same)
			snprintf(why, whylen, "line %zu differs", i + 1);
	}
	done(a);
	done(b);
	return same;
}

/* One policy file: lexed both ways, its bytes counted. */
static int S_same_file(const char *path, void *bytes)
{
	char *text = NULL;
	size_t len = 0;
	cr_assert_eq(pol_read_file(&text, &len, path), 0, "%s", path);
	char why[4096];
	cr_expect(S_same_both_ways(text, len, why, sizeof why), "%s: %s", path, why);
	*(size_t *)bytes += len;
	free(text);
	return 1;
}

Test(lexer, shortcuts_agree_with_the_dfa_on_every_policy_file)
{
	static const char *const pol[] = {".pol", NULL};
	size_t bytes = 0;
	size_t files = (size_t)walk_files("policy-src", pol, true, S_same_file, &bytes) +
	               (size_t)walk_files("tests", pol, true, S_same_file, &bytes);
	cr_expect_geq(files, 200, "%zu files", files);
	cr_expect_geq(bytes, 300000, "%zu bytes", bytes);
}

/* Puts piece into b at byte at (at most b->len). */
static void S_put_at(pol_buf *b, size_t at, const char *piece)
{
	char *rest = pol_xstrdup(b->data + at);
	b->len = at;
	pol_buf_puts(b, piece);
	pol_buf_puts(b, rest);
	free(rest);
}

Test(lexer, shortcuts_agree_with_the_dfa_on_titles)
{
	static const char *titles[] = {
		"題", "情報資産の管理", "two words", "a  b\t\tc", "  lead", "trail  ", "trail\t\r", "a#b", "a #b", "a\t#b",
		"#a", " #a", "a [x]", "a[x]", "a [", "a] b", "全角　空白", "１２３：題", "a\rb", "a \r b", "x.y-z_1", "",
		" ", "\t", "題 # 注", "a b c d e f g h", "[a]", "a,b=c", "\"q\"",
	};
	static const char *heads[] = {"@rule r1 ", "@document d2 ", "@chapter c ", "@article ", "@x y "};
	static const char *tails[] = {"\n", " [must]\n", "\t# c\n", "", "\r\n", " \n"};
	static const char *const pieces[] = {" ", "\t", "\r", "#", "[", "]", "a", "情", "　", "\n"};
	unsigned seed = 11;
	char why[4096];
	size_t cases = 0;
	for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
		for (size_t t = 0; t < sizeof titles / sizeof *titles; t++)
			for (size_t e = 0; e < sizeof tails / sizeof *tails; e++)
				for (int m = 0; m < 12; m++) {
					pol_buf b = {0};
					pol_buf_printf(&b, "@policy p 題\n@document d 文書\n%s%s%s", heads[h], titles[t], tails[e]);
					size_t from = b.len - strlen(titles[t]) - strlen(tails[e]);
					/* m > 0: a piece put into the title or what follows it */
					for (int k = 0; m > 0 && k < 1 + m % 2; k++) {
						size_t at = from + (size_t)rand_r(&seed) % (b.len - from + 1);
						S_put_at(&b, at, pieces[rand_r(&seed) % (sizeof pieces / sizeof *pieces)]);
					}
					cr_expect(S_same_both_ways(b.data, b.len, why, sizeof why), "case %zu (%s%s, mangled %d):\n%s\n%s",
					          cases, heads[h], titles[t], m, b.data, why);
					cases++;
					pol_buf_free(&b);
				}
	cr_expect_geq(cases, 10000);
}

/* One random change to b at or after byte from: one byte taken out (del), or one of the
 * n pieces put in. */
static void S_mangle(pol_buf *b, size_t from, bool del, const char *const *pieces, size_t n, unsigned *seed)
{
	size_t at = from + (size_t)rand_r(seed) % (b->len - from);
	if (del) {
		memmove(b->data + at, b->data + at + 1, b->len - at);
		b->len--;
	} else {
		S_put_at(b, at, pieces[(size_t)rand_r(seed) % n]);
	}
}

Test(lexer, shortcuts_agree_with_the_dfa_on_attribute_lists)
{
	static const char *lists[] = {
		"[must]", "[must, applies=staff]", "[ must ,applies = staff , owner=a ]", "[a=b,c=d]", "[a= ,b=]",
		"[a =]", "[a=\"q v\", b=c]", "[a=b\"c, d=\"e\"]", "[a=b c d, e]", "[a=b\t\r]", "[a\t=\tb\t]  ",
		"[a=b] # comment", "[a=b]\t#c", "[a=b] tail", "[a=b", "[a=\"open", "[a=b,,c]", "[,a]", "[a,]", "[]",
		"[1a=b]", "[a=b;c]", "[a;]", "[a=情報, b=資産]", "[情報]", "[a=b]]", "[a=[b], c]", "[a=#b]", "[a # b]",
		"[a-b_c=d.e-f:1, g]", "[a = \"x\" y]", "[a=\"x\\\"y\"]", "[ ]", "[a=b\r]\r", "[must, counters=t1 t2 t3]",
	};
	static const char *heads[] = {"@rule r1 題 ", "@rule r1 ", "@document d 文書 ", "@chapter c 章", "@x "};
	static const char *const pieces[] = {" ", "\t", "\r", ",", "=", "[", "]", "\"", "#", "a", "1", "情", "\n"};
	unsigned seed = 7;
	char why[4096];
	size_t cases = 0;
	for (size_t h = 0; h < sizeof heads / sizeof *heads; h++)
		for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
			for (int m = 0; m < 60; m++) {
				pol_buf b = {0};
				pol_buf_printf(&b, "@policy p 題\n@document d 文書\n%s%s\n  key = v\n本文。\n", heads[h], lists[l]);
				/* m > 0: one to three pieces put in, or one byte taken out */
				for (int k = 0; m > 0 && k < 1 + m % 3; k++)
					S_mangle(&b, 28, m % 5 == 0, pieces, sizeof pieces / sizeof *pieces, &seed);
				cr_expect(S_same_both_ways(b.data, b.len, why, sizeof why), "case %zu (%s%s, mangled %d):\n%s\n%s",
				          cases, heads[h], lists[l], m, b.data, why);
				cases++;
				pol_buf_free(&b);
			}
		}
	cr_expect_geq(cases, 10000);
}

/* Whole directive lines, which pol_yylex takes as one token when they are well formed:
 * keywords, ids, titles and attribute lists of every form, around the limit of attributes
 * the shortcut takes, with every line end and what may follow, also mangled. */
Test(lexer, shortcuts_agree_with_the_dfa_on_directive_lines)
{
	static const char *keywords[] = {"@rule", "@x", "@a-b_c1", "@", "@1a", "@rule(", "@情報", "@rule\t", "@rule\r"};
	static const char *words[] = {
		"", " r1", " r1.x-y_z", " a:b", " a/b", " 1a", " a(b)", " c章", " a 題", " a\t題 二", " a[", " a\r",
		" r1 two words", " #c", " r1 #c", " r1 a#b", " 　全角", " r1 題 ", " a. b", " -a", " a..b",
	};
	static const char *lists[] = {
		"", " [must]", "[must]", " [a=b, c=d]", " [a=\"q\"]", " []", " [a,]", " [a=b] # c", " [a=b] x", " [ a = b ]",
		" [a=b", " [a=]", " [,a]", " [a b]", " [a=b]]", " [a=情報 資産, b]",
		" [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15]",
		" [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16]",
		" [k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16, k17]",
		" [k1=1, k2=2, k3=3, k4=4, k5=5, k6=6, k7=7, k8=8, k9=9, k10=10, k11=11, k12=12, k13=13, k14=14, k15=15, "
		"k16=16, k17=17, k18=18]",
	};
	static const char *tails[] = {"\n", "\r\n", " \n", "\t\r\n", "", "\n\n"};
	static const char *next[] = {"", "  key = v\n", "本文\n", "@next n 題 [a]\n", "\n", "# c\n", "  k = v\n  l = w\n"};
	static const char *const pieces[] = {" ", "\t", "\r", "@", ":", ".", "-", "[", "]", ",", "=", "\"", "#", "a",
	                                     "1", "情", "\n"};
	unsigned seed = 13;
	char why[4096];
	size_t cases = 0;
	for (size_t k = 0; k < sizeof keywords / sizeof *keywords; k++)
		for (size_t w = 0; w < sizeof words / sizeof *words; w++)
			for (size_t l = 0; l < sizeof lists / sizeof *lists; l++)
				for (int m = 0; m < 4; m++) {
					const char *tail = tails[(k + w + l + (size_t)m) % (sizeof tails / sizeof *tails)];
					const char *after = next[(w + l + (size_t)m) % (sizeof next / sizeof *next)];
					pol_buf b = {0};
					pol_buf_printf(&b, "@policy p 題\n@document d 文書\n");
					size_t from = b.len;
					pol_buf_printf(&b, "%s%s%s%s%s%s%s", keywords[k], words[w], lists[l], tail, after, keywords[k],
					               words[w]);
					pol_buf_printf(&b, "%s\n", lists[l]);
					/* m > 0: one to three pieces put in, or one byte taken out */
					for (int i = 0; m > 0 && i < m; i++)
						S_mangle(&b, from, m == 3 && i == 0, pieces, sizeof pieces / sizeof *pieces, &seed);
					cr_expect(S_same_both_ways(b.data, b.len, why, sizeof why), "case %zu (mangled %d):\n%s\n%s", cases,
					          m, b.data, why);
					cases++;
					pol_buf_free(&b);
				}
	cr_expect_geq(cases, 10000);
}
