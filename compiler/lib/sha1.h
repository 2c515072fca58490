/* sha1.h — SHA-1 of a text in two parts: git blob ids (the source digest, model/load.c)
 * and name-based UUIDs (OSCAL, emit/oscal.c). */
#ifndef POL_SHA1_H
#define POL_SHA1_H

#include <stddef.h>

/* SHA-1 of a[0..na) followed by b[0..nb), into md. */
void pol_sha1(unsigned char md[20], const void *a, size_t na, const void *b, size_t nb);

#endif
