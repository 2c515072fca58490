/* test_lsp.c — the pieces of the editor server below the protocol: LSP positions
 * (UTF-16 columns) and byte offsets, the index of occurrences of a small policy, the
 * overlay source (buffers over a folder), and the LSP framing. The protocol itself is
 * tested end to end by tests/e2e/lsp.sh. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "front/overlay.h"
#include "lsp/answer.h"
#include "lsp/index.h"
#include "lsp/rpc.h"
#include "memsource.h"
#include "model/syntax.h"

Test(lsp, utf16_positions)
{
	/* 𠮷 is 4 bytes and 2 UTF-16 units; 野 3 bytes, 1 unit */
	const char *t = "ab\n𠮷野x\n\n";
	pol_file *f = pol_file_new("p", "p", t, strlen(t));
	cr_assert_eq(pol_lsp_offset(f, 0, 1), 1);
	cr_assert_eq(pol_lsp_offset(f, 1, 0), 3);
	cr_assert_eq(pol_lsp_offset(f, 1, 2), 7);  /* after 𠮷 */
	cr_assert_eq(pol_lsp_offset(f, 1, 1), 3);  /* inside the pair: before it */
	cr_assert_eq(pol_lsp_offset(f, 1, 3), 10); /* after 野 */
	cr_assert_eq(pol_lsp_offset(f, 1, 99), 11); /* clamped to the line end */
	cr_assert_eq(pol_lsp_offset(f, -1, 5), 0);
	cr_assert_eq(pol_lsp_offset(f, 99, 0), f->len - 1);
	long l, c;
	pol_lsp_position(f, 10, &l, &c);
	cr_assert(l == 1 && c == 3);
	pol_lsp_position(f, 7, &l, &c);
	cr_assert(l == 1 && c == 2);
	pol_lsp_position(f, 12, &l, &c);
	cr_assert(l == 2 && c == 0);
	pol_lsp_position(f, 1000, &l, &c); /* past the end: the end */
	cr_assert(l == 2 && c == 0, "%ld %ld", l, c);
	pol_file_free(f);
}

static const char *S_policy =
	"@policy p 試験\n"
	"@role staff 職員 [public]\n"
	"@param pw.len [number, value=8, public]\n"
	"@document d 文書 [public]\n"
	"@chapter c 章\n"
	"@article a 条\n"
	"{ref t}と{param pw.len}と{用語}\n"
	"@article t 用語の条\n"
	"@term word 用語\n"
	"定義。\n"
	"@rule r 規則 [must, applies=staff, implements=d.a]\n"
	"本文。\n"
	"@check [every=month]\n"
	"問い。\n";

Test(lsp, index)
{
	const char *files[] = {"policy.pol", S_policy, NULL};
	pol_source *src = mem_source_new(files);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(src, &d);
	cr_assert(m);
	cr_assert_eq(d.errors, 0, "%s", d.mem.data);
	pol_index *x = pol_index_new(m);
	const pol_index_file *xf = pol_index_file_of(x, "policy.pol");
	cr_assert(xf);
	const char *text = xf->file->text;
	/* {ref t}: a node, its definition on the @article line */
	size_t at = (size_t)(strstr(text, "{ref t}") - text) + 5;
	const pol_occ *o = pol_index_at(xf, at);
	cr_assert(o && o->kind == POL_SYM_NODE && !o->def && o->by_id);
	cr_assert_str_eq(((pol_node *)o->target)->key, "d.t");
	const pol_file *df;
	uint32_t b, e;
	cr_assert(pol_index_def(x, o, &df, &b, &e));
	cr_assert_eq(b, (uint32_t)(strstr(text, "@article t") - text) + 9);
	/* the cursor right after the name is still on it */
	cr_assert_eq(pol_index_at(xf, at + 1), o);
	/* {param pw.len} and the term by title (not by id: a rename leaves it) */
	o = pol_index_at(xf, (size_t)(strstr(text, "pw.len}") - text));
	cr_assert(o && o->kind == POL_SYM_PARAM);
	o = pol_index_at(xf, (size_t)(strstr(text, "{用語}") - text) + 1);
	cr_assert(o && o->kind == POL_SYM_TERM && !o->by_id);
	/* the @term line: the term and its node at one span, the term first; the same thing */
	o = pol_index_at(xf, (size_t)(strstr(text, "@term word") - text) + 7);
	cr_assert(o && o->kind == POL_SYM_TERM && o->def);
	cr_assert(o[1].kind == POL_SYM_NODE && pol_index_same(o, &o[1]));
	/* attribute values: a role, and d.a as the document d then the article a */
	o = pol_index_at(xf, (size_t)(strstr(text, "applies=staff") - text) + 9);
	cr_assert(o && o->kind == POL_SYM_ROLE && ((pol_role *)o->target)->uses == 1);
	size_t ia = (size_t)(strstr(text, "implements=d.a") - text) + 11;
	o = pol_index_at(xf, ia);
	cr_assert(o && o->kind == POL_SYM_NODE && ((pol_node *)o->target)->kind == POL_DOCUMENT);
	o = pol_index_at(xf, ia + 2);
	cr_assert(o && o->kind == POL_SYM_NODE && !strcmp(((pol_node *)o->target)->key, "d.a"));
	/* plain prose names nothing */
	cr_assert_null(pol_index_at(xf, (size_t)(strstr(text, "本文") - text) + 3));
	pol_index_free(x);
	pol_model_free(m);
	pol_diag_fini(&d);
	pol_source_free(src);
}

