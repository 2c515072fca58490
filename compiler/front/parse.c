/* parse.c — runs the generated scanner and parser over one file.
 *
 * The scanner works on a private copy of the text ending in the two NUL bytes flex
 * wants, so token offsets are plain differences from the copy's start. What the
 * lexer and parser make is carved from the AST's arena: no malloc per token. */
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "parser.h"
#define YYSTYPE POL_YYSTYPE
#define YYLTYPE POL_YYLTYPE
#include "lexer.h"

void pol_directive_add_attr(pol_ast *ast, pol_directive *dir, char *key, pol_loc kl, char *value, pol_loc vl,
                            const pol_file *f)
{
	if (dir->nattrs == dir->cap) {
		/* The old array stays in the arena; directives have a handful of attributes. */
		size_t cap = dir->cap ? dir->cap * 2 : 4;
		pol_attr *a = pol_arena_alloc(&ast->arena, cap * sizeof *a);
		if (dir->nattrs)
			memcpy(a, dir->attrs, dir->nattrs * sizeof *a);
		dir->attrs = a;
		dir->cap = cap;
	}
	pol_attr *a = &dir->attrs[dir->nattrs++];
	dir->keymask |= pol_attr_keybit(key);
	a->key = key;
	a->klen = (uint32_t)strlen(key);
	a->value = value;
	a->key_span = (pol_span){f, kl.begin, kl.end};
	a->value_span = (pol_span){f, vl.begin, vl.end};
}

pol_line *pol_ast_new_line(pol_ast *ast)
{
	pol_line *l = pol_arena_calloc(&ast->arena, sizeof *l);
	pol_vec_push(&ast->lines, l);
	return l;
}

void pol_ast_fini(pol_ast *ast)
{
	pol_vec_free(&ast->lines);
	pol_arena_free(&ast->arena);
}

int pol_parse_file(pol_ast *out, const pol_file *f, pol_diag *d)
{
	int errors = d->errors;
	pol_buf own = {0}, *b = out->scratch ? out->scratch : &own;
	b->len = 0;
	pol_buf_put(b, f->text, f->len);
	pol_buf_putc(b, 0);
	pol_buf_putc(b, 0);
	char *buf = b->data;

	pol_parse_ctx ctx = {.file = f, .diag = d, .ast = out, .base = buf, .error_line_begin = -1};
	yyscan_t scanner;
	pol_yylex_init_extra(&ctx, &scanner);
	/* From line 1's start: after a byte order mark, if the file has one (pol_file_new). */
	size_t start = f->nlines ? f->lines[0] : 0;
	YY_BUFFER_STATE bs = pol_yy_scan_buffer(buf + start, f->len - start + 2, scanner);
	pol_yyparse(scanner, &ctx);
	pol_yy_delete_buffer(bs, scanner);
	pol_yylex_destroy(scanner);
	pol_buf_free(&own);
	return d->errors > errors ? -1 : 0;
}
