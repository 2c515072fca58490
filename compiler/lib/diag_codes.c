/* diag_codes.c — the stable code of each kind of diagnostic.
 *
 * A code names what is wrong ("unknown-role"), not how the message is worded, so a
 * tool that filters or counts diagnostics (SARIF rules, an editor's quick fixes)
 * keeps working when a message is reworded: reword the format here too and keep the
 * code. The table is keyed by the message format each call site passes to pol_error
 * and friends, so the call sites need not name their codes; a format passed as "%s"
 * is looked up by the text it formats. tests/unit/test_diag.c checks that every
 * format in the sources has a code here, and docs/diagnostics.md lists them. */
#include <string.h>

#include "lib/diag.h"

static const struct {
	const char *fmt, *code;
} S_codes[] = {
	/* reading files */
	{"cannot read '%s': %s", "unreadable-file"},
	{"cannot read %s/%s: %s", "unreadable-file"},
	{"the policy's files exceed %zu MiB in all: '%s' is not read", "input-too-large"},
	{"NUL byte at byte %zu", "nul-byte"},
	{"invalid UTF-8 (byte 0x%02X at byte %zu)", "invalid-utf8"},
	{"private-use character U+%04X is reserved", "private-use-character"},
	/* includes */
	{"an include path may not contain spaces", "bad-include"},
	{"@include needs a path", "bad-include"},
	{"@include takes no attributes", "bad-include"},
	{"include path '%s' is outside the source root", "include-outside-root"},
	{"include cycle: '%s' includes itself", "include-cycle"},
	{"'%s' is included a second time", "include-twice"},
	/* syntax of a line */
	{"expected a directive name after '@'", "syntax"},
	{"expected an attribute name", "syntax"},
	{"unterminated quoted value", "syntax"},
	{"unexpected text after the attribute list", "syntax"},
	{"unexpected character", "syntax"},
	{"unknown directive '@%s'", "unknown-directive"},
	{"unknown directive '@%s'; did you mean '@%s'?", "unknown-directive"},
	{"unknown attribute '%s' for @%s", "unknown-attribute"},
	{"unknown attribute '%s' for @%s; did you mean '%s'?", "unknown-attribute"},
	{"'%s' takes no value", "attribute-value"},
	{"'%s' needs a value", "attribute-value"},
	{"attribute '%s' given twice", "attribute-twice"},
	{"bad id '%s'", "bad-id"},
	{"bad id '%s': ids are an ASCII letter, then letters, digits, '-' or '_'", "bad-id"},
	{"bad id '%s': ids are an ASCII letter, then letters, digits, '-' or '_'%s", "bad-id"},
	{"@%s needs an id", "missing-id"},
	/* inline markup in prose */
	{"{%.*s} needs a name", "bad-inline"},
	{"a definition is written {def ID TITLE: TEXT}", "bad-inline"},
	{"empty '{}' (write '\\{' for a brace)", "bad-inline"},
	{"unterminated '{' (write '\\{' for a brace)", "bad-inline"},
	/* structure */
	{"the policy must start with @policy", "policy-missing"},
	{"@policy given twice", "policy-twice"},
	{"@policy needs an id and a title", "policy-header"},
	{"@%s outside %s", "misplaced-directive"},
	{"@%s outside a document", "misplaced-directive"},
	{"@check outside a rule", "misplaced-directive"},
	{"@doctable outside a chapter", "misplaced-directive"},
	{"a step belongs in a procedure", "misplaced-directive"},
	{"a rule is an article or a node below one, not a %s", "misplaced-directive"},
	{"@doctable takes a title, not an id", "bad-directive-form"},
	{"a check's question is the prose below it, not a title", "bad-directive-form"},
	{"prose before any directive", "misplaced-prose"},
	{"prose after @policy belongs to nothing: start a @document first", "misplaced-prose"},
	{"prose at the top of an included file belongs to nothing: start the file with a directive",
	 "misplaced-prose"},
	{"prose after @include belongs to nothing: put it under a directive", "misplaced-prose"},
	{"duplicate id '%s'", "duplicate-id"},
	{"duplicate role '%s'", "duplicate-role"},
	{"duplicate parameter '%s'", "duplicate-parameter"},
	/* attributes' values */
	{"a node has one visibility: public, internal or confidential", "visibility"},
	{"'%s' node inside %s %s one: a child may not be more public than its parent", "visibility-widened"},
	{"date '%s' does not exist (write YYYY-MM or YYYY-MM-DD)", "bad-date"},
	{"date '%s' does not exist (write YYYY-MM-DD)", "bad-date"},
	{"unknown numbering '%s' (guideline or reiki)", "unknown-numbering"},
	{"public-commit must be yes or no, not '%s'", "unknown-public-commit"},
	{"unknown tier '%s' (preface, basic, standards, procedures or supplementary)", "unknown-tier"},
	{"unknown frequency '%s' (day, week, month, quarter, half-year, year or event)", "unknown-frequency"},
	{"a rule has one level: must, should or may", "rule-level"},
	{"rule '%s' needs a level: must, should or may", "rule-level"},
	{"'%s' is for rules: add must, should or may", "rule-attribute"},
	{"'role' is for procedure steps", "misplaced-attribute"},
	{"'counters' is for rules and measures", "misplaced-attribute"},
	{"a rule has one owner", "rule-owner"},
	{"a 附則 made of 項 has no text of its own: put its first 項 in a @paragraph", "supplement-text"},
	{"an appendix belongs to an article or a part of one, not to %s '%s'", "appendix-relation"},
	/* deleted 例規 articles and the 目次 range separator (docs/reiki.md) */
	{"a deleted article has no text of its own: 削除 is its text", "deleted-article"},
	{"a deleted article (削除) has no 項 or 号", "deleted-article"},
	{"a deleted article has no caption: 削除 is all it says", "deleted-article"},
	{"only an @article may be deleted, not @%s", "deleted-article"},
	{"deleted articles (削除) need numbering = reiki", "deleted-article"},
	{"'articles' is for deleted articles: add deleted", "deleted-article"},
	{"'articles' is how many articles were deleted: 2 to 999, not '%s'", "deleted-article"},
	{"unknown 目次 range separator '%s' (― or ～)", "unknown-toc-range"},
	/* polc export lawxml: what a 法令標準XML Law needs (docs/reiki.md) */
	{"法令標準XML needs the document's %s", "lawxml-header"},
	{"法令標準XML has no place for an article after a %s in the same %s", "lawxml-structure"},
	{"法令標準XML has no place for a %s without articles", "lawxml-structure"},
	{"term '%s' needs a title", "term-title"},
	{"parameter '%s' needs a type: number, text, duration or date", "parameter-type"},
	{"a parameter has one type", "parameter-type"},
	{"parameter '%s' needs a value", "parameter-value"},
	{"only number parameters have a unit", "parameter-unit"},
	{"'%s' is not a number", "parameter-value"},
	{"'%s' is not a duration (a number and h, d, w, m or y: 90d)", "parameter-value"},
	/* references */
	{"unresolved reference '%s'", "unresolved-reference"},
	{"unresolved reference '%s'; did you mean '%s'?", "unresolved-reference"},
	{"ambiguous reference '%s': name its document, as in '%s'", "ambiguous-reference"},
	{"public text refers to %s %s '%s'", "public-refers-non-public"},
	{"a node cannot refer to itself", "self-reference"},
	{"'%s' is not a threat", "not-a-threat"},
	{"unknown role '%s'", "unknown-role"},
	{"unknown role '%s'; did you mean '%s'?", "unknown-role"},
	{"unknown term '%s'", "unknown-term"},
	{"unknown term '%s'; did you mean '%s'?", "unknown-term"},
	{"unknown parameter '%s'", "unknown-parameter"},
	{"unknown parameter '%s'; did you mean '%s'?", "unknown-parameter"},
	/* warnings: consistency */
	{"term '%s' defined twice with different text", "term-redefined"},
	{"term '%s' has the title '%s' of term '%s'", "term-title-clash"},
	{"term '%s' is never used", "term-unused"},
	{"term '%s' has no reading=: the glossary lists it after the terms in 五十音順", "term-reading-missing"},
	{"reading '%s' is not kana (write the term's reading in hiragana or katakana)", "term-reading"},
	{"reading= is for terms only", "term-reading"},
	{"basic measure '%s' is not implemented by any standard", "measure-not-implemented"},
	{"threat '%s' is not countered by any measure or rule", "threat-not-countered"},
	{"must-rule '%s' has no check", "must-rule-without-check"},
	{"procedure '%s' implements nothing", "procedure-implements-nothing"},
	/* frameworks (@framework, @clause, maps=) */
	{"@framework needs an id (an ASCII letter, then letters, digits, '-' or '_') before its title", "bad-id"},
	{"bad framework id '%s': an ASCII letter, then letters, digits, '-' or '_'", "bad-id"},
	{"duplicate framework '%s'", "duplicate-framework"},
	{"@clause outside a framework: list clauses right below their @framework", "misplaced-directive"},
	{"@clause needs an id and a title, as in '@clause 4.1 サーバ等の管理'", "bad-directive-form"},
	{"bad clause id '%.*s': an ASCII letter or digit, then letters, digits, '.', '-' or '_'", "bad-id"},
	{"clause '%.*s' needs a title", "bad-directive-form"},
	{"duplicate clause '%s'", "duplicate-id"},
	{"a framework's catalog holds ids and titles only: prose here belongs to nothing", "misplaced-prose"},
	{"'%s' names no framework clause: write FRAMEWORK:ID, as in '%s:%s'", "bad-mapping"},
	{"unknown framework '%s'; did you mean '%s'?", "unknown-framework"},
	{"unknown framework '%s'", "unknown-framework"},
	{"unknown framework '%s' (the policy declares none: see @framework)", "unknown-framework"},
	{"unknown clause '%s'; did you mean '%s:%s'?", "unknown-clause"},
	{"unknown clause '%s'", "unknown-clause"},
	{"public text refers to %s framework '%s'", "public-refers-non-public"},
	{"clause '%s' (%s) is mapped by no rule", "clause-unmapped"},
	/* polc fmt */
	{"%s: formatting would change how the file reads; it is left as it is (a bug in polc fmt: please report it with the file)", "format-refused"},
	/* notes */
	{"first defined here", "first-defined"},
	{"first included here", "first-included"},
};

