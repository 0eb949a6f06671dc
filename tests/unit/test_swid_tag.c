/*
 * test_swid_tag.c - unit tests of the SWID tag generator and reader
 * (libimcv/swima/swid_tag.c) and of the XML tokenizer under it
 * (libimcv/swima/xml_scan.c): a generated tag byte for byte, generate
 * and parse round trips with markup and non-ASCII characters, a tag with
 * Payload, Directory and File hashes under arbitrary prefixes, the
 * software identifier rule of swima.md section 7, and malformed,
 * truncated, hostile and invalid inputs with their exact errors.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swid_tag.h"
#include "xml_scan.h"

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
#define ISO_NS "http://standards.iso.org/iso/19770/-2/2015/schema.xsd"

static const struct swid_tag_gen debian_openssl = {
	.regid = "strongswan.org",
	.entity_name = "strongSwan Project",
	.tag_id = "Debian_12-x86_64-openssl-3.0.11-1~deb12u2",
	.package = "openssl",
	.version = "3.0.11-1~deb12u2",
	.product = "Debian 12 x86_64",
};

static bool parse(const char *xml, struct swid_tag *t, char *err,
		  size_t errlen)
{
	return swid_tag_parse(xml, strlen(xml), t, err, errlen);
}

/* Parses xml, which must fail with exactly the message want. */
static void parse_fails(const char *xml, size_t len, const char *want)
{
	struct swid_tag t;
	char err[256];

	assert_false(swid_tag_parse(xml, len, &t, err, sizeof(err)));
	assert_string_equal(err, want);
	assert_null(t.name);
	assert_null(t.entities);
	assert_int_equal(t.entity_count, 0);
	assert_null(t.files);
}

/* The offset of needle's first occurrence in xml. */
static size_t off(const char *xml, const char *needle)
{
	const char *p = strstr(xml, needle);

	assert_non_null(p);
	return (size_t)(p - xml);
}

static void test_generate_exact(void **state)
{
	struct swid_tag_gen g = debian_openssl;
	char *xml;

	(void)state;
	xml = swid_tag_generate(&g);
	assert_non_null(xml);
	assert_string_equal(xml, XML_DECL
		"<SoftwareIdentity xmlns=\"" ISO_NS "\" name=\"openssl\" "
		"tagId=\"Debian_12-x86_64-openssl-3.0.11-1~deb12u2\" "
		"version=\"3.0.11-1~deb12u2\" versionScheme=\"alphanumeric\">"
		"<Entity name=\"strongSwan Project\" regid=\"strongswan.org\" "
		"role=\"tagCreator\"/>"
		"<Meta product=\"Debian 12 x86_64\"/>"
		"</SoftwareIdentity>");
	free(xml);

	g.pretty = true;
	g.product = NULL;
	xml = swid_tag_generate(&g);
	assert_non_null(xml);
	assert_string_equal(xml, XML_DECL
		"<SoftwareIdentity xmlns=\"" ISO_NS "\" name=\"openssl\" "
		"tagId=\"Debian_12-x86_64-openssl-3.0.11-1~deb12u2\" "
		"version=\"3.0.11-1~deb12u2\" versionScheme=\"alphanumeric\">\n"
		"  <Entity name=\"strongSwan Project\" "
		"regid=\"strongswan.org\" role=\"tagCreator\"/>\n"
		"</SoftwareIdentity>\n");
	free(xml);
}

static void test_generate_parse(void **state)
{
	struct swid_tag_gen g = debian_openssl;
	struct swid_tag t;
	char err[256], *xml, *id;

	(void)state;
	xml = swid_tag_generate(&g);
	assert_non_null(xml);
	assert_true(parse(xml, &t, err, sizeof(err)));
	assert_string_equal(err, "");
	assert_string_equal(t.name, "openssl");
	assert_string_equal(t.version, "3.0.11-1~deb12u2");
	assert_string_equal(t.tag_id, g.tag_id);
	assert_string_equal(t.version_scheme, "alphanumeric");
	assert_string_equal(t.product, "Debian 12 x86_64");
	assert_int_equal(t.entity_count, 1);
	assert_string_equal(t.entities[0].name, "strongSwan Project");
	assert_string_equal(t.entities[0].regid, "strongswan.org");
	assert_int_equal(t.entities[0].roles, 1u << SWID_ROLE_TAG_CREATOR);
	assert_int_equal(t.file_count, 0);
	id = swid_tag_software_id(&t);
	assert_string_equal(id, "strongswan.org__"
			    "Debian_12-x86_64-openssl-3.0.11-1~deb12u2");
	free(id);
	swid_tag_free(&t);
	free(xml);
}

