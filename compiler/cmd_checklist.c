/* cmd_checklist.c — placeholder until `polc checklist` lands. */
#include "cli.h"

int pol_cmd_checklist(int argc, char **argv)
{
	fputs("polc: error: 'checklist' is not implemented yet\n", stderr);
	return POL_EXIT_USAGE;
}
