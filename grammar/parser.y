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

%destructor { free($$); } <str>
%destructor { pol_directive_free($$); } <dir>

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
		for (size_t i = 0; i < $2->nattrs; i++)
			pol_directive_add_attr($$, $2->attrs[i].key, (pol_loc){$2->attrs[i].key_span.begin, $2->attrs[i].key_span.end},
			                       $2->attrs[i].value, (pol_loc){$2->attrs[i].value_span.begin, $2->attrs[i].value_span.end}, ctx->file);
		$2->nattrs = 0;
		pol_directive_free($2);
		for (size_t i = 0; i < $4->nattrs; i++)
			pol_directive_add_attr($$, $4->attrs[i].key, (pol_loc){$4->attrs[i].key_span.begin, $4->attrs[i].key_span.end},
			                       $4->attrs[i].value, (pol_loc){$4->attrs[i].value_span.begin, $4->attrs[i].value_span.end}, ctx->file);
		$4->nattrs = 0;
		pol_directive_free($4);
		$$->span.end = @3.begin;
	}
	;

head
	: KEYWORD {
		$$ = pol_xcalloc(1, sizeof *$$);
		$$->keyword = $1;
		$$->kw_span = S_span(ctx, @1);
		$$->span = $$->kw_span;
	}
	| head ID {
		$$ = $1;
		if ($$->id || $$->title) {
			pol_error(ctx->diag, S_span(ctx, @2), "unexpected identifier");
			free($2);
		} else {
			$$->id = $2;
			$$->id_span = S_span(ctx, @2);
		}
	}
	| head TEXT {
		$$ = $1;
		if ($$->title) {
			free($2);
		} else {
			$$->title = $2;
			$$->title_span = S_span(ctx, @2);
		}
	}
	;

attrs
	: %empty                { $$ = pol_xcalloc(1, sizeof *$$); }
	| '[' ']'               { $$ = pol_xcalloc(1, sizeof *$$); }
	| '[' attr_list ']'     { $$ = $2; }
	| '[' attr_list ',' ']' { $$ = $2; }
	;

attr_list
	: KEY                   { $$ = pol_xcalloc(1, sizeof *$$);
	                          pol_directive_add_attr($$, $1, @1, NULL, @1, ctx->file); }
	| KEY '=' VALUE         { $$ = pol_xcalloc(1, sizeof *$$);
	                          pol_directive_add_attr($$, $1, @1, $3, @3, ctx->file); }
	| attr_list ',' KEY     { $$ = $1; pol_directive_add_attr($$, $3, @3, NULL, @3, ctx->file); }
	| attr_list ',' KEY '=' VALUE { $$ = $1; pol_directive_add_attr($$, $3, @3, $5, @5, ctx->file); }
	;

attr_lines
	: %empty                { $$ = pol_xcalloc(1, sizeof *$$); }
	| attr_lines KEY '=' VALUE EOL { $$ = $1; pol_directive_add_attr($$, $2, @2, $4, @4, ctx->file); }
	| attr_lines KEY '=' error EOL { $$ = $1; free($2); yyerrok; }
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
