/* test_prose.c — the prose renderers (emit/prose_html.c, emit/prose_md.c) against cmark.
 *
 * The reference is what polc wrote before it walked the tree itself: cmark_render_html
 * and cmark_render_commonmark of the tree (raw HTML turned into text first for
 * Markdown), with the placeholders then replaced in the rendered string (a placeholder
 * inside a tag as plain text). Both are run over every prose block of policy-src/ and
 * of the spec examples, over hand-written cases of every node type, and over a few
 * thousand generated documents, in the three modes; the outputs must be byte-identical.
 * Links with unsafe destinations are tested separately: there the two differ on purpose.
 * Then the escapers and pol_url_is_safe of lib/escape.c. */
#include <cmark-gfm.h>
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "emit/prose.h"
#include "memsource.h"

/* ---- the reference: cmark output, placeholders patched ----------------------------- */

static void ref_raw_html_to_text(cmark_node *doc)
{
	pol_vec raw = {0};
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE))
			pol_vec_push(&raw, n);
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < raw.len; i++) {
		cmark_node *n = raw.items[i], *text = cmark_node_new(CMARK_NODE_TEXT);
		const char *lit = cmark_node_get_literal(n);
		size_t len = lit ? strlen(lit) : 0;
		while (len && lit[len - 1] == '\n')
			len--;
		char *trimmed = pol_xstrndup(lit ? lit : "", len);
		cmark_node_set_literal(text, trimmed);
		free(trimmed);
		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK) {
			cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
			cmark_node_append_child(para, text);
			cmark_node_replace(n, para);
		} else {
			cmark_node_replace(n, text);
		}
		cmark_node_free(n);
	}
	pol_vec_free(&raw);
}

static char *reference(const pol_site *s, const pol_prose *p, pol_view_mode mode, pol_map *defs)
{
	char *src;
	if (mode == POL_VIEW_MD) {
		cmark_node *doc = pol_cmark_parse(p->md, p->mdlen);
		ref_raw_html_to_text(doc);
		src = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
		cmark_node_free(doc);
	} else {
		src = cmark_render_html(pol_prose_doc(p), CMARK_OPT_DEFAULT, NULL);
	}
	pol_buf b = {0};
	pol_buf_put(&b, "", 0);
	pol_prose_out o = {.b = &b, .s = s, .p = p, .mode = mode, .defs = defs};
	size_t n = strlen(src), i = 0, run = 0;
	while (n && src[n - 1] == '\n')
		n--;
	bool in_tag = false;
	while (i < n) {
		size_t idx, k;
		if ((unsigned char)src[i] == 0xEE && (k = pol_placeholder_at(src + i, n - i, &idx))) {
			pol_buf_put(&b, src + run, i - run);
			if (mode == POL_VIEW_MD)
				pol_prose_inline_md(&o, idx);
			else
				pol_prose_inline_html(&o, idx, in_tag);
			i += k;
			run = i;
			continue;
		}
		if (src[i] == '<')
			in_tag = true;
		else if (src[i] == '>')
			in_tag = false;
		i++;
	}
	pol_buf_put(&b, src + run, n - run);
	free(src);
	return pol_buf_detach(&b);
}

/* ---- comparing -------------------------------------------------------------------------- */

static bool has_unsafe_url(const pol_prose *p)
{
	pol_prose_out o = {.p = p};
	bool found = false;
	cmark_iter *it = cmark_iter_new(pol_prose_doc(p));
	while (!found && cmark_iter_next(it) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		found = (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) && !pol_prose_url_safe(&o, cmark_node_get_url(n));
	}
	cmark_iter_free(it);
	return found;
}

static char *render(const pol_site *s, const pol_prose *p, pol_view_mode mode, pol_map *defs)
{
	pol_buf b = {0};
	pol_render_prose(&b, s, p, mode, defs, NULL, NULL);
	return pol_buf_detach(&b);
}

static int compared;

