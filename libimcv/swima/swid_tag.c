/*
 * swid_tag.c - the SWID tag reader and generator of swid_tag.h.
 *
 * The reader walks the tokens of xml_scan.c, resolves prefixes through
 * the xmlns declarations in scope (Namespaces in XML 1.0, sections 3-6)
 * and hands each element it knows to a handler from a table. Validity
 * is checked as strongTNC checks it (swima.md section 7) after the whole
 * document was read.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "swid_tag.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xml_scan.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define XML_NS "http://www.w3.org/XML/1998/namespace"

/* ISO 19770-2:2015 8.6.1: the regid of an Entity that gives none. */
#define REGID_UNAVAILABLE "invalid.unavailable"

static const char *const role_names[] = {
	[SWID_ROLE_AGGREGATOR] = "aggregator",
	[SWID_ROLE_DISTRIBUTOR] = "distributor",
	[SWID_ROLE_LICENSOR] = "licensor",
	[SWID_ROLE_SOFTWARE_CREATOR] = "softwareCreator",
	[SWID_ROLE_TAG_CREATOR] = "tagCreator",
};

/* File hash attributes: local name "hash" in these namespaces (swima.md 4) */
static const struct {
	const char *uri;
	size_t field;
} hash_attrs[] = {
	{ "http://www.w3.org/2000/09/xmldsig#sha1",
	  offsetof(struct swid_file, sha1_hex) },
	{ "http://www.w3.org/2001/04/xmlenc#sha256",
	  offsetof(struct swid_file, sha256_hex) },
	{ "http://www.w3.org/2001/04/xmldsig-more#sha384",
	  offsetof(struct swid_file, sha384_hex) },
	{ "http://www.w3.org/2001/04/xmlenc#sha512",
	  offsetof(struct swid_file, sha512_hex) },
};

/*
 * The NIST IR 8060 extension namespace of File@mutable: its namespace
 * name, and the schema location that strongSwan's swidGenerator binds
 * the prefix to instead.
 */
static const char *const nist_ext_ns[] = {
	"http://csrc.nist.gov/ns/swid/2015-extensions/1.0",
	"http://csrc.nist.gov/schema/swid/2015-extensions/"
	"swid-2015-extensions-1.0.xsd",
};

unsigned swid_roles_parse(const char *list)
{
	unsigned roles = 0;
	size_t n;

	for (;;) {
		list += strspn(list, " \t\n\r");
		n = strcspn(list, " \t\n\r");
		if (n == 0)
			return roles;
		for (size_t i = 0; i < COUNT(role_names); i++)
			if (strlen(role_names[i]) == n &&
			    memcmp(list, role_names[i], n) == 0)
				roles |= 1u << i;
		list += n;
	}
}

const char *swid_role_name(enum swid_role role)
{
	if ((size_t)role >= COUNT(role_names))
		return NULL;
	return role_names[role];
}

/* ---- reader ---- */

/* A prefix bound by an xmlns attribute of the element at depth. */
struct ns_binding {
	const char *prefix;	/* "" for the default namespace */
	char *uri;		/* owned; "" undeclares the default */
	char *prefix_owned;
	unsigned depth;
};

/* An attribute with its prefix resolved. */
struct attr {
	const char *uri;	/* "" when in no namespace */
	const char *local;
	const char *value;
};

struct parser {
	struct swid_tag *tag;
	struct ns_binding ns[SWID_TAG_MAX_NS];
	size_t ns_count;
	struct attr attrs[XML_MAX_ATTRS];
	size_t attr_count;
	char local[XML_MAX_NAME + 1];	/* of the current element */
	unsigned depth;
	size_t offset;
	/* the path of the Directory open at each depth, NULL for others */
	char *dirs[XML_MAX_DEPTH + 1];
	size_t entity_cap;
	size_t file_cap;
	char *err;
	size_t errlen;
};

