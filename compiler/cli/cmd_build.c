/* cmd_build.c — `polc build`: the document editions, written atomically.
 *
 * The policy is loaded and checked once; each requested edition is filtered from it
 * (the security boundary, edition.c) and rendered (render.c) into its own fresh folder
 * OUT/.tmp-NAME-XXXXXX. Only when every edition rendered does each folder replace
 * OUT/NAME: the old folder is first renamed aside (OUT/.old-NAME-XXXXXX), the new one
 * renamed in, and the old one deleted. So a failed build writes nothing and leaves the
 * last good output as it was; a reader sees the old edition or the new one, never half
 * of one. The temporary names never appear in the output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "edition/edition.h"
#include "emit/render.h"

static const char S_usage[] =
	"usage: polc build [SRC] [-o OUT] [--edition public|internal|all] [--audience ROLE]\n"
	"                  [--rev REV] [--templates DIR] [--werror]\n"
	"Builds the document editions of the policy in SRC (default policy-src/) into OUT\n"
	"(default output/): OUT/public/, OUT/internal/ and, with --audience, OUT/audience-ROLE/,\n"
	"each an HTML site, print.html (A4) and CommonMark files.\n"
	"  --edition E     public, internal or all (default all: public and internal)\n"
	"  --audience ROLE also build the edition for role ROLE (what applies to it)\n"
	"  --rev REV       build the policy as it was at git revision REV\n"
	"  --templates DIR templates replacing the built-in ones of the same file name\n"
	"  --werror        treat warnings as errors\n"
	"Nothing is written unless every edition builds. Exit: 0 ok, 1 policy errors,\n"
	"2 usage, template or I/O errors.\n";

typedef struct S_job {
	pol_model *ed;
	char *name;  /* "public", "internal", "audience-ROLE" */
	char *tmp;   /* OUT/.tmp-NAME-XXXXXX while rendering */
	char *dest;  /* OUT/NAME */
	char *trash; /* OUT/.old-NAME-XXXXXX: the previous output, while swapping */
	bool swapped;
} S_job;

static char *S_mkdtemp(const char *out, const char *prefix, const char *name)
{
	char *t = pol_xasprintf("%s/.%s-%s-XXXXXX", out, prefix, name);
	if (!mkdtemp(t)) {
		free(t);
		return NULL;
	}
	/* mkdtemp makes the folder private; the output is meant to be read. */
	mode_t mask = umask(0);
	umask(mask);
	chmod(t, 0777 & ~mask);
	return t;
}

/* Puts every rendered edition in place, or none: on a failure the editions already
 * swapped are swapped back. Returns 0 or -1 (message printed). */
static int S_commit(S_job *jobs, size_t n, const char *out)
{
	size_t i;
	for (i = 0; i < n; i++) {
		S_job *j = &jobs[i];
		struct stat st;
		if (lstat(j->dest, &st) == 0) {
			if (!S_ISDIR(st.st_mode)) {
				fprintf(stderr, "polc: error: '%s' exists and is not a folder\n", j->dest);
				break;
			}
			j->trash = S_mkdtemp(out, "old", j->name);
			if (!j->trash || rename(j->dest, j->trash) != 0) {
				fprintf(stderr, "polc: error: cannot move '%s' aside: %s\n", j->dest, strerror(errno));
				break;
			}
		}
		if (rename(j->tmp, j->dest) != 0) {
			fprintf(stderr, "polc: error: cannot rename '%s' to '%s': %s\n", j->tmp, j->dest, strerror(errno));
			if (j->trash && rename(j->trash, j->dest) == 0) {
				free(j->trash);
				j->trash = NULL;
			}
			break;
		}
		j->swapped = true;
	}
	if (i == n) {
		for (size_t k = 0; k < n; k++)
			if (jobs[k].trash)
				pol_rmtree(jobs[k].trash);
		return 0;
	}
	/* Undo, newest first: the new folder back to its temporary name, the old one back. */
	while (i-- > 0) {
		S_job *j = &jobs[i];
		if (j->swapped && rename(j->dest, j->tmp) == 0)
			j->swapped = false;
		if (!j->swapped && j->trash && rename(j->trash, j->dest) == 0) {
			free(j->trash);
			j->trash = NULL;
		}
	}
	return -1;
}

