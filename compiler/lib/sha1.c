/* sha1.c — SHA-1 (sha1.h) through GNU Nettle.
 *
 * Nettle's SHA-1 runs as fast as OpenSSL's (SHA-NI where the processor has it, chosen at
 * run time) but the library is a tenth of the size: loading libcrypto, with its 21,000
 * relocations, cost every run of polc about 0.6 ms, a command that needs no digest too.
 * This file is the only one that calls it. */
#include <nettle/sha1.h>

#include "lib/sha1.h"

void pol_sha1(unsigned char md[20], const void *a, size_t na, const void *b, size_t nb)
{
	struct sha1_ctx c;
	sha1_init(&c);
	sha1_update(&c, na, a);
	sha1_update(&c, nb, b);
	sha1_digest(&c, SHA1_DIGEST_SIZE, md);
}
