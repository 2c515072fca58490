/* cmd_assess.c — placeholder until `polc assess` lands. */
#include "cli.h"

int pol_cmd_assess(int argc, char **argv)
{
	fputs("polc: error: 'assess' is not implemented yet\n", stderr);
	return POL_EXIT_USAGE;
}
