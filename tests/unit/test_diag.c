/* test_diag.c — the diagnostic records (lib/diag.h): positions in code points and in
 * UTF-16 units, byte offsets, notes attached to what they explain, codes, silent and
 * coloured output; and that every message format in the sources has a stable code
 * (lib/diag_codes.c), found by reading compiler/ and grammar/ from the repository root. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "memsource.h"
#include "walk.h"
#include "model/model.h"

static pol_span S_at(const pol_file *f, const char *needle, size_t n)
{
	const char *p = strstr(f->text, needle);
	cr_assert_not_null(p);
	uint32_t b = (uint32_t)(p - f->text);
	return (pol_span){f, b, b + (uint32_t)n};
}

Test(diag, record_positions)
{
	/* '𠮷' is outside the BMP: one code point, two UTF-16 units, four bytes. */
	const char *text = "@policy p 題\n𠮷野家 admn x\n";
	pol_file *f = pol_file_new("src/policy.pol", "policy.pol", text, strlen(text));
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_span s = S_at(f, "admn", 4);
	pol_error(&d, s, "unknown role '%s'", "admn");
	cr_assert_eq(d.nrecs, 1);
	const pol_diag_rec *r = &d.recs[0];
	cr_expect_eq(r->severity, POL_ERROR);
	cr_expect_str_eq(r->code, "unknown-role");
	cr_expect_str_eq(r->message, "unknown role 'admn'");
	cr_expect_str_eq(r->loc.path, "src/policy.pol");
	cr_expect_str_eq(r->loc.rel, "policy.pol");
	cr_expect_eq(r->loc.line, 2);
	cr_expect_eq(r->loc.col, 5);      /* 𠮷 野 家 ' ' then a */
	cr_expect_eq(r->loc.col16, 6);
	cr_expect_eq(r->loc.end_line, 2);
	cr_expect_eq(r->loc.end_col, 9);
	cr_expect_eq(r->loc.end_col16, 10);
	cr_expect_eq(r->loc.begin, s.begin);
	cr_expect_eq(r->loc.end, s.end);
	cr_expect_eq(r->nnotes, 0);
	/* The text is printed as before. */
	cr_expect_str_eq(d.mem.data, "src/policy.pol:2:5: error: unknown role 'admn'\n"
	                             "    2 | 𠮷野家 admn x\n"
	                             "      |        ^~~~\n");
	pol_diag_fini(&d);
	pol_file_free(f);
}

Test(diag, notes_attach_to_the_last_record)
{
	const char *text = "@role a A\n@role a B\n";
	pol_file *f = pol_file_new("src/policy.pol", "policy.pol", text, strlen(text));
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_note(&d, S_at(f, "@role", 5), "first defined here"); /* nothing before it: a record */
	pol_error(&d, S_at(f, "a B", 1), "duplicate role '%s'", "a");
	pol_note(&d, S_at(f, "a A", 1), "first defined here");
	pol_warning(&d, (pol_span){0}, "a warning with no file");
	cr_assert_eq(d.nrecs, 3);
	cr_expect_eq(d.recs[0].severity, POL_NOTE);
	cr_expect_str_eq(d.recs[1].code, "duplicate-role");
	cr_assert_eq(d.recs[1].nnotes, 1);
	const pol_diag_rec *n = &d.recs[1].notes[0];
	cr_expect_eq(n->severity, POL_NOTE);
	cr_expect_str_eq(n->code, "first-defined");
	cr_expect_eq(n->loc.line, 1);
	cr_expect_eq(n->loc.col, 7);
	cr_expect_null(d.recs[2].loc.path);
	cr_expect_eq(d.recs[2].loc.line, 0);
	cr_expect_str_eq(d.recs[2].code, "other");
	cr_expect_eq(d.errors, 1);
	cr_expect_eq(d.warnings, 1);
	pol_diag_reset(&d);
	cr_expect_eq(d.nrecs, 0);
	cr_expect_eq(d.errors + d.warnings, 0);
	cr_expect_eq(d.mem.len, 0);
	pol_diag_fini(&d);
	pol_file_free(f);
}

Test(diag, messages_are_escaped_and_silent_keeps_records_only)
{
	const char *text = "@policy p \x1b[31mx\n";
	pol_file *f = pol_file_new("src/policy.pol", "policy.pol", text, strlen(text));
	pol_diag d;
	pol_diag_init(&d, NULL);
	d.silent = true;
	pol_error(&d, S_at(f, "\x1b", 1), "bad id '%s'", "\x1b[31mx\xe2\x80\xae");
	cr_expect_eq(d.mem.len, 0);
	cr_assert_eq(d.nrecs, 1);
	cr_expect_str_eq(d.recs[0].message, "bad id '\\x1b[31mx<U+202E>'");
	pol_diag_fini(&d);
	pol_file_free(f);
}

