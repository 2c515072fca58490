/* cmd_history.c — placeholder until `polc history` lands. */
#include "cli.h"

int pol_cmd_history(int argc, char **argv)
{
	fputs("polc: error: 'history' is not implemented yet\n", stderr);
	return POL_EXIT_USAGE;
}
