/* test_textenc.c — lib/textenc: which encoding a spreadsheet's CSV is read in, and the
 * errors (and their lines) for text none of them decodes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "lib/textenc.h"
#include "lib/util.h"

static char *S_decode(const char *data, size_t len, pol_textenc *enc, int *line, char **err)
{
	char *out = NULL;
	size_t n = 0;
	if (pol_textenc_to_utf8(&out, &n, enc, line, err, data, len) != 0)
		return NULL;
	cr_assert_eq(strlen(out), n);
	return out;
}

Test(textenc, utf8_with_and_without_a_bom)
{
	pol_textenc enc;
	int line;
	char *err, *s = S_decode("\xEF\xBB\xBF" "判定,はい", 16, &enc, &line, &err);
	cr_assert_str_eq(s, "判定,はい");
	cr_assert_eq(enc, POL_ENC_UTF8_BOM);
	free(s);
	s = S_decode("No.,x\n", 6, &enc, &line, &err);
	cr_assert_str_eq(s, "No.,x\n");
	cr_assert_eq(enc, POL_ENC_UTF8, "ASCII is UTF-8");
	free(s);
}

Test(textenc, cp932_when_not_utf8)
{
	/* はい,①,㈱ in CP932: ① and ㈱ are Microsoft's extensions, not in plain Shift_JIS. */
	const char in[] = "\x82\xcd\x82\xa2,\x87\x40,\x87\x8a\r\n";
	pol_textenc enc;
	int line;
	char *err, *s = S_decode(in, sizeof in - 1, &enc, &line, &err);
	cr_assert_str_eq(s, "はい,①,㈱\r\n");
	cr_assert_eq(enc, POL_ENC_CP932);
	cr_assert_str_eq(pol_textenc_name(enc), "CP932 (Shift_JIS)");
	free(s);
}

Test(textenc, utf16_with_a_bom_either_order)
{
	const char le[] = "\xFF\xFE\x44\x30\x44\x30\x48\x30\n\x00";  /* いいえ\n */
	const char be[] = "\xFE\xFF\x30\x44\x30\x44\x30\x48\x00\n";
	pol_textenc enc;
	int line;
	char *err, *s = S_decode(le, sizeof le - 1, &enc, &line, &err);
	cr_assert_str_eq(s, "いいえ\n");
	cr_assert_eq(enc, POL_ENC_UTF16LE);
	free(s);
	s = S_decode(be, sizeof be - 1, &enc, &line, &err);
	cr_assert_str_eq(s, "いいえ\n");
	cr_assert_eq(enc, POL_ENC_UTF16BE);
	free(s);
}

Test(textenc, valid_utf8_wins_over_cp932)
{
	/* 縺 in UTF-8 is E7 B8 BA, which CP932 would read as two other characters. */
	pol_textenc enc;
	int line;
	char *err, *s = S_decode("\xE7\xB8\xBA", 3, &enc, &line, &err);
	cr_assert_str_eq(s, "縺");
	cr_assert_eq(enc, POL_ENC_UTF8);
	free(s);
}

Test(textenc, undecodable_text_fails_at_the_likelier_line)
{
	pol_textenc enc;
	int line = 0;
	char *err = NULL;
	const char in[] = "a\n\x82\xcd\n\x80\n"; /* CP932 up to line 3, where 0x80 is no character */
	cr_assert_null(S_decode(in, sizeof in - 1, &enc, &line, &err));
	cr_assert_eq(line, 3);
	cr_assert(strstr(err, "not UTF-8 (line 2) nor CP932/Shift_JIS (line 3)"), "%s", err);
	cr_assert(strstr(err, "tried UTF-8, UTF-16 with a byte order mark and CP932"), "%s", err);
	free(err);
}

Test(textenc, broken_text_after_a_bom_and_nul_bytes)
{
	pol_textenc enc;
	int line = 0;
	char *err = NULL;
	cr_assert_null(S_decode("\xEF\xBB\xBFok\n\x82\xcd", 8, &enc, &line, &err));
	cr_assert_eq(line, 2);
	cr_assert_str_eq(err, "invalid UTF-8 after a UTF-8 byte order mark");
	free(err);
	cr_assert_null(S_decode("\xFF\xFEN\x00\n\x00x", 7, &enc, &line, &err));
	cr_assert_eq(line, 2, "the odd byte at the end is on line 2");
	cr_assert(strstr(err, "invalid UTF-16"));
	free(err);
	cr_assert_null(S_decode("No.\nx\0y", 7, &enc, &line, &err));
	cr_assert_eq(line, 2);
	cr_assert(strstr(err, "NUL byte"));
	free(err);
	cr_assert_null(S_decode("\xFF\xFEN\x00\x00\x00", 6, &enc, &line, &err), "U+0000 in UTF-16 is no text either");
	free(err);
}

