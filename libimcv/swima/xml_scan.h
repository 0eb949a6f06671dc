/*
 * xml_scan.h - a pull tokenizer for the XML subset of SWID tags
 * (swima.md section 4), written for untrusted input: tags received from
 * endpoints by the SWIMA IMV and .swidtag files read by the SWIMA IMC.
 *
 * It reports start tags with their attributes (qualified names as
 * written, xmlns declarations included as plain attributes; namespace
 * resolution is the caller's), end tags and character data. An
 * empty-element tag is reported as a start tag followed by its end tag.
 * Comments, processing instructions and the XML declaration are skipped.
 * A document type declaration is refused: no entity is ever defined or
 * expanded (XML 1.0 section 4), only the five predefined ones and
 * character references are decoded. Depth, attribute count, name and
 * value lengths are bounded. Every malformation ends the scan with an
 * error code and the offset of the byte where it was found.
 *
 * Needs nothing beyond libc.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_XML_SCAN_H
#define IMCV_XML_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#define XML_MAX_DEPTH	64		/* open elements */
#define XML_MAX_ATTRS	32		/* attributes of one element */
#define XML_MAX_NAME	256		/* bytes of a qualified name */
#define XML_MAX_VALUE	65536		/* bytes of a decoded attribute */
#define XML_MAX_INPUT	(64u << 20)	/* bytes of a document */

enum xml_tok {
	XML_TOK_START,
	XML_TOK_END,
	XML_TOK_TEXT,		/* only when asked for, see xml_scan_new */
	XML_TOK_EOF,		/* the root element was closed */
	XML_TOK_ERROR,
};

enum xml_err {
	XML_OK,
	XML_ERR_TRUNCATED,	/* the input ended inside the document */
	XML_ERR_SYNTAX,
	XML_ERR_CHAR,		/* bad UTF-8, NUL or a control character */
	XML_ERR_NAME,		/* a malformed or too long name */
	XML_ERR_MISMATCH,	/* an end tag that does not close its start */
	XML_ERR_DEPTH,
	XML_ERR_ATTR_COUNT,
	XML_ERR_ATTR_DUP,
	XML_ERR_ATTR_QUOTE,	/* an attribute value without quotes */
	XML_ERR_ATTR_LEN,
	XML_ERR_REF,		/* unknown entity, bad character reference */
	XML_ERR_DOCTYPE,	/* DOCTYPE or ENTITY declaration */
	XML_ERR_CONTENT,	/* data outside the root element, second root */
	XML_ERR_TOO_BIG,
	XML_ERR_NOMEM,
};

struct xml_attr {
	const char *name;	/* qualified name as written */
	const char *value;	/* decoded and normalised (XML 1.0 3.3.3) */
	size_t value_len;
};

/* One token; its strings stay valid until the next xml_scan_next call. */
struct xml_token {
	enum xml_tok type;
	const char *name;		/* START, END: qualified name */
	const struct xml_attr *attrs;	/* START */
	size_t attr_count;
	const char *text;		/* TEXT: decoded character data */
	size_t text_len;
	unsigned depth;			/* START, END: the root is 1 */
	size_t offset;			/* of the token's first byte */
};

struct xml_scan;

/*
 * A scanner over the len bytes at xml, which the caller keeps unchanged
 * until xml_scan_free. Character data is validated always and returned
 * as XML_TOK_TEXT tokens only with want_text. NULL when out of memory.
 */
struct xml_scan *xml_scan_new(const char *xml, size_t len, bool want_text);
void xml_scan_free(struct xml_scan *s);

/*
 * The next token into *tok. After XML_TOK_EOF or XML_TOK_ERROR every
 * further call returns the same.
 */
enum xml_tok xml_scan_next(struct xml_scan *s, struct xml_token *tok);

/* Why the scan failed and at which input offset (XML_OK when it did not). */
enum xml_err xml_scan_error(const struct xml_scan *s, size_t *offset);

/* A short English description of e. */
const char *xml_err_str(enum xml_err e);

/*
 * Whether the len bytes at s are well-formed UTF-8 made of XML 1.0
 * characters only (section 2.2: no NUL, no control characters but tab,
 * LF and CR); *bad is then the offset of the first offending byte.
 */
bool xml_chars_valid(const char *s, size_t len, size_t *bad);

#endif /* IMCV_XML_SCAN_H */
