/* parse.c — runs the generated scanner and parser over one file.
 *
 * The scanner works on a private copy of the text ending in the two NUL bytes flex
 * wants, so token offsets are plain differences from the copy's start. */
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"
#include "parser.h"
#define YYSTYPE POL_YYSTYPE
#define YYLTYPE POL_YYLTYPE
#include "lexer.h"

void pol_directive_free(pol_directive *dir)
{
	if (!dir)
		return;
	free(dir->keyword);
	free(dir->id);
	free(dir->title);
	for (size_t i = 0; i < dir->nattrs; i++) {
		free(dir->attrs[i].key);
		free(dir->attrs[i].value);
	}
	free(dir->attrs);
	free(dir);
}

void pol_directive_add_attr(pol_directive *dir, char *key, pol_loc kl, char *value, pol_loc vl,
                            const pol_file *f)
{
	if (dir->nattrs == dir->cap) {
		dir->cap = dir->cap ? dir->cap * 2 : 4;
		dir->attrs = pol_xrealloc(dir->attrs, dir->cap * sizeof *dir->attrs);
	}
	pol_attr *a = &dir->attrs[dir->nattrs++];
	a->key = key;
	a->value = value;
	a->key_span = (pol_span){f, kl.begin, kl.end};
	a->value_span = (pol_span){f, vl.begin, vl.end};
}

enum { S_BLOCK_LINES = 256 };

pol_line *pol_ast_new_line(pol_ast *ast)
{
	if (!ast->blocks.len || ast->block_used == S_BLOCK_LINES) {
		pol_vec_push(&ast->blocks, pol_xmalloc(S_BLOCK_LINES * sizeof(pol_line)));
		ast->block_used = 0;
	}
	pol_line *l = (pol_line *)ast->blocks.items[ast->blocks.len - 1] + ast->block_used++;
	memset(l, 0, sizeof *l);
	pol_vec_push(&ast->lines, l);
	return l;
}

void pol_ast_fini(pol_ast *ast)
{
	for (size_t i = 0; i < ast->lines.len; i++)
		pol_directive_free(((pol_line *)ast->lines.items[i])->dir);
	pol_vec_free(&ast->lines);
	for (size_t i = 0; i < ast->blocks.len; i++)
		free(ast->blocks.items[i]);
	pol_vec_free(&ast->blocks);
	ast->block_used = 0;
}

int pol_parse_file(pol_ast *out, const pol_file *f, pol_diag *d)
{
	int errors = d->errors;
	char *buf = pol_xmalloc(f->len + 2);
	memcpy(buf, f->text, f->len);
	buf[f->len] = buf[f->len + 1] = 0;

	pol_parse_ctx ctx = {.file = f, .diag = d, .ast = out, .base = buf, .error_line_begin = -1};
	yyscan_t scanner;
	pol_yylex_init_extra(&ctx, &scanner);
	YY_BUFFER_STATE bs = pol_yy_scan_buffer(buf, f->len + 2, scanner);
	pol_yyparse(scanner, &ctx);
	pol_yy_delete_buffer(bs, scanner);
	pol_yylex_destroy(scanner);
	free(buf);
	return d->errors > errors ? -1 : 0;
}