/* Writes "<what> at offset <n>" to the caller's buffer; returns false. */
static bool fail(struct parser *p, size_t offset, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (!p->err || p->errlen == 0)
		return false;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s at offset %zu", msg, offset);
	return false;
}

static void ns_pop(struct parser *p, unsigned depth)
{
	while (p->ns_count > 0 && p->ns[p->ns_count - 1].depth >= depth) {
		p->ns_count--;
		free(p->ns[p->ns_count].uri);
		free(p->ns[p->ns_count].prefix_owned);
	}
}

/* Namespaces in XML 1.0 section 3: the reserved prefixes and names. */
static bool ns_check(struct parser *p, const char *prefix, const char *uri)
{
	if (strcmp(prefix, "xmlns") == 0)
		return fail(p, p->offset, "prefix xmlns declared");
	if (strcmp(prefix, "xml") == 0 && strcmp(uri, XML_NS) != 0)
		return fail(p, p->offset, "prefix xml bound to another name");
	if (strcmp(prefix, "xml") != 0 && strcmp(uri, XML_NS) == 0)
		return fail(p, p->offset, "XML namespace bound to a prefix");
	if (*prefix && !*uri)
		return fail(p, p->offset, "prefix %s bound to an empty name",
			    prefix);
	return true;
}

/* Adds the declarations among the element's attributes to the scope. */
static bool ns_push(struct parser *p, const struct xml_token *tok)
{
	struct ns_binding *b;
	const char *name, *prefix;

	for (size_t i = 0; i < tok->attr_count; i++) {
		name = tok->attrs[i].name;
		if (strcmp(name, "xmlns") == 0)
			prefix = "";
		else if (strncmp(name, "xmlns:", 6) == 0 && name[6])
			prefix = name + 6;
		else
			continue;
		if (!ns_check(p, prefix, tok->attrs[i].value))
			return false;
		if (p->ns_count == SWID_TAG_MAX_NS)
			return fail(p, p->offset,
				    "too many xmlns declarations");
		b = &p->ns[p->ns_count];
		*b = (struct ns_binding){ .depth = tok->depth, .prefix = "" };
		b->uri = strdup(tok->attrs[i].value);
		if (*prefix)
			b->prefix = b->prefix_owned = strdup(prefix);
		p->ns_count++;
		if (!b->uri || !b->prefix)
			return fail(p, p->offset, "out of memory");
	}
	return true;
}

/* The name bound to prefix (n bytes) in scope, NULL when unbound. */
static const char *ns_lookup(const struct parser *p, const char *prefix,
			     size_t n)
{
	if (n == 3 && memcmp(prefix, "xml", 3) == 0)
		return XML_NS;
	for (size_t i = p->ns_count; i-- > 0;)
		if (strlen(p->ns[i].prefix) == n &&
		    memcmp(p->ns[i].prefix, prefix, n) == 0)
			return p->ns[i].uri;
	return n == 0 ? "" : NULL;
}

/*
 * Splits a QName (Namespaces in XML 1.0 section 4) and resolves its
 * prefix; an unprefixed attribute is in no namespace (section 6.2), an
 * unprefixed element in the default one.
 */
static bool resolve(struct parser *p, const char *qname, bool is_attr,
		    const char **uri, const char **local)
{
	const char *colon = strchr(qname, ':');
	size_t n = colon ? (size_t)(colon - qname) : 0;

	*local = colon ? colon + 1 : qname;
	if ((colon && (n == 0 || !**local)) || strchr(*local, ':'))
		return fail(p, p->offset, "malformed qualified name %s", qname);
	if (!colon && is_attr) {
		*uri = "";
		return true;
	}
	*uri = ns_lookup(p, qname, n);
	if (!*uri)
		return fail(p, p->offset, "unbound prefix in %s", qname);
	return true;
}

/*
 * Resolves the element's name and attributes (xmlns ones left out) and
 * refuses two attributes with the same expanded name (section 6.3).
 */
