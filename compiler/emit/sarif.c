/* sarif.c — diagnostics as a SARIF 2.1.0 log, for code-scanning tools.
 *
 * One run of the driver "polc"; a reportingDescriptor (rule) per diagnostic code that
 * occurs, sorted by id, with a one-sentence description (lib/diag_codes.c), each result naming its rule by id and index. Columns are code
 * points (run.columnKind "unicodeCodePoints"), as in the text; regions also give byte
 * offsets. File locations are the paths as the text prints them, relative to where
 * polc ran (uriBaseId "%SRCROOT%", as code-scanning uploads expect), percent-encoded
 * so Japanese file names are valid URI references. Notes become related locations of
 * their result. No absolute path, time or host name is written, so the same source
 * gives the same log anywhere. Validated against the OASIS schema by
 * tests/e2e/diagnostics.sh. */
#include <stdlib.h>
#include <string.h>

#include "emit/diag_json.h"
#include "lib/json.h"

/* A relative path as a URI reference: bytes outside RFC 3986's unreserved set and '/'
 * are percent-encoded (so "%", spaces and UTF-8 are). An absolute path becomes a file: URI. */
static json_t *S_uri(const char *path)
{
	pol_buf b = {0};
	if (path[0] == '/')
		pol_buf_puts(&b, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		    *p == '.' || *p == '_' || *p == '~' || *p == '/')
			pol_buf_putc(&b, (char)*p);
		else
			pol_buf_printf(&b, "%%%02X", *p);
	}
	return pol_json_take(pol_buf_detach(&b));
}

static json_t *S_message(const char *text)
{
	json_t *m = json_object();
	pol_json_set(m, "text", pol_json_str(text));
	return m;
}

static json_t *S_location(const pol_diag_loc *l, const char *message, int id)
{
	json_t *loc = json_object();
	if (id >= 0)
		pol_json_set(loc, "id", json_integer(id));
	if (l->path) {
		json_t *art = json_object();
		pol_json_set(art, "uri", S_uri(l->path));
		if (l->path[0] != '/')
			pol_json_set(art, "uriBaseId", pol_json_str("%SRCROOT%"));
		json_t *reg = json_object();
		pol_json_set(reg, "startLine", json_integer(l->line));
		pol_json_set(reg, "startColumn", json_integer(l->col));
		pol_json_set(reg, "endLine", json_integer(l->end_line));
		pol_json_set(reg, "endColumn", json_integer(l->end_col));
		pol_json_set(reg, "byteOffset", json_integer(l->begin));
		pol_json_set(reg, "byteLength", json_integer(l->end - l->begin));
		json_t *phys = json_object();
		pol_json_set(phys, "artifactLocation", art);
		pol_json_set(phys, "region", reg);
		pol_json_set(loc, "physicalLocation", phys);
	}
	if (message)
		pol_json_set(loc, "message", S_message(message));
	return loc;
}

static const char *const S_level[] = {"note", "warning", "error"};

static int S_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

json_t *pol_diag_sarif(const pol_diag *d, const char *tool_version)
{
	/* The codes used, sorted and unique: the rules of the run. */
	const char **codes = pol_xmalloc((d->nrecs + 1) * sizeof *codes);
	size_t ncodes = 0;
	for (size_t i = 0; i < d->nrecs; i++)
		codes[ncodes++] = d->recs[i].code;
	qsort(codes, ncodes, sizeof *codes, S_cmp);
	size_t u = 0;
	for (size_t i = 0; i < ncodes; i++)
		if (!u || strcmp(codes[u - 1], codes[i]))
			codes[u++] = codes[i];
	ncodes = u;

	json_t *rules = json_array();
	for (size_t i = 0; i < ncodes; i++) {
		json_t *r = json_object();
		pol_json_set(r, "id", pol_json_str(codes[i]));
		const char *text = pol_diag_code_text(codes[i]);
		if (text) {
			json_t *sd = json_object();
			pol_json_set(sd, "text", pol_json_str(text));
			pol_json_set(r, "shortDescription", sd);
		}
		json_array_append_new(rules, r);
	}
	json_t *driver = json_object();
	pol_json_set(driver, "name", pol_json_str("polc"));
	pol_json_set(driver, "version", pol_json_str(tool_version));
	pol_json_set(driver, "rules", rules);
	json_t *tool = json_object();
	pol_json_set(tool, "driver", driver);

	json_t *results = json_array();
	for (size_t i = 0; i < d->nrecs; i++) {
		const pol_diag_rec *r = &d->recs[i];
		json_t *res = json_object();
		size_t idx = (const char **)bsearch(&r->code, codes, ncodes, sizeof *codes, S_cmp) - codes;
		pol_json_set(res, "ruleId", pol_json_str(r->code));
		pol_json_set(res, "ruleIndex", json_integer((json_int_t)idx));
		pol_json_set(res, "level", pol_json_str(S_level[r->severity]));
		pol_json_set(res, "message", S_message(r->message));
		json_t *locs = json_array();
		if (r->loc.path)
			json_array_append_new(locs, S_location(&r->loc, NULL, -1));
		pol_json_set(res, "locations", locs);
		if (r->nnotes) {
			json_t *rel = json_array();
			for (size_t k = 0; k < r->nnotes; k++)
				json_array_append_new(rel, S_location(&r->notes[k].loc, r->notes[k].message, (int)k + 1));
			pol_json_set(res, "relatedLocations", rel);
		}
		json_array_append_new(results, res);
	}
	free(codes);

	json_t *inv = json_object();
	pol_json_set(inv, "executionSuccessful", json_boolean(d->io_errors == 0));
	json_t *invs = json_array();
	json_array_append_new(invs, inv);

	json_t *run = json_object();
	pol_json_set(run, "tool", tool);
	pol_json_set(run, "invocations", invs);
	pol_json_set(run, "columnKind", pol_json_str("unicodeCodePoints"));
	pol_json_set(run, "results", results);
	json_t *runs = json_array();
	json_array_append_new(runs, run);

	json_t *log = json_object();
	pol_json_set(log, "$schema",
	             pol_json_str("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"));
	pol_json_set(log, "version", pol_json_str("2.1.0"));
	pol_json_set(log, "runs", runs);
	return log;
}