int pol_cmd_build(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "o edition audience rev werror templates", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: build takes one SRC\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	o.src = o.npos ? o.pos[0] : NULL;
	const char *out = o.out ? o.out : "output";
	const char *e = o.edition ? o.edition : "all";
	bool want_public = !strcmp(e, "public") || !strcmp(e, "all");
	bool want_internal = !strcmp(e, "internal") || !strcmp(e, "all");
	if (!want_public && !want_internal) {
		fprintf(stderr, "polc: error: unknown edition '%s' (public, internal or all)\n", e);
		return POL_EXIT_USAGE;
	}

	pol_templates *tpl = NULL;
	char *err = NULL;
	if (pol_templates_load(&tpl, o.templates, &err) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		return POL_EXIT_USAGE;
	}

	pol_diag d;
	pol_diag_init(&d, stderr);
	d.werror = o.werror;
	pol_model *m = pol_cli_load(&o, &d, &rc);
	if (m || rc == POL_EXIT_POLICY)
		if (d.errors || d.warnings)
			fprintf(stderr, "%d error%s, %d warning%s\n", d.errors, d.errors == 1 ? "" : "s", d.warnings,
			        d.warnings == 1 ? "" : "s");
	pol_diag_fini(&d);
	if (!m) {
		pol_templates_free(tpl);
		return rc;
	}

	S_job jobs[3] = {{0}};
	size_t n = 0;
	if (want_public)
		jobs[n++].ed = pol_edition_filter(m, POL_ED_PUBLIC, NULL);
	if (want_internal)
		jobs[n++].ed = pol_edition_filter(m, POL_ED_INTERNAL, NULL);
	pol_render_cache *cache = pol_render_cache_new();
	if (o.audience) {
		jobs[n].ed = pol_edition_filter(m, POL_ED_AUDIENCE, o.audience);
		if (!jobs[n].ed) {
			fprintf(stderr, "polc: error: unknown role '%s' for --audience\n", o.audience);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		n++;
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i].name = pol_edition_name(jobs[i].ed);
		jobs[i].dest = pol_xasprintf("%s/%s", out, jobs[i].name);
	}

	if (pol_mkdirs(out) != 0) {
		fprintf(stderr, "polc: error: cannot create '%s': %s\n", out, strerror(errno));
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		jobs[i].tmp = S_mkdtemp(out, "tmp", jobs[i].name);
		if (!jobs[i].tmp) {
			fprintf(stderr, "polc: error: cannot create a folder in '%s': %s\n", out, strerror(errno));
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		if (pol_render_edition(jobs[i].ed, tpl, cache, jobs[i].tmp, &err) != 0) {
			fprintf(stderr, "polc: error: %s edition: %s\n", jobs[i].name, err ? err : "rendering failed");
			free(err);
			rc = POL_EXIT_USAGE;
			goto cleanup;
		}
		/* Rendered: its model is not needed any more, so editions are never in memory together. */
		pol_model_free(jobs[i].ed);
		jobs[i].ed = NULL;
	}
	if (S_commit(jobs, n, out) != 0) {
		rc = POL_EXIT_USAGE;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "polc: built ", jobs[i].dest);
	printf("\n");
	rc = POL_EXIT_OK;

cleanup:
	for (size_t i = 0; i < sizeof jobs / sizeof *jobs; i++) {
		if (jobs[i].tmp && !jobs[i].swapped)
			pol_rmtree(jobs[i].tmp);
		free(jobs[i].tmp);
		free(jobs[i].trash);
		free(jobs[i].dest);
		free(jobs[i].name);
		pol_model_free(jobs[i].ed);
	}
	pol_render_cache_free(cache);
	pol_model_free(m);
	pol_templates_free(tpl);
	return rc;
}
