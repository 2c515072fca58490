/* cmd_build.c — placeholder until `polc build` lands. */
#include "cli.h"

int pol_cmd_build(int argc, char **argv)
{
	fputs("polc: error: 'build' is not implemented yet\n", stderr);
	return POL_EXIT_USAGE;
}