static bool resolve_element(struct parser *p, const struct xml_token *tok)
{
	const char *uri, *local, *name;
	struct attr *a;

	if (!resolve(p, tok->name, false, &uri, &local))
		return false;
	snprintf(p->local, sizeof(p->local), "%s", local);
	p->attr_count = 0;
	for (size_t i = 0; i < tok->attr_count; i++) {
		name = tok->attrs[i].name;
		if (strcmp(name, "xmlns") == 0 ||
		    (strncmp(name, "xmlns:", 6) == 0 && name[6]))
			continue;
		a = &p->attrs[p->attr_count];
		if (!resolve(p, name, true, &a->uri, &a->local))
			return false;
		a->value = tok->attrs[i].value;
		for (size_t j = 0; j < p->attr_count; j++)
			if (strcmp(p->attrs[j].uri, a->uri) == 0 &&
			    strcmp(p->attrs[j].local, a->local) == 0)
				return fail(p, p->offset,
					    "duplicate attribute %s", name);
		p->attr_count++;
	}
	return true;
}

/* The value of the attribute uri:local of the current element, or NULL. */
static const char *attr_get(const struct parser *p, const char *uri,
			    const char *local)
{
	for (size_t i = 0; i < p->attr_count; i++)
		if (strcmp(p->attrs[i].uri, uri) == 0 &&
		    strcmp(p->attrs[i].local, local) == 0)
			return p->attrs[i].value;
	return NULL;
}

/* Copies the attribute local (no namespace) to *slot if present. */
static bool copy_attr(struct parser *p, const char *local, char **slot)
{
	const char *v = attr_get(p, "", local);

	if (!v)
		return true;
	free(*slot);
	*slot = strdup(v);
	if (!*slot)
		return fail(p, p->offset, "out of memory");
	return true;
}

static bool on_root(struct parser *p)
{
	struct swid_tag *t = p->tag;

	if (!copy_attr(p, "name", &t->name) ||
	    !copy_attr(p, "version", &t->version) ||
	    !copy_attr(p, "versionScheme", &t->version_scheme))
		return false;
	/* the older draft's uniqueId only stands in for a missing tagId */
	if (!copy_attr(p, "uniqueId", &t->tag_id) ||
	    !copy_attr(p, "tagId", &t->tag_id))
		return false;
	if (!t->name || !*t->name)
		return fail(p, p->offset, "SoftwareIdentity without name");
	if (!t->version)
		return fail(p, p->offset, "SoftwareIdentity without version");
	if (!t->tag_id || !*t->tag_id)
		return fail(p, p->offset, "SoftwareIdentity without tagId");
	return true;
}

/* Makes room for one more element of size bytes in *array. */
static bool grow(struct parser *p, void **array, size_t count, size_t *cap,
		 size_t size, size_t max, const char *what)
{
	size_t n;
	void *a;

	if (count == max)
		return fail(p, p->offset, "more than %zu %s", max, what);
	if (count < *cap)
		return true;
	n = *cap ? *cap * 2 : 8;
	if (n > max)
		n = max;
	a = realloc(*array, n * size);
	if (!a)
		return fail(p, p->offset, "out of memory");
	*array = a;
	*cap = n;
	return true;
}

static bool on_entity(struct parser *p)
{
	struct swid_tag *t = p->tag;
	const char *name = attr_get(p, "", "name");
	const char *regid = attr_get(p, "", "regid");
	const char *role = attr_get(p, "", "role");
	struct swid_entity *e;

	if (!name)
		return fail(p, p->offset, "Entity without name");
	if (!role)
		return fail(p, p->offset, "Entity without role");
	if (!grow(p, (void **)&t->entities, t->entity_count, &p->entity_cap,
		  sizeof(*e), SWID_TAG_MAX_ENTITIES, "entities"))
		return false;
	e = &t->entities[t->entity_count];
	e->roles = swid_roles_parse(role);
	/* the software identifier is made of the tag creator's regid */
	if ((e->roles & 1u << SWID_ROLE_TAG_CREATOR) && (!regid || !*regid))
		return fail(p, p->offset, "tagCreator Entity without regid");
	e->name = strdup(name);
	e->regid = strdup(regid ? regid : REGID_UNAVAILABLE);
	t->entity_count++;
	if (!e->name || !e->regid)
		return fail(p, p->offset, "out of memory");
	return true;
}

