/* textdiff.c — character-level diff of UTF-8 text for 新旧対照表.
 *
 * Both texts are first cut into comparison units: one per code point, or, under
 * POL_DIFF_NORMALIZE_WIDTH, one per folded character (ｶﾞ is one unit equal to ガ).
 * Each unit keeps a 32-bit key and its byte offset, so the diff runs on integers
 * and its result maps back to byte ranges that never split a character. The common
 * prefix and suffix are trimmed, then the middle is diffed with Myers' O(ND)
 * algorithm in its linear-space form (bidirectional search for a middle snake, then
 * recursion on both halves, as in GNU diff and xdiff). The two diagonal vectors are
 * bounded by max_d as well as by the text length, so memory stays linear in the
 * texts even when they are large, and time is O((N+M)·D). When the edit distance of
 * the middle exceeds max_d the search stops and the whole middle becomes one
 * deletion and one insertion: a 新旧対照表 row rewritten wholesale reads better as
 * a replacement anyway. The script is then tidied: each run of changes between equal
 * text becomes at most one DEL then one INS, lone insertions and deletions slide
 * sideways where that removes an equal island (Myers may keep the wrong one of two
 * equal characters), and one-character equal islands between changes are absorbed
 * (「甲の乙」→「丙の丁」 reads as one replacement, not two around 「の」). */
#include "lib/textdiff.h"
#include "lib/escape.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_MAX_D = 2000 };

/* ---- decoding and folding ---------------------------------------------------- */

/* Decodes one code point at s (n > 0 bytes available) and returns its length. Input is
 * assumed valid; a stray byte still becomes a one-byte unit with a key no code point
 * has, so nothing is read out of bounds and reconstruction stays exact. */
static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c < 0xE0) {
		len = 2, v = c & 0x1F;
	} else if (c >= 0xE0 && c < 0xF0) {
		len = 3, v = c & 0x0F;
	} else if (c >= 0xF0 && c < 0xF5) {
		len = 4, v = c & 0x07;
	} else {
		goto bad;
	}
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			goto bad;
		v = v << 6 | (s[i] & 0x3F);
	}
	*cp = v;
	return len;
bad:
	*cp = 0x110000u + c;
	return 1;
}

/* Full-width forms of U+FF61–U+FF9F (half-width katakana and punctuation). ﾞ and ﾟ
 * standing alone fold to the spacing marks ゛ ゜. */
static const uint16_t halfwidth_kana[0xFF9F - 0xFF61 + 1] = {
	0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9,
	0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB,
	0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1,
	0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5,
	0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9,
	0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x309B, 0x309C,
};

/* Voiced (dakuten) form of full-width katakana k, or 0 when there is none. */
static uint32_t kana_voiced(uint32_t k)
{
	if ((k >= 0x30AB && k <= 0x30C1 && (k & 1)) || k == 0x30C4 || k == 0x30C6 || k == 0x30C8)
		return k + 1; /* カ…チ, ツ テ ト */
	if (k == 0x30CF || k == 0x30D2 || k == 0x30D5 || k == 0x30D8 || k == 0x30DB)
		return k + 1; /* ハ ヒ フ ヘ ホ */
	if (k == 0x30A6)
		return 0x30F4; /* ヴ */
	if (k == 0x30EF)
		return 0x30F7; /* ヷ */
	if (k == 0x30F2)
		return 0x30FA; /* ヺ */
	return 0;
}

/* Semi-voiced (handakuten) form of full-width katakana k, or 0. */
static uint32_t kana_semivoiced(uint32_t k)
{
	if (k == 0x30CF || k == 0x30D2 || k == 0x30D5 || k == 0x30D8 || k == 0x30DB)
		return k + 2; /* パ ピ プ ペ ポ */
	return 0;
}

/* Reads the comparison unit at s[i..n) (i < n): stores its key and returns its length. */
static size_t next_unit(const unsigned char *s, size_t n, size_t i, unsigned flags, uint32_t *key)
{
	uint32_t cp;
	size_t len = utf8_decode(s + i, n - i, &cp);
	if (flags & POL_DIFF_NORMALIZE_WIDTH) {
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			cp -= 0xFF01 - 0x21;
		} else if (cp == 0x3000) {
			cp = 0x20;
		} else if (cp >= 0xFF61 && cp <= 0xFF9F) {
			uint32_t k = halfwidth_kana[cp - 0xFF61], mark, merged = 0;
			if (i + len < n && utf8_decode(s + i + len, n - i - len, &mark) == 3) {
				if (mark == 0xFF9E)
					merged = kana_voiced(k);
				else if (mark == 0xFF9F)
					merged = kana_semivoiced(k);
			}
			if (merged)
				k = merged, len += 3;
			cp = k;
		}
	}
	*key = cp;
	return len;
}

