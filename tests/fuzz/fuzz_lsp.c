/* fuzz_lsp.c — libFuzzer harness: the language server (pol_lsp_run) over the input as
 * its standard input, answers to /dev/null. The seeds are whole conversations of an
 * editor whose buffers are files of FUZZ_LSP_ROOT, a folder the harness makes (the
 * buffers replace what is on disk, so the folder stays empty), so mutations reach
 * framing, JSON-RPC, the loading of buffers, the index and every request with its
 * positions. */
#include "fuzz.h"

#include <sys/stat.h>

#include "lsp/server.h"

#define FUZZ_LSP_ROOT "/tmp/polc-fuzz-lsp"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static FILE *null;
	if (!null) {
		mkdir(FUZZ_LSP_ROOT, 0700);
		null = fopen("/dev/null", "w");
		if (!null)
			abort();
	}
	if (!len)
		return 0;
	FILE *in = fmemopen((void *)data, len, "r");
	if (!in)
		return 0;
	pol_lsp_run(in, null, NULL);
	fclose(in);
	return 0;
}