/* pol_utf8_invalid_at, which checks long texts 32 bytes at a time, against the
 * definition one code point at a time: the same first bad byte (or none) for texts
 * of every length up to 300 bytes, made of ASCII, two-, three- and four-byte
 * characters and, at one random place or none, a bad sequence of every kind. */
static size_t S_ref_invalid_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n;) {
		size_t len = u[i] < 0x80 ? 1 : (u[i] & 0xE0) == 0xC0 ? 2 : (u[i] & 0xF0) == 0xE0 ? 3 : (u[i] & 0xF8) == 0xF0 ? 4 : 0;
		if (!len || (len == 1 && !u[i]) || i + len > n)
			return i;
		uint32_t c = len == 1 ? u[i] : (uint32_t)(u[i] & (0x7F >> len));
		for (size_t k = 1; k < len; k++) {
			if ((u[i + k] & 0xC0) != 0x80)
				return i;
			c = c << 6 | (u[i + k] & 0x3F);
		}
		static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
		if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return i;
		i += len;
	}
	return (size_t)-1;
}

Test(textenc, utf8_check_agrees_with_the_definition)
{
	static const char *good[] = {"a", "Z", "\n", "\xC2\xA9", "\xDF\xBF", "あ", "情", "\xE0\xA0\x80", "\xED\x9F\xBF",
	                             "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF"};
	static const char *bad[] = {"\x80", "\xBF", "\xC0\xAF", "\xC1\xBF", "\xC2", "\xC2\x41", "\xE0\x80\x80", "\xE0\x9F\xBF",
	                            "\xED\xA0\x80", "\xED\xBF\xBF", "\xE3\x81", "\xE3\x41\x82", "\xE3\x81\xC2", "\xF0\x80\x80\x80",
	                            "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF8", "\xFF", "\xFE",
	                            "\xF0\x9F\x98", "\xF0\x9F", "\x00", "\xE3\x81\x82\x82"};
	unsigned seed = 12345;
	char buf[400];
	for (int round = 0; round < 20000; round++) {
		size_t target = (size_t)(round % 300), n = 0;
		/* ASCII-heavy, Japanese-heavy or mixed texts */
		int mode = round % 3;
		long bad_at = (round % 4 == 0) ? -1 : (long)(rand_r(&seed) % (target + 1));
		while (n < target) {
			const char *piece;
			if (bad_at >= 0 && (long)n >= bad_at) {
				piece = bad[rand_r(&seed) % (sizeof bad / sizeof *bad)];
				bad_at = -1;
			} else {
				unsigned r = (unsigned)rand_r(&seed) % 16;
				piece = mode == 0 ? (r < 14 ? "x" : good[r % (sizeof good / sizeof *good)])
				      : mode == 1 ? (r < 12 ? "情" : good[r % (sizeof good / sizeof *good)])
				                  : good[rand_r(&seed) % (sizeof good / sizeof *good)];
			}
			size_t k = piece[0] ? strlen(piece) : 1; /* "\x00": one NUL byte */
			memcpy(buf + n, piece, k);
			n += k;
		}
		size_t want = S_ref_invalid_at(buf, n), got = pol_utf8_invalid_at(buf, n);
		cr_assert_eq(got, want, "round %d (%zu bytes): got %zd, want %zd", round, n, (ssize_t)got, (ssize_t)want);
	}
}

/* pol_find3 (lib/util.h), which the prose scanner uses to skip to its next '{', '\\' or
 * 0xEE: the first of three bytes, at every offset and length, in every 16-byte block. */
Test(textenc, find3_agrees_with_a_loop)
{
	unsigned seed = 777;
	char buf[100];
	for (int round = 0; round < 20000; round++) {
		size_t n = (size_t)(round % 100);
		for (size_t i = 0; i < n; i++) {
			unsigned r = (unsigned)rand_r(&seed) % 64;
			buf[i] = r == 0 ? '{' : r == 1 ? '\\' : r == 2 ? (char)0xEE : r == 3 ? (char)0xEF : (char)('a' + r % 26);
		}
		size_t want = n;
		for (size_t i = 0; i < n && want == n; i++)
			if (buf[i] == '{' || buf[i] == '\\' || buf[i] == (char)0xEE)
				want = i;
		size_t got = pol_find3(buf, n, '{', '\\', (char)0xEE);
		cr_assert_eq(got, want, "round %d (%zu bytes): got %zu, want %zu", round, n, got, want);
	}
}