static bool on_meta(struct parser *p)
{
	if (p->tag->product)
		return true;
	return copy_attr(p, "product", &p->tag->product);
}

/* The Directory or its File's parent directory around the current one. */
static const char *enclosing_dir(const struct parser *p)
{
	for (unsigned d = p->depth; d-- > 1;)
		if (p->dirs[d])
			return p->dirs[d];
	return NULL;
}

/* a and b joined by one slash; either may be NULL or empty. Caller frees. */
static char *path_join(const char *a, const char *b)
{
	size_t na, nb;
	char *s;

	a = a ? a : "";
	b = b ? b : "";
	na = strlen(a);
	nb = strlen(b);
	while (na > 1 && a[na - 1] == '/')
		na--;
	if (na > 0 && nb > 0) {
		while (*b == '/')
			b++, nb--;
		if (asprintf(&s, "%.*s%s%s", (int)na, a,
			     a[na - 1] == '/' ? "" : "/", b) < 0)
			return NULL;
		return s;
	}
	return na > 0 ? strndup(a, na) : strdup(b);
}

/*
 * A Directory's path: the enclosing Directory's, or its own root, then
 * its name. Directories nest in Payload and Evidence (ISO 19770-2:2015
 * 8.6.5 and 8.6.9).
 */
static bool on_directory(struct parser *p)
{
	const char *parent = enclosing_dir(p);
	const char *root = attr_get(p, "", "root");
	const char *name = attr_get(p, "", "name");
	char *base;

	base = path_join(parent, parent ? NULL : root);
	if (base)
		p->dirs[p->depth] = path_join(base, name);
	free(base);
	if (!p->dirs[p->depth])
		return fail(p, p->offset, "out of memory");
	return true;
}

/* A non-negative decimal integer below 2^63, as xs:integer writes it. */
static bool parse_size(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return false;
	*out = v;
	return true;
}

/* xs:boolean (XML Schema Part 2, 3.2.2). */
static bool parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = true;
	else if (strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = false;
	else
		return false;
	return true;
}

/* The hash and mutable attributes of a File, recognised by namespace. */
static bool file_ns_attrs(struct parser *p, struct swid_file *f)
{
	const char *v;
	char **slot;

	for (size_t i = 0; i < COUNT(hash_attrs); i++) {
		v = attr_get(p, hash_attrs[i].uri, "hash");
		if (!v)
			continue;
		slot = (char **)((char *)f + hash_attrs[i].field);
		*slot = strdup(v);
		if (!*slot)
			return fail(p, p->offset, "out of memory");
	}
	for (size_t i = 0; i < COUNT(nist_ext_ns); i++) {
		v = attr_get(p, nist_ext_ns[i], "mutable");
		if (v && !parse_bool(v, &f->is_mutable))
			return fail(p, p->offset, "bad mutable value");
	}
	return true;
}

static bool on_file(struct parser *p)
{
	struct swid_tag *t = p->tag;
	const char *name = attr_get(p, "", "name");
	const char *size = attr_get(p, "", "size");
	const char *dir = enclosing_dir(p);
	struct swid_file *f;

	if (!name || !*name)
		return fail(p, p->offset, "File without name");
	if (!grow(p, (void **)&t->files, t->file_count, &p->file_cap,
		  sizeof(*f), SWID_TAG_MAX_FILES, "files"))
		return false;
	f = &t->files[t->file_count++];
	*f = (struct swid_file){ .size = -1 };
	if (size && !parse_size(size, &f->size))
		return fail(p, p->offset, "bad File size");
	f->name = strdup(name);
	f->dir = path_join(dir, dir ? NULL : attr_get(p, "", "root"));
	if (!f->name || !f->dir)
		return fail(p, p->offset, "out of memory");
	return file_ns_attrs(p, f);
}

