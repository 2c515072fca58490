/* cmd_bundle.c — placeholder until `polc bundle` lands. */
#include "cli.h"

int pol_cmd_bundle(int argc, char **argv)
{
	fputs("polc: error: 'bundle' is not implemented yet\n", stderr);
	return POL_EXIT_USAGE;
}
