/*
 * xml_scan.c - the pull tokenizer of xml_scan.h.
 *
 * The whole input is checked once for UTF-8 and XML characters when the
 * scanner is made, so the tokenizer below only deals with markup. Decoded
 * names and values go to an arena allocated once: a token never decodes
 * to more bytes than it takes in the input (references shrink, line ends
 * and quotes are dropped), so input length + 2 bytes always suffice and
 * the arena is never grown while pointers into it are handed out.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "xml_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

struct xml_scan {
	const char *in;
	size_t len;
	size_t pos;
	size_t doc_start;	/* after a byte order mark */
	bool want_text;
	bool started;		/* the root element was opened */
	bool done;		/* and closed */
	bool pending_end;	/* an empty-element tag's end is due */
	enum xml_err err;
	size_t err_off;
	unsigned depth;
	char open[XML_MAX_DEPTH][XML_MAX_NAME + 1];
	char *arena;
	size_t arena_len;
	size_t arena_cap;
	struct xml_attr attrs[XML_MAX_ATTRS];
	size_t attr_name[XML_MAX_ATTRS];	/* arena offsets */
	size_t attr_value[XML_MAX_ATTRS];
};

static const char *const err_str[] = {
	[XML_OK] = "no error",
	[XML_ERR_TRUNCATED] = "unexpected end of input",
	[XML_ERR_SYNTAX] = "syntax error",
	[XML_ERR_CHAR] = "invalid UTF-8 or character not allowed in XML",
	[XML_ERR_NAME] = "malformed or too long name",
	[XML_ERR_MISMATCH] = "end tag does not match start tag",
	[XML_ERR_DEPTH] = "elements nested too deeply",
	[XML_ERR_ATTR_COUNT] = "too many attributes",
	[XML_ERR_ATTR_DUP] = "duplicate attribute",
	[XML_ERR_ATTR_QUOTE] = "attribute value not quoted",
	[XML_ERR_ATTR_LEN] = "attribute value too long",
	[XML_ERR_REF] = "unknown entity or bad character reference",
	[XML_ERR_DOCTYPE] = "document type declarations are not accepted",
	[XML_ERR_CONTENT] = "content outside the root element",
	[XML_ERR_TOO_BIG] = "document too large",
	[XML_ERR_NOMEM] = "out of memory",
};

const char *xml_err_str(enum xml_err e)
{
	if ((size_t)e >= COUNT(err_str) || !err_str[e])
		return "unknown error";
	return err_str[e];
}

/* The length of a UTF-8 sequence led by c, 0 when c cannot lead one. */
static size_t utf8_len(uint8_t c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/* XML 1.0 section 2.2, production Char. */
static bool is_xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd ||
	       (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	       (c >= 0x10000 && c <= 0x10ffff);
}

/* The code point of the n-byte sequence at p, 0 when malformed. */
static uint32_t utf8_decode(const uint8_t *p, size_t n)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c = n == 1 ? p[0] : p[0] & (0x7f >> n);

	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min[n] || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return c;
}

bool xml_chars_valid(const char *s, size_t len, size_t *bad)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_len(p[i]);
		if (n == 0 || n > len - i ||
		    !is_xml_char(utf8_decode(p + i, n))) {
			if (bad)
				*bad = i;
			return false;
		}
		i += n;
	}
	return true;
}

struct xml_scan *xml_scan_new(const char *xml, size_t len, bool want_text)
{
	struct xml_scan *s = calloc(1, sizeof(*s));
	size_t bad;

	if (!s)
		return NULL;
	s->in = xml;
	s->len = len;
	s->want_text = want_text;
	if (len > XML_MAX_INPUT) {
		s->err = XML_ERR_TOO_BIG;
		return s;
	}
	if (!xml_chars_valid(xml, len, &bad)) {
		s->err = XML_ERR_CHAR;
		s->err_off = bad;
		return s;
	}
	if (len >= 3 && memcmp(xml, "\xef\xbb\xbf", 3) == 0)
		s->pos = s->doc_start = 3;
	s->arena_cap = len + 2;
	s->arena = malloc(s->arena_cap);
	if (!s->arena) {
		free(s);
		return NULL;
	}
	return s;
}