/* The elements read; min_depth 2 = child of SoftwareIdentity or deeper. */
static const struct {
	const char *local;
	unsigned min_depth;
	unsigned max_depth;
	bool (*handle)(struct parser *p);
} elements[] = {
	{ "SoftwareIdentity", 1, 1, on_root },
	{ "Entity", 2, 2, on_entity },
	{ "Meta", 2, 2, on_meta },
	{ "Directory", 3, XML_MAX_DEPTH, on_directory },
	{ "File", 3, XML_MAX_DEPTH, on_file },
};

static bool start_element(struct parser *p, const struct xml_token *tok)
{
	p->depth = tok->depth;
	p->offset = tok->offset;
	if (!ns_push(p, tok) || !resolve_element(p, tok))
		return false;
	if (tok->depth == 1 && strcmp(p->local, "SoftwareIdentity") != 0)
		return fail(p, p->offset, "root element %s is not "
			    "SoftwareIdentity", tok->name);
	for (size_t i = 0; i < COUNT(elements); i++)
		if (strcmp(p->local, elements[i].local) == 0 &&
		    tok->depth >= elements[i].min_depth &&
		    tok->depth <= elements[i].max_depth)
			return elements[i].handle(p);
	return true;
}

static void end_element(struct parser *p, const struct xml_token *tok)
{
	free(p->dirs[tok->depth]);
	p->dirs[tok->depth] = NULL;
	ns_pop(p, tok->depth);
}

/* What strongTNC requires beyond the root's attributes (swima.md 4, 7). */
static bool check_tag(struct parser *p, size_t end)
{
	for (size_t i = 0; i < p->tag->entity_count; i++)
		if (p->tag->entities[i].roles & 1u << SWID_ROLE_TAG_CREATOR)
			return true;
	return fail(p, end, "no tagCreator Entity");
}

static void parser_free(struct parser *p)
{
	ns_pop(p, 0);
	for (size_t i = 0; i < COUNT(p->dirs); i++)
		free(p->dirs[i]);
}

static bool scan(struct parser *p, struct xml_scan *s)
{
	struct xml_token tok;
	enum xml_err e;
	size_t off;

	for (;;) {
		switch (xml_scan_next(s, &tok)) {
		case XML_TOK_START:
			if (!start_element(p, &tok))
				return false;
			break;
		case XML_TOK_END:
			end_element(p, &tok);
			break;
		case XML_TOK_TEXT:
			break;
		case XML_TOK_EOF:
			return check_tag(p, tok.offset);
		case XML_TOK_ERROR:
			e = xml_scan_error(s, &off);
			return fail(p, off, "%s", xml_err_str(e));
		}
	}
}

bool swid_tag_parse(const char *xml, size_t len, struct swid_tag *out,
		    char *err, size_t errlen)
{
	struct parser *p;
	struct xml_scan *s;
	bool ok = false;

	memset(out, 0, sizeof(*out));
	if (err && errlen)
		err[0] = '\0';
	p = calloc(1, sizeof(*p));
	if (!p) {
		if (err && errlen)
			snprintf(err, errlen, "out of memory");
		return false;
	}
	*p = (struct parser){ .tag = out, .err = err, .errlen = errlen };
	if (len > SWID_TAG_MAX_SIZE) {
		fail(p, SWID_TAG_MAX_SIZE, "tag larger than %u bytes",
		     SWID_TAG_MAX_SIZE);
	} else if (!(s = xml_scan_new(xml, len, false))) {
		fail(p, 0, "out of memory");
	} else {
		ok = scan(p, s);
		xml_scan_free(s);
	}
	parser_free(p);
	free(p);
	if (!ok)
		swid_tag_free(out);
	return ok;
}

