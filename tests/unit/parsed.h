/* parsed.h — what the lexer and parser tests share: one in-memory file parsed with
 * pol_parse_file, its diagnostics kept in memory. Included by test_*.c only. */
#ifndef POL_TEST_PARSED_H
#define POL_TEST_PARSED_H

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "front/ast.h"

typedef struct {
	pol_file *f;
	pol_ast ast;
	pol_diag d;
	int rc;
} parsed;

/* Parses text as src/policy.pol; diagnostics go to d.mem. Free with done(). */
static inline parsed *parse(const char *text)
{
	parsed *p = calloc(1, sizeof *p);
	p->f = pol_file_new("src/policy.pol", "policy.pol", text, strlen(text));
	pol_diag_init(&p->d, NULL);
	p->rc = pol_parse_file(&p->ast, p->f, &p->d);
	return p;
}

static inline void done(parsed *p)
{
	pol_ast_fini(&p->ast);
	pol_diag_fini(&p->d);
	pol_file_free(p->f);
	free(p);
}

/* The diagnostics printed so far. */
static inline const char *mem(parsed *p)
{
	return p->d.mem.data ? p->d.mem.data : "";
}

static inline pol_line *line(parsed *p, size_t i)
{
	cr_assert_lt(i, p->ast.lines.len, "line %zu of %zu", i, p->ast.lines.len);
	return p->ast.lines.items[i];
}

static inline pol_directive *dir(parsed *p, size_t i)
{
	pol_line *l = line(p, i);
	cr_assert_eq(l->kind, POL_LINE_DIRECTIVE, "line %zu is not a directive", i);
	cr_assert_not_null(l->dir);
	return l->dir;
}

#endif