/* Values with every markup character, blanks and non-ASCII survive. */
static void test_generate_escaping(void **state)
{
	static const char *const values[] = {
		"a&b <c> \"d\" 'e'", "\xc3\x9cml\xc3\xa4ut \xe2\x9c\x93",
		"tab\there\nline\r\nend", "&amp; &#38; ]]>", "\xf0\x9f\x90\xa7",
	};
	struct swid_tag_gen g = debian_openssl;
	struct swid_tag t;
	char err[256], *xml;

	(void)state;
	for (size_t i = 0; i < COUNT(values); i++) {
		g.package = values[i];
		g.entity_name = values[i];
		g.product = values[i];
		g.pretty = i & 1;
		xml = swid_tag_generate(&g);
		assert_non_null(xml);
		assert_true(parse(xml, &t, err, sizeof(err)));
		assert_string_equal(t.name, values[i]);
		assert_string_equal(t.entities[0].name, values[i]);
		assert_string_equal(t.product, values[i]);
		swid_tag_free(&t);
		free(xml);
	}

	g = debian_openssl;
	g.package = "a&b<\"'>\t";
	xml = swid_tag_generate(&g);
	assert_non_null(strstr(xml,
		" name=\"a&amp;b&lt;&quot;&apos;&gt;&#9;\" tagId="));
	free(xml);
}

static void test_generate_invalid(void **state)
{
	struct swid_tag_gen g;

	(void)state;
	g = debian_openssl;
	g.tag_id = NULL;
	assert_null(swid_tag_generate(&g));
	g = debian_openssl;
	g.regid = NULL;
	assert_null(swid_tag_generate(&g));
	/* not UTF-8, an overlong '/', a control character */
	g = debian_openssl;
	g.version = "1.0\xff";
	assert_null(swid_tag_generate(&g));
	g = debian_openssl;
	g.package = "\xc0\xaf";
	assert_null(swid_tag_generate(&g));
	g = debian_openssl;
	g.product = "Debian\x01";
	assert_null(swid_tag_generate(&g));
}

/*
 * A tag as a package manager would ship it: the ISO namespace under a
 * prefix, the hash namespaces under prefixes of their own, nested
 * directories and the NIST mutable extension.
 */
static const char files_tag[] =
	"<?xml version='1.0' encoding='utf-8'?>\n"
	"<!-- generated -->\n"
	"<swid:SoftwareIdentity xmlns:swid=\"" ISO_NS "\"\n"
	"    xmlns:h256=\"http://www.w3.org/2001/04/xmlenc#sha256\"\n"
	"    xmlns:n8060=\"http://csrc.nist.gov/ns/swid/2015-extensions/1.0\"\n"
	"    name=\"bash\" tagId=\"Debian_12-x86_64-bash-5.2.15-2+b2\"\n"
	"    version=\"5.2.15-2+b2\" versionScheme=\"alphanumeric\">\n"
	"  <swid:Entity name=\"Debian\" regid=\"debian.org\"\n"
	"      role=\"tagCreator softwareCreator\"/>\n"
	"  <swid:Meta product=\"Debian 12 x86_64\"/>\n"
	"  <swid:Payload>\n"
	"    <swid:Directory root=\"/usr\" name=\"bin\">\n"
	"      <swid:File name=\"bash\" size=\"1265648\"\n"
	"          h256:hash=\"d86b21405852d8642ca41afae9dcf0f5"
	"32e2d67973b0648b0af7c26933f1becb\"/>\n"
	"      <swid:Directory name=\"x\"><swid:File name=\"y\" size=\"0\"/>"
	"</swid:Directory>\n"
	"    </swid:Directory>\n"
	"    <swid:Directory root=\"/\" name=\"etc\">\n"
	"      <swid:File xmlns:s1=\"http://www.w3.org/2000/09/xmldsig#sha1\""
	" name=\"bash.bashrc\" n8060:mutable=\"true\""
	" s1:hash=\"da39a3ee5e6b4b0d3255bfef95601890afd80709\">"
	"<!-- conffile --></swid:File>\n"
	"    </swid:Directory>\n"
	"    <swid:File name=\"loose\"/>\n"
	"  </swid:Payload>\n"
	"</swid:SoftwareIdentity>\n";