/* Units of one text: keys[0..n) and their byte offsets off[0..n], off[n] = length. */
typedef struct units {
	uint32_t *keys;
	size_t *off;
	size_t n;
} units;

static int units_make(units *u, const char *text, size_t len, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)text;
	uint32_t key;
	size_t n = 0;
	for (size_t i = 0; i < len; n++)
		i += next_unit(s, len, i, flags, &key);
	u->n = n;
	u->keys = malloc((n + 1) * sizeof *u->keys);
	u->off = malloc((n + 1) * sizeof *u->off);
	if (!u->keys || !u->off) {
		free(u->keys);
		free(u->off);
		return -1;
	}
	size_t i = 0;
	for (size_t j = 0; j < n; j++) {
		u->off[j] = i;
		i += next_unit(s, len, i, flags, &u->keys[j]);
	}
	u->off[n] = len;
	return 0;
}

static void units_free(units *u)
{
	free(u->keys);
	free(u->off);
}

/* ---- Myers ------------------------------------------------------------------------ */

/* A raw edit: n units of old (DEL), of new (INS), or of both (EQ). */
typedef struct raw_op {
	pol_diff_op op;
	size_t n;
} raw_op;

typedef struct diff_ctx {
	const uint32_t *a, *b;
	size_t cut;        /* largest edit distance searched */
	raw_op *ops;
	size_t nops, capops;
	ptrdiff_t *fd, *bd; /* forward and backward furthest-x vectors, vcap entries each */
	size_t vcap;
} diff_ctx;

static int emit(diff_ctx *c, pol_diff_op op, size_t n)
{
	if (n == 0)
		return 0;
	if (c->nops > 0 && c->ops[c->nops - 1].op == op) {
		c->ops[c->nops - 1].n += n;
		return 0;
	}
	if (c->nops == c->capops) {
		size_t cap = c->capops ? 2 * c->capops : 16;
		raw_op *p = realloc(c->ops, cap * sizeof *p);
		if (!p)
			return -1;
		c->ops = p, c->capops = cap;
	}
	c->ops[c->nops++] = (raw_op){op, n};
	return 0;
}

/* Finds a middle snake of A = a[a0..a0+n) and B = b[b0..b0+m), both non-empty with
 * differing first and last units. Returns 0 with a split point (*sx, *sy) strictly
 * between (0, 0) and (n, m) such that an optimal script for the whole is an optimal
 * script for the two halves; 1 when the edit distance exceeds c->cut; -1 when out of
 * memory. Diagonal k = x - y; the forward search starts on k = 0, the backward one on
 * k = n - m; at step e each has made e edits, so an overlap found going forward means
 * a distance of 2e - 1 (only possible when n - m is odd), going backward 2e. */
