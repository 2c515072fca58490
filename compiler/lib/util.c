/* util.c — allocation that never returns NULL, growable buffers and vectors, an
 * open-addressing hash map keyed by strings, UTF-8 decoding and display widths, and
 * whole-file I/O. Everything the stages share and nothing they decide. */
#include "lib/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static void S_oom(void)
{
	fputs("polc: out of memory\n", stderr);
	abort();
}

void *pol_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

void *pol_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		S_oom();
	return p;
}

void *pol_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		S_oom();
	return p;
}

char *pol_xstrdup(const char *s)
{
	return s ? pol_xstrndup(s, strlen(s)) : NULL;
}

char *pol_xstrndup(const char *s, size_t n)
{
	char *p = pol_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *pol_xvasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		S_oom();
	return s;
}

char *pol_xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = pol_xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void pol_vec_push(pol_vec *v, void *item)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = pol_xrealloc(v->items, v->cap * sizeof *v->items);
	}
	v->items[v->len++] = item;
}

void pol_vec_free(pol_vec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

static void S_buf_grow(pol_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = pol_xrealloc(b->data, cap);
	b->cap = cap;
}

void pol_buf_put(pol_buf *b, const char *s, size_t n)
{
	S_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = 0;
}

void pol_buf_puts(pol_buf *b, const char *s)
{
	pol_buf_put(b, s, strlen(s));
}

void pol_buf_putc(pol_buf *b, char c)
{
	pol_buf_put(b, &c, 1);
}

void pol_buf_printf(pol_buf *b, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0) {
		S_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
		b->len += (size_t)n;
	}
	va_end(ap2);
}

