/* suggest.c — see suggest.h. The distance is computed on decoded code points with two
 * rows of the usual table plus the row before for transpositions; names are short
 * (ids, titles, directives), and a suggestion is only looked for once a name is
 * already known to be wrong, so nothing here is on the path of a clean build. */
#include "lib/suggest.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static uint32_t *S_decode(const char *s, size_t *n)
{
	size_t len = strlen(s);
	uint32_t *cp = pol_xmalloc((len + 1) * sizeof *cp);
	size_t k = 0;
	for (size_t i = 0; i < len;) {
		size_t l = pol_utf8_decode(s + i, len - i, &cp[k]);
		if (!l) {
			cp[k] = 0xFFFD00u | (unsigned char)s[i]; /* one per invalid byte, distinct */
			l = 1;
		}
		k++;
		i += l;
	}
	*n = k;
	return cp;
}

size_t pol_edit_distance(const char *a, const char *b)
{
	size_t na, nb;
	uint32_t *x = S_decode(a, &na), *y = S_decode(b, &nb);
	size_t *prev2 = pol_xmalloc((nb + 1) * sizeof *prev2);
	size_t *prev = pol_xmalloc((nb + 1) * sizeof *prev);
	size_t *cur = pol_xmalloc((nb + 1) * sizeof *cur);
	for (size_t j = 0; j <= nb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= na; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t cost = x[i - 1] != y[j - 1];
			size_t v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
		size_t *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	size_t d = prev[nb];
	free(x);
	free(y);
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

void pol_suggest_init(pol_suggester *s, const char *name)
{
	memset(s, 0, sizeof *s);
	s->name = name;
	size_t n = pol_utf8_count(name, strlen(name));
	s->len = n;
	s->limit = n / 3 ? n / 3 : 1;
	if (s->limit >= n)
		s->limit = n ? n - 1 : 0;
}

void pol_suggest_add(pol_suggester *s, const char *cand)
{
	if (!cand || !*cand || !s->limit || !strcmp(cand, s->name))
		return;
	/* Names whose lengths differ by more than the limit cannot be close: skip the table. */
	size_t nc = pol_utf8_count(cand, strlen(cand));
	if ((nc > s->len ? nc - s->len : s->len - nc) > s->limit)
		return;
	size_t d = pol_edit_distance(s->name, cand);
	if (d <= s->limit && (!s->best || d < s->best_d)) {
		s->best = cand;
		s->best_d = d;
	}
}

const char *pol_suggest_best(const pol_suggester *s)
{
	return s->best;
}

const char *pol_suggest(const char *name, const char *const *cands, size_t n)
{
	pol_suggester s;
	pol_suggest_init(&s, name);
	for (size_t i = 0; i < n; i++)
		pol_suggest_add(&s, cands[i]);
	return pol_suggest_best(&s);
}