void xml_scan_free(struct xml_scan *s)
{
	if (!s)
		return;
	free(s->arena);
	free(s);
}

enum xml_err xml_scan_error(const struct xml_scan *s, size_t *offset)
{
	if (offset)
		*offset = s->err_off;
	return s->err;
}

static enum xml_tok fail(struct xml_scan *s, enum xml_err err, size_t off)
{
	s->err = err;
	s->err_off = off;
	return XML_TOK_ERROR;
}

static bool at(const struct xml_scan *s, const char *lit)
{
	size_t n = strlen(lit);

	return s->len - s->pos >= n && memcmp(s->in + s->pos, lit, n) == 0;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Skips blanks; whether there were any. */
static bool skip_space(struct xml_scan *s)
{
	size_t start = s->pos;

	while (s->pos < s->len && is_space(s->in[s->pos]))
		s->pos++;
	return s->pos > start;
}

/*
 * XML 1.0 2.3 Name, simplified: ASCII name characters are checked
 * exactly, any non-ASCII character (already known valid UTF-8) is let
 * through, as all SWID names are ASCII.
 */
static bool is_name_start(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '_' || c == ':' || c >= 0x80;
}

static bool is_name_char(uint8_t c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.';
}

/* Reads a name at pos; its length, 0 after failing the scan. */
static size_t read_name(struct xml_scan *s)
{
	size_t start = s->pos;

	if (s->pos >= s->len) {
		fail(s, XML_ERR_TRUNCATED, s->pos);
		return 0;
	}
	if (!is_name_start((uint8_t)s->in[s->pos])) {
		fail(s, XML_ERR_NAME, s->pos);
		return 0;
	}
	while (s->pos < s->len && is_name_char((uint8_t)s->in[s->pos]))
		s->pos++;
	if (s->pos - start > XML_MAX_NAME) {
		fail(s, XML_ERR_NAME, start);
		return 0;
	}
	return s->pos - start;
}

/* Appends n bytes to the arena; false (scan failed) if it would overflow. */
static bool arena_put(struct xml_scan *s, const void *p, size_t n)
{
	if (n > s->arena_cap - s->arena_len) {
		fail(s, XML_ERR_NOMEM, s->pos);
		return false;
	}
	memcpy(s->arena + s->arena_len, p, n);
	s->arena_len += n;
	return true;
}

static size_t utf8_encode(uint32_t c, char out[4])
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* The five entities XML 1.0 4.6 predefines; no others exist here. */
static const struct {
	const char *name;
	char c;
} predefined[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' },
};

/* The digits of a character reference; 0 when bad or not a Char. */
static uint32_t char_ref_value(const char *p, size_t n)
{
	unsigned base = 10;
	uint32_t c = 0;
	unsigned d;

	if (n > 0 && p[0] == 'x') {
		base = 16;
		p++;
		n--;
	}
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if (base == 16 && p[i] >= 'a' && p[i] <= 'f')
			d = p[i] - 'a' + 10;
		else if (base == 16 && p[i] >= 'A' && p[i] <= 'F')
			d = p[i] - 'A' + 10;
		else
			return 0;
		c = c * base + d;
		if (c > 0x10ffff)
			return 0;
	}
	return is_xml_char(c) ? c : 0;
}

/* Longest reference body we accept: "#x0010FFFF" and some leading zeros. */
#define MAX_REF 16