char *pol_buf_detach(pol_buf *b)
{
	char *s = b->data ? b->data : pol_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void pol_buf_free(pol_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Open addressing with linear probing; the table is kept at most three quarters full.
 * Each slot keeps its key's hash next to the key and value (one cache line is read per
 * probe), so a probe compares strings only when the hashes agree and growing never
 * hashes a key again. The longer runs of a fuller table cost less than the fresh memory
 * of a larger one: a model's node index is mostly written once and read a few times. */
typedef struct S_entry {
	char *key;      /* NULL: free */
	void *val;
	uint32_t hash;
} S_entry;

struct pol_map {
	S_entry *slots;
	size_t cap, len;
	bool lent;      /* keys are the caller's, not copies */
};

/* Eight bytes at a time (ids run to some thirty bytes): each word is mixed in with a
 * multiply and a shift, the length last. The order of the slots is nobody's business
 * (there is no walk over a map), so any good mix will do. */
static uint32_t S_hash(const char *s)
{
	const uint64_t k = 0x9E3779B97F4A7C15ULL;
	size_t n = strlen(s), i = 0;
	uint64_t h = 0, w;
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	/* The last 0..7 bytes: two reads of four that may overlap, or three single bytes. */
	const char *t = s + i;
	size_t r = n - i;
	w = 0;
	if (r >= 4) {
		uint32_t a, b;
		memcpy(&a, t, 4);
		memcpy(&b, t + r - 4, 4);
		w = a | (uint64_t)b << 32;
	} else if (r)
		w = (uint64_t)(unsigned char)t[0] | (uint64_t)(unsigned char)t[r / 2] << 8 |
		    (uint64_t)(unsigned char)t[r - 1] << 16;
	h = (h ^ w ^ ((uint64_t)n << 56)) * k;
	h ^= h >> 32;
	return (uint32_t)h;
}

/* A table of cap zeroed slots. One of 2 MiB or more is mapped by itself, aligned and
 * marked for huge pages: filled in no order, it would take a page fault and a TLB entry
 * for every 4 KiB (at 10x the node index grows to 6 MiB). */
enum { S_HUGE = 2 * 1024 * 1024 };

static size_t S_table_bytes(size_t cap)
{
	size_t b = cap * sizeof(S_entry);
	return b < S_HUGE ? b : (b + S_HUGE - 1) & ~(size_t)(S_HUGE - 1);
}

static S_entry *S_table_new(size_t cap)
{
	size_t b = S_table_bytes(cap);
	if (b < S_HUGE)
		return pol_xcalloc(cap, sizeof(S_entry));
	char *p = mmap(NULL, b + S_HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		S_oom();
	char *a = (char *)(((uintptr_t)p + S_HUGE - 1) & ~(uintptr_t)(S_HUGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (a + b < p + b + S_HUGE)
		munmap(a + b, (size_t)(p + b + S_HUGE - (a + b)));
#ifdef MADV_HUGEPAGE
	madvise(a, b, MADV_HUGEPAGE);
#endif
	return (S_entry *)a;
}

static void S_table_free(S_entry *t, size_t cap)
{
	size_t b = S_table_bytes(cap);
	if (b < S_HUGE)
		free(t);
	else
		munmap(t, b);
}

static pol_map *S_map_new(size_t n, bool lent)
{
	pol_map *m = pol_xcalloc(1, sizeof *m);
	m->cap = 64;
	while (m->cap * 3 < 4 * n)
		m->cap <<= 1;
	m->slots = S_table_new(m->cap);
	m->lent = lent;
	return m;
}

pol_map *pol_map_new(void)
{
	return S_map_new(0, false);
}

pol_map *pol_map_new_lent(size_t n)
{
	return S_map_new(n, true);
}

void pol_map_free(pol_map *m)
{
	if (!m)
		return;
	if (!m->lent)
		for (size_t i = 0; i < m->cap; i++)
			free(m->slots[i].key);
	S_table_free(m->slots, m->cap);
	free(m);
}

static size_t S_slot(const pol_map *m, const char *key, uint32_t h)
{
	size_t i = h & (m->cap - 1);
	const S_entry *e;
	while ((e = &m->slots[i])->key && (e->hash != h || strcmp(e->key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return i;
}

void *pol_map_get(const pol_map *m, const char *key)
{
	if (!m || !key)
		return NULL;
	size_t i = S_slot(m, key, S_hash(key));
	return m->slots[i].key ? m->slots[i].val : NULL;
}

void *pol_map_set(pol_map *m, const char *key, void *value)
{
	if ((m->len + 1) * 4 > m->cap * 3) {
		S_entry *old = m->slots;
		size_t ocap = m->cap;
		m->cap *= 2;
		m->slots = S_table_new(m->cap);
		for (size_t i = 0; i < ocap; i++)
			if (old[i].key) {
				size_t j = old[i].hash & (m->cap - 1);
				while (m->slots[j].key)
					j = (j + 1) & (m->cap - 1);
				m->slots[j] = old[i];
			}
		S_table_free(old, ocap);
	}
	uint32_t h = S_hash(key);
	S_entry *e = &m->slots[S_slot(m, key, h)];
	if (e->key) {
		void *prev = e->val;
		e->val = value;
		return prev;
	}
	e->key = m->lent ? (char *)key : pol_xstrdup(key);
	e->val = value;
	e->hash = h;
	m->len++;
	return NULL;
}

size_t pol_map_len(const pol_map *m)
{
	return m ? m->len : 0;
}

size_t pol_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t len;
	uint32_t c, min;
	if ((u[0] & 0xE0) == 0xC0) {
		len = 2, c = u[0] & 0x1F, min = 0x80;
	} else if ((u[0] & 0xF0) == 0xE0) {
		len = 3, c = u[0] & 0x0F, min = 0x800;
	} else if ((u[0] & 0xF8) == 0xF0) {
		len = 4, c = u[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

size_t pol_utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* ---- bytes ---- */

#ifdef __SSE2__
#include <emmintrin.h>
#endif

size_t pol_find3(const char *s, size_t n, char a, char b, char c)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)),
		                           _mm_cmpeq_epi8(x, vc));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask)
			return i + (size_t)__builtin_ctz(mask);
	}
#endif
	for (; i < n; i++)
		if (s[i] == a || s[i] == b || s[i] == c)
			return i;
	return n;
}

/* ---- UTF-8 validation ---------------------------------------------------------------------- */

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* The length of a prefix of u[0..n) that is valid UTF-8 without NUL and ends where a
 * character ends, found 32 bytes at a time with AVX2 (the lookup method of Keiser and
 * Lemire, "Validating UTF-8 in less than one instruction per byte", 2021): each byte is
 * classified by three table lookups, on the high nibble of the byte before it, that
 * byte's low nibble and its own high nibble; the classes of a bad pair (a lead not
 * followed by a continuation, a continuation without a lead, an overlong form, a
 * surrogate, beyond U+10FFFF) share a bit, and the third and fourth bytes of a
 * sequence, which no pair shows, are checked against the lead two or three bytes
 * back. The check stops at the first 32 bytes with anything wrong, or where fewer than
 * 32 are left; the caller goes on from the returned offset byte by byte, which finds
 * the same first bad byte as it would have alone. */
enum {
	S_TOO_SHORT = 1 << 0,  /* a lead, then no continuation */
	S_TOO_LONG = 1 << 1,   /* ASCII, then a continuation */
	S_OVERLONG_3 = 1 << 2, /* E0 80..9F */
	S_TOO_LARGE = 1 << 3,  /* F4 90..BF, F5..FF */
	S_SURROGATE = 1 << 4,  /* ED A0..BF */
	S_OVERLONG_2 = 1 << 5, /* C0, C1 */
	S_TOO_LARGE_1000 = 1 << 6, /* F5..FF 80..8F (F4 80..8F is fine); shares its bit with: */
	S_OVERLONG_4 = 1 << 6,     /* F0 80..8F */
	S_TWO_CONTS = 1 << 7,  /* a continuation, then another, where no lead wants it */
	S_CARRY = S_TOO_SHORT | S_TOO_LONG | S_TWO_CONTS,
};

__attribute__((target("avx2"))) static size_t S_utf8_prefix_avx2(const unsigned char *u, size_t n)
{
#define S_T16(...) _mm256_setr_epi8(__VA_ARGS__, __VA_ARGS__)
	const __m256i byte1_high = S_T16(
		S_TOO_LONG, S_TOO_LONG, S_TOO_LONG, S_TOO_LONG, S_TOO_LONG, S_TOO_LONG, S_TOO_LONG, S_TOO_LONG,
		S_TWO_CONTS, S_TWO_CONTS, S_TWO_CONTS, S_TWO_CONTS, S_TOO_SHORT | S_OVERLONG_2, S_TOO_SHORT,
		S_TOO_SHORT | S_OVERLONG_3 | S_SURROGATE, S_TOO_SHORT | S_TOO_LARGE | S_TOO_LARGE_1000 | S_OVERLONG_4);
	const __m256i byte1_low = S_T16(
		S_CARRY | S_OVERLONG_3 | S_OVERLONG_2 | S_OVERLONG_4, S_CARRY | S_OVERLONG_2, S_CARRY, S_CARRY,
		S_CARRY | S_TOO_LARGE, S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000, S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000,
		S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000, S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000,
		S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000, S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000,
		S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000, S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000,
		S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000 | S_SURROGATE, S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000,
		S_CARRY | S_TOO_LARGE | S_TOO_LARGE_1000);
	const __m256i byte2_high = S_T16(
		S_TOO_SHORT, S_TOO_SHORT, S_TOO_SHORT, S_TOO_SHORT, S_TOO_SHORT, S_TOO_SHORT, S_TOO_SHORT, S_TOO_SHORT,
		S_TOO_LONG | S_OVERLONG_2 | S_TWO_CONTS | S_OVERLONG_3 | S_TOO_LARGE_1000 | S_OVERLONG_4,
		S_TOO_LONG | S_OVERLONG_2 | S_TWO_CONTS | S_OVERLONG_3 | S_TOO_LARGE,
		S_TOO_LONG | S_OVERLONG_2 | S_TWO_CONTS | S_SURROGATE | S_TOO_LARGE,
		S_TOO_LONG | S_OVERLONG_2 | S_TWO_CONTS | S_SURROGATE | S_TOO_LARGE, S_TOO_SHORT, S_TOO_SHORT,
		S_TOO_SHORT, S_TOO_SHORT);
#undef S_T16
	const __m256i nibble = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
	const __m256i third = _mm256_set1_epi8((char)(0xE0 - 0x80)), fourth = _mm256_set1_epi8((char)(0xF0 - 0x80));
	const __m256i top = _mm256_set1_epi8((char)0x80);
	__m256i prev = zero; /* the 32 bytes before: none, as if ASCII */
	size_t i = 0;
	for (; i + 32 <= n; i += 32) {
		__m256i in = _mm256_loadu_si256((const __m256i *)(u + i));
		/* the bytes 1, 2 and 3 places before each byte of in */
		__m256i carry = _mm256_permute2x128_si256(prev, in, 0x21);
		__m256i prev1 = _mm256_alignr_epi8(in, carry, 15);
		__m256i prev2 = _mm256_alignr_epi8(in, carry, 14);
		__m256i prev3 = _mm256_alignr_epi8(in, carry, 13);
		__m256i sc = _mm256_and_si256(
			_mm256_and_si256(
				_mm256_shuffle_epi8(byte1_high, _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble)),
				_mm256_shuffle_epi8(byte1_low, _mm256_and_si256(prev1, nibble))),
			_mm256_shuffle_epi8(byte2_high, _mm256_and_si256(_mm256_srli_epi16(in, 4), nibble)));
		/* a third byte (the lead two back is E0..FF) or fourth (three back F0..FF) must
		 * be a continuation: the pair check marked it TWO_CONTS, which this clears */
		__m256i must23 = _mm256_and_si256(
			_mm256_or_si256(_mm256_subs_epu8(prev2, third), _mm256_subs_epu8(prev3, fourth)), top);
		__m256i bad = _mm256_or_si256(_mm256_xor_si256(must23, sc), _mm256_cmpeq_epi8(in, zero));
		if (!_mm256_testz_si256(bad, bad))
			break;
		prev = in;
	}
	/* Back to where the last character before i starts: its continuation bytes, which
	 * may lie at or beyond i, are not checked yet. */
	while (i > 0 && (u[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0 && u[i - 1] >= 0xC0)
		i--;
	return i;
}

static size_t S_utf8_valid_prefix(const unsigned char *u, size_t n)
{
	return n >= 64 && __builtin_cpu_supports("avx2") ? S_utf8_prefix_avx2(u, n) : 0;
}
#else
static size_t S_utf8_valid_prefix(const unsigned char *u, size_t n)
{
	return 0;
}
#endif

/* Checked in bulk first (S_utf8_valid_prefix); from where that stops, ASCII eight bytes
 * at a time and the three-byte sequences of Japanese text inline (eight characters at a
 * time while they last); anything else goes to pol_utf8_decode. */
size_t pol_utf8_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	const uint64_t hi = 0x8080808080808080u, lo = 0x0101010101010101u;
	size_t i = S_utf8_valid_prefix(u, n);
	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (!(w & hi) && !((w - lo) & ~w & hi)) { /* ASCII and no NUL */
				i += 8;
				continue;
			}
		}
		unsigned c = u[i];
		if (c < 0x80) {
			if (!c)
				return i;
			i++;
			continue;
		}
		/* A run of three-byte characters (Japanese text): E1..EC and EE..EF lead
		 * three bytes with no overlong or surrogate form, and a continuation byte is
		 * 10xxxxxx, i.e. below 0x40 once 0x80 is flipped. */
		size_t at = i;
		/* Two at a time while eight bytes are there: the leads' high nibbles are E and
		 * the continuation bytes' top bits 10 (one mask over six bytes); then the
		 * leads are neither E0 nor ED, which need a closer look. */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		while (i + 24 <= n) {
			uint64_t w0, w1, w2;
			memcpy(&w0, u + i, 8);
			memcpy(&w1, u + i + 8, 8);
			memcpy(&w2, u + i + 16, 8);
			/* Lane k of w0 is byte i + k: the leads (1110xxxx) are at 0, 3, 6 of w0, 1, 4,
			 * 7 of w1 and 2, 5 of w2, continuation bytes (10xxxxxx) elsewhere. The leads'
			 * low halves fill the eight lanes of v, none of which may be 0 or 0xD (E0
			 * and ED need a closer look). */
			uint64_t bad = ((w0 & 0xC0F0C0C0F0C0C0F0u) ^ 0x80E08080E08080E0u) |
			               ((w1 & 0xF0C0C0F0C0C0F0C0u) ^ 0xE08080E08080E080u) |
			               ((w2 & 0xC0C0F0C0C0F0C0C0u) ^ 0x8080E08080E08080u);
			uint64_t v = (w0 & 0x000F00000F00000Fu) | (w1 & 0x0F00000F00000F00u) | (w2 & 0x00000F00000F0000u);
			uint64_t d = v ^ (lo * 0x0D);
			if (bad | ((v - lo) & ~v & hi) | ((d - lo) & ~d & hi))
				break;
			i += 24;
		}
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if ((w & 0x0000C0C0F0C0C0F0u) != 0x00008080E08080E0u)
				break;
			unsigned a = u[i], b = u[i + 3];
			if (a == 0xE0 || a == 0xED || b == 0xE0 || b == 0xED)
				break;
			i += 6;
		}
#endif
		while (i + 2 < n && u[i] - 0xE1u <= 0xEF - 0xE1 && u[i] != 0xED &&
		       ((u[i + 1] ^ 0x80) | (u[i + 2] ^ 0x80)) < 0x40)
			i += 3;
		if (i > at)
			continue;
		uint32_t cp;
		size_t k = pol_utf8_decode(s + i, n - i, &cp);
		if (!k)
			return i;
		i += k;
	}
	return (size_t)-1;
}

