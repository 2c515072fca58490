/* diag_json.c — polc's JSON form of diagnostics (docs/diagnostics.md).
 *
 * One object: the tool, the counts, and the diagnostics in the order they were
 * reported, each with its notes nested under it, as the text shows them one after
 * the other. Positions are given both ways a consumer may need them: line and
 * column in code points (as the text), the column in UTF-16 code units (LSP, most
 * editors), and byte offsets into the file. */
#include <string.h>

#include "emit/diag_json.h"
#include "lib/json.h"

int pol_diag_format_parse(pol_diag_format *out, const char *name)
{
	static const char *names[] = {"text", "json", "sarif"};
	for (int i = 0; i < 3; i++)
		if (name && !strcmp(name, names[i])) {
			*out = (pol_diag_format)i;
			return 0;
		}
	return -1;
}

static const char *const S_sev[] = {"note", "warning", "error"};

/* A path as a JSON string: a file name need not be UTF-8, JSON must be (bytes that
 * are not become '?', as in the text). */
static json_t *S_path(const char *p)
{
	pol_buf b = {0};
	pol_buf_puts(&b, "");
	pol_buf_put_escaped(&b, p, strlen(p));
	return pol_json_take(pol_buf_detach(&b));
}

static json_t *S_loc(const pol_diag_loc *l)
{
	if (!l->path)
		return json_null();
	json_t *o = json_object();
	pol_json_set(o, "path", S_path(l->path));
	pol_json_set(o, "file", S_path(l->rel));
	pol_json_set(o, "line", json_integer(l->line));
	pol_json_set(o, "column", json_integer(l->col));
	pol_json_set(o, "end_line", json_integer(l->end_line));
	pol_json_set(o, "end_column", json_integer(l->end_col));
	pol_json_set(o, "column_utf16", json_integer(l->col16));
	pol_json_set(o, "end_column_utf16", json_integer(l->end_col16));
	pol_json_set(o, "byte_offset", json_integer(l->begin));
	pol_json_set(o, "byte_length", json_integer(l->end - l->begin));
	return o;
}

static json_t *S_rec(const pol_diag_rec *r, bool notes)
{
	json_t *o = json_object();
	pol_json_set(o, "severity", pol_json_str(S_sev[r->severity]));
	pol_json_set(o, "code", pol_json_str(r->code));
	pol_json_set(o, "message", pol_json_str(r->message));
	pol_json_set(o, "location", S_loc(&r->loc));
	if (notes) {
		json_t *a = json_array();
		for (size_t i = 0; i < r->nnotes; i++)
			json_array_append_new(a, S_rec(&r->notes[i], false));
		pol_json_set(o, "notes", a);
	}
	return o;
}

json_t *pol_diag_json(const pol_diag *d, const char *tool_version)
{
	json_t *o = json_object();
	pol_json_set(o, "format", pol_json_str("polc-diagnostics"));
	pol_json_set(o, "version", json_integer(1));
	json_t *tool = json_object();
	pol_json_set(tool, "name", pol_json_str("polc"));
	pol_json_set(tool, "version", pol_json_str(tool_version));
	pol_json_set(o, "tool", tool);
	pol_json_set(o, "errors", json_integer(d->errors));
	pol_json_set(o, "warnings", json_integer(d->warnings));
	pol_json_set(o, "failed", json_boolean(pol_diag_failed(d)));
	json_t *a = json_array();
	for (size_t i = 0; i < d->nrecs; i++)
		json_array_append_new(a, S_rec(&d->recs[i], true));
	pol_json_set(o, "diagnostics", a);
	return o;
}

int pol_diag_write(const pol_diag *d, pol_diag_format fmt, const char *tool_version, FILE *f)
{
	json_t *doc = fmt == POL_DIAG_SARIF ? pol_diag_sarif(d, tool_version) : pol_diag_json(d, tool_version);
	int rc = json_dumpf(doc, f, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	json_decref(doc);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	if (fflush(f) != 0 || ferror(f))
		rc = -1;
	return rc;
}
