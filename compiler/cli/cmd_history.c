/* cmd_history.c — `polc history`: the 改定履歴 from edition tags, as text, JSON or CSV.
 *
 * The history is read from git (history.c) and then passed through the edition
 * filter like any other model content, so the public listing is exactly what the
 * public edition's 改定履歴 shows: public summaries, no internal summary, and no
 * commit unless the policy header says `public-commit = yes`. Only the public
 * listing compiles the policy, to read that header; a policy with errors there
 * keeps the commits out (fail closed), and any other listing of a repository whose
 * current policy has errors works. The text form escapes control characters
 * (lib/diag.h), so a tag message cannot drive the terminal; tags that are not
 * editions and messages read as internal because of their form are warned about. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "edition/edition.h"
#include "emit/history_json.h"
#include "lib/json.h"
#include "front/history.h"
#include "model/load.h"

static const char S_usage[] =
	"usage: polc history [SRC] [--rev REV] [--format text|json|csv] [--edition public|internal]\n"
	"Prints the 改定履歴 of the policy in SRC (default policy-src/): the annotated tags\n"
	"edition/YYYY-MM[-DD] on commits reachable from REV (default HEAD), oldest first.\n"
	"Tag message form: docs/history.md.\n"
	"  --edition  internal (default): public and internal summaries and commits;\n"
	"             public: the public summaries only\n"
	"  --format   text (default), json, or csv (a spreadsheet or the 例規集: 版, 年月, 概要)\n"
	"Exit: 0 ok, 2 usage errors, SRC not in a git repository, an unknown revision or an\n"
	"unreadable repository.\n";

/* Prints text with every line after the first indented by `indent` spaces. */
static void S_put_lines(FILE *f, const char *text, int indent)
{
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (p != text && n)
			fprintf(f, "%*s", indent, "");
		pol_buf b = {0};
		pol_buf_put_escaped(&b, p, n);
		if (b.len)
			fwrite(b.data, 1, b.len, f);
		pol_buf_free(&b);
		fputc('\n', f);
		p += n + (nl ? 1 : 0);
	}
}

static void S_text(FILE *f, const pol_model *ed)
{
	const pol_history *h = ed->history;
	char *label = pol_edition_label(ed);
	fprintf(f, "改定履歴（%s）\n", label);
	free(label);
	if (!h || !h->n) {
		fputs("edition/ タグがないため、改定履歴はありません。\n", f);
		return;
	}
	bool internal = ed->edition != POL_ED_PUBLIC;
	for (size_t i = 0; i < h->n; i++) {
		const pol_history_entry *e = &h->entries[i];
		fprintf(f, "%s  ", e->era_date ? e->era_date : e->date);
		pol_fputs_escaped(f, e->tag);
		if (e->short_commit)
			fprintf(f, "  %s", e->short_commit);
		fputc('\n', f);
		if (e->public_summary) {
			fputs(internal ? "  公開: " : "  ", f);
			S_put_lines(f, e->public_summary, internal ? 8 : 2);
		}
		if (e->internal_summary) {
			fputs("  内部: ", f);
			S_put_lines(f, e->internal_summary, 8);
		}
	}
}

static void S_json(FILE *f, const pol_model *ed)
{
	json_t *root = json_object();
	json_t *fmt = json_object();
	json_object_set_new(fmt, "name", json_string("polc-history"));
	json_object_set_new(fmt, "version", json_string("2.1"));
	json_object_set_new(root, "format", fmt);
	json_object_set_new(root, "edition", pol_json_take(pol_edition_name(ed)));
	json_object_set_new(root, "entries", pol_history_json(ed->history, NULL, NULL));
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s) {
		fputs(s, f);
		fputc('\n', f);
	}
	free(s);
	json_decref(root);
}

/* Whether the policy at rev (NULL: the work tree) chose to publish commit ids; false
 * when it cannot be compiled. */
static bool S_public_commit(const char *dir, const char *rev)
{
	pol_loader *l = pol_loader_new();
	pol_diag d;
	pol_diag_init(&d, NULL);
	pol_load_opts lo = {.dir = dir, .rev = rev, .want = POL_LOAD_DIAG_ONLY};
	pol_model *m = NULL;
	char *err = NULL;
	bool yes = pol_load(&m, &err, NULL, l, &lo, &d) == POL_LOAD_OK && m->public_commit;
	free(err);
	pol_model_free(m);
	pol_diag_fini(&d);
	pol_loader_free(l);
	return yes;
}

int pol_cmd_history(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "rev format edition", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: history takes one SRC\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	pol_edition_kind kind;
	if (pol_opts_edition(&o, &kind))
		return POL_EXIT_USAGE;
	bool json = false, csv = false;
	if (o.format && !strcmp(o.format, "json"))
		json = true;
	else if (o.format && !strcmp(o.format, "csv"))
		csv = true;
	else if (o.format && strcmp(o.format, "text") != 0) {
		fprintf(stderr, "polc: error: --format must be text, json or csv\n");
		return POL_EXIT_USAGE;
	}
	const char *dir = o.npos ? o.pos[0] : "policy-src";
	struct stat st;
	if (!o.rev && (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))) {
		fprintf(stderr, "polc: error: cannot open policy folder '%s'\n", dir);
		return POL_EXIT_USAGE;
	}
	pol_history *h = NULL;
	char *err = NULL;
	rc = pol_history_load(&h, dir, o.rev, &err);
	if (rc != 0) {
		fprintf(stderr, "polc: error: %s%s\n", err ? err : "cannot read the history",
		        rc == POL_GIT_NOREPO ? " (the 改定履歴 comes from git edition tags)" : "");
		free(err);
		return POL_EXIT_USAGE;
	}
	/* Tags polc could not read as editions, and messages it read as internal because
	 * of their form: warnings, so that nothing vanishes or is withheld silently. */
	for (size_t i = 0; i < h->nwarnings; i++) {
		fputs("polc: warning: ", stderr);
		pol_fputs_escaped(stderr, h->warnings[i]);
		fputc('\n', stderr);
	}
	/* A model that holds only the history, so the edition filter decides what shows. */
	pol_model *full = pol_xcalloc(1, sizeof *full);
	full->history = h;
	if (kind == POL_ED_PUBLIC)
		full->public_commit = S_public_commit(dir, o.rev);
	pol_model *ed = pol_edition_filter(full, kind, NULL);
	if (json)
		S_json(stdout, ed);
	else if (csv) {
		char *s = pol_history_csv(ed->history, kind != POL_ED_PUBLIC);
		fputs(s, stdout);
		free(s);
	} else
		S_text(stdout, ed);
	pol_model_free(ed);
	pol_model_free(full);
	return fflush(stdout) == 0 ? POL_EXIT_OK : POL_EXIT_USAGE;
}