static void test_parse_files(void **state)
{
	struct swid_tag t;
	char err[256], *id;

	(void)state;
	assert_true(parse(files_tag, &t, err, sizeof(err)));
	assert_string_equal(t.name, "bash");
	assert_string_equal(t.version, "5.2.15-2+b2");
	assert_string_equal(t.tag_id, "Debian_12-x86_64-bash-5.2.15-2+b2");
	assert_string_equal(t.product, "Debian 12 x86_64");
	assert_int_equal(t.entity_count, 1);
	assert_int_equal(t.entities[0].roles,
			 1u << SWID_ROLE_TAG_CREATOR |
			 1u << SWID_ROLE_SOFTWARE_CREATOR);
	assert_int_equal(t.file_count, 4);

	assert_string_equal(t.files[0].dir, "/usr/bin");
	assert_string_equal(t.files[0].name, "bash");
	assert_int_equal(t.files[0].size, 1265648);
	assert_false(t.files[0].is_mutable);
	assert_string_equal(t.files[0].sha256_hex,
			    "d86b21405852d8642ca41afae9dcf0f5"
			    "32e2d67973b0648b0af7c26933f1becb");
	assert_null(t.files[0].sha1_hex);
	assert_null(t.files[0].sha384_hex);
	assert_null(t.files[0].sha512_hex);

	assert_string_equal(t.files[1].dir, "/usr/bin/x");
	assert_string_equal(t.files[1].name, "y");
	assert_int_equal(t.files[1].size, 0);

	assert_string_equal(t.files[2].dir, "/etc");
	assert_string_equal(t.files[2].name, "bash.bashrc");
	assert_int_equal(t.files[2].size, -1);
	assert_true(t.files[2].is_mutable);
	assert_null(t.files[2].sha256_hex);
	assert_string_equal(t.files[2].sha1_hex,
			    "da39a3ee5e6b4b0d3255bfef95601890afd80709");

	assert_string_equal(t.files[3].dir, "");
	assert_string_equal(t.files[3].name, "loose");
	id = swid_tag_software_id(&t);
	assert_string_equal(id,
			    "debian.org__Debian_12-x86_64-bash-5.2.15-2+b2");
	free(id);
	swid_tag_free(&t);
}

/* A hash is known by its namespace, not by the prefix it is written with */
static void test_parse_hash_namespaces(void **state)
{
	static const char xml[] =
		"<SoftwareIdentity xmlns='" ISO_NS "' name='n' version='1'"
		" tagId='t'><Entity name='e' regid='r' role='tagCreator'/>"
		"<Payload"
		" xmlns:sha256='http://www.w3.org/2001/04/xmlenc#sha512'"
		" xmlns:x='http://www.w3.org/2001/04/xmldsig-more#sha384'>"
		"<File name='f' sha256:hash='aa' x:hash='bb'"
		" xmlns:h='http://example.org/not-a-hash' h:hash='cc'/>"
		"<File xmlns:x='http://www.w3.org/2001/04/xmlenc#sha256'"
		" name='g' x:hash='dd'/>"
		"<File name='h' x:hash='ee'/>"
		"</Payload></SoftwareIdentity>";
	struct swid_tag t;
	char err[256];

	(void)state;
	assert_true(parse(xml, &t, err, sizeof(err)));
	assert_int_equal(t.file_count, 3);
	assert_null(t.files[0].sha256_hex);
	assert_string_equal(t.files[0].sha512_hex, "aa");
	assert_string_equal(t.files[0].sha384_hex, "bb");
	/* the inner declaration of x holds for its element only */
	assert_string_equal(t.files[1].sha256_hex, "dd");
	assert_null(t.files[1].sha384_hex);
	assert_string_equal(t.files[2].sha384_hex, "ee");
	assert_null(t.version_scheme);
	swid_tag_free(&t);
}