/* Both renderings of p in every mode are the same (with fresh {def} counts each). */
static void compare(const pol_site *s, const pol_prose *p, const char *what)
{
	if (!p || !pol_prose_doc(p) || has_unsafe_url(p))
		return;
	static const pol_view_mode modes[] = {POL_VIEW_SITE, POL_VIEW_PRINT, POL_VIEW_MD};
	for (size_t i = 0; i < 3; i++) {
		pol_map *d1 = pol_map_new(), *d2 = pol_map_new();
		char *want = reference(s, p, modes[i], d1), *got = render(s, p, modes[i], d2);
		cr_assert_str_eq(got, want, "%s, mode %d, source:\n%.*s\n--- got:\n%s\n--- want:\n%s", what, (int)modes[i],
		                 (int)p->mdlen, p->md, got, want);
		free(want);
		free(got);
		pol_map_free(d1);
		pol_map_free(d2);
	}
	compared++;
}

static void compare_model(const pol_model *m, const char *what)
{
	pol_site s = {.ed = m, .file_of = pol_map_new()};
	for (size_t i = 0; i < m->ndocs; i++)
		pol_map_set(s.file_of, m->docs[i]->key, m->docs[i]->anchor);
	for (size_t i = 0; i < m->nnodes; i++) {
		compare(&s, m->nodes[i]->body, what);
		for (size_t k = 0; k < m->nodes[i]->nchecks; k++)
			compare(&s, m->nodes[i]->checks[k]->question, what);
	}
	for (size_t i = 0; i < m->nterms; i++)
		compare(&s, m->terms[i]->def, what);
	for (size_t i = 0; i < m->nroles; i++)
		compare(&s, m->roles[i]->desc, what);
	for (size_t i = 0; i < m->nparams; i++)
		compare(&s, m->params[i]->desc, what);
	pol_map_free(s.file_of);
}

Test(prose, same_as_cmark_on_policy_src)
{
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_source *src = pol_source_fs_new("policy-src");
	pol_model *m = pol_model_load(src, &d);
	cr_assert_not_null(m);
	compared = 0;
	compare_model(m, "policy-src");
	cr_assert_gt(compared, 200, "only %d prose blocks", compared);
	pol_model_free(m);
	pol_source_free(src);
	pol_diag_fini(&d);
}

/* Every example of tests/spec/spec.md: its ```pol blocks, the first as policy.pol, the
 * others named by the <!-- file: NAME.pol --> line before them. */
Test(prose, same_as_cmark_on_spec_examples)
{
	char *text;
	size_t len;
	cr_assert_eq(pol_read_file(&text, &len, "tests/spec/spec.md"), 0);
	int examples = 0;
	compared = 0;
	for (char *sec = strstr(text, "\n## "); sec; sec = strstr(sec + 1, "\n## ")) {
		char *end = strstr(sec + 1, "\n## ");
		const char *files[32];
		size_t nf = 0;
		pol_vec owned = {0};
		for (char *b = strstr(sec, "\n```pol\n"); b && (!end || b < end) && nf < 30; b = strstr(b + 1, "\n```pol\n")) {
			char *body = b + 8, *close = strstr(body, "\n```");
			cr_assert_not_null(close);
			char *name = pol_xstrdup("policy.pol");
			char *c = b;
			while (c > sec && c[-1] != '\n')
				c--;
			if (nf && c > sec) { /* the line before */
				char *prev = c - 1;
				while (prev > sec && prev[-1] != '\n')
					prev--;
				char fname[128];
				if (sscanf(prev, "<!-- file: %127s -->", fname) == 1) {
					free(name);
					name = pol_xstrdup(fname);
				}
			}
			bool file = !nf || strcmp(name, "policy.pol"); /* a further block unnamed: no file */
			char *content = pol_xstrndup(body, (size_t)(close - body) + 1);
			pol_vec_push(&owned, name);
			pol_vec_push(&owned, content);
			if (file) {
				files[nf++] = name;
				files[nf++] = content;
			}
		}
		files[nf] = NULL;
		if (nf) {
			pol_diag d;
			pol_diag_init(&d, NULL);
			pol_source *src = mem_source_new(files);
			pol_model *m = pol_model_load(src, &d);
			if (m) {
				compare_model(m, "spec example");
				pol_model_free(m);
				examples++;
			}
			pol_source_free(src);
			pol_diag_fini(&d);
		}
		for (size_t i = 0; i < owned.len; i++)
			free(owned.items[i]);
		pol_vec_free(&owned);
	}
	free(text);
	cr_assert_gt(examples, 10);
	cr_assert_gt(compared, 20);
}

