/* dynlib.c — opening libgit2, libxml2, libxlsxwriter, libzip and libqpdf when first needed
 * (dynlib.h).
 *
 * Each library is opened once, RTLD_LOCAL (its names stay out of polc's) and
 * RTLD_LAZY (its own calls bound as when it was linked: RTLD_NOW would bind every call
 * of it and of what it brings, ICU and libstdc++, up front, about 1 M instructions more
 * for libxml2), and never closed. A library that is never opened costs nothing. Once
 * libxml2 is open, xmlInitParser starts it as its documentation asks, and at exit
 * xmlCleanupParser frees its global state (encoding handlers and the like): registered
 * with atexit when the library is opened, so it runs only when it was. libgit2 is
 * started and shut down by its users (git_libgit2_init counts: model/load.c,
 * front/history.c), as when it was linked. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

#define POL_DYNLIB_IMPL
#include "lib/dynlib_git.h"
#include "lib/dynlib_qpdf.h"
#include "lib/dynlib_xlsxwriter.h"
#include "lib/dynlib_xml.h"
#include "lib/dynlib_zip.h"

/* The file names of the libraries the headers belong to (the Makefile finds them). */
#ifndef POL_GIT_SONAME
#define POL_GIT_SONAME "libgit2.so.1.5"
#endif
#ifndef POL_XML_SONAME
#define POL_XML_SONAME "libxml2.so.2"
#endif
#ifndef POL_XLSXWRITER_SONAME
#define POL_XLSXWRITER_SONAME "libxlsxwriter.so.4"
#endif
#ifndef POL_QPDF_SONAME
#define POL_QPDF_SONAME "libqpdf.so.29"
#endif
#ifndef POL_ZIP_SONAME
#define POL_ZIP_SONAME "libzip.so.4"
#endif

struct pol_dl_git pol_dl_git;
struct pol_dl_xml pol_dl_xml;
struct pol_dl_xlsxwriter pol_dl_xlsxwriter;
struct pol_dl_zip pol_dl_zip;
struct pol_dl_qpdf pol_dl_qpdf;

/* Opens soname as h, or returns why it cannot be used. */
#define S_OPEN(pkg, soname) \
	void *h = dlopen(soname, RTLD_LAZY | RTLD_LOCAL); \
	if (!h) \
		return pkg " (" soname ") cannot be loaded: install " pkg;

/* Fills table member f from handle h, or returns why not. */
#define S_SYM(tab, pkg, soname, f) \
	if (!(tab.f = (__typeof__(tab.f))dlsym(h, #f))) \
		return pkg " (" soname ") lacks " #f;

#define S_GIT_SYM(f) S_SYM(pol_dl_git, "libgit2", POL_GIT_SONAME, f)
static const char *S_git(void)
{
	S_OPEN("libgit2", POL_GIT_SONAME)
	POL_DL_GIT_FNS(S_GIT_SYM)
	return NULL;
}

#define S_XML_SYM(f) S_SYM(pol_dl_xml, "libxml2", POL_XML_SONAME, f)
static const char *S_xml(void)
{
	S_OPEN("libxml2", POL_XML_SONAME)
	POL_DL_XML_FNS(S_XML_SYM)
	POL_DL_XML_VARS(S_XML_SYM)
	pol_dl_xml.xmlInitParser();
	atexit(pol_dl_xml.xmlCleanupParser);
	return NULL;
}

#define S_XLSXWRITER_SYM(f) S_SYM(pol_dl_xlsxwriter, "libxlsxwriter", POL_XLSXWRITER_SONAME, f)
static const char *S_xlsxwriter(void)
{
	S_OPEN("libxlsxwriter", POL_XLSXWRITER_SONAME)
	POL_DL_XLSXWRITER_FNS(S_XLSXWRITER_SYM)
	return NULL;
}

#define S_ZIP_SYM(f) S_SYM(pol_dl_zip, "libzip", POL_ZIP_SONAME, f)
static const char *S_zip(void)
{
	S_OPEN("libzip", POL_ZIP_SONAME)
	POL_DL_ZIP_FNS(S_ZIP_SYM)
	return NULL;
}

#define S_QPDF_SYM(f) S_SYM(pol_dl_qpdf, "libqpdf", POL_QPDF_SONAME, f)
static const char *S_qpdf(void)
{
	S_OPEN("libqpdf", POL_QPDF_SONAME)
	POL_DL_QPDF_FNS(S_QPDF_SYM)
	return NULL;
}

/* The first answer of open, kept. */
#define S_ONCE(open) \
	static bool done; \
	static const char *why; \
	if (!done) { \
		why = open(); \
		done = true; \
	} \
	return why;

const char *pol_dl_git_open(void)
{
	S_ONCE(S_git)
}

const char *pol_dl_xml_open(void)
{
	S_ONCE(S_xml)
}

const char *pol_dl_xlsxwriter_open(void)
{
	S_ONCE(S_xlsxwriter)
}

const char *pol_dl_zip_open(void)
{
	S_ONCE(S_zip)
}

const char *pol_dl_qpdf_open(void)
{
	S_ONCE(S_qpdf)
}
