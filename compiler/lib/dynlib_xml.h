/* dynlib_xml.h — libxml2 through the pointers dynlib.c fills in (dynlib.h): include
 * this instead of libxml2's headers, and call pol_dl_xml_open() before the first call. */
#ifndef POL_DYNLIB_XML_H
#define POL_DYNLIB_XML_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "lib/dynlib.h"

/* The functions polc calls. */
#define POL_DL_XML_FNS(X) \
	X(xmlBufferContent) \
	X(xmlBufferCreate) \
	X(xmlBufferFree) \
	X(xmlBufferLength) \
	X(xmlCleanupParser) \
	X(xmlDocGetRootElement) \
	X(xmlFreeDoc) \
	X(xmlFreeTextWriter) \
	X(xmlGetNsProp) \
	X(xmlGetProp) \
	X(xmlInitParser) \
	X(xmlNewTextWriterMemory) \
	X(xmlNodeGetContent) \
	X(xmlReadMemory) \
	X(xmlTextWriterEndDocument) \
	X(xmlTextWriterEndElement) \
	X(xmlTextWriterSetIndent) \
	X(xmlTextWriterSetIndentString) \
	X(xmlTextWriterStartDocument) \
	X(xmlTextWriterStartElement) \
	X(xmlTextWriterWriteAttribute) \
	X(xmlTextWriterWriteComment) \
	X(xmlTextWriterWriteElement) \
	X(xmlTextWriterWriteFormatAttribute) \
	X(xmlTextWriterWriteFormatString) \
	X(xmlTextWriterWriteString)

/* libxml2's variables: xmlFree, the hook that frees what libxml2 returns (a variable,
 * not a function, in a libxml2 built without per-thread allocators, as Debian's is). */
#define POL_DL_XML_VARS(X) \
	X(xmlFree)

struct pol_dl_xml {
#define POL_DL_PTR(f) __typeof__(f) *f;
	POL_DL_XML_FNS(POL_DL_PTR)
	POL_DL_XML_VARS(POL_DL_PTR)
#undef POL_DL_PTR
};
extern struct pol_dl_xml pol_dl_xml;

/* The names, from here on, are the table's (dynlib.c, which fills it, keeps the real ones). */
#ifndef POL_DYNLIB_IMPL
#define xmlBufferContent pol_dl_xml.xmlBufferContent
#define xmlBufferCreate pol_dl_xml.xmlBufferCreate
#define xmlBufferFree pol_dl_xml.xmlBufferFree
#define xmlBufferLength pol_dl_xml.xmlBufferLength
#define xmlCleanupParser pol_dl_xml.xmlCleanupParser
#define xmlDocGetRootElement pol_dl_xml.xmlDocGetRootElement
#define xmlFreeDoc pol_dl_xml.xmlFreeDoc
#define xmlFreeTextWriter pol_dl_xml.xmlFreeTextWriter
#define xmlGetNsProp pol_dl_xml.xmlGetNsProp
#define xmlGetProp pol_dl_xml.xmlGetProp
#define xmlInitParser pol_dl_xml.xmlInitParser
#define xmlNewTextWriterMemory pol_dl_xml.xmlNewTextWriterMemory
#define xmlNodeGetContent pol_dl_xml.xmlNodeGetContent
#define xmlReadMemory pol_dl_xml.xmlReadMemory
#define xmlTextWriterEndDocument pol_dl_xml.xmlTextWriterEndDocument
#define xmlTextWriterEndElement pol_dl_xml.xmlTextWriterEndElement
#define xmlTextWriterSetIndent pol_dl_xml.xmlTextWriterSetIndent
#define xmlTextWriterSetIndentString pol_dl_xml.xmlTextWriterSetIndentString
#define xmlTextWriterStartDocument pol_dl_xml.xmlTextWriterStartDocument
#define xmlTextWriterStartElement pol_dl_xml.xmlTextWriterStartElement
#define xmlTextWriterWriteAttribute pol_dl_xml.xmlTextWriterWriteAttribute
#define xmlTextWriterWriteComment pol_dl_xml.xmlTextWriterWriteComment
#define xmlTextWriterWriteElement pol_dl_xml.xmlTextWriterWriteElement
#define xmlTextWriterWriteFormatAttribute pol_dl_xml.xmlTextWriterWriteFormatAttribute
#define xmlTextWriterWriteFormatString pol_dl_xml.xmlTextWriterWriteFormatString
#define xmlTextWriterWriteString pol_dl_xml.xmlTextWriterWriteString
#define xmlFree (*pol_dl_xml.xmlFree)
#endif

#endif