static void file_clear(struct swid_file *f)
{
	free(f->dir);
	free(f->name);
	free(f->sha1_hex);
	free(f->sha256_hex);
	free(f->sha384_hex);
	free(f->sha512_hex);
}

void swid_tag_free(struct swid_tag *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->version);
	free(t->tag_id);
	free(t->version_scheme);
	free(t->product);
	for (size_t i = 0; i < t->entity_count; i++) {
		free(t->entities[i].name);
		free(t->entities[i].regid);
	}
	free(t->entities);
	for (size_t i = 0; i < t->file_count; i++)
		file_clear(&t->files[i]);
	free(t->files);
	memset(t, 0, sizeof(*t));
}

char *swid_tag_software_id(const struct swid_tag *t)
{
	const struct swid_entity *creator = NULL;
	char *id;

	for (size_t i = 0; i < t->entity_count; i++)
		if (t->entities[i].roles & 1u << SWID_ROLE_TAG_CREATOR)
			creator = &t->entities[i];
	if (!creator || !t->tag_id)
		return NULL;
	if (asprintf(&id, "%s__%s", creator->regid, t->tag_id) < 0)
		return NULL;
	return id;
}

/* ---- generator ---- */

/*
 * Escapes for attribute values: the markup characters, and the blanks
 * that attribute-value normalisation (XML 1.0 3.3.3) would turn into
 * spaces, written as references so that they survive it.
 */
static const char *const escapes[128] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
	['\''] = "&apos;", ['\t'] = "&#9;", ['\n'] = "&#10;",
	['\r'] = "&#13;",
};

/* Writes name="value" with value escaped; false if value cannot be XML. */
static bool put_attr(struct writer *w, const char *name, const char *value)
{
	const unsigned char *v = (const unsigned char *)value;

	if (!xml_chars_valid(value, strlen(value), NULL))
		return false;
	writer_bytes(w, " ", 1);
	writer_bytes(w, name, strlen(name));
	writer_bytes(w, "=\"", 2);
	for (; *v; v++) {
		if (*v < 128 && escapes[*v])
			writer_bytes(w, escapes[*v], strlen(escapes[*v]));
		else
			writer_bytes(w, v, 1);
	}
	writer_bytes(w, "\"", 1);
	return true;
}

static void put_str(struct writer *w, const char *s)
{
	writer_bytes(w, s, strlen(s));
}

/* A child element's line start: a newline and indent when pretty. */
static void put_indent(struct writer *w, const struct swid_tag_gen *g)
{
	if (g->pretty)
		put_str(w, "\n  ");
}

char *swid_tag_generate(const struct swid_tag_gen *g)
{
	struct writer w;
	bool ok;
	size_t len;

	if (!g->regid || !g->entity_name || !g->tag_id || !g->package ||
	    !g->version)
		return NULL;
	writer_init(&w);
	put_str(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<SoftwareIdentity xmlns=\"" SWID_TAG_NS "\"");
	ok = put_attr(&w, "name", g->package) &&
	     put_attr(&w, "tagId", g->tag_id) &&
	     put_attr(&w, "version", g->version) &&
	     put_attr(&w, "versionScheme", "alphanumeric");
	put_str(&w, ">");
	put_indent(&w, g);
	put_str(&w, "<Entity");
	ok = ok && put_attr(&w, "name", g->entity_name) &&
	     put_attr(&w, "regid", g->regid) &&
	     put_attr(&w, "role", "tagCreator");
	put_str(&w, "/>");
	if (g->product) {
		put_indent(&w, g);
		put_str(&w, "<Meta");
		ok = ok && put_attr(&w, "product", g->product);
		put_str(&w, "/>");
	}
	if (g->pretty)
		put_str(&w, "\n");
	put_str(&w, "</SoftwareIdentity>");
	if (g->pretty)
		put_str(&w, "\n");
	writer_bytes(&w, "", 1);
	if (!ok || !writer_ok(&w)) {
		writer_free(&w);
		return NULL;
	}
	return (char *)writer_take(&w, &len);
}