static void test_unique_id(void **state)
{
	static const char older[] =
		"<SoftwareIdentity name='n' version='1' uniqueId='u-1'>"
		"<Entity name='e' regid='r.org' role='tagCreator'/>"
		"</SoftwareIdentity>";
	static const char both[] =
		"<SoftwareIdentity name='n' version='1' uniqueId='u-1'"
		" tagId='t-1'>"
		"<Entity name='e' regid='r.org' role='tagCreator'/>"
		"</SoftwareIdentity>";
	struct swid_tag t;
	char err[256], *id;

	(void)state;
	assert_true(parse(older, &t, err, sizeof(err)));
	assert_string_equal(t.tag_id, "u-1");
	id = swid_tag_software_id(&t);
	assert_string_equal(id, "r.org__u-1");
	free(id);
	swid_tag_free(&t);
	assert_true(parse(both, &t, err, sizeof(err)));
	assert_string_equal(t.tag_id, "t-1");
	swid_tag_free(&t);
}

/* swima.md 7: the regid of the last tagCreator names the software. */
static void test_software_id_roles(void **state)
{
	static const char xml[] =
		"<SoftwareIdentity xmlns='" ISO_NS "' name='n' version='1'"
		" tagId='tid'>"
		"<Entity name='A' regid='a.org' role='tagCreator'/>"
		"<Entity name='B' regid='b.org'"
		" role='  softwareCreator\tlicensor  tagCreator '/>"
		"<Entity name='C' regid='c.org' role='distributor aggregator"
		" maintainer'/>"
		"<Entity name='D' role='licensor'/>"
		"</SoftwareIdentity>";
	struct swid_tag t;
	char err[256], *id;

	(void)state;
	assert_true(parse(xml, &t, err, sizeof(err)));
	assert_int_equal(t.entity_count, 4);
	assert_int_equal(t.entities[1].roles,
			 1u << SWID_ROLE_SOFTWARE_CREATOR |
			 1u << SWID_ROLE_LICENSOR |
			 1u << SWID_ROLE_TAG_CREATOR);
	assert_int_equal(t.entities[2].roles,
			 1u << SWID_ROLE_DISTRIBUTOR |
			 1u << SWID_ROLE_AGGREGATOR);
	assert_string_equal(t.entities[3].regid, "invalid.unavailable");
	id = swid_tag_software_id(&t);
	assert_string_equal(id, "b.org__tid");
	free(id);
	swid_tag_free(&t);

	assert_int_equal(swid_roles_parse(""), 0);
	assert_int_equal(swid_roles_parse("tagcreator TagCreator"), 0);
	assert_int_equal(swid_roles_parse("aggregator"), 1);
	assert_string_equal(swid_role_name(SWID_ROLE_TAG_CREATOR),
			    "tagCreator");
	assert_string_equal(swid_role_name(SWID_ROLE_DISTRIBUTOR),
			    "distributor");
	assert_null(swid_role_name((enum swid_role)5));
}

#define ROOT "<SoftwareIdentity name='n' version='1' tagId='t'>"
#define CREATOR "<Entity name='e' regid='r' role='tagCreator'/>"
#define END "</SoftwareIdentity>"

