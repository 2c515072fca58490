/* cli.c — option parsing and policy loading shared by the subcommands.
 *
 * Options may come before or after positional arguments; "--opt value" and
 * "--opt=value" are both accepted. A command states the options it takes, so an
 * option that makes no sense for it is a usage error, not silently ignored. A loaded
 * model carries the 改定履歴 from the edition tags of SRC's repository, up to the
 * revision built, unless the command needs the model only (model/load.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unistd.h>

#include "cli/cli.h"

#include "emit/checklist.h"
#include "emit/diag_json.h"
#include "lib/suggest.h"
#include "model/load.h"

static const char *S_long(const char *name)
{
	return !strcmp(name, "o") ? "-o" : name;
}

/* The option of the space-separated list allowed closest to name (caller frees), or NULL. */
static const char *S_near_option(const char *allowed, const char *name)
{
	pol_suggester sg;
	pol_suggest_init(&sg, name);
	char *copy = pol_xstrdup(allowed), *best = NULL;
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		pol_suggest_add(&sg, t);
	if (pol_suggest_best(&sg))
		best = pol_xstrdup(pol_suggest_best(&sg));
	free(copy);
	return best;
}

int pol_opts_parse(pol_opts *o, int argc, char **argv, const char *allowed, const char *usage)
{
	memset(o, 0, sizeof *o);
	char list[256];
	snprintf(list, sizeof list, " %s ", allowed);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(usage, stdout);
			return -1;
		}
		if (a[0] != '-' || !strcmp(a, "-")) {
			if (o->npos == 4) {
				fprintf(stderr, "polc: error: too many arguments\n%s", usage);
				return POL_EXIT_USAGE;
			}
			o->pos[o->npos++] = a;
			continue;
		}
		char name[64];
		const char *val = NULL;
		if (!strcmp(a, "-o")) {
			strcpy(name, "o");
		} else if (a[1] == '-') {
			const char *eq = strchr(a, '=');
			size_t n = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (n >= sizeof name)
				n = sizeof name - 1;
			memcpy(name, a + 2, n);
			name[n] = 0;
			if (eq)
				val = eq + 1;
		} else {
			fprintf(stderr, "polc: error: unknown option '%s'\n%s", a, usage);
			return POL_EXIT_USAGE;
		}
		char probe[80];
		snprintf(probe, sizeof probe, " %s ", name);
		if (!strstr(list, probe)) {
			const char *near = S_near_option(allowed, name);
			if (near)
				fprintf(stderr, "polc: error: unknown option '%s'; did you mean '%s%s'?\n%s", a,
				        strcmp(near, "o") ? "--" : "-", near, usage);
			else
				fprintf(stderr, "polc: error: unknown option '%s'\n%s", a, usage);
			free((char *)near);
			return POL_EXIT_USAGE;
		}
		bool flag = !strcmp(name, "werror") || !strcmp(name, "normalize-width") || !strcmp(name, "coverage") ||
		            !strcmp(name, "cached") || !strcmp(name, "plain");
		if (flag) {
			if (val) {
				fprintf(stderr, "polc: error: '--%s' takes no value\n", name);
				return POL_EXIT_USAGE;
			}
			if (!strcmp(name, "werror"))
				o->werror = true;
			else if (!strcmp(name, "cached"))
				o->cached = true;
			else if (!strcmp(name, "plain"))
				o->plain = true;
			else if (!strcmp(name, "coverage"))
				o->coverage = true;
			else
				o->normalize = true;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc) {
				fprintf(stderr, "polc: error: '%s' needs a value\n", S_long(name));
				return POL_EXIT_USAGE;
			}
			val = argv[++i];
		}
		if (!strcmp(name, "o"))
			o->out = val;
		else if (!strcmp(name, "edition"))
			o->edition = val;
		else if (!strcmp(name, "audience"))
			o->audience = val;
		else if (!strcmp(name, "rev"))
			o->rev = val;
		else if (!strcmp(name, "format"))
			o->format = val;
		else if (!strcmp(name, "role"))
			o->role = val;
		else if (!strcmp(name, "templates"))
			o->templates = val;
		else if (!strcmp(name, "document"))
			o->document = val;
		else if (!strcmp(name, "paper"))
			o->paper = val;
		else if (!strcmp(name, "diagnostics-format"))
			o->diag_format = val;
		else if (!strcmp(name, "color"))
			o->color = val;
		else if (!strcmp(name, "port"))
			o->port = val;
		else if (!strcmp(name, "catalog"))
			o->catalog = val;
	}
	return 0;
}

int pol_opts_edition(const pol_opts *o, pol_edition_kind *out)
{
	*out = POL_ED_INTERNAL;
	if (!o->edition || !strcmp(o->edition, "internal"))
		return 0;
	if (!strcmp(o->edition, "public")) {
		*out = POL_ED_PUBLIC;
		return 0;
	}
	fprintf(stderr, "polc: error: --edition must be public or internal\n");
	return POL_EXIT_USAGE;
}

