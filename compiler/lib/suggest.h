/* suggest.h — 「did you mean …?」: the known name closest to a misspelt one.
 *
 * Distances count code points, not bytes, so a wrong kanji in a term costs one edit
 * like a wrong letter in a directive: insertions, deletions, substitutions and the
 * transposition of two neighbours (optimal string alignment). A candidate is offered
 * only when it is close for its length: at most a third of the name's code points
 * (rounded up) are edits, and never as many as the name has. */
#ifndef POL_SUGGEST_H
#define POL_SUGGEST_H

#include <stddef.h>

/* The edit distance of a and b (NUL-terminated UTF-8; invalid bytes count one each). */
size_t pol_edit_distance(const char *a, const char *b);

/* Collects the best candidate for name, one candidate at a time. */
typedef struct pol_suggester {
	const char *name;
	const char *best; /* lent: the candidate given to pol_suggest_add */
	size_t best_d;
	size_t limit;
	size_t len;       /* name's length in code points */
} pol_suggester;

void pol_suggest_init(pol_suggester *s, const char *name);
/* Considers cand (NULL and name itself are ignored); the first of equally close ones wins. */
void pol_suggest_add(pol_suggester *s, const char *cand);
/* The best candidate close enough, or NULL. */
const char *pol_suggest_best(const pol_suggester *s);
/* The same over a list of n candidates. */
const char *pol_suggest(const char *name, const char *const *cands, size_t n);

#endif
