/* cmd_init.c — `polc init DIR`: the skeleton of a new organization's policy
 * (emit/skeleton.c). The issue month is today's, or that of SOURCE_DATE_EPOCH (UTC)
 * when it is set, so a scripted run makes the same files every time. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "emit/skeleton.h"

static const char S_usage[] =
	"usage: polc init DIR [--organization NAME]\n"
	"Makes the source of a new policy in DIR (a new or empty folder): policy.pol with the\n"
	"header, roles.pol, params.pol and the three tiers basic.pol (public), standards.pol\n"
	"and procedures.pol (internal), with a sample rule and its check. It passes\n"
	"'polc check DIR' with no warning; replace the sample texts with your own.\n"
	"  --organization NAME   the organization's name (default ○○市)\n"
	"Exit: 0 made, 2 usage or I/O errors (DIR not empty, cannot be written).\n";

int pol_cmd_init(int argc, char **argv)
{
	const char *dir = NULL, *org = "○○市";
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(S_usage, stdout);
			return POL_EXIT_OK;
		}
		if (!strncmp(a, "--organization", 14) && (a[14] == '=' || !a[14])) {
			if (a[14] == '=') {
				org = a + 15;
			} else if (i + 1 < argc) {
				org = argv[++i];
			} else {
				fprintf(stderr, "polc: error: '--organization' needs a value\n");
				return POL_EXIT_USAGE;
			}
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "polc: error: unknown option '%s'\n%s", a, S_usage);
			return POL_EXIT_USAGE;
		} else if (dir) {
			fprintf(stderr, "polc: error: init takes one DIR\n%s", S_usage);
			return POL_EXIT_USAGE;
		} else {
			dir = a;
		}
	}
	if (!dir) {
		fprintf(stderr, "polc: error: init needs a DIR\n%s", S_usage);
		return POL_EXIT_USAGE;
	}
	const char *why = pol_skeleton_bad_name(org);
	if (why) {
		fprintf(stderr, "polc: error: --organization: %s\n", why);
		return POL_EXIT_USAGE;
	}
	time_t now = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	struct tm tm;
	if (sde && *sde) {
		now = (time_t)strtoll(sde, NULL, 10);
		gmtime_r(&now, &tm);
	} else {
		localtime_r(&now, &tm);
	}
	char issued[32];
	snprintf(issued, sizeof issued, "%04d-%02d", tm.tm_year + 1900, tm.tm_mon + 1);
	char *err = NULL;
	if (pol_skeleton_write(dir, org, issued, &err) != 0) {
		fprintf(stderr, "polc: error: %s\n", err);
		free(err);
		return POL_EXIT_USAGE;
	}
	printf("polc: made the policy of %s in %s/:", org, dir);
	for (size_t i = 0; pol_skeleton_files[i]; i++)
		printf(" %s", pol_skeleton_files[i]);
	printf("\nnext: polc check %s, then polc build %s -o OUT\n", dir, dir);
	return POL_EXIT_OK;
}
