/* fuzz_lexer.c — libFuzzer harness: the lexer's shortcuts against its DFA. The input is
 * parsed as one source file twice, once as polc parses (pol_yylex takes well-formed
 * directive lines, titles, attribute lists and prose lines without the DFA, grammar/
 * lexer.l) and once with every token from the DFA (pol_ast.dfa_only). Both must give the
 * same result, diagnostics and lines, and every directive the same keyword, id, title,
 * attributes and spans; any difference aborts. An input with a NUL byte is skipped: the
 * shortcuts stop at one as at the end of the text, and no caller parses such a file (the
 * reader and polc fmt refuse it first, front/ast.h). */
#include "fuzz.h"

#include "front/ast.h"

typedef struct {
	pol_ast ast;
	pol_diag d;
	int rc;
} S_way;

static void S_parse(S_way *w, const pol_file *f, bool dfa_only)
{
	memset(w, 0, sizeof *w);
	pol_diag_init(&w->d, NULL);
	w->ast.dfa_only = dfa_only;
	w->rc = pol_parse_file(&w->ast, f, &w->d);
}

static void S_same_str(const char *a, const char *b)
{
	if (a != b && (!a || !b || strcmp(a, b)))
		abort();
}

static void S_same_span(pol_span a, pol_span b)
{
	if (a.begin != b.begin || a.end != b.end || a.file != b.file)
		abort();
}

static void S_same(const S_way *a, const S_way *b)
{
	if (a->rc != b->rc || a->d.mem.len != b->d.mem.len ||
	    (a->d.mem.len && memcmp(a->d.mem.data, b->d.mem.data, a->d.mem.len)) || a->ast.lines.len != b->ast.lines.len)
		abort();
	for (size_t i = 0; i < a->ast.lines.len; i++) {
		const pol_line *x = a->ast.lines.items[i], *y = b->ast.lines.items[i];
		if (x->kind != y->kind || (x->dir == NULL) != (y->dir == NULL))
			abort();
		S_same_span(x->span, y->span);
		if (!x->dir)
			continue;
		const pol_directive *d = x->dir, *e = y->dir;
		S_same_str(d->keyword, e->keyword);
		S_same_str(d->id, e->id);
		S_same_str(d->title, e->title);
		S_same_span(d->kw_span, e->kw_span);
		S_same_span(d->id_span, e->id_span);
		S_same_span(d->title_span, e->title_span);
		S_same_span(d->span, e->span);
		if (d->nattrs != e->nattrs || d->keymask != e->keymask)
			abort();
		for (size_t k = 0; k < d->nattrs; k++) {
			S_same_str(d->attrs[k].key, e->attrs[k].key);
			S_same_str(d->attrs[k].value, e->attrs[k].value);
			if (d->attrs[k].klen != e->attrs[k].klen)
				abort();
			S_same_span(d->attrs[k].key_span, e->attrs[k].key_span);
			S_same_span(d->attrs[k].value_span, e->attrs[k].value_span);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (memchr(data, 0, len))
		return 0;
	pol_file *f = pol_file_new("fuzz.pol", "fuzz.pol", (const char *)data, len);
	S_way a, b;
	S_parse(&a, f, false);
	S_parse(&b, f, true);
	S_same(&a, &b);
	pol_ast_fini(&a.ast);
	pol_ast_fini(&b.ast);
	pol_diag_fini(&a.d);
	pol_diag_fini(&b.d);
	pol_file_free(f);
	return 0;
}