/* Inputs that are not XML, each with its error message and offset. */
static void test_parse_malformed(void **state)
{
	static const struct {
		const char *xml;
		const char *error;
		const char *at;		/* where the offset points */
	} cases[] = {
		/* truncated anywhere */
		{ ROOT CREATOR "</Software", "unexpected end of input", NULL },
		{ ROOT CREATOR, "unexpected end of input", NULL },
		{ "<SoftwareIdentity name='n", "unexpected end of input",
		  NULL },
		{ "", "unexpected end of input", NULL },
		{ ROOT "<!-- x -", "unexpected end of input", NULL },
		{ ROOT "<Entity name='&am", "unexpected end of input", NULL },
		/* unbalanced */
		{ ROOT "<Payload>" CREATOR "</Meta>" END,
		  "end tag does not match start tag", "</Meta>" },
		{ ROOT CREATOR END "</x>", "content outside the root element",
		  "</x>" },
		{ ROOT CREATOR END "<Other/>",
		  "content outside the root element", "<Other" },
		{ "x" ROOT CREATOR END, "content outside the root element",
		  "x" ROOT },
		/* references */
		{ ROOT "<Entity name='&lol;' regid='r' role='tagCreator'/>" END,
		  "unknown entity or bad character reference", "&lol;" },
		{ ROOT "<Entity name='&#0;' regid='r' role='tagCreator'/>" END,
		  "unknown entity or bad character reference", "&#0;" },
		{ ROOT "<Entity name='&#x110000;' regid='r' role='tagCreator'/>"
		  END, "unknown entity or bad character reference", "&#x" },
		{ ROOT "<Entity name='&#xD800;' regid='r' role='tagCreator'/>"
		  END, "unknown entity or bad character reference", "&#x" },
		{ ROOT "<Entity name='&#12a;' regid='r' role='tagCreator'/>"
		  END, "unknown entity or bad character reference", "&#12a;" },
		{ ROOT "<Entity name='a & b' regid='r' role='tagCreator'/>" END,
		  "unknown entity or bad character reference", "& b" },
		/* no document type, no entity declarations at all */
		{ "<!DOCTYPE lolz [<!ENTITY lol \"lol\">]>" ROOT CREATOR END,
		  "document type declarations are not accepted", "<!DOCTYPE" },
		{ "<!ENTITY lol \"lol\">" ROOT CREATOR END,
		  "document type declarations are not accepted", "<!ENTITY" },
		{ ROOT "<!DOCTYPE x>" CREATOR END,
		  "document type declarations are not accepted", "<!DOCTYPE" },
		/* attributes */
		{ ROOT "<Entity name='a' name='b' regid='r' role='tagCreator'/>"
		  END, "duplicate attribute", "name='b'" },
		{ ROOT "<Entity name=e regid='r' role='tagCreator'/>" END,
		  "attribute value not quoted", "e regid" },
		{ ROOT "<Entity name='e\" regid='r' role='tagCreator'/>" END,
		  "syntax error", "r' role" },
		{ ROOT "<Entity name='e'regid='r' role='tagCreator'/>" END,
		  "syntax error", "regid" },
		{ ROOT "<Entity name 'e'/>" END, "syntax error", "'e'" },
		{ ROOT "<Entity name='<'/>" END, "syntax error", "<'" },
		{ ROOT "<Entity/ >" END, "syntax error", " >" },
		{ ROOT "<1x/>" END, "malformed or too long name", "1x" },
		{ "<?xml version='1.0'?><?xml version='1.0'?>" ROOT CREATOR END,
		  "syntax error", "<?xml version='1.0'?>" ROOT },
		{ ROOT "<!-- a -- b -->" CREATOR END, "syntax error", "-- b" },
		{ ROOT "]]>" CREATOR END, "syntax error", "]]>" },
		{ ROOT "<!ELEMENT x ANY>" CREATOR END, "syntax error",
		  "<!ELEMENT" },
	};
	char want[256];
	size_t at;

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		at = cases[i].at ? off(cases[i].xml, cases[i].at) :
				   strlen(cases[i].xml);
		snprintf(want, sizeof(want), "%s at offset %zu", cases[i].error,
			 at);
		parse_fails(cases[i].xml, strlen(cases[i].xml), want);
	}
}

