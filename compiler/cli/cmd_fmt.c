/* cmd_fmt.c — `polc fmt`: rewrite source files in the canonical layout.
 *
 * Each PATH is a file, or a folder searched (in name order, recursively) for `*.pol`;
 * symbolic links are never followed, as the loader never follows them. A file is
 * rewritten only when its layout changes, through a new file renamed over it
 * (lib/replace.h), so an editor or a build never reads half of it; a file that does not
 * parse is reported and left as it is. The formatting itself is front/format.c. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "front/format.h"
#include "lib/readfile.h"
#include "lib/replace.h"

static const char S_usage[] =
	"usage: polc fmt [--check] [PATH...]\n"
	"Rewrites the policy source files at PATH (a file, or a folder searched for *.pol;\n"
	"default policy-src/) in the canonical layout and lists the files it changed.\n"
	"A file that does not parse is reported and left as it is. PATH '-' formats\n"
	"standard input to standard output.\n"
	"  --check    change nothing; list the files that are not formatted, exit 1 if any\n"
	"Exit: 0 done (or, with --check, all formatted), 1 a file does not parse or (--check)\n"
	"is not formatted, 2 usage or I/O errors.\n";

typedef struct S_run {
	bool check;
	pol_diag d;
	int invalid, changed, io;
} S_run;

/* Formats data (read from path) and returns the result in out; 0 when it formatted. */
static int S_format(S_run *r, pol_buf *out, const char *path, const char *data, size_t len)
{
	pol_file *f = pol_file_new(path, path, data, len);
	pol_format_status st = pol_format(out, f, &r->d);
	pol_file_free(f);
	if (st == POL_FORMAT_INVALID)
		r->invalid++;
	else if (st == POL_FORMAT_UNSAFE)
		r->io++;
	return st == POL_FORMAT_OK ? 0 : -1;
}

static void S_file(S_run *r, const char *path)
{
	char *data;
	size_t len;
	const char *why = pol_read_regular(&data, &len, path, "a policy source file");
	if (why) {
		fprintf(stderr, "polc: error: cannot read '%s': %s\n", path, why);
		r->io++;
		return;
	}
	pol_buf out = {0};
	if (S_format(r, &out, path, data, len) == 0 && (out.len != len || memcmp(out.data ? out.data : "", data, len))) {
		r->changed++;
		if (!r->check && pol_replace_file(path, out.data ? out.data : "", out.len) != 0) {
			fprintf(stderr, "polc: error: cannot write '%s': %s\n", path, strerror(errno));
			r->io++;
		} else {
			printf("%s\n", path);
		}
	}
	pol_buf_free(&out);
	free(data);
}

static int S_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void S_path(S_run *r, const char *path, bool given);

static void S_folder(S_run *r, const char *path)
{
	DIR *dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "polc: error: cannot read '%s': %s\n", path, strerror(errno));
		r->io++;
		return;
	}
	pol_vec names = {0};
	for (struct dirent *e; (e = readdir(dir));)
		if (e->d_name[0] != '.')
			pol_vec_push(&names, pol_xstrdup(e->d_name));
	closedir(dir);
	if (names.len)
		qsort(names.items, names.len, sizeof *names.items, S_name_cmp);
	size_t n = strlen(path);
	for (size_t i = 0; i < names.len; i++) {
		char *p = pol_xasprintf("%s%s%s", path, n && path[n - 1] == '/' ? "" : "/", (char *)names.items[i]);
		S_path(r, p, false);
		free(p);
		free(names.items[i]);
	}
	pol_vec_free(&names);
}

/* A path given on the command line (given) or met in a folder. */
static void S_path(S_run *r, const char *path, bool given)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		fprintf(stderr, "polc: error: cannot read '%s': %s\n", path, strerror(errno));
		r->io++;
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		if (given) {
			fprintf(stderr, "polc: error: '%s' is a symbolic link (polc does not follow symbolic links in the source)\n",
			        path);
			r->io++;
		}
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		S_folder(r, path);
		return;
	}
	size_t n = strlen(path);
	if (given || (S_ISREG(st.st_mode) && n > 4 && !strcmp(path + n - 4, ".pol")))
		S_file(r, path);
}

static void S_stdin(S_run *r)
{
	pol_buf in = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		pol_buf_put(&in, chunk, n);
	if (ferror(stdin)) {
		fprintf(stderr, "polc: error: cannot read standard input: %s\n", strerror(errno));
		r->io++;
		pol_buf_free(&in);
		return;
	}
	pol_buf out = {0};
	const char *data = in.data ? in.data : "";
	if (S_format(r, &out, "<stdin>", data, in.len) == 0) {
		bool differs = out.len != in.len || memcmp(out.data ? out.data : "", data, in.len);
		if (r->check) {
			if (differs) {
				r->changed++;
				printf("<stdin>\n");
			}
		} else if (out.len && fwrite(out.data, 1, out.len, stdout) != out.len) {
			r->io++;
		}
	}
	pol_buf_free(&out);
	pol_buf_free(&in);
}

int pol_cmd_fmt(int argc, char **argv)
{
	S_run r = {0};
	const char **paths = pol_xcalloc((size_t)argc + 1, sizeof *paths);
	int np = 0;
	bool opts = true;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (opts && (!strcmp(a, "--help") || !strcmp(a, "-h"))) {
			fputs(S_usage, stdout);
			free(paths);
			return POL_EXIT_OK;
		}
		if (opts && !strcmp(a, "--check")) {
			r.check = true;
		} else if (opts && !strcmp(a, "--")) {
			opts = false;
		} else if (opts && a[0] == '-' && a[1]) {
			fprintf(stderr, "polc: error: unknown option '%s'\n%s", a, S_usage);
			free(paths);
			return POL_EXIT_USAGE;
		} else {
			paths[np++] = a;
		}
	}
	if (!np)
		paths[np++] = "policy-src";
	pol_diag_init(&r.d, stderr);
	for (int i = 0; i < np; i++) {
		if (!strcmp(paths[i], "-"))
			S_stdin(&r);
		else
			S_path(&r, paths[i], true);
	}
	if (fflush(stdout) != 0)
		r.io++;
	pol_diag_fini(&r.d);
	free(paths);
	if (r.io)
		return POL_EXIT_USAGE;
	if (r.invalid || (r.check && r.changed))
		return POL_EXIT_POLICY;
	return POL_EXIT_OK;
}