pol_model *pol_cli_load(const pol_opts *o, pol_diag *d, int *exit_code)
{
	pol_load_opts lo = {.dir = o->src ? o->src : "policy-src", .rev = o->rev};
	if (!o->model_only)
		lo.want = POL_LOAD_STAMP | POL_LOAD_DIGEST | POL_LOAD_HISTORY;
	if (o->diag_only)
		lo.want |= POL_LOAD_DIAG_ONLY;
	if (o->no_anchors)
		lo.want |= POL_LOAD_NO_ANCHORS;
	pol_loader *l = pol_loader_new();
	pol_model *m = NULL;
	char *err = NULL, *warn = NULL;
	pol_load_status st = pol_load(&m, &err, &warn, l, &lo, d);
	pol_loader_free(l);
	/* Through d, so that JSON and SARIF hold them too; the text is "polc: error: …". */
	if (err) {
		pol_diag_report_code(d, POL_ERROR, "source", (pol_span){0}, "%s", err);
		d->io_errors++;
	}
	/* An unreadable repository or history is only a warning: the policy itself was read. */
	for (char *w = warn, *nl; w && *w; w = nl ? nl + 1 : NULL) {
		nl = strchr(w, '\n');
		pol_diag_report_code(d, POL_WARNING, "git-history", (pol_span){0}, "%.*s",
		                     nl ? (int)(nl - w) : (int)strlen(w), w);
	}
	free(err);
	free(warn);
	*exit_code = st == POL_LOAD_OK ? POL_EXIT_OK : st == POL_LOAD_ERRORS ? POL_EXIT_POLICY : POL_EXIT_USAGE;
	return m;
}

int pol_cli_diag_setup(const pol_opts *o, pol_diag *d)
{
	pol_diag_format fmt;
	if (pol_diag_format_parse(&fmt, o->diag_format ? o->diag_format : "text")) {
		fprintf(stderr, "polc: error: --diagnostics-format must be text, json or sarif\n");
		return POL_EXIT_USAGE;
	}
	d->silent = fmt != POL_DIAG_TEXT;
	const char *c = o->color ? o->color : "auto";
	if (!strcmp(c, "always")) {
		d->color = true;
	} else if (!strcmp(c, "never")) {
		d->color = false;
	} else if (!strcmp(c, "auto")) {
		const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
		d->color = (!nc || !*nc) && (!term || strcmp(term, "dumb")) && d->out && isatty(fileno(d->out));
	} else {
		fprintf(stderr, "polc: error: --color must be auto, always or never\n");
		return POL_EXIT_USAGE;
	}
	return 0;
}

int pol_cli_diag_finish(const pol_opts *o, pol_diag *d, bool summary, FILE *out)
{
	pol_diag_format fmt = POL_DIAG_TEXT;
	pol_diag_format_parse(&fmt, o->diag_format ? o->diag_format : "text");
	if (fmt == POL_DIAG_TEXT) {
		if (summary && (d->errors || d->warnings))
			fprintf(stderr, "%d error%s, %d warning%s\n", d->errors, d->errors == 1 ? "" : "s", d->warnings,
			        d->warnings == 1 ? "" : "s");
		return 0;
	}
	if (pol_diag_write(d, fmt, POL_VERSION, out) != 0) {
		fprintf(stderr, "polc: error: cannot write the diagnostics\n");
		return POL_EXIT_USAGE;
	}
	return 0;
}

int pol_cli_open_bundle(pol_checklist *cl, const char *path, const char *role)
{
	pol_buf errs = {0};
	int n = pol_checklist_load(cl, path, role, &errs);
	if (n)
		fputs(errs.data, stderr);
	pol_buf_free(&errs);
	return n ? POL_EXIT_USAGE : 0;
}

int pol_formats_parse(const char *list, unsigned *mask, char **err)
{
	*mask = 0;
	*err = NULL;
	if (!list || !*list) {
		*mask = POL_FMT_DEFAULT;
		return 0;
	}
	static const struct {
		const char *name;
		unsigned bits;
	} names[] = {{"html", POL_FMT_HTML}, {"md", POL_FMT_MD}, {"pdf", POL_FMT_PDF}, {"docx", POL_FMT_DOCX},
	             {"all", POL_FMT_ALL}};
	for (const char *p = list;;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		size_t i = 0;
		while (i < sizeof names / sizeof *names && (strlen(names[i].name) != n || strncmp(names[i].name, p, n)))
			i++;
		if (i == sizeof names / sizeof *names) {
			*err = pol_xasprintf("unknown format '%.*s' (expected a list of html, md, pdf, docx or all)", (int)n, p);
			*mask = 0;
			return -1;
		}
		*mask |= names[i].bits;
		if (!end)
			return 0;
		p = end + 1;
	}
}