/* Well-formed XML that is not a tag strongTNC would take. */
static void test_parse_invalid(void **state)
{
	static const struct {
		const char *xml;
		const char *error;
		const char *at;
	} cases[] = {
		{ "<Other name='n' version='1' tagId='t'>" CREATOR "</Other>",
		  "root element Other is not SoftwareIdentity", "<Other" },
		{ ROOT "<Entity name='e' regid='r' role='softwareCreator'/>"
		  END, "no tagCreator Entity", NULL },
		{ ROOT END, "no tagCreator Entity", NULL },
		{ "<SoftwareIdentity version='1' tagId='t'>" CREATOR END,
		  "SoftwareIdentity without name", "<Soft" },
		{ "<SoftwareIdentity name='n' tagId='t'>" CREATOR END,
		  "SoftwareIdentity without version", "<Soft" },
		{ "<SoftwareIdentity name='n' version='1'>" CREATOR END,
		  "SoftwareIdentity without tagId", "<Soft" },
		{ "<SoftwareIdentity name='n' version='1' tagId=''>" CREATOR
		  END, "SoftwareIdentity without tagId", "<Soft" },
		{ ROOT "<Entity name='e' role='tagCreator'/>" END,
		  "tagCreator Entity without regid", "<Entity" },
		{ ROOT "<Entity regid='r' role='tagCreator'/>" END,
		  "Entity without name", "<Entity" },
		{ ROOT "<Entity name='e' regid='r'/>" END,
		  "Entity without role", "<Entity" },
		{ ROOT CREATOR "<Payload><File size='1'/></Payload>" END,
		  "File without name", "<File" },
		{ ROOT CREATOR "<Payload><File name='f' size='-1'/></Payload>"
		  END, "bad File size", "<File" },
		{ ROOT CREATOR "<Payload><File name='f' size='1k'/></Payload>"
		  END, "bad File size", "<File" },
		{ ROOT CREATOR "<Payload><File name='f'"
		  " size='9223372036854775808'/></Payload>" END,
		  "bad File size", "<File" },
		{ ROOT CREATOR "<Payload xmlns:n='http://csrc.nist.gov/ns/swid/"
		  "2015-extensions/1.0'><File name='f' n:mutable='yes'/>"
		  "</Payload>" END, "bad mutable value", "<File" },
		/* namespaces */
		{ ROOT CREATOR "<p:Payload/>" END,
		  "unbound prefix in p:Payload", "<p:" },
		{ ROOT "<Entity name='e' regid='r' role='tagCreator' q:x='1'/>"
		  END, "unbound prefix in q:x", "<Entity" },
		{ ROOT CREATOR "<Payload xmlns:a='urn:x' xmlns:b='urn:x'>"
		  "<File name='f' a:hash='1' b:hash='2'/></Payload>" END,
		  "duplicate attribute b:hash", "<File" },
		{ ROOT CREATOR "<Payload xmlns:a=''/>" END,
		  "prefix a bound to an empty name", "<Payload" },
		{ ROOT CREATOR "<Payload xmlns:xmlns='urn:x'/>" END,
		  "prefix xmlns declared", "<Payload" },
		{ ROOT CREATOR "<Payload xmlns:xml='urn:x'/>" END,
		  "prefix xml bound to another name", "<Payload" },
		{ ROOT CREATOR "<a:b:c xmlns:a='urn:x'/>" END,
		  "malformed qualified name a:b:c", "<a:b" },
		{ ROOT CREATOR "<Payload xmlns:='urn:x'/>" END,
		  "malformed qualified name xmlns:", "<Payload" },
		{ ROOT CREATOR "<Payload xmlns:p='urn:x'/><p:File name='f'/>"
		  END, "unbound prefix in p:File", "<p:File" },
	};
	char want[256];
	size_t at;

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		at = cases[i].at ? off(cases[i].xml, cases[i].at) :
				   strlen(cases[i].xml);
		snprintf(want, sizeof(want), "%s at offset %zu", cases[i].error,
			 at);
		parse_fails(cases[i].xml, strlen(cases[i].xml), want);
	}
}