/* ---- hand-made prose with an inline table -------------------------------------------- */

static pol_node doc_node = {.kind = POL_DOCUMENT, .key = "std", .anchor = "std"};
static pol_node art_node = {.kind = POL_ARTICLE, .key = "std.a", .anchor = "std-a", .parent = &doc_node};
static pol_term term = {.id = "pc", .title = "端末", .anchor = "term-pc"};
static pol_param param = {.id = "len", .display = "12文字"};

/* The placeholder of inline i. */
static void put_placeholder(pol_buf *b, size_t i)
{
	char tmp[4], digits[24];
	pol_buf_put(b, tmp, pol_utf8_encode(0xE000, tmp));
	int n = snprintf(digits, sizeof digits, "%zu", i);
	for (int k = 0; k < n; k++)
		pol_buf_put(b, tmp, pol_utf8_encode(0xE010 + (uint32_t)(digits[k] - '0'), tmp));
	pol_buf_put(b, tmp, pol_utf8_encode(0xE001, tmp));
}

/* Prose from md where "@N" stands for the placeholder of inline N of a fixed table:
 * 0 term, 1 reference, 2 withheld reference, 3 parameter, 4 definition, 5 a text with
 * markup characters and a trailing newline, 6 a number (a parameter "12"), 7 a
 * parameter that spells a scheme. */
static pol_prose *make_prose(const char *md)
{
	pol_buf b = {0};
	pol_buf_put(&b, "", 0);
	for (const char *s = md; *s; s++) {
		if (s[0] == '@' && s[1] >= '0' && s[1] <= '9') {
			put_placeholder(&b, (size_t)(s[1] - '0'));
			s++;
		} else {
			pol_buf_putc(&b, *s);
		}
	}
	pol_prose *p = pol_prose_new_md(b.data);
	pol_buf_free(&b);
	static const struct {
		pol_inline_kind kind;
		const char *text;
	} tab[] = {{POL_IN_TERM, "端末"},       {POL_IN_REF, "第1章2"},  {POL_IN_REF, "1.2 & <x>\n"},
	           {POL_IN_PARAM, "12文字"},    {POL_IN_DEF, "端末 *"},  {POL_IN_PARAM, "a*b_[c]<d>&e|\"q\"\n"},
	           {POL_IN_PARAM, "12"},
	           {POL_IN_PARAM, "JavaScript"}};
	p->ninl = sizeof tab / sizeof *tab;
	p->inl = pol_xcalloc(p->ninl, sizeof *p->inl);
	for (size_t i = 0; i < p->ninl; i++) {
		p->inl[i].kind = tab[i].kind;
		p->inl[i].text = pol_xstrdup(tab[i].text);
		p->inl[i].term = tab[i].kind == POL_IN_TERM || tab[i].kind == POL_IN_DEF ? &term : NULL;
		p->inl[i].node = i == 1 ? &art_node : NULL;
		p->inl[i].param = tab[i].kind == POL_IN_PARAM ? &param : NULL;
	}
	return p;
}

static pol_site *test_site(void)
{
	static pol_site s;
	if (!s.file_of) {
		s.file_of = pol_map_new();
		pol_map_set(s.file_of, "std", "standards");
	}
	return &s;
}