/* Decodes the reference at pos (an '&') into the arena. */
static bool read_ref(struct xml_scan *s)
{
	size_t start = s->pos, n;
	const char *body = s->in + s->pos + 1, *semi;
	uint32_t c;
	char utf8[4];

	semi = memchr(body, ';', s->len - start - 1 < MAX_REF + 1 ?
				 s->len - start - 1 : MAX_REF + 1);
	if (!semi && s->len - start - 1 <= MAX_REF) {
		fail(s, XML_ERR_TRUNCATED, s->len);
		return false;
	}
	if (!semi) {
		fail(s, XML_ERR_REF, start);
		return false;
	}
	n = (size_t)(semi - body);
	s->pos = start + 1 + n + 1;
	if (n > 0 && body[0] == '#') {
		c = char_ref_value(body + 1, n - 1);
		if (!c) {
			fail(s, XML_ERR_REF, start);
			return false;
		}
		return arena_put(s, utf8, utf8_encode(c, utf8));
	}
	for (size_t i = 0; i < COUNT(predefined); i++)
		if (strlen(predefined[i].name) == n &&
		    memcmp(body, predefined[i].name, n) == 0)
			return arena_put(s, &predefined[i].c, 1);
	fail(s, XML_ERR_REF, start);
	return false;
}

/*
 * Decodes a quoted attribute value at pos into the arena, normalised as
 * XML 1.0 3.3.3 says for CDATA attributes: each literal tab, line end
 * (CR LF counting as one) and LF becomes a space; references do not.
 */
static bool read_value(struct xml_scan *s, size_t *vlen)
{
	size_t start = s->arena_len;
	char quote, c;

	if (s->pos >= s->len) {
		fail(s, XML_ERR_TRUNCATED, s->pos);
		return false;
	}
	quote = s->in[s->pos];
	if (quote != '"' && quote != '\'') {
		fail(s, XML_ERR_ATTR_QUOTE, s->pos);
		return false;
	}
	s->pos++;
	for (;;) {
		if (s->pos >= s->len) {
			fail(s, XML_ERR_TRUNCATED, s->pos);
			return false;
		}
		c = s->in[s->pos];
		if (c == quote)
			break;
		if (c == '<') {
			fail(s, XML_ERR_SYNTAX, s->pos);
			return false;
		}
		if (c == '&') {
			if (!read_ref(s))
				return false;
		} else {
			if (c == '\r' && s->pos + 1 < s->len &&
			    s->in[s->pos + 1] == '\n')
				s->pos++;
			if (is_space(c))
				c = ' ';
			if (!arena_put(s, &c, 1))
				return false;
			s->pos++;
		}
		if (s->arena_len - start > XML_MAX_VALUE) {
			fail(s, XML_ERR_ATTR_LEN, s->pos);
			return false;
		}
	}
	s->pos++;
	*vlen = s->arena_len - start;
	return arena_put(s, "", 1);
}

/* Reads one name="value" pair at pos into slot i. */
static bool read_attr(struct xml_scan *s, size_t i)
{
	size_t start = s->pos, n, vlen;

	n = read_name(s);
	if (!n)
		return false;
	s->attr_name[i] = s->arena_len;
	if (!arena_put(s, s->in + start, n) || !arena_put(s, "", 1))
		return false;
	skip_space(s);
	if (s->pos >= s->len) {
		fail(s, XML_ERR_TRUNCATED, s->pos);
		return false;
	}
	if (s->in[s->pos] != '=') {
		fail(s, XML_ERR_SYNTAX, s->pos);
		return false;
	}
	s->pos++;
	skip_space(s);
	s->attr_value[i] = s->arena_len;
	if (!read_value(s, &vlen))
		return false;
	s->attrs[i].value_len = vlen;
	for (size_t j = 0; j < i; j++)
		if (strcmp(s->arena + s->attr_name[j],
			   s->arena + s->attr_name[i]) == 0) {
			fail(s, XML_ERR_ATTR_DUP, start);
			return false;
		}
	return true;
}

static enum xml_tok start_tag(struct xml_scan *s, struct xml_token *tok)
{
	size_t start = s->pos, n, count = 0;
	bool blank;

