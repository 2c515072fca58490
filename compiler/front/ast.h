/* ast.h — what the parser builds: a flat list of lines.
 *
 * The language is line-oriented, so the syntax tree is a sequence of directives (with
 * their attributes) and prose lines. Nesting is decided afterwards by the model
 * builder from each directive's level, which gives clearer messages for a level out
 * of place than grammar rules could.
 *
 * Everything in a pol_ast — lines, directives, attributes and their strings — lives
 * in its arena and goes with pol_ast_fini: the builder copies what it keeps. */
#ifndef POL_AST_H
#define POL_AST_H

#include "lib/arena.h"
#include "lib/diag.h"

typedef struct pol_attr {
	char *key;
	uint32_t klen;      /* strlen(key) */
	char *value;        /* NULL for a flag */
	pol_span key_span, value_span;
} pol_attr;

typedef struct pol_directive {
	char *keyword;      /* without '@' */
	char *id, *title;   /* may be NULL */
	pol_attr *attrs;
	size_t nattrs, cap;
	uint64_t keymask;   /* pol_attr_keybit of every key added: a quick "has no such key" */
	pol_span kw_span, id_span, title_span, span;
} pol_directive;

typedef enum { POL_LINE_DIRECTIVE, POL_LINE_PROSE, POL_LINE_BLANK } pol_line_kind;

typedef struct pol_line {
	pol_line_kind kind;
	pol_directive *dir; /* DIRECTIVE */
	pol_span span;      /* PROSE: the text without the newline */
} pol_line;

typedef struct pol_ast {
	pol_vec lines;      /* pol_line*, in file order; includes are not expanded */
	pol_arena arena;    /* the lines and all they hold */
	pol_buf *scratch;   /* optional, lent: a buffer pol_parse_file may reuse for the
	                       scanner's copy of the text (one for all the files read) */
	bool dfa_only;      /* for the tests that compare them: every token from the
	                       scanner's DFA, none from the shortcuts for prose lines and
	                       attribute lists (grammar/lexer.l) */
} pol_ast;

/* A zeroed line for ast, appended to ast->lines. */
pol_line *pol_ast_new_line(pol_ast *ast);

/* One of 64 bits for an attribute name, from its first two bytes (key[1] may be its NUL). */
static inline uint64_t pol_attr_keybit(const char *key)
{
	return (uint64_t)1 << (((unsigned char)key[0] + 3u * (unsigned char)key[1]) & 63u);
}

/* Location of a token: a byte range in the file being parsed. */
typedef struct pol_loc {
	uint32_t begin, end;
} pol_loc;

/* Parses one file. Syntax errors go to d; the lines that parsed are kept (error
 * recovery skips to the end of the bad line). Returns 0, or -1 on errors. The text holds
 * no NUL byte (callers refuse such files first: the lexer's shortcuts stop at one). */
int pol_parse_file(pol_ast *out, const pol_file *f, pol_diag *d);
void pol_ast_fini(pol_ast *ast);
/* Adds an attribute; key and value (and the attribute array) belong to ast's arena. */
void pol_directive_add_attr(pol_ast *ast, pol_directive *dir, char *key, pol_loc kl, char *value, pol_loc vl,
                            const pol_file *f);

/* Shared by the generated lexer and parser. */
typedef struct pol_parse_ctx {
	const pol_file *file;
	pol_diag *diag;
	pol_ast *ast;
	const char *base;      /* the scanner's buffer: token offsets are relative to it */
	bool first_word;       /* the next directive word may be an id */
	int error_line_begin;  /* offset of the line whose error was already reported */
} pol_parse_ctx;

#endif