static const char *cases[] = {
	"plain text",
	"",
	"a\nb\n\nc",
	"line one  \nline two\\\nthree",
	"*em* **strong** ***both*** _u_ __uu__ *a _b_ c* *_x_*",
	"`code` `` a`b `` ` ` `  x  ` ``` `` ```",
	"- a\n- b\n- c",
	"- a\n\n- b\n\n  para\n- c",
	"1. one\n2. two\n\n3) three\n4) four",
	"7. seven\n8. eight\n9. nine\n10. ten\n11. eleven",
	"- a\n  - b\n    - c\n- d",
	"- a\n- b\n\n\n- c\n\n1. x",
	"- a\n\n<!-- -->\n\n- b",
	"> quote\n> more\n>\n> > nested\n\nafter",
	"> - a\n> - b\n>\n> 1. c",
	"- > q\n  > r\n- item",
	"# H1\n## H2 *em*\n### H3\n#### H4\n##### H5\n###### H6",
	"Setext\n======\n\nTwo\n---",
	"---\n***\n___",
	"```\ncode\n  block\n```\n\n```c info more\nx < y && z\n```\n\n~~~ `tick\n```\n~~~",
	"    indented\n    code\n\npara",
	"- ```\n  in item\n  ```\n- b",
	"&amp; &lt; &copy; &#x41; &#65; &nbsp; &bogus; & alone &x",
	"\\* \\_ \\[ \\] \\# \\< \\> \\\\ \\` \\! \\& \\| \\. \\- \\+",
	"1. not a list? 1\\. escaped\n\n2) x",
	"text 1. mid\n\n1986\\. A great year",
	"-not list\n+plus\n=eq\n#hash",
	"a - b + c = d ! e [f] <g> h*i*j _k_ `l`",
	"tab\there and ctrl\x01 char",
	"<http://example.com/a?b=c&d> <mailto:a@b.jp> <a@b.jp>",
	"[link](http://example.com \"Title & 'q'\") [empty]() [rel](page.html#x) [sp](<a b> 't')",
	"[ref][r] [r] [collapsed][]\n\n[r]: http://example.com/r \"R title\"",
	"![alt *em* `c`](img.png \"title\") ![](x.png) [![img](i.png)](http://l)",
	"[http://x.jp](http://x.jp) [`http://c.jp`](http://c.jp) [a*b*](a)",
	"<b>raw</b> inline <!-- c --> and <span a=\"1\">x</span>",
	"<div>\nblock\n</div>\n\nafter",
	"<div>\n\n*md*\n\n</div>",
	"- <p>in item</p>\n- b",
	"日本語の文章。\n改行あり、**強調**と`コード`。",
	"1.5 and 3) and 2.\n10.",
	"a\n\n\n\nb",
	"[a\nb](c)",
	"***\n- a\n***",
	"- a\n-\n- c",
	"* a\n+ b\n- c",
	"> a\nlazy",
	"```\n\n```",
	"``` ```\n\n`` ` ``",
	"a <span>@0</span> b",
	"@0 and @1 and @2",
	"@3 costs @6.",
	"- @0\n- @1\n- @4",
	"@6. starts a line\n\n@6) also",
	"1@6. x\n\n@6\n-\nx",
	"*@0* **@1** `@3` [@0](http://x)",
	"[text](http://x \"@0 title\") ![@4 alt @1](i.png \"@5\")",
	"```@0 info\n@1 in code\n```",
	"<http://x/@0>",
	"@5 then *more*",
	"&@0 &a@0 !@0 [@0]",
	"# Heading @1\n\n> quote @4\n> @4",
	"@4 @4 @4",
	"a @9 b",
	"trailing @5",
	"trailing @6",
	"- a\n\n  @5",
	"- @5\n  - b\n- @5\n\n  > q",
	"- @2\n  - b\n- @2\n\n  > q\n\n@2",
	"- @2\n  - b\n- @2\n  > q",
	"<b>@0</b>\n\n<div>@1\n@5</div>",
	"@2\n\n1. @6\n2. @6",
	/* GFM tables (cmark-gfm's table extension) */
	"| 区分 | 内容 |\n|---|---|\n| 1 | 情報資産 |\n| 2 | @0 |",
	"| a | b | c |\n|:--|:-:|--:|\n| *1* | `2` | [3](http://x) |\n| x |",
	"| only header |\n| --- |",
	"before\n\n| h |\n|---|\n| a \\| b | extra |\n\nafter",
	"- | in | item |\n  |----|------|\n  | @1 | @5 |",
	"> | q |\n> |---|\n> | `a\\|b` |",
	"| @6 | a|b |\n|---|---|\n| 1. | - |\n| # | + |",
	"| a |\n|---|\n| b |\n\n| c |\n|---|\n| d |",
	"| <b>raw</b> | ![i](p.png \"t\") |\n|---|---|\n| &amp; | ~~x~~ |",
	"text\n| h |\n|---|\n| v |",
};

Test(prose, same_as_cmark_on_cases)
{
	pol_site *s = test_site();
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pol_prose *p = make_prose(cases[i]);
		compare(s, p, cases[i]);
		pol_prose_free(p);
	}
}