/* What each code means, for tools that show a rule's description (SARIF). */
static const struct {
	const char *code, *text;
} S_texts[] = {
	{"ambiguous-reference", "A reference names ids of several documents."},
	{"appendix-relation", "An appendix's rel= names a document or an appendix, not an article."},
	{"attribute-twice", "An attribute is given twice."},
	{"attribute-value", "A flag is given a value, or an attribute its value is missing."},
	{"bad-date", "A date that does not exist."},
	{"bad-directive-form", "A directive written in a form it does not take."},
	{"bad-id", "An id that is not an ASCII letter followed by letters, digits, '-' or '_'."},
	{"bad-include", "A malformed @include."},
	{"bad-inline", "Malformed {...} markup in prose."},
	{"bad-mapping", "A maps= value that names no framework clause (write FRAMEWORK:ID)."},
	{"bidi-character", "A bidirectional control character: the text may display differently from what it is."},
	{"clause-unmapped", "A framework clause that no rule maps to."},
	{"deleted-article", "A deleted article (削除) with text, a caption, 項 or 号, or deleted= outside a reiki @article."},
	{"duplicate-framework", "A framework defined twice."},
	{"duplicate-id", "An id defined twice."},
	{"duplicate-parameter", "A parameter defined twice."},
	{"duplicate-role", "A role defined twice."},
	{"first-defined", "Where the first definition is."},
	{"format-refused", "polc fmt left a file as it was: formatting would have changed how it reads."},
	{"first-included", "Where the file was first included."},
	{"git-history", "The repository or its edition tags could not be read."},
	{"include-cycle", "A file includes itself."},
	{"include-outside-root", "An include path outside the source folder."},
	{"include-twice", "A file included a second time."},
	{"input-too-large", "The policy's files exceed the size limit."},
	{"invalid-utf8", "Bytes that are not UTF-8."},
	{"invisible-character", "A zero-width character: the text may display differently from what it is."},
	{"lawxml-header", "polc export lawxml: a document without the 公布日 or 番号 a Law needs."},
	{"lawxml-structure", "polc export lawxml: a division that law XML has no place for."},
	{"measure-not-implemented", "A basic measure that no standard implements."},
	{"misplaced-attribute", "An attribute on a node that does not take it."},
	{"misplaced-directive", "A directive outside the node it belongs in."},
	{"misplaced-prose", "Prose that belongs to no directive."},
	{"missing-id", "A directive without its id."},
	{"must-rule-without-check", "A must-rule without a check."},
	{"not-a-threat", "counters= names something that is not a threat."},
	{"nul-byte", "A NUL byte in a source file."},
	{"other", "A diagnostic without a code of its own."},
	{"parameter-type", "A parameter without one type."},
	{"parameter-unit", "A unit on a parameter that is not a number."},
	{"parameter-value", "A parameter's value is missing or not of its type."},
	{"policy-header", "@policy without an id and a title."},
	{"policy-missing", "The policy does not start with @policy."},
	{"policy-twice", "@policy given twice."},
	{"private-use-character", "A private-use character, which polc reserves."},
	{"procedure-implements-nothing", "A procedure that implements nothing."},
	{"public-refers-non-public", "Public text refers to something that is not public."},
	{"revision-errors", "A revision compared by polc diff has errors."},
	{"rule-attribute", "A rule's attribute on a node that is not a rule."},
	{"rule-level", "A rule without exactly one level (must, should or may)."},
	{"rule-owner", "A rule with more than one owner."},
	{"self-reference", "A node that refers to itself."},
	{"source", "The source folder or revision cannot be read."},
	{"supplement-text", "A 附則 made of 項 with text of its own."},
	{"syntax", "A line that does not parse."},
	{"term-redefined", "A term defined twice with different text."},
	{"term-title", "A term without a title."},
	{"term-title-clash", "A term with the title of another term."},
	{"term-unused", "A term that is never used."},
	{"term-reading", "A reading= that is not kana, or given to something other than a term."},
	{"term-reading-missing", "A term without a reading in a policy whose glossary is sorted by readings."},
	{"threat-not-countered", "A threat that no measure or rule counters."},
	{"unknown-attribute", "An attribute the directive does not take."},
	{"unknown-clause", "A clause that the framework does not have."},
	{"unknown-directive", "A directive that does not exist."},
	{"unknown-frequency", "A check frequency that does not exist."},
	{"unknown-framework", "A framework that the policy does not declare."},
	{"unknown-numbering", "A numbering style that does not exist."},
	{"unknown-parameter", "A parameter that is not defined."},
	{"unknown-public-commit", "A public-commit value other than yes or no."},
	{"unknown-role", "A role that is not defined."},
	{"unknown-term", "A term that is not defined."},
	{"unknown-tier", "A document tier that does not exist."},
	{"unknown-toc-range", "A toc-range= other than ― or ～."},
	{"unreadable-file", "A source file cannot be read."},
	{"unresolved-reference", "A reference to an id that does not exist."},
	{"visibility", "A node with more than one visibility."},
	{"visibility-widened", "A child more public than its parent."},
};

const char *pol_diag_code_text(const char *code)
{
	for (size_t i = 0; code && i < sizeof S_texts / sizeof *S_texts; i++)
		if (!strcmp(S_texts[i].code, code))
			return S_texts[i].text;
	return NULL;
}

const char *pol_diag_code_of(const char *fmt)
{
	if (!fmt)
		return "other";
	for (size_t i = 0; i < sizeof S_codes / sizeof *S_codes; i++)
		if (!strcmp(S_codes[i].fmt, fmt))
			return S_codes[i].code;
	/* Bison's own messages ("unexpected end of line, expecting ']'"). */
	if (!strncmp(fmt, "unexpected ", 11) || !strncmp(fmt, "syntax error", 12))
		return "syntax";
	return "other";
}
