/* syntax.h — the directives and attributes of the language, for tools that offer
 * them to an author (the editor server's completion). The builder's own tables
 * (model/build.c) are the one list: these only read them. */
#ifndef POL_SYNTAX_H
#define POL_SYNTAX_H

#include <stddef.h>

/* The number of directive keywords (besides "include"), and the i-th: "policy", "role", … */
size_t pol_syntax_ndirectives(void);
const char *pol_syntax_directive(size_t i);
/* The attributes directive kw takes, space-separated with a space at both ends, a
 * name ending in '=' taking a value (" public internal … applies= owner= "); NULL for
 * an unknown directive. Lent, static. */
const char *pol_syntax_attributes(const char *kw);

#endif