/* Documents glued from random fragments (a fixed seed): lines, list markers, quotes,
 * inline markup and placeholders in combinations nobody writes by hand. */
Test(prose, same_as_cmark_on_generated)
{
	static const char *frags[] = {
		"- ", "1. ", "2) ", "> ", "  ", "    ", "\n", "\n\n", "# ", "```\n", "---", "*", "**", "_", "`",
		"[", "](http://x.jp)", "]", "(", ")", "<", ">", "&", "&amp;", "!", "\\", "|", "#", "+", "=", ".",
		"1", "12", "a", "文字", " ", "\t", "<b>", "</b>", "<!-- x -->", "<http://a.jp>", "@0", "@1", "@2",
		"@3", "@4", "@5", "@6", "![i](p.png)", "[r]", "\n[r]: /u\n", "~~~", "\"", "'",
		"| a | b |\n", "|---|:-:|\n", "| x |\n", "\\|", " | ",
	};
	size_t nfrag = sizeof frags / sizeof *frags;
	pol_site *s = test_site();
	unsigned long seed = 12345;
	compared = 0;
	for (int doc = 0; doc < 3000; doc++) {
		pol_buf md = {0};
		pol_buf_put(&md, "", 0);
		int parts = 1 + (int)((seed >> 16) % 24);
		for (int k = 0; k < parts; k++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			pol_buf_puts(&md, frags[(seed >> 33) % nfrag]);
		}
		pol_prose *p = make_prose(md.data);
		compare(s, p, md.data);
		pol_prose_free(p);
		pol_buf_free(&md);
	}
	cr_assert_gt(compared, 2500);
}

/* Prose that is plain text (pol_prose_is_plain) is written from its lines without a
 * tree: the same as cmark writes its tree, for documents glued from the characters that
 * plain text may hold (and some that make it not plain), with placeholders. Most of them
 * must take the plain path, or the test would prove nothing about it. */
Test(prose, plain_paragraphs_same_as_cmark)
{
	static const char *frags[] = {
		"a", "Z", "9", "12", "文字", "（注）", "、", "。", "\n", "\n\n", "\n\n\n", " ", "!", "~", "#", "\"", "'",
		".", ")", "(", "-", "+", "=", ":", "/", "@0", "@1", "@2", "@3", "@4", "@5", "@6", "@7", "1.", "2)",
		"\u3000", "*", "<", "|", "\t",
	};
	size_t nfrag = sizeof frags / sizeof *frags;
	pol_site *s = test_site();
	unsigned long seed = 2026;
	int plain = 0;
	compared = 0;
	for (int doc = 0; doc < 3000; doc++) {
		pol_buf md = {0};
		pol_buf_put(&md, "", 0);
		pol_buf_puts(&md, (seed >> 20) % 2 ? "規程" : "a");
		int parts = 1 + (int)((seed >> 16) % 30);
		for (int k = 0; k < parts; k++) {
			seed = seed * 6364136223846793005ul + 1442695040888963407ul;
			pol_buf_puts(&md, frags[(seed >> 33) % nfrag]);
		}
		pol_prose *p = make_prose(md.data);
		plain += pol_prose_is_plain(p);
		compare(s, p, md.data);
		pol_prose_free(p);
		pol_buf_free(&md);
	}
	cr_assert_gt(compared, 2500);
	cr_assert_gt(plain, 600, "only %d of the documents are plain", plain);
}

