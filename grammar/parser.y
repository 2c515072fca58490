/* parser.y — the grammar of policy lines.
 *
 * A pure parser over the tokens of lexer.l. Actions only build the line list of
 * ast.h; they do no I/O and take no decisions about levels or meaning (the model
 * builder does). A bad line is reported and skipped ("error EOL"), so one run shows
 * every syntax error of a file. */
%define api.pure full
%define api.prefix {pol_yy}
%define api.location.type {pol_loc}
%define parse.error custom
%locations
%expect 0
%param {void *scanner}
%parse-param {pol_parse_ctx *ctx}

%code requires {
#include "front/ast.h"

/* A PAIR token's value: "key = value" (the token's location is the name's). */
typedef struct pol_pair_tok {
	char *key, *value;
	uint32_t vb, ve;    /* the value's span */
} pol_pair_tok;
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

static void S_add(pol_parse_ctx *ctx, pol_directive *dir, char *key, pol_loc kl, char *value, pol_loc vl)
{
	pol_directive_add_attr(ctx->ast, dir, key, kl, value, vl, ctx->file);
}

static void S_add_pair(pol_parse_ctx *ctx, pol_directive *dir, const pol_pair_tok *p, pol_loc kl)
{
	pol_directive_add_attr(ctx->ast, dir, p->key, kl, p->value, (pol_loc){p->vb, p->ve}, ctx->file);
}

/* A zeroed directive in the AST's arena. */
static pol_directive *S_dir(pol_parse_ctx *ctx)
{
	return pol_arena_calloc(&ctx->ast->arena, sizeof(pol_directive));
}

static pol_directive *S_head(pol_parse_ctx *ctx, char *keyword, pol_loc l)
{
	pol_directive *d = S_dir(ctx);
	d->keyword = keyword;
	d->kw_span = S_span(ctx, l);
	d->span = d->kw_span;
	return d;
}

static void S_id(pol_parse_ctx *ctx, pol_directive *d, char *id, pol_loc l)
{
	d->id = id;
	d->id_span = S_span(ctx, l);
}

static void S_title(pol_parse_ctx *ctx, pol_directive *d, char *title, pol_loc l)
{
	d->title = title;
	d->title_span = S_span(ctx, l);
}

/* The directive of head (which has its list's attributes), with the attributes of its
 * lines (NULL: none), ending where its first line ends. */
static pol_directive *S_directive(pol_parse_ctx *ctx, pol_directive *head, const pol_directive *lines, uint32_t end)
{
	if (lines)
		S_take_attrs(ctx, head, lines);
	head->span.end = end;
	return head;
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
	uint32_t nl;        /* END: the offset of the line end */
	pol_pair_tok pair;
}

%token <str> KEYWORD "directive"
%token <dir> DIRLINE "directive line"
%token <str> ID "identifier"
%token <str> TEXT "title"
%token <str> KEY "attribute name"
%token <pair> PAIR "attribute name ="
%token <str> VALUE "attribute value"
%token PROSE "prose"
%token EOL "end of line"
%token BLANK "blank line"
%token BAD "invalid text"
%token '[' ']'
%token <nl> END "']' ="

%type <dir> head directive attr_lines
%type <nl> closed

/* No %destructor: every value lives in the AST's arena (ast.h) and goes with it. */

%%

/* Rules are few and flat: a line is one reduction of file, a directive's head one. */
file
	: %empty
	| file directive        { S_push(ctx, POL_LINE_DIRECTIVE, $2, @2); }
	| file PROSE            { S_push(ctx, POL_LINE_PROSE, NULL, @2); }
	| file BLANK            { S_push(ctx, POL_LINE_BLANK, NULL, @2); }
	| file error EOL        { yyerrok; }
	| file error END        { yyerrok; }
	;

/* DIRLINE is a whole directive line the lexer took at once (lexer.l, S_line_fast): the
 * directive of head, attrs and EOL or closed, with its span. */
directive
	: DIRLINE               { $$ = $1; }
	| DIRLINE attr_lines    { $$ = S_directive(ctx, $1, $2, $1->span.end); }
	| head attrs EOL        { $$ = S_directive(ctx, $1, NULL, @3.begin); }
	| head attrs EOL attr_lines { $$ = S_directive(ctx, $1, $4, @3.begin); }
	| head closed           { $$ = S_directive(ctx, $1, NULL, $2); }
	| head closed attr_lines { $$ = S_directive(ctx, $1, $3, $2); }
	;

head
	: KEYWORD               { $$ = S_head(ctx, $1, @1); }
	| KEYWORD ID            { $$ = S_head(ctx, $1, @1); S_id(ctx, $$, $2, @2); }
	| KEYWORD TEXT          { $$ = S_head(ctx, $1, @1); S_title(ctx, $$, $2, @2); }
	| KEYWORD ID TEXT       { $$ = S_head(ctx, $1, @1); S_id(ctx, $$, $2, @2); S_title(ctx, $$, $3, @3); }
	;

/* The attribute list goes straight to the directive: attr_list comes only after
 * head '[', so $<dir>-1 in its rules is the head's directive. */
attrs
	: %empty
	| '[' ']'
	| '[' attr_list ']'
	| '[' attr_list ',' ']'
	;

/* An attribute list and the line end (END, which is "]" and the line end, as a list
 * usually ends): its value is the line end's offset, as @EOL.begin after attrs. */
closed
	: '[' END               { $$ = $2; }
	| '[' attr_list END     { $$ = $3; }
	| '[' attr_list ',' END { $$ = $4; }
	;

attr_list
	: KEY                   { S_add(ctx, $<dir>-1, $1, @1, NULL, @1); }
	| KEY '=' VALUE         { S_add(ctx, $<dir>-1, $1, @1, $3, @3); }
	| PAIR                  { S_add_pair(ctx, $<dir>-1, &$1, @1); }
	| attr_list ',' KEY     { S_add(ctx, $<dir>-1, $3, @3, NULL, @3); }
	| attr_list ',' KEY '=' VALUE { S_add(ctx, $<dir>-1, $3, @3, $5, @5); }
	| attr_list ',' PAIR    { S_add_pair(ctx, $<dir>-1, &$3, @3); }
	;

attr_lines
	: KEY '=' VALUE EOL     { $$ = S_dir(ctx); pol_directive_add_attr(ctx->ast, $$, $1, @1, $3, @3, ctx->file); }
	| KEY '=' error EOL     { $$ = S_dir(ctx); yyerrok; }
	| attr_lines KEY '=' VALUE EOL { $$ = $1; pol_directive_add_attr(ctx->ast, $$, $2, @2, $4, @4, ctx->file); }
	| attr_lines KEY '=' error EOL { $$ = $1; yyerrok; }
	;

%%

/* A token made of several (PAIR, END, DIRLINE) is reported as the first of them, as the
 * message bison's "detailed" errors give when each is a token of its own: "unexpected X,
 * expecting A or B" with at most four expected tokens, in the order of their numbers. */
static yysymbol_kind_t S_first(yysymbol_kind_t k)
{
	return k == YYSYMBOL_PAIR      ? YYSYMBOL_KEY
	       : k == YYSYMBOL_END     ? YYTRANSLATE(']')
	       : k == YYSYMBOL_DIRLINE ? YYSYMBOL_KEYWORD
	                               : k;
}

static int yyreport_syntax_error(const yypcontext_t *yyctx, void *scanner, pol_parse_ctx *ctx)
{
	yysymbol_kind_t tok = yypcontext_token(yyctx);
	POL_YYLTYPE loc = *yypcontext_location(yyctx);
	if (tok == YYSYMBOL_END)
		loc.end = loc.begin + 1;
	if (tok == YYSYMBOL_YYEMPTY) {
		pol_yyerror(&loc, scanner, ctx, "syntax error");
		return 0;
	}
	yysymbol_kind_t exp[YYNTOKENS];
	int n = yypcontext_expected_tokens(yyctx, exp, YYNTOKENS);
	bool want[YYNTOKENS] = {0};
	for (int i = 0; i < n; i++)
		want[S_first(exp[i])] = true;
	pol_buf msg = {0};
	pol_buf_puts(&msg, "syntax error, unexpected ");
	pol_buf_puts(&msg, yysymbol_name(S_first(tok)));
	int count = 0;
	for (int k = 0; k < YYNTOKENS; k++)
		count += want[k];
	if (count <= 4)
		for (int k = 0, i = 0; k < YYNTOKENS; k++)
			if (want[k]) {
				pol_buf_puts(&msg, i++ ? " or " : ", expecting ");
				pol_buf_puts(&msg, yysymbol_name((yysymbol_kind_t)k));
			}
	pol_buf_putc(&msg, 0);
	pol_yyerror(&loc, scanner, ctx, msg.data);
	pol_buf_free(&msg);
	return 0;
}

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