static int middle_snake(diff_ctx *c, size_t a0, size_t n_, size_t b0, size_t m_, size_t *sx,
                        size_t *sy)
{
	const uint32_t *A = c->a + a0, *B = c->b + b0;
	const ptrdiff_t n = (ptrdiff_t)n_, m = (ptrdiff_t)m_;
	const ptrdiff_t dmin = -m, dmax = n, fmid = 0, bmid = n - m;
	const int odd = (int)((n_ + m_) & 1);
	/* Steps never exceed cut/2 + 1 nor (n + m + 1)/2; vectors hold mid ± (steps + 1). */
	size_t lim = (n_ + m_ + 1) / 2 + 2;
	if (c->cut / 2 + 2 < lim)
		lim = c->cut / 2 + 2;
	if (2 * lim + 3 > c->vcap) {
		size_t cap = 2 * lim + 3;
		ptrdiff_t *f = realloc(c->fd, cap * sizeof *f);
		if (!f)
			return -1;
		c->fd = f;
		ptrdiff_t *b = realloc(c->bd, cap * sizeof *b);
		if (!b)
			return -1;
		c->bd = b, c->vcap = cap;
	}
	const ptrdiff_t L = (ptrdiff_t)lim;
#define FD(k) c->fd[(k) - fmid + L + 1]
#define BD(k) c->bd[(k) - bmid + L + 1]
	ptrdiff_t fmin = fmid, fmax = fmid, bmin = bmid, bmax = bmid;
	FD(fmid) = 0;
	BD(bmid) = n;
	for (ptrdiff_t e = 1; e <= L; e++) {
		size_t least = odd ? 2 * (size_t)e - 1 : 2 * (size_t)e;
		if (least > c->cut)
			return 1;

		/* One more edit forward on every diagonal in reach. */
		if (fmin > dmin)
			FD(--fmin - 1) = -1;
		else
			++fmin;
		if (fmax < dmax)
			FD(++fmax + 1) = -1;
		else
			--fmax;
		for (ptrdiff_t k = fmax; k >= fmin; k -= 2) {
			ptrdiff_t lo = FD(k - 1), hi = FD(k + 1);
			ptrdiff_t x = lo >= hi ? lo + 1 : hi, y = x - k;
			while (x < n && y < m && A[x] == B[y])
				x++, y++;
			FD(k) = x;
			if (odd && bmin <= k && k <= bmax && BD(k) <= x) {
				*sx = (size_t)x, *sy = (size_t)y;
				goto found;
			}
		}

		/* One more edit backward. */
		if (bmin > dmin)
			BD(--bmin - 1) = PTRDIFF_MAX;
		else
			++bmin;
		if (bmax < dmax)
			BD(++bmax + 1) = PTRDIFF_MAX;
		else
			--bmax;
		for (ptrdiff_t k = bmax; k >= bmin; k -= 2) {
			ptrdiff_t lo = BD(k - 1), hi = BD(k + 1);
			ptrdiff_t x = lo < hi ? lo : hi - 1, y = x - k;
			while (x > 0 && y > 0 && A[x - 1] == B[y - 1])
				x--, y--;
			BD(k) = x;
			if (!odd && fmin <= k && k <= fmax && x <= FD(k)) {
				*sx = (size_t)x, *sy = (size_t)y;
				goto found;
			}
		}
	}
#undef FD
#undef BD
	return 1; /* not reached: the search meets by step (n + m + 1)/2 */
found:
	/* Guard the recursion: the theory says this holds; never loop or read out of range. */
	if (*sx > n_ || *sy > m_ || (*sx == 0 && *sy == 0) || (*sx == n_ && *sy == m_))
		return 1;
	return 0;
}

/* Diffs a[a0..a1) against b[b0..b1), appending raw ops. Returns 0, 1 when the cut-off
 * replaced this range wholesale, or -1. */
static int diff_range(diff_ctx *c, size_t a0, size_t a1, size_t b0, size_t b1)
{
	size_t pre = 0, suf = 0;
	while (a0 + pre < a1 && b0 + pre < b1 && c->a[a0 + pre] == c->b[b0 + pre])
		pre++;
	a0 += pre, b0 += pre;
	while (a1 > a0 && b1 > b0 && c->a[a1 - 1] == c->b[b1 - 1])
		a1--, b1--, suf++;
	if (emit(c, POL_DIFF_EQ, pre))
		return -1;

	int rc = 0;
	if (a0 == a1 || b0 == b1) {
		if (emit(c, POL_DIFF_DEL, a1 - a0) || emit(c, POL_DIFF_INS, b1 - b0))
			return -1;
		rc = (a1 - a0) + (b1 - b0) > c->cut; /* same result either way, but say so */
	} else {
		size_t x, y;
		rc = middle_snake(c, a0, a1 - a0, b0, b1 - b0, &x, &y);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			if (emit(c, POL_DIFF_DEL, a1 - a0) || emit(c, POL_DIFF_INS, b1 - b0))
				return -1;
		} else {
			/* The halves' distances sum to this range's, which is within the
			 * cut, so they never hit it themselves. */
			if (diff_range(c, a0, a0 + x, b0, b0 + y) < 0 ||
			    diff_range(c, a0 + x, a1, b0 + y, b1) < 0)
				return -1;
		}
	}
	if (emit(c, POL_DIFF_EQ, suf))
		return -1;
	return rc;
}

/* ---- cleanup ------------------------------------------------------------------------ */

