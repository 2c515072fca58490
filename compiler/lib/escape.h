/* escape.h — one escaper per output language, and the one test of a link's safety.
 *
 * Every writer of HTML, CommonMark or CSS text goes through these, so that a rule about
 * what must be escaped is written once:
 *
 *   HTML       text and double-quoted attribute values: & < > " (the set cmark uses)
 *   URL        a link target inside an HTML attribute: cmark's href rules
 *   Markdown   inline text handed to a CommonMark template
 *   CSS        the body of a double-quoted CSS string inside a <style> element
 *
 * pol_url_is_safe decides, for every output format alike, whether a link or image
 * destination may be written at all. */
#ifndef POL_ESCAPE_H
#define POL_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/util.h"

/* A writer of bytes: appends s[0..n) to out. Lets writers with their own buffers
 * (mustache, textdiff) share the escapers. */
typedef void (*pol_put_fn)(void *out, const char *s, size_t n);

/* The length of the longest prefix of s[0..n) holding none of & < > " nor the byte
 * stop (0: none beyond those; a NUL byte may then end the prefix too, so a caller
 * looks at the byte it stops at). Sixteen bytes at a time where SSE2 is there; never
 * reads past s + n. */
size_t pol_escape_html_plain(const char *s, size_t n, unsigned char stop);
/* Appends s[0..n) with & < > " as entities: safe in HTML text and in a double-quoted
 * attribute value. */
void pol_escape_html(pol_buf *b, const char *s, size_t n);
/* The entity that replaces c (&amp; &lt; &gt; &quot;), or NULL when c stays. */
const char *pol_escape_html_entity(unsigned char c);
/* The same through put(out, …). */
void pol_escape_html_to(pol_put_fn put, void *out, const char *s, size_t n);

/* Appends url[0..n) for an href or src attribute: bytes outside the URL-safe set
 * (alphanumerics and -_.+!*(),%#@?=;:/$~) are %XX-escaped, & and ' become entities.
 * It does not judge the URL: see pol_url_is_safe. */
void pol_escape_url(pol_buf *b, const char *url, size_t n);

/* Appends s with CommonMark's inline punctuation (\ ` * _ [ ] < > & | !) backslash-escaped
 * and every run of line breaks as one space; with line_start, also what would start a
 * block there ("1." "1)" "#" "-" "+" "="). NULL appends nothing (but b is terminated). */
void pol_escape_md(pol_buf *b, const char *s, bool line_start);

/* Appends s as the body of a double-quoted CSS string: quotes, backslashes, angle
 * brackets, ampersands and controls as CSS escapes ("\22 "), so it cannot end the
 * string or the <style> element. NULL appends nothing. */
void pol_escape_css_string(pol_buf *b, const char *s);

/* Whether url may be a link or image destination in any output. It is judged as a
 * browser would read its scheme: HTML character references (&#x61; &amp; &colon;) and
 * %XX escapes decoded, ASCII whitespace and control characters anywhere removed, case
 * folded. A URL whose scheme is then javascript:, vbscript:, data: or file: is unsafe;
 * everything else (relative URLs, http:, mailto:, …) is safe. NULL is safe (no URL). */
bool pol_url_is_safe(const char *url);

#endif
