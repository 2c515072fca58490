/* cmd_watch.c — `polc watch`: build the editions, then again whenever the source changes. */
#include "cli/live.h"

static const char S_usage[] =
	"usage: polc watch [SRC] [-o OUT] [--edition public|internal|all] [--audience ROLE]\n"
	"                  [--templates DIR] [--werror] [--color auto|always|never]\n"
	"Builds the editions of SRC (default policy-src/) into OUT (default output/) as\n"
	"polc build does, then builds again whenever a file under SRC (or DIR) changes,\n"
	"until interrupted. A failed build prints its diagnostics and leaves the last good\n"
	"output in place. Exit: 0 when interrupted, 2 usage or I/O errors.\n";

int pol_cmd_watch(int argc, char **argv)
{
	pol_opts o;
	int rc = pol_opts_parse(&o, argc, argv, "o edition audience werror templates color", S_usage);
	if (rc)
		return rc < 0 ? POL_EXIT_OK : rc;
	if (o.npos > 1) {
		fprintf(stderr, "polc: error: watch takes one SRC\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	o.src = o.npos ? o.pos[0] : NULL;
	pol_live l;
	rc = pol_live_init(&l, &o);
	if (rc == 0) {
		fprintf(stderr, "polc: watching %s (Ctrl-C stops)\n", o.src ? o.src : "policy-src");
		rc = pol_live_run(&l, NULL, NULL);
	}
	pol_live_fini(&l);
	return rc;
}