	if (s->done)
		return fail(s, XML_ERR_CONTENT, start);
	if (s->depth == XML_MAX_DEPTH)
		return fail(s, XML_ERR_DEPTH, start);
	s->pos++;
	n = read_name(s);
	if (!n)
		return XML_TOK_ERROR;
	memcpy(s->open[s->depth], s->in + start + 1, n);
	s->open[s->depth][n] = '\0';
	for (;;) {
		blank = skip_space(s);
		if (s->pos >= s->len)
			return fail(s, XML_ERR_TRUNCATED, s->pos);
		if (s->in[s->pos] == '>') {
			s->pos++;
			break;
		}
		if (s->in[s->pos] == '/') {
			if (s->pos + 1 >= s->len)
				return fail(s, XML_ERR_TRUNCATED, s->len);
			if (s->in[s->pos + 1] != '>')
				return fail(s, XML_ERR_SYNTAX, s->pos + 1);
			s->pos += 2;
			s->pending_end = true;
			break;
		}
		if (!blank)
			return fail(s, XML_ERR_SYNTAX, s->pos);
		if (count == XML_MAX_ATTRS)
			return fail(s, XML_ERR_ATTR_COUNT, s->pos);
		if (!read_attr(s, count))
			return XML_TOK_ERROR;
		count++;
	}
	for (size_t i = 0; i < count; i++) {
		s->attrs[i].name = s->arena + s->attr_name[i];
		s->attrs[i].value = s->arena + s->attr_value[i];
	}
	s->started = true;
	s->depth++;
	*tok = (struct xml_token){
		.type = XML_TOK_START, .name = s->open[s->depth - 1],
		.attrs = s->attrs, .attr_count = count, .depth = s->depth,
		.offset = start,
	};
	return XML_TOK_START;
}

/* The end of the innermost element, once its end tag was read. */
static enum xml_tok close_element(struct xml_scan *s, struct xml_token *tok,
				  size_t offset)
{
	*tok = (struct xml_token){
		.type = XML_TOK_END, .name = s->open[s->depth - 1],
		.depth = s->depth, .offset = offset,
	};
	s->depth--;
	if (s->depth == 0)
		s->done = true;
	return XML_TOK_END;
}

static enum xml_tok end_tag(struct xml_scan *s, struct xml_token *tok)
{
	size_t start = s->pos, n;

	s->pos += 2;
	n = read_name(s);
	if (!n)
		return XML_TOK_ERROR;
	if (s->pos >= s->len)
		return fail(s, XML_ERR_TRUNCATED, s->pos);
	if (s->depth == 0)
		return fail(s, XML_ERR_CONTENT, start);
	if (strlen(s->open[s->depth - 1]) != n ||
	    memcmp(s->open[s->depth - 1], s->in + start + 2, n) != 0)
		return fail(s, XML_ERR_MISMATCH, start);
	skip_space(s);
	if (s->pos >= s->len)
		return fail(s, XML_ERR_TRUNCATED, s->pos);
	if (s->in[s->pos] != '>')
		return fail(s, XML_ERR_SYNTAX, s->pos);
	s->pos++;
	return close_element(s, tok, start);
}

/* Skips from pos past the first occurrence of end; false at truncation. */
static bool skip_past(struct xml_scan *s, const char *end)
{
	const char *p = memmem(s->in + s->pos, s->len - s->pos, end,
			       strlen(end));

	if (!p) {
		fail(s, XML_ERR_TRUNCATED, s->len);
		return false;
	}
	s->pos = (size_t)(p - s->in) + strlen(end);
	return true;
}

/* XML 1.0 2.5: "--" must not occur inside a comment. */
static bool skip_comment(struct xml_scan *s)
{
	const char *p;

	s->pos += 4;
	p = memmem(s->in + s->pos, s->len - s->pos, "--", 2);
	if (!p) {
		fail(s, XML_ERR_TRUNCATED, s->len);
		return false;
	}
	s->pos = (size_t)(p - s->in) + 2;
	if (s->pos >= s->len) {
		fail(s, XML_ERR_TRUNCATED, s->len);
		return false;
	}
	if (s->in[s->pos] != '>') {
		fail(s, XML_ERR_SYNTAX, s->pos - 2);
		return false;
	}
	s->pos++;
	return true;
}

/*
 * XML 1.0 2.6: a processing instruction; its target "xml" (any case) is
 * reserved for the XML declaration at the very start of the document.
 */
