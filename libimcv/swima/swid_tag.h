/*
 * swid_tag.h - ISO/IEC 19770-2:2015 SWID tags: the generator the SWIMA
 * IMC uses for installed packages that ship no tag, and the reader the
 * SWIMA IMV uses to store received tags in the policy database the way
 * strongTNC's add-tags endpoint would (swima.md sections 4 and 7,
 * database.md 1.7 and 2.7).
 *
 * The reader takes what strongTNC takes from a tag: SoftwareIdentity's
 * name, version, tagId (or the older draft's uniqueId) and
 * versionScheme, every Entity with its roles, Meta@product, and every
 * File below the root's children (Payload, Evidence) with its Directory
 * path, size, hashes and mutable flag. Element names are matched by
 * local name, whatever namespace they are in (strongTNC strips it, which
 * lets the older draft tags through); hash and mutable attributes are
 * matched by namespace URI, whatever prefix the document binds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SWID_TAG_H
#define IMCV_SWID_TAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SWID_TAG_NS "http://standards.iso.org/iso/19770/-2/2015/schema.xsd"

#define SWID_TAG_MAX_SIZE	(4u << 20)	/* bytes of XML */
#define SWID_TAG_MAX_ENTITIES	64
#define SWID_TAG_MAX_FILES	100000
#define SWID_TAG_MAX_NS		128	/* xmlns declarations in scope */

/* The role codes of swid_entityroles.role (database.md 2.7). */
enum swid_role {
	SWID_ROLE_AGGREGATOR = 0,
	SWID_ROLE_DISTRIBUTOR = 1,
	SWID_ROLE_LICENSOR = 2,
	SWID_ROLE_SOFTWARE_CREATOR = 3,
	SWID_ROLE_TAG_CREATOR = 4,
};

struct swid_entity {
	char *name;		/* owned */
	char *regid;		/* owned; "invalid.unavailable" when absent */
	unsigned roles;		/* bit (1u << enum swid_role) */
};

struct swid_file {
	char *dir;		/* owned; Directory root and names joined,
				 * e.g. "/usr/bin"; "" outside a Directory */
	char *name;		/* owned */
	int64_t size;		/* -1 unknown */
	bool is_mutable;
	/* owned, the hash attributes' hex as given, NULL when absent */
	char *sha1_hex;
	char *sha256_hex;
	char *sha384_hex;
	char *sha512_hex;
};

struct swid_tag {
	char *name;		/* owned, all strings below too */
	char *version;
	char *tag_id;		/* tagId, or the older uniqueId */
	char *version_scheme;	/* NULL if not given */
	struct swid_entity *entities;
	size_t entity_count;
	char *product;		/* Meta@product, NULL if none */
	struct swid_file *files;
	size_t file_count;
};

/*
 * Parses the tag of len bytes at xml (need not be NUL-terminated) into
 * *out. false when it is not well-formed XML, not namespace-well-formed,
 * over the limits above, or not a valid tag: no SoftwareIdentity root,
 * no name, version or tagId/uniqueId, no tagCreator Entity with a regid,
 * an Entity without name or role, a bad File size or mutable value. err
 * (errlen bytes, may be NULL) then says why and at which offset; *out is
 * empty. On success the caller frees *out with swid_tag_free.
 */
bool swid_tag_parse(const char *xml, size_t len, struct swid_tag *out,
		    char *err, size_t errlen);

void swid_tag_free(struct swid_tag *t);

/* Bit set of the role names of list (space separated); unknown ignored. */
unsigned swid_roles_parse(const char *list);

/* The name of role as the role attribute writes it, NULL if unknown. */
const char *swid_role_name(enum swid_role role);

/*
 * "<regid of the last tagCreator entity>__<tag_id>" (swima.md section
 * 7); caller frees. NULL when t has no tagCreator or out of memory.
 */
char *swid_tag_software_id(const struct swid_tag *t);

struct swid_tag_gen {
	const char *regid;		/* tag creator, e.g. "strongswan.org" */
	const char *entity_name;	/* e.g. "strongSwan Project" */
	const char *tag_id;
	const char *package;
	const char *version;
	const char *product;		/* e.g. "Debian 12 x86_64"; or NULL */
	bool pretty;			/* one element a line, indented */
};

/*
 * A minimal ISO 19770-2:2015 tag (swima.md section 4): SoftwareIdentity
 * with name, tagId, version and versionScheme="alphanumeric", one Entity
 * with name, regid and role="tagCreator", and Meta with product when
 * given; every value XML-escaped. NUL-terminated; caller frees. NULL
 * when a field but product is NULL, a value is not valid UTF-8 or holds
 * a character XML cannot carry, or out of memory.
 */
char *swid_tag_generate(const struct swid_tag_gen *g);

#endif /* IMCV_SWID_TAG_H */
