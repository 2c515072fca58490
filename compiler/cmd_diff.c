/* cmd_diff.c — placeholder until `polc diff` lands. */
#include "cli.h"

int pol_cmd_diff(int argc, char **argv)
{
	fputs("polc: error: 'diff' is not implemented yet\n", stderr);
	return POL_EXIT_USAGE;
}
