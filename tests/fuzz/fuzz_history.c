/* fuzz_history.c — libFuzzer harness: the edition tag message parser
 * (pol_history_parse_message), on the input as a NUL-terminated message. */
#include "fuzz.h"

#include "front/history.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	char *msg = fuzz_cstr(data, len);
	char *pub = NULL, *internal = NULL;
	pol_history_parse_message(&pub, &internal, msg);
	/* Each summary is text of the message: never longer than it. */
	if ((pub && strlen(pub) > len) || (internal && strlen(internal) > len))
		abort();
	free(pub);
	free(internal);
	free(msg);
	return 0;
}