static const char *S_buffers[8];

static const char *S_lookup(void *ctx, const char *rel, size_t *len)
{
	(void)ctx;
	for (const char **b = S_buffers; *b; b += 2)
		if (!strcmp(b[0], rel)) {
			*len = strlen(b[1]);
			return b[1];
		}
	return NULL;
}

Test(lsp, overlay)
{
	char dir[] = "/tmp/polc-overlay.XXXXXX";
	cr_assert(mkdtemp(dir));
	char *p = pol_xasprintf("%s/a.pol", dir);
	cr_assert_eq(pol_write_file(p, "disk\n", 5), 0);
	char *l = pol_xasprintf("%s/link.pol", dir);
	cr_assert_eq(symlink("a.pol", l), 0);
	S_buffers[0] = "a.pol", S_buffers[1] = "buffer\n";
	S_buffers[2] = "new.pol", S_buffers[3] = "unsaved\n";
	S_buffers[4] = "link.pol", S_buffers[5] = "through a link\n";
	S_buffers[6] = NULL;
	pol_source *src = pol_source_overlay_new(dir, S_lookup, NULL);
	cr_assert(src);
	char *out;
	size_t n;
	cr_assert_eq(pol_source_read(src, &out, &n, "a.pol"), 0);
	cr_assert(n == 7 && !memcmp(out, "buffer\n", 7));
	free(out);
	cr_assert_eq(pol_source_read(src, &out, &n, "new.pol"), 0);
	cr_assert(n == 8 && !memcmp(out, "unsaved\n", 8));
	free(out);
	/* a buffer does not make a link readable: the folder's reason stands */
	cr_assert_eq(pol_source_read(src, &out, &n, "link.pol"), -2);
	cr_assert(strstr(pol_source_reason(src, -2), "symbolic link"), "%s", pol_source_reason(src, -2));
	cr_assert_eq(pol_source_read(src, &out, &n, "none.pol"), -1);
	pol_source_free(src);
	unlink(l);
	unlink(p);
	rmdir(dir);
	free(l);
	free(p);
	cr_assert_null(pol_source_overlay_new("/nonexistent/folder", S_lookup, NULL));
}