Test(diag, colour)
{
	const char *text = "@x\n";
	pol_file *f = pol_file_new("src/policy.pol", "policy.pol", text, strlen(text));
	pol_diag d;
	pol_diag_init(&d, NULL);
	d.color = true;
	pol_error(&d, S_at(f, "@x", 2), "unknown directive '@%s'", "x");
	cr_expect_str_eq(d.mem.data, "\033[1msrc/policy.pol:1:1:\033[0m \033[1;31merror:\033[0m unknown directive '@x'\n"
	                             "    1 | @x\n"
	                             "      | \033[1;32m^~\033[0m\n");
	pol_diag_fini(&d);
	pol_file_free(f);
}

Test(diag, string_messages_are_coded_by_their_text)
{
	pol_diag d;
	pol_diag_init(&d, NULL);
	d.silent = true;
	pol_error(&d, (pol_span){0}, "%s", "prose before any directive");
	pol_error(&d, (pol_span){0}, "%s", "unexpected end of line, expecting ']'");
	cr_expect_str_eq(d.recs[0].code, "misplaced-prose");
	cr_expect_str_eq(d.recs[1].code, "syntax");
	pol_diag_fini(&d);
}

/* A policy loaded from memory keeps its records after the model (and its files) are gone. */
Test(diag, records_outlive_the_model)
{
	static const char *files[] = {"policy.pol", "@policy p 題\n@role a A\n@role a B\n", NULL};
	pol_source *src = mem_source_new(files);
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_model *m = pol_model_load(src, &d);
	pol_model_free(m);
	pol_source_free(src);
	cr_assert(d.nrecs >= 1);
	cr_expect_str_eq(d.recs[0].code, "duplicate-role");
	cr_expect_str_eq(d.recs[0].loc.path, "src/policy.pol");
	cr_expect_eq(d.recs[0].loc.line, 3);
	cr_expect_eq(d.recs[0].nnotes, 1);
	pol_diag_fini(&d);
}

/* The message formats in a C or grammar file: the first string literal (with its
 * adjacent literals) of each pol_error/pol_warning/pol_note/S_lex_error call, or for
 * a call whose format is "%s", every other literal in the call. */
static void S_unescape(pol_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[++i];
			pol_buf_putc(b, c == 'n' ? '\n' : c == 't' ? '\t' : c);
		} else {
			pol_buf_putc(b, s[i]);
		}
	}
}

/* Reads the string literal group starting at s[*i] == '"' into out; moves *i past it. */
static void S_literal(const char *s, size_t *i, pol_buf *out)
{
	out->len = 0;
	pol_buf_puts(out, "");
	while (s[*i] == '"') {
		size_t b = ++*i;
		while (s[*i] && s[*i] != '"')
			*i += s[*i] == '\\' ? 2 : 1;
		S_unescape(out, s + b, *i - b);
		++*i;
		while (s[*i] == ' ' || s[*i] == '\t' || s[*i] == '\n')
			++*i;
	}
}

static int S_check_file(const char *path, void *missing_)
{
	pol_buf *missing = missing_;
	char *s;
	size_t n;
	if (pol_read_file(&s, &n, path))
		return 0;
	static const char *calls[] = {"pol_error(", "pol_warning(", "pol_note(", "S_lex_error(", NULL};
	int found = 0;
	for (const char **c = calls; *c; c++)
		for (const char *p = s; (p = strstr(p, *c)); p++) {
			if (p > s && (p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z')))
				continue;
			size_t i = (size_t)(p - s) + strlen(*c);
			if (!strncmp(p + strlen(*c), "d, span, ...", 12) || !strncmp(p + strlen(*c), "pol_parse_ctx", 13))
				continue; /* the definitions themselves */
			int depth = 1;
			bool first = true, string_fmt = false;
			pol_buf lit = {0};
			while (s[i] && depth) {
				if (s[i] == '"') {
					S_literal(s, &i, &lit);
					if (first) {
						first = false;
						if (!strcmp(lit.data, "%s")) {
							string_fmt = true;
							continue;
						}
					} else if (!string_fmt) {
						continue;
					}
					found++;
					if (!strcmp(pol_diag_code_of(lit.data), "other"))
						pol_buf_printf(missing, "%s: \"%s\"\n", path, lit.data);
					else if (!pol_diag_code_text(pol_diag_code_of(lit.data)))
						pol_buf_printf(missing, "%s: no text for code %s\n", path, pol_diag_code_of(lit.data));
					continue;
				}
				depth += s[i] == '(' ? 1 : s[i] == ')' ? -1 : 0;
				i++;
			}
			pol_buf_free(&lit);
		}
	free(s);
	return found;
}

Test(diag, every_message_format_has_a_code)
{
	static const char *dirs[] = {"compiler/lib", "compiler/front", "compiler/model", "compiler/edition",
	                             "compiler/emit", "compiler/cli", "grammar", NULL};
	pol_buf missing = {0};
	int found = 0;
	static const char *const sources[] = {".c", ".l", ".y", NULL};
	for (const char **d = dirs; *d; d++)
		found += walk_files(*d, sources, false, S_check_file, &missing);
	cr_expect_gt(found, 80, "only %d message formats found: is the scanner broken?", found);
	cr_expect_eq(missing.len, 0, "formats without a code in lib/diag_codes.c:\n%s", missing.data);
	pol_buf_free(&missing);
}
