/* test_http.c — the request parser, path cleaning, content types and Host check of
 * lib/http.h (what polc serve relies on to stay inside the output folder). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "lib/http.h"

static int S_parse(pol_http_req *r, const char *s)
{
	return pol_http_parse(r, s, strlen(s));
}

Test(http, parse)
{
	pol_http_req r;
	cr_assert_eq(S_parse(&r, "GET /public/%E5%9F%BA.html?x=1#y HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n"), 1);
	cr_expect_str_eq(r.method, "GET");
	cr_expect_str_eq(r.path, "/public/基.html");
	cr_expect_str_eq(r.host, "127.0.0.1:8000");
	pol_http_req_fini(&r);
	cr_expect_eq(S_parse(&r, "GET / HTTP/1.1\r\nHost: x"), 0); /* more to come */
	cr_expect_eq(S_parse(&r, "GET / HTTP/2.0\r\n\r\n"), 505);
	cr_expect_eq(S_parse(&r, "GET relative HTTP/1.1\r\n\r\n"), 400);
	cr_expect_eq(S_parse(&r, "GET /%zz HTTP/1.1\r\n\r\n"), 400);
	cr_expect_eq(S_parse(&r, "GET /a%00b HTTP/1.1\r\n\r\n"), 400);
	cr_expect_eq(S_parse(&r, "GET /%4 HTTP/1.1\r\n\r\n"), 400);
	cr_expect_eq(S_parse(&r, "NONSENSE\r\n\r\n"), 400);
	cr_expect_eq(S_parse(&r, "GET / HTTP/1.1\r\nHost: a:1\r\nHost: b:1\r\n\r\n"), 400);
	cr_expect_eq(S_parse(&r, "GET /%41 HTTP/1.0\r\n\r\n"), 1);
	cr_expect_str_eq(r.path, "/A");
	cr_expect_null(r.host);
	pol_http_req_fini(&r);
	char *big = malloc(20000);
	memset(big, 'a', 20000);
	memcpy(big, "GET /", 5);
	cr_expect_eq(pol_http_parse(&r, big, 20000), 431);
	free(big);
}

static void S_clean(const char *in, const char *want)
{
	char *got = pol_http_clean_path(in);
	if (!want)
		cr_expect_null(got, "%s gave %s", in, got);
	else
		cr_expect(got && !strcmp(got, want), "%s gave %s, not %s", in, got ? got : "NULL", want);
	free(got);
}

Test(http, clean_path)
{
	S_clean("/", "");
	S_clean("/public/index.html", "public/index.html");
	S_clean("/public/", "public/");
	S_clean("//public//a.html", "public/a.html");
	S_clean("/public/基本.html", "public/基本.html");
	S_clean("/public/../internal/index.html", NULL);
	S_clean("/public/..", NULL);
	S_clean("/public/./a", NULL);
	S_clean("/.polc/current/internal/index.html", NULL);
	S_clean("/public/.hidden", NULL);
	S_clean("/public/a\\..\\b", NULL);
	S_clean("/public/a\x01", NULL);
	S_clean("/public/\xff", NULL);
}

Test(http, content_types)
{
	cr_expect_str_eq(pol_http_content_type("a/index.html"), "text/html; charset=utf-8");
	cr_expect_str_eq(pol_http_content_type("INDEX.HTML"), "text/html; charset=utf-8");
	cr_expect_str_eq(pol_http_content_type("style.css"), "text/css; charset=utf-8");
	cr_expect_str_eq(pol_http_content_type("bundle.json"), "application/json");
	cr_expect_str_eq(pol_http_content_type("basic.md"), "text/markdown; charset=utf-8");
	cr_expect_str_eq(pol_http_content_type("x.pdf"), "application/pdf");
	cr_expect_str_eq(pol_http_content_type("html"), "application/octet-stream");
	cr_expect_str_eq(pol_http_content_type("noext"), "application/octet-stream");
}

Test(http, host)
{
	cr_expect(pol_http_host_ok("127.0.0.1:8000", 8000));
	cr_expect(pol_http_host_ok("localhost:8000", 8000));
	cr_expect(pol_http_host_ok("LOCALHOST:8000", 8000));
	cr_expect(pol_http_host_ok("[::1]:8000", 8000));
	cr_expect(!pol_http_host_ok("127.0.0.1:8001", 8000));
	cr_expect(!pol_http_host_ok("127.0.0.1", 8000));
	cr_expect(!pol_http_host_ok("127.0.0.1:8000x", 8000));
	cr_expect(!pol_http_host_ok("localhost.attacker.example:8000", 8000));
	cr_expect(!pol_http_host_ok("attacker.example:8000", 8000));
	cr_expect(!pol_http_host_ok(NULL, 8000));
	cr_expect(!pol_http_host_ok("127.0.0.1:", 8000));
}