size_t pol_utf8_count(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			c++;
	return c;
}

int pol_cp_width(uint32_t cp)
{
	if (cp >= 0x1100 &&
	    (cp <= 0x115F || cp == 0x2329 || cp == 0x232A ||
	     (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	     (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	     (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
	     (cp >= 0x1F300 && cp <= 0x1F64F) || (cp >= 0x20000 && cp <= 0x3FFFD)))
		return 2;
	return 1;
}

int pol_read_file(char **out, size_t *out_len, const char *path)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	pol_buf b = {0};
	/* Sized from fstat (plus the room pol_file_new_take wants), read in place. */
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		b.cap = (size_t)st.st_size + 2;
		b.data = pol_xmalloc(b.cap);
	}
	size_t n;
	for (;;) {
		if (b.cap - b.len < 2)
			S_buf_grow(&b, b.cap ? b.cap : 65536);
		n = fread(b.data + b.len, 1, b.cap - b.len - 1, f);
		if (!n)
			break;
		b.len += n;
	}
	b.data[b.len] = 0;
	int err = ferror(f);
	fclose(f);
	if (err) {
		pol_buf_free(&b);
		errno = EIO;
		return -1;
	}
	*out_len = b.len;
	*out = pol_buf_detach(&b);
	return 0;
}

int pol_mkdirs(const char *path)
{
	char *p = pol_xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = (mkdir(p, 0777) != 0 && errno != EEXIST) ? -1 : 0;
	free(p);
	return rc;
}

static char *S_reuse_into, *S_reuse_spare;
static size_t S_reuse_len;

void pol_file_reuse(const char *into, const char *spare)
{
	free(S_reuse_into);
	free(S_reuse_spare);
	S_reuse_into = S_reuse_spare = NULL;
	if (into && spare) {
		S_reuse_into = pol_xstrdup(into);
		S_reuse_spare = pol_xstrdup(spare);
		S_reuse_len = strlen(into);
	}
}

void pol_file_take(const char *path)
{
	if (!S_reuse_into || strncmp(path, S_reuse_into, S_reuse_len) != 0 || path[S_reuse_len] != '/')
		return;
	char *from = pol_xasprintf("%s%s", S_reuse_spare, path + S_reuse_len);
	struct stat st;
	/* Only a plain file polc wrote: never a link, a folder or a file with other names. */
	if (lstat(from, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1)
		(void)rename(from, path);
	free(from);
}

int pol_open_over(const char *path)
{
	pol_file_take(path);
	return open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
}

FILE *pol_fopen_over(const char *path)
{
	int fd = pol_open_over(path);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return f;
}

int pol_fclose_over(FILE *f)
{
	int rc = fflush(f) == 0 && !ferror(f) ? 0 : -1;
	off_t end = ftello(f);
	if (end < 0 || ftruncate(fileno(f), end) != 0)
		rc = -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

int pol_write_file(const char *path, const char *data, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (slash && slash != path) {
		char *dir = pol_xstrndup(path, (size_t)(slash - path));
		int rc = pol_mkdirs(dir);
		free(dir);
		if (rc)
			return -1;
	}
	pol_file_take(path);
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	size_t w = fwrite(data, 1, len, f);
	int rc = (w == len) ? 0 : -1;
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

/* The text of one pol_write_file_atomic. */
typedef struct S_text {
	const char *data;
	size_t len;
} S_text;

static int S_write_text(void *ctx, const char *to, char **err)
{
	const S_text *t = ctx;
	return pol_write_file(to, t->data, t->len);
}

/* pol_write_atomic into a temporary file beside path (a regular file or none), renamed
 * to path when complete. 0, or -1 with errno (and *err when fill set it). */
static int S_write_beside(const char *path, int (*fill)(void *ctx, const char *to, char **err), void *ctx,
                          char **err)
{
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	char *dir = slash ? pol_xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : pol_xstrdup(".");
	char *tmp = pol_xasprintf("%s/.%s.tmp-XXXXXX", dir, name);
	int fd = pol_mkdirs(dir) == 0 ? mkstemp(tmp) : -1;
	mode_t um = umask(0);
	umask(um);
	/* mkstemp made it 0600: give it what the user's umask gives a new file */
	int rc = fd >= 0 && fchmod(fd, 0666 & ~um) == 0 ? 0 : -1;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (rc == 0) {
		errno = 0;
		rc = fill(ctx, tmp, err);
		e = errno;
	}
	if (rc == 0) {
		/* on the disk before it takes the old file's name */
		int sfd = open(tmp, O_RDONLY | O_CLOEXEC);
		rc = sfd >= 0 && fsync(sfd) == 0 ? 0 : -1;
		e = errno;
		if (sfd >= 0)
			close(sfd);
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		rc = -1;
		e = errno;
	}
	if (rc != 0 && fd >= 0)
		unlink(tmp);
	free(tmp);
	free(dir);
	errno = e;
	return rc;
}

int pol_write_file_atomic(const char *path, const char *data, size_t len, char **err)
{
	return pol_write_atomic(path, S_write_text, &(S_text){data, len}, err);
}

int pol_write_atomic(const char *path, int (*fill)(void *ctx, const char *to, char **err), void *ctx,
                     char **err)
{
	*err = NULL;
	size_t n = strlen(path);
	if (!n || path[n - 1] == '/') {
		/* not a file's name: nothing is made on the way (mkdirs would make a folder) */
		*err = pol_xasprintf("cannot write '%s': %s", path, n ? "it names a folder, not a file" : "no file name");
		return -1;
	}
	struct stat st, lst;
	bool exists = stat(path, &st) == 0, link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
	if (exists && S_ISDIR(st.st_mode)) {
		*err = pol_xasprintf("cannot write '%s': it is a folder", path);
		return -1;
	}
	/* A link to a regular file: its target is replaced, the link stays (/dev/stdout
	 * when stdout is a file). A device, a pipe, a link to nowhere: written to as it is. */
	char *real = exists && S_ISREG(st.st_mode) && link ? realpath(path, NULL) : NULL;
	if ((exists && !S_ISREG(st.st_mode)) || (link && !real)) {
		errno = 0;
		if (fill(ctx, path, err) == 0)
			return 0;
		if (!*err)
			*err = pol_xasprintf("cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	int rc = S_write_beside(real ? real : path, fill, ctx, err);
	int e = errno;
	free(real);
	if (rc != 0 && !*err)
		*err = pol_xasprintf("cannot write '%s': %s", path, strerror(e ? e : EIO));
	return rc;
}

int pol_rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	DIR *d = opendir(path);
	if (!d)
		return -1;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *sub = pol_xasprintf("%s/%s", path, e->d_name);
		if (pol_rmtree(sub) != 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) != 0)
		rc = -1;
	return rc;
}