static bool skip_pi(struct xml_scan *s)
{
	size_t start = s->pos, n;

	s->pos += 2;
	n = read_name(s);
	if (!n)
		return false;
	if (n == 3 && strncasecmp(s->in + start + 2, "xml", 3) == 0 &&
	    start != s->doc_start) {
		fail(s, XML_ERR_SYNTAX, start);
		return false;
	}
	return skip_past(s, "?>");
}

/*
 * Character data from pos up to the next '<', decoded into the arena:
 * CR LF and lone CR become LF (XML 1.0 2.11). Outside the root element
 * only blanks are allowed.
 */
static bool read_text(struct xml_scan *s)
{
	char c;

	while (s->pos < s->len && s->in[s->pos] != '<') {
		c = s->in[s->pos];
		if (s->depth == 0 && !is_space(c)) {
			fail(s, XML_ERR_CONTENT, s->pos);
			return false;
		}
		if (c == '&') {
			if (!read_ref(s))
				return false;
			continue;
		}
		if (c == '>' && s->pos >= 2 &&
		    memcmp(s->in + s->pos - 2, "]]", 2) == 0) {
			fail(s, XML_ERR_SYNTAX, s->pos - 2);
			return false;
		}
		if (c == '\r') {
			c = '\n';
			if (s->pos + 1 < s->len && s->in[s->pos + 1] == '\n')
				s->pos++;
		}
		if (!arena_put(s, &c, 1))
			return false;
		s->pos++;
	}
	return true;
}

/* A CDATA section (XML 1.0 2.7), taken as text. */
static bool read_cdata(struct xml_scan *s)
{
	size_t start = s->pos + 9;

	if (s->depth == 0) {
		fail(s, XML_ERR_CONTENT, s->pos);
		return false;
	}
	s->pos = start;
	if (!skip_past(s, "]]>"))
		return false;
	return arena_put(s, s->in + start, s->pos - 3 - start);
}

/* Markup starting with "<!" other than a comment or a CDATA section. */
static enum xml_tok declaration(struct xml_scan *s)
{
	if (at(s, "<!DOCTYPE") || at(s, "<!ENTITY"))
		return fail(s, XML_ERR_DOCTYPE, s->pos);
	return fail(s, XML_ERR_SYNTAX, s->pos);
}

static enum xml_tok text_token(struct xml_scan *s, struct xml_token *tok,
			       size_t start)
{
	size_t n = s->arena_len;

	if (!arena_put(s, "", 1))
		return XML_TOK_ERROR;
	*tok = (struct xml_token){
		.type = XML_TOK_TEXT, .text = s->arena, .text_len = n,
		.depth = s->depth, .offset = start,
	};
	return XML_TOK_TEXT;
}

enum xml_tok xml_scan_next(struct xml_scan *s, struct xml_token *tok)
{
	size_t start;

	if (s->err != XML_OK)
		return XML_TOK_ERROR;
	if (s->pending_end) {
		s->pending_end = false;
		return close_element(s, tok, s->pos);
	}
	for (;;) {
		s->arena_len = 0;
		start = s->pos;
		if (s->pos >= s->len) {
			if (s->done) {
				*tok = (struct xml_token){
					.type = XML_TOK_EOF, .offset = s->pos,
				};
				return XML_TOK_EOF;
			}
			return fail(s, XML_ERR_TRUNCATED, s->pos);
		}
		if (s->in[s->pos] != '<') {
			if (!read_text(s))
				return XML_TOK_ERROR;
			if (s->want_text && s->depth > 0)
				return text_token(s, tok, start);
		} else if (at(s, "<!--")) {
			if (!skip_comment(s))
				return XML_TOK_ERROR;
		} else if (at(s, "<![CDATA[")) {
			if (!read_cdata(s))
				return XML_TOK_ERROR;
			if (s->want_text)
				return text_token(s, tok, start);
		} else if (at(s, "<!")) {
			return declaration(s);
		} else if (at(s, "<?")) {
			if (!skip_pi(s))
				return XML_TOK_ERROR;
		} else if (at(s, "</")) {
			return end_tag(s, tok);
		} else {
			return start_tag(s, tok);
		}
	}
}