/* What is plain and what is not. */
Test(prose, which_prose_is_plain)
{
	static const struct {
		const char *md;
		bool plain;
	} cases[] = {
		{"職員等は、情報資産を適切に管理する。", true},
		{"一行目\n二行目\n\n次の段落\n", true},
		{"abc!~#\"'.()-+=", true},
		{"", true},
		{"12文字以上", true},
		{"1. 番号付きの項目", false},
		{"3) 項目", false},
		{"- 項目", false},
		{"# 見出し", false},
		{" 字下げ", false},
		{"行末の空白 ", false},
		{"**強調**", false},
		{"a | b", false},
		{"a\tb", false},
		{"&amp;", false},
		{"文\n===", false},
		{"文\n  \n文", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		pol_prose *p = pol_prose_new_md(cases[i].md);
		cr_assert_eq(pol_prose_is_plain(p), cases[i].plain, "%s", cases[i].md);
		pol_prose_free(p);
	}
}

/* Each byte value in each place of lines long enough for the wide scan, and at the
 * lengths where its last block overlaps the one before: markup (or a control character)
 * anywhere makes the prose not plain, any other byte leaves it plain. */
Test(prose, every_byte_in_every_place)
{
	static const size_t lens[] = {31, 32, 33, 47, 63, 64, 65, 96, 100};
	char line[128];
	int checked = 0;
	for (size_t li = 0; li < sizeof lens / sizeof *lens; li++)
		for (unsigned c = 1; c < 256; c++) {
			if (c == '\n')
				continue;
			bool markup = c < 0x20 || strchr("\\`*_[]<>&|", (int)c);
			size_t n = lens[li];
			for (size_t k = 1; k + 1 < n; k++) {
				memset(line, 'a', n);
				line[n] = 0;
				line[k] = (char)c;
				pol_prose *p = pol_prose_new_md(line);
				cr_assert_eq(pol_prose_is_plain(p), !markup, "byte 0x%02X at %zu of %zu", c, k, n);
				pol_prose_free(p);
				checked++;
			}
		}
	cr_assert_gt(checked, 100000);
}

/* ---- unsafe links ------------------------------------------------------------------------ */

static char *render_case(const char *md, pol_view_mode mode)
{
	pol_prose *p = make_prose(md);
	char *out = render(test_site(), p, mode, NULL);
	pol_prose_free(p);
	return out;
}

Test(prose, unsafe_links_keep_only_their_text)
{
	static const struct {
		const char *md, *html, *md_out;
	} t[] = {
		{"[click](javascript:alert(1))", "<p>click</p>", "click"},
		{"<javascript:alert(1)>", "<p>javascript:alert(1)</p>", "javascript:alert(1)"},
		{"[x](jav&#x61;script:alert(1))", "<p>x</p>", "x"},
		{"[x](JaVaScRiPt:alert(1))", "<p>x</p>", "x"},
		{"[x](<\tjavascript:alert(1)>)", "<p>x</p>", "x"},
		{"[x](vbscript:msgbox)", "<p>x</p>", "x"},
		{"[x](data:text/html,<script>)", "<p>x</p>", "x"},
		{"[x](file:///etc/passwd)", "<p>x</p>", "x"},
		{"![pic *em*](javascript:alert(1))", "<p>pic <em>em</em></p>", "pic *em*"},
		{"[r]\n\n[r]: javascript:alert(1)", "<p>r</p>", "r"},
		{"[a @0 b](javascript:x)", "<p>a <a class=\"term\" href=\"glossary.html#term-pc\">端末</a> b</p>",
		 "a [端末](glossary.md#term-pc) b"},
		{"[x](java%73cript:alert(1))", "<p>x</p>", "x"},
		{"[x](&#106;avascript&colon;alert(1))", "<p>x</p>", "x"},
		{"[x](@7:alert)", "<p>x</p>", "x"},
		{"![x @0](@7:alert \"t\")", "<p>x <a class=\"term\" href=\"glossary.html#term-pc\">端末</a></p>",
		 "x [端末](glossary.md#term-pc)"},
		{"[ok](http://x.jp/javascript:y)", "<p><a href=\"http://x.jp/javascript:y\">ok</a></p>",
		 "[ok](http://x.jp/javascript:y)"},
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		char *h = render_case(t[i].md, POL_VIEW_SITE), *m = render_case(t[i].md, POL_VIEW_MD);
		cr_expect_str_eq(h, t[i].html, "%s", t[i].md);
		cr_expect_str_eq(m, t[i].md_out, "%s", t[i].md);
		free(h);
		free(m);
	}
}

/* ---- escape.c ------------------------------------------------------------------------------- */

Test(escape, url_safety)
{
	static const char *unsafe[] = {
		"javascript:alert(1)", "JAVASCRIPT:x", " javascript:x", "\x01\x02javascript:x", "java\tscript:x",
		"java\nscript:x", "jav&#x61;script:x", "jav&#97;script:x", "jav&#X61script:x", "javascript&colon;x",
		"java&Tab;script:x", "jav%61script:x", "jav%2561script:x", "jav&amp;#x61;script:x", "vbscript:x",
		"VBScript:x", "data:text/html;base64,PHNjcmlwdD4=", "data:image/png;base64,AAAA", "file:///etc/passwd",
		"FILE://host/x", "&#x20;javascript:x",
	};
	static const char *safe[] = {
		NULL, "", "http://example.com", "https://x.jp/a?javascript:1", "mailto:a@b.jp", "page.html#a", "#x",
		"/javascript:x", "./data:x", "javascripts:x", "java script", "datafile:x", "%zz", "&#xZZ;", "&",
	};
	for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
		cr_expect(!pol_url_is_safe(unsafe[i]), "%s is judged safe", unsafe[i]);
	for (size_t i = 0; i < sizeof safe / sizeof *safe; i++)
		cr_expect(pol_url_is_safe(safe[i]), "%s is judged unsafe", safe[i] ? safe[i] : "NULL");
}

static char *esc(void (*f)(pol_buf *, const char *, size_t), const char *s)
{
	pol_buf b = {0};
	f(&b, s, strlen(s));
	return pol_buf_detach(&b);
}

Test(escape, html_url_css_md)
{
	char *s = esc(pol_escape_html, "a&b<c>d\"e'f/");
	cr_expect_str_eq(s, "a&amp;b&lt;c&gt;d&quot;e'f/");
	free(s);
	s = esc(pol_escape_html, "");
	cr_expect_str_eq(s, "");
	free(s);
	s = esc(pol_escape_url, "http://x.jp/a b?c=d&e='f'#g\"<>日");
	cr_expect_str_eq(s, "http://x.jp/a%20b?c=d&amp;e=&#x27;f&#x27;#g%22%3C%3E%E6%97%A5");
	free(s);
	pol_buf b = {0};
	pol_escape_css_string(&b, "a\"b\\c<d>e&f\ng");
	cr_expect_str_eq(b.data, "a\\22 b\\5c c\\3c d\\3e e\\26 f\\a g");
	pol_buf_free(&b);
	pol_escape_md(&b, "1. a*b_c [d] <e> & f | g! `h` \\ i\n\nj", true);
	cr_expect_str_eq(b.data, "1\\. a\\*b\\_c \\[d\\] \\<e\\> \\& f \\| g\\! \\`h\\` \\\\ i j");
	pol_buf_free(&b);
	pol_escape_md(&b, "- x", true);
	cr_expect_str_eq(b.data, "\\- x");
	pol_buf_free(&b);
	pol_escape_md(&b, "- x", false);
	cr_expect_str_eq(b.data, "- x");
	pol_buf_free(&b);
	pol_escape_md(&b, NULL, true);
	cr_expect_str_eq(b.data, "");
	pol_buf_free(&b);
}

static void put_to_buf(void *out, const char *s, size_t n)
{
	pol_buf_put(out, s, n);
}

Test(escape, html_through_a_writer)
{
	pol_buf b = {0};
	pol_escape_html_to(put_to_buf, &b, "<a href=\"x\">&</a>", 17);
	cr_expect_str_eq(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;");
	pol_buf_free(&b);
}

/* ---- GFM tables ---------------------------------------------------------------------------- */

/* A pipe table is a table in every format (not text), its inline markup linked in its cells,
 * and a bar in a cell's text stays escaped in CommonMark. */
Test(prose, pipe_tables_are_tables)
{
	const char *md = "| 区分 | 内容 |\n|:--|---|\n| 1 | @0 \\| 端末 |";
	char *html = render_case(md, POL_VIEW_SITE);
	cr_expect_str_eq(html, "<table>\n<thead>\n<tr>\n<th align=\"left\">区分</th>\n<th>内容</th>\n</tr>\n</thead>\n"
	                       "<tbody>\n<tr>\n<td align=\"left\">1</td>\n<td><a class=\"term\" "
	                       "href=\"glossary.html#term-pc\">端末</a> | 端末</td>\n</tr>\n</tbody>\n</table>");
	char *out = render_case(md, POL_VIEW_MD);
	cr_expect_str_eq(out, "| 区分 | 内容 |\n| :-- | --- |\n| 1 | [端末](glossary.md#term-pc) \\| 端末 |");
	free(html);
	free(out);
}
