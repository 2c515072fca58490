/* test_textenc.c — lib/textenc: which encoding a spreadsheet's CSV is read in, and the
 * errors (and their lines) for text none of them decodes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lib/textenc.h"

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