/* Drops empty ops, merges neighbours and turns each run of changes between equal text
 * into at most one DEL followed by one INS (the deleted units of a run are contiguous
 * in old, the inserted ones in new, so this reorders nothing that matters). */
static void normalize(diff_ctx *c)
{
	size_t w = 0, da = 0, db = 0;
	for (size_t i = 0; i <= c->nops; i++) {
		if (i < c->nops && c->ops[i].op != POL_DIFF_EQ) {
			*(c->ops[i].op == POL_DIFF_DEL ? &da : &db) += c->ops[i].n;
			continue;
		}
		if (da)
			c->ops[w++] = (raw_op){POL_DIFF_DEL, da};
		if (db)
			c->ops[w++] = (raw_op){POL_DIFF_INS, db};
		da = db = 0;
		if (i == c->nops || c->ops[i].n == 0)
			continue;
		if (w > 0 && c->ops[w - 1].op == POL_DIFF_EQ)
			c->ops[w - 1].n += c->ops[i].n;
		else
			c->ops[w++] = c->ops[i];
	}
	c->nops = w;
}

static int same_units(const uint32_t *k, size_t i, size_t j, size_t n)
{
	return memcmp(k + i, k + j, n * sizeof *k) == 0;
}

/* Slides one pure insertion or deletion sideways across equal text when that removes an
 * equal island between two changes. Myers may keep the wrong one of two equal units:
 * in 「…甲甲乙丙…」 losing 「甲乙丙」 can come out as DEL 甲, EQ 甲, DEL 乙丙, which
 * slides to EQ 甲, DEL 甲乙丙. Works on normalized ops; returns 1 when something moved
 * (each move removes an EQ, so repeating until 0 ends). */
static int slide(diff_ctx *c)
{
	size_t pos[2] = {0, 0}; /* unit cursor in old and in new at ops[i] */
	for (size_t i = 0; i < c->nops; i++) {
		raw_op *op = &c->ops[i];
		int side = op->op == POL_DIFF_INS;
		const uint32_t *k = side ? c->b : c->a;
		size_t s = pos[side], e = s + op->n;
		int single = op->op != POL_DIFF_EQ && i > 0 && i + 1 < c->nops &&
		             c->ops[i - 1].op == POL_DIFF_EQ && c->ops[i + 1].op == POL_DIFF_EQ;
		if (single && i + 2 < c->nops) {
			/* Right: the next equal text is a prefix of the change. */
			size_t r = c->ops[i + 1].n;
			if (r <= op->n && same_units(k, e, s, r)) {
				c->ops[i - 1].n += r;
				c->ops[i + 1].n = 0;
				normalize(c);
				return 1;
			}
		}
		if (single && i >= 2) {
			/* Left: the previous equal text is a suffix of the change. */
			size_t l = c->ops[i - 1].n;
			if (l <= op->n && same_units(k, s - l, e - l, l)) {
				c->ops[i + 1].n += l;
				c->ops[i - 1].n = 0;
				normalize(c);
				return 1;
			}
		}
		if (op->op != POL_DIFF_INS)
			pos[0] += op->n;
		if (op->op != POL_DIFF_DEL)
			pos[1] += op->n;
	}
	return 0;
}

/* ---- public API --------------------------------------------------------------------- */

/* An EQ island of one unit with changes on both sides is folded into the change. */
static int absorbed(const raw_op *ops, size_t nops, size_t i)
{
	return ops[i].op == POL_DIFF_EQ && ops[i].n == 1 && i > 0 && i + 1 < nops &&
	       ops[i - 1].op != POL_DIFF_EQ && ops[i + 1].op != POL_DIFF_EQ;
}