/* NUL bytes, bad UTF-8, lengths that lie, nesting, sizes. */
static void test_parse_hostile(void **state)
{
	static const char nul[] = ROOT CREATOR "\0" END;
	static const char bad_utf8[] = ROOT "<Entity name='\xe2\x9c' "
		"regid='r' role='tagCreator'/>" END;
	char *deep, *big, want[128];
	size_t n = 0;

	(void)state;
	snprintf(want, sizeof(want), "invalid UTF-8 or character not allowed "
		 "in XML at offset %zu", strlen(ROOT CREATOR));
	parse_fails(nul, sizeof(nul) - 1, want);
	snprintf(want, sizeof(want), "invalid UTF-8 or character not allowed "
		 "in XML at offset %zu", off(bad_utf8, "\xe2"));
	parse_fails(bad_utf8, strlen(bad_utf8), want);
	/* a length shorter than the text: the rest is not looked at */
	parse_fails(files_tag, 200, "unexpected end of input at offset 200");

	/* 64 open elements are fine, the 65th is not */
	deep = malloc(70 * 8 + sizeof(ROOT CREATOR END));
	assert_non_null(deep);
	n += sprintf(deep + n, ROOT CREATOR);
	for (int i = 1; i < 64; i++)
		n += sprintf(deep + n, "<x>");
	for (int i = 1; i < 64; i++)
		n += sprintf(deep + n, "</x>");
	sprintf(deep + n, END);
	{
		struct swid_tag t;
		char err[128];

		assert_true(parse(deep, &t, err, sizeof(err)));
		swid_tag_free(&t);
	}
	n = strlen(ROOT CREATOR);
	for (int i = 1; i < 65; i++)
		n += sprintf(deep + n, "<y>");
	snprintf(want, sizeof(want), "elements nested too deeply at offset %zu",
		 n - 3);
	parse_fails(deep, n, want);
	free(deep);

	/* 4 MiB at most, even of comment */
	big = malloc(SWID_TAG_MAX_SIZE + 1);
	assert_non_null(big);
	memset(big, ' ', SWID_TAG_MAX_SIZE + 1);
	memcpy(big, ROOT CREATOR END, strlen(ROOT CREATOR END));
	parse_fails(big, SWID_TAG_MAX_SIZE + 1,
		    "tag larger than 4194304 bytes at offset 4194304");
	{
		struct swid_tag t;
		char err[128];

		assert_true(swid_tag_parse(big, SWID_TAG_MAX_SIZE, &t, err,
					   sizeof(err)));
		swid_tag_free(&t);
	}
	free(big);
}

/* Entities and attributes are bounded too. */
static void test_parse_limits(void **state)
{
	char *xml, want[128];
	size_t n, cap = 80 * (SWID_TAG_MAX_ENTITIES + 1) + 256;
	size_t at = 0;

	(void)state;
	xml = malloc(cap);
	assert_non_null(xml);
	n = sprintf(xml, ROOT);
	for (int i = 0; i <= SWID_TAG_MAX_ENTITIES; i++) {
		at = n;
		n += sprintf(xml + n, CREATOR);
	}
	sprintf(xml + n, END);
	snprintf(want, sizeof(want), "more than 64 entities at offset %zu", at);
	parse_fails(xml, strlen(xml), want);

	n = sprintf(xml, ROOT "<Entity");
	for (int i = 0; i < XML_MAX_ATTRS; i++)
		n += sprintf(xml + n, " a%d=''", i);
	at = n + 1;
	sprintf(xml + n, " z=''/>" END);
	snprintf(want, sizeof(want), "too many attributes at offset %zu", at);
	parse_fails(xml, strlen(xml), want);
	free(xml);

	/* a value above XML_MAX_VALUE bytes */
	xml = malloc(XML_MAX_VALUE + 128);
	assert_non_null(xml);
	n = sprintf(xml, ROOT "<Entity name='");
	memset(xml + n, 'a', XML_MAX_VALUE + 1);
	strcpy(xml + n + XML_MAX_VALUE + 1, "'/>" END);
	snprintf(want, sizeof(want), "attribute value too long at offset %zu",
		 n + XML_MAX_VALUE + 1);
	parse_fails(xml, strlen(xml), want);
	free(xml);
}