Test(lsp, framing)
{
	const char in[] = "Content-Length: 2\r\n\r\n{}"
	                  "content-length:  7 \r\nContent-Type: x\r\n\r\n[1,2,3]"
	                  "X: y\r\n\r\n"
	                  "Content-Length: 3\r\n\r\nabc"
	                  "Content-Length: 10\r\n\r\n{}";
	FILE *f = fmemopen((void *)in, sizeof in - 1, "r");
	json_t *msg;
	char *err;
	cr_assert_eq(pol_rpc_read(f, &msg, &err), POL_RPC_MESSAGE);
	cr_assert(json_is_object(msg));
	json_decref(msg);
	cr_assert_eq(pol_rpc_read(f, &msg, &err), POL_RPC_MESSAGE);
	cr_assert(json_is_array(msg) && json_array_size(msg) == 3);
	json_decref(msg);
	cr_assert_eq(pol_rpc_read(f, &msg, &err), POL_RPC_BAD_FRAME);
	free(err);
	cr_assert_eq(pol_rpc_read(f, &msg, &err), POL_RPC_BAD_JSON);
	cr_assert(strstr(err, "not JSON"));
	free(err);
	cr_assert_eq(pol_rpc_read(f, &msg, &err), POL_RPC_EOF); /* cut short */
	fclose(f);
}

/* Every directive and attribute of the language has its line of help (lsp/answer.c):
 * a name added to the builder's tables without one fails here. */
Test(lsp, every_word_has_help)
{
	for (size_t i = 0; i < pol_syntax_ndirectives(); i++) {
		const char *kw = pol_syntax_directive(i);
		char *line = pol_xasprintf("@%s x [", kw);
		size_t b, e;
		char *h = pol_lsp_hover_word(line, strlen(line), 1, &b, &e);
		cr_assert(h, "no help for @%s", kw);
		cr_assert(b == 0 && e == strlen(kw) + 1);
		free(h);
		const char *attrs = pol_syntax_attributes(kw);
		for (const char *p = attrs; *p;) {
			while (*p == ' ')
				p++;
			const char *q = p;
			while (*q && *q != ' ' && *q != '=')
				q++;
			if (q > p) {
				char *l2 = pol_xasprintf("@%s x [%.*s]", kw, (int)(q - p), p);
				size_t at = strlen(kw) + 5;
				h = pol_lsp_hover_word(l2, strlen(l2), at, &b, &e);
				cr_assert(h, "no help for %.*s of @%s", (int)(q - p), p, kw);
				cr_assert(b == at && e == at + (size_t)(q - p));
				free(h);
				free(l2);
			}
			while (*q && *q != ' ')
				q++;
			p = q;
		}
		free(line);
	}
	size_t b, e;
	char *h = pol_lsp_hover_word("@include a.pol", 14, 3, &b, &e);
	cr_assert(h);
	free(h);
	cr_assert_null(pol_lsp_hover_word("@rule x 題 [must, applies=staff]", 33, 30, &b, &e)); /* a value */
	cr_assert_null(pol_lsp_hover_word("@nosuch x", 9, 2, &b, &e));
}

/* The editor grammars know every directive of the builder's tables (the unit tests
 * run from the repository root): the TextMate grammar's alternation and the Vim
 * syntax's keywords. */
Test(lsp, grammars_know_every_directive)
{
	char *tm = NULL, *vim = NULL;
	size_t n;
	cr_assert_eq(pol_read_file(&tm, &n, "editors/vscode/syntaxes/pol.tmLanguage.json"), 0);
	cr_assert_eq(pol_read_file(&vim, &n, "editors/vim/syntax/pol.vim"), 0);
	for (size_t i = 0; i < pol_syntax_ndirectives(); i++) {
		const char *kw = pol_syntax_directive(i);
		char *alt = pol_xasprintf("|%s|", kw), *first = pol_xasprintf("(%s|", kw), *last = pol_xasprintf("|%s)", kw);
		cr_assert(strstr(tm, alt) || strstr(tm, first) || strstr(tm, last), "the TextMate grammar lacks @%s", kw);
		char *word = pol_xasprintf(" %s ", kw), *end = pol_xasprintf(" %s\n", kw);
		bool in_vim = false;
		for (const char *l = vim; (l = strstr(l, "syn keyword polKeyword")); l++) {
			const char *e = strchr(l, '\n');
			char *line = pol_xstrndup(l, (size_t)(e - l + 1));
			in_vim |= strstr(line, word) || strstr(line, end);
			free(line);
		}
		cr_assert(in_vim, "the Vim syntax lacks @%s", kw);
		free(alt), free(first), free(last), free(word), free(end);
	}
	free(tm);
	free(vim);
}
