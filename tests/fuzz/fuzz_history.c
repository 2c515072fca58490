/* fuzz_history.c — libFuzzer harness: the edition tag message parser
 * (pol_history_parse_message, and pol_history_parse_tag with an edition date, which
 * may drop a subject line), on the input as a NUL-terminated message. */
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
	/* With a date the public summary is the same, and the internal one at most as long. */
	char *pub2 = NULL, *internal2 = NULL;
	pol_history_parse_tag(&pub2, &internal2, msg, "2026-04");
	if ((pub == NULL) != (pub2 == NULL) || (pub && strcmp(pub, pub2) != 0))
		abort();
	if (internal2 && (!internal || strlen(internal2) > strlen(internal)))
		abort();
	free(pub2);
	free(internal2);
	free(pub);
	free(internal);
	free(msg);
	return 0;
}