/* The tokenizer's tokens, decoding and normalisation, exactly. */
static void test_xml_scan_tokens(void **state)
{
	static const char xml[] =
		"\xef\xbb\xbf<?xml version='1.0'?>\r\n<!-- c -->"
		"<a:r xmlns:a='urn:a' v=\"x&lt;&#x20AC;&#65;&quot;&apos;"
		"&amp;&gt;\t1\r\n2\n3\"><?pi data?>t&#10;\r\nu"
		"<![CDATA[<&>]]><e/></a:r><!-- trailer -->\n";
	struct xml_scan *s = xml_scan_new(xml, strlen(xml), true);
	struct xml_token tok;

	(void)state;
	assert_non_null(s);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_START);
	assert_string_equal(tok.name, "a:r");
	assert_int_equal(tok.depth, 1);
	assert_int_equal(tok.offset, off(xml, "<a:r"));
	assert_int_equal(tok.attr_count, 2);
	assert_string_equal(tok.attrs[0].name, "xmlns:a");
	assert_string_equal(tok.attrs[0].value, "urn:a");
	assert_string_equal(tok.attrs[1].name, "v");
	assert_string_equal(tok.attrs[1].value,
			    "x<\xe2\x82\xac" "A\"'&> 1 2 3");
	assert_int_equal(tok.attrs[1].value_len, 16);

	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_TEXT);
	assert_string_equal(tok.text, "t\n\nu");
	assert_int_equal(tok.text_len, 4);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_TEXT);
	assert_string_equal(tok.text, "<&>");

	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_START);
	assert_string_equal(tok.name, "e");
	assert_int_equal(tok.depth, 2);
	assert_int_equal(tok.attr_count, 0);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_END);
	assert_string_equal(tok.name, "e");
	assert_int_equal(tok.depth, 2);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_END);
	assert_string_equal(tok.name, "a:r");
	assert_int_equal(tok.depth, 1);
	assert_int_equal(tok.offset, off(xml, "</a:r>"));
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_EOF);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_EOF);
	assert_int_equal(xml_scan_error(s, NULL), XML_OK);
	xml_scan_free(s);
}

/* Errors are sticky and carry their offset. */
static void test_xml_scan_errors(void **state)
{
	static const char xml[] = "<r><a></b></r>";
	struct xml_scan *s = xml_scan_new(xml, strlen(xml), false);
	struct xml_token tok;
	size_t at;

	(void)state;
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_START);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_START);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_ERROR);
	assert_int_equal(xml_scan_error(s, &at), XML_ERR_MISMATCH);
	assert_int_equal(at, 6);
	assert_int_equal(xml_scan_next(s, &tok), XML_TOK_ERROR);
	xml_scan_free(s);

	assert_string_equal(xml_err_str(XML_ERR_DOCTYPE),
			    "document type declarations are not accepted");
	assert_string_equal(xml_err_str((enum xml_err)99), "unknown error");

	assert_true(xml_chars_valid("a\t\r\n\xc3\xa9\xef\xbf\xbd", 9, NULL));
	assert_false(xml_chars_valid("ab\xef\xbf\xbe", 5, &at));
	assert_int_equal(at, 2);
	assert_false(xml_chars_valid("a\x7f\x1f", 3, &at));
	assert_int_equal(at, 2);
	assert_false(xml_chars_valid("\xed\xa0\x80", 3, &at));
	assert_int_equal(at, 0);
	assert_false(xml_chars_valid("\xf4\x90\x80\x80", 4, &at));
	assert_false(xml_chars_valid("\xe2\x82", 2, &at));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_exact),
		cmocka_unit_test(test_generate_parse),
		cmocka_unit_test(test_generate_escaping),
		cmocka_unit_test(test_generate_invalid),
		cmocka_unit_test(test_parse_files),
		cmocka_unit_test(test_parse_hash_namespaces),
		cmocka_unit_test(test_unique_id),
		cmocka_unit_test(test_software_id_roles),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_invalid),
		cmocka_unit_test(test_parse_hostile),
		cmocka_unit_test(test_parse_limits),
		cmocka_unit_test(test_xml_scan_tokens),
		cmocka_unit_test(test_xml_scan_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
