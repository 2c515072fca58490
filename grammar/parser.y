/* parser.y — the grammar of policy lines.
 *
 * A pure parser over the tokens of lexer.l. Actions only build the line list of
 * ast.h; they do no I/O and take no decisions about levels or meaning (the model
 * builder does). A bad line is reported and skipped ("error EOL"), so one run shows
 * every syntax error of a file. */
%define api.pure full
%define api.prefix {pol_yy}
%define api.location.type {pol_loc}
%define parse.error detailed
%locations
%expect 0
%param {void *scanner}
%parse-param {pol_parse_ctx *ctx}

%code requires {
#include "front/ast.h"
}

%code provides {
int pol_yylex(POL_YYSTYPE *lval, POL_YYLTYPE *lloc, void *scanner);
void pol_yyerror(POL_YYLTYPE *lloc, void *scanner, pol_parse_ctx *ctx, const char *msg);
}

%code {
#include <stdlib.h>
#include <string.h>

#define YYLLOC_DEFAULT(Cur, Rhs, N) do { \
	if (N) { (Cur).begin = YYRHSLOC(Rhs, 1).begin; (Cur).end = YYRHSLOC(Rhs, N).end; } \
	else { (Cur).begin = (Cur).end = YYRHSLOC(Rhs, 0).end; } } while (0)

static pol_span S_span(pol_parse_ctx *ctx, pol_loc l)
{
	pol_span s = {ctx->file, l.begin, l.end};
	return s;
}

/* Appends the attributes collected in from to dir. */
static void S_take_attrs(pol_parse_ctx *ctx, pol_directive *dir, const pol_directive *from)
{
	for (size_t i = 0; i < from->nattrs; i++) {
		const pol_attr *a = &from->attrs[i];
		pol_directive_add_attr(ctx->ast, dir, a->key, (pol_loc){a->key_span.begin, a->key_span.end}, a->value,
		                       (pol_loc){a->value_span.begin, a->value_span.end}, ctx->file);
	}
}

/* A zeroed directive in the AST's arena. */
static pol_directive *S_dir(pol_parse_ctx *ctx)
{
	return pol_arena_calloc(&ctx->ast->arena, sizeof(pol_directive));
}

static void S_push(pol_parse_ctx *ctx, pol_line_kind kind, pol_directive *dir, pol_loc l)
{
	pol_line *line = pol_ast_new_line(ctx->ast);
	line->kind = kind;
	line->dir = dir;
	line->span = S_span(ctx, l);
}
}

%union {
	char *str;
	pol_directive *dir;
}

%token <str> KEYWORD "directive"
%token <str> ID "identifier"
%token <str> TEXT "title"
%token <str> KEY "attribute name"
%token <str> VALUE "attribute value"
%token PROSE "prose"
%token EOL "end of line"
%token BLANK "blank line"
%token BAD "invalid text"

%type <dir> head directive attrs attr_list attr_lines

/* No %destructor: every value lives in the AST's arena (ast.h) and goes with it. */

%%

file
	: %empty
	| file line
	;

line
	: directive             { S_push(ctx, POL_LINE_DIRECTIVE, $1, @1); }
	| PROSE                 { S_push(ctx, POL_LINE_PROSE, NULL, @1); }
	| BLANK                 { S_push(ctx, POL_LINE_BLANK, NULL, @1); }
	| error EOL             { yyerrok; }
	;

directive
	: head attrs EOL attr_lines {
		$$ = $1;
		S_take_attrs(ctx, $$, $2);
		S_take_attrs(ctx, $$, $4);
		$$->span.end = @3.begin;
	}
	;

head
	: KEYWORD {
		$$ = S_dir(ctx);
		$$->keyword = $1;
		$$->kw_span = S_span(ctx, @1);
		$$->span = $$->kw_span;
	}
	| head ID {
		$$ = $1;
		if ($$->id || $$->title) {
			pol_error(ctx->diag, S_span(ctx, @2), "unexpected identifier");
		} else {
			$$->id = $2;
			$$->id_span = S_span(ctx, @2);
		}
	}
	| head TEXT {
		$$ = $1;
		if (!$$->title) {
			$$->title = $2;
			$$->title_span = S_span(ctx, @2);
		}
	}
	;

attrs
	: %empty                { $$ = S_dir(ctx); }
	| '[' ']'               { $$ = S_dir(ctx); }
	| '[' attr_list ']'     { $$ = $2; }
	| '[' attr_list ',' ']' { $$ = $2; }
	;

attr_list
	: KEY                   { $$ = S_dir(ctx);
	                          pol_directive_add_attr(ctx->ast, $$, $1, @1, NULL, @1, ctx->file); }
	| KEY '=' VALUE         { $$ = S_dir(ctx);
	                          pol_directive_add_attr(ctx->ast, $$, $1, @1, $3, @3, ctx->file); }
	| attr_list ',' KEY     { $$ = $1; pol_directive_add_attr(ctx->ast, $$, $3, @3, NULL, @3, ctx->file); }
	| attr_list ',' KEY '=' VALUE { $$ = $1; pol_directive_add_attr(ctx->ast, $$, $3, @3, $5, @5, ctx->file); }
	;

attr_lines
	: %empty                { $$ = S_dir(ctx); }
	| attr_lines KEY '=' VALUE EOL { $$ = $1; pol_directive_add_attr(ctx->ast, $$, $2, @2, $4, @4, ctx->file); }
	| attr_lines KEY '=' error EOL { $$ = $1; yyerrok; }
	;

%%

void pol_yyerror(POL_YYLTYPE *lloc, void *scanner, pol_parse_ctx *ctx, const char *msg)
{
	size_t ls = lloc->begin;
	while (ls > 0 && ctx->base[ls - 1] != '\n')
		ls--;
	if (ctx->error_line_begin == (int)ls)
		return;
	ctx->error_line_begin = (int)ls;
	pol_span s = S_span(ctx, *lloc);
	if (!strncmp(msg, "syntax error, ", 14))
		msg += 14;
	pol_error(ctx->diag, s, "%s", msg);
}