int pol_textdiff(pol_diff_span **out, size_t *nout, const char *a, size_t alen,
                 const char *b, size_t blen, unsigned flags, size_t max_d)
{
	*out = NULL;
	*nout = 0;
	units ua, ub;
	if (units_make(&ua, a, alen, flags))
		return -1;
	if (units_make(&ub, b, blen, flags)) {
		units_free(&ua);
		return -1;
	}
	diff_ctx c = {.a = ua.keys, .b = ub.keys, .cut = max_d ? max_d : DEFAULT_MAX_D};
	int rc = diff_range(&c, 0, ua.n, 0, ub.n);
	free(c.fd);
	free(c.bd);
	if (rc >= 0) {
		normalize(&c);
		while (slide(&c))
			;
	}

	pol_diff_span *spans = NULL;
	size_t ns = 0;
	if (rc >= 0)
		spans = malloc((c.nops + 1) * sizeof *spans);
	if (spans) {
		/* Walk the raw ops with unit cursors; a run of changes (absorbed islands
		 * included) becomes one DEL and one INS. */
		size_t ai = 0, bi = 0;
		for (size_t i = 0; i < c.nops;) {
			if (c.ops[i].op == POL_DIFF_EQ && !absorbed(c.ops, c.nops, i)) {
				size_t k = c.ops[i++].n;
				spans[ns++] = (pol_diff_span){POL_DIFF_EQ, ua.off[ai], ua.off[ai + k],
				                              ub.off[bi], ub.off[bi + k]};
				ai += k, bi += k;
				continue;
			}
			size_t a_start = ai, b_start = bi;
			for (; i < c.nops && (c.ops[i].op != POL_DIFF_EQ || absorbed(c.ops, c.nops, i)); i++) {
				if (c.ops[i].op != POL_DIFF_INS)
					ai += c.ops[i].n;
				if (c.ops[i].op != POL_DIFF_DEL)
					bi += c.ops[i].n;
			}
			if (ai > a_start)
				spans[ns++] = (pol_diff_span){POL_DIFF_DEL, ua.off[a_start], ua.off[ai],
				                              ub.off[b_start], ub.off[b_start]};
			if (bi > b_start)
				spans[ns++] = (pol_diff_span){POL_DIFF_INS, ua.off[ai], ua.off[ai],
				                              ub.off[b_start], ub.off[bi]};
		}
	} else {
		rc = -1;
	}
	free(c.ops);
	units_free(&ua);
	units_free(&ub);
	if (rc < 0)
		return -1;
	*out = spans;
	*nout = ns;
	return rc;
}

/* Growable string; stays usable (and reports failure) after an allocation error. */
typedef struct strbuf {
	char *data;
	size_t len, cap;
	int failed;
} strbuf;

static void sb_put(strbuf *s, const char *p, size_t n)
{
	if (s->failed)
		return;
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 64;
		while (cap < s->len + n + 1)
			cap *= 2;
		char *d = realloc(s->data, cap);
		if (!d) {
			s->failed = 1;
			return;
		}
		s->data = d, s->cap = cap;
	}
	memcpy(s->data + s->len, p, n);
	s->len += n;
	s->data[s->len] = '\0';
}

static void sb_put_to(void *s, const char *p, size_t n)
{
	sb_put(s, p, n);
}

static void sb_put_html(strbuf *s, const char *p, size_t n)
{
	pol_escape_html_to(sb_put_to, s, p, n);
}

char *pol_textdiff_html(const pol_diff_span *d, size_t n, const char *a, const char *b, int side)
{
	strbuf s = {0};
	sb_put(&s, "", 0); /* an empty diff still yields "" */
	pol_diff_op changed = side ? POL_DIFF_INS : POL_DIFF_DEL;
	for (size_t i = 0; i < n; i++) {
		size_t begin = side ? d[i].b_begin : d[i].a_begin;
		size_t end = side ? d[i].b_end : d[i].a_end;
		const char *text = side ? b : a;
		if (d[i].op == POL_DIFF_EQ) {
			sb_put_html(&s, text + begin, end - begin);
		} else if (d[i].op == changed && end > begin) {
			sb_put(&s, "<u class=\"chg\">", 15);
			sb_put_html(&s, text + begin, end - begin);
			sb_put(&s, "</u>", 4);
		}
	}
	if (s.failed) {
		free(s.data);
		return NULL;
	}
	return s.data;
}

int pol_text_equal(const char *a, size_t alen, const char *b, size_t blen, unsigned flags)
{
	if (!(flags & POL_DIFF_NORMALIZE_WIDTH))
		return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
	const unsigned char *s = (const unsigned char *)a, *t = (const unsigned char *)b;
	size_t i = 0, j = 0;
	while (i < alen && j < blen) {
		uint32_t ka, kb;
		i += next_unit(s, alen, i, flags, &ka);
		j += next_unit(t, blen, j, flags, &kb);
		if (ka != kb)
			return 0;
	}
	return i == alen && j == blen;
}
