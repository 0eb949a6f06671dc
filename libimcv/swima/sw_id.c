/*
 * sw_id.c - SWIMA software identifiers (sw_id.h, swima.md section 4).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "sw_id.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters strongTNC cannot take in an identifier, and their stand-in. */
static const char bad_chars[] = ":+";
#define SW_ID_STAND_IN '~'

char *sw_id_make(const char *regid, const char *os_name,
		 const char *os_version, const char *arch,
		 const char *package, const char *version)
{
	char *id = NULL, *p;
	int n;

	if (version[0])
		n = asprintf(&id, "%s__%s_%s-%s-%s-%s", regid, os_name,
			     os_version, arch, package, version);
	else
		n = asprintf(&id, "%s__%s_%s-%s-%s", regid, os_name,
			     os_version, arch, package);
	if (n < 0)
		return NULL;
	/* The OS name as the OS IMC reports it: "Ubuntu", not "ubuntu". */
	p = id + strlen(regid) + 2;
	*p = (char)toupper((unsigned char)*p);
	for (p = id; (p = strpbrk(p, bad_chars)); p++)
		*p = SW_ID_STAND_IN;
	return id;
}

bool sw_id_split_os_version(const char *os_version, char *release,
			    size_t release_len, char *arch, size_t arch_len)
{
	const char *blank = strrchr(os_version, ' ');
	size_t rlen = blank ? (size_t)(blank - os_version) : strlen(os_version);
	const char *machine = blank ? blank + 1 : "";

	if (rlen >= release_len || strlen(machine) >= arch_len)
		return false;
	memcpy(release, os_version, rlen);
	release[rlen] = '\0';
	strcpy(arch, machine);
	return true;
}

/*
 * The value of the first attr="..." at or after from; NULL when there is
 * none, it is empty or unclosed. *len is its length, *next the position
 * after its closing quote.
 */
static const char *attr_value(const char *from, const char *attr,
			      size_t *len, const char **next)
{
	const char *v = strstr(from, attr), *end;

	if (!v)
		return NULL;
	v += strlen(attr);
	end = strchr(v, '"');
	if (!end || end == v)
		return NULL;
	*len = (size_t)(end - v);
	*next = end + 1;
	return v;
}

bool sw_id_from_tag(const char *xml, size_t len, char **out)
{
	char head[SW_ID_TAG_HEAD + 1];
	const char *tag_id, *regid, *next;
	size_t tag_id_len, regid_len;

	*out = NULL;
	if (len > SW_ID_TAG_HEAD)
		len = SW_ID_TAG_HEAD;
	memcpy(head, xml, len);
	head[len] = '\0';
	tag_id = attr_value(head, "tagId=\"", &tag_id_len, &next);
	if (!tag_id)
		return false;
	regid = attr_value(next, "regid=\"", &regid_len, &next);
	if (!regid)
		return false;
	if (asprintf(out, "%.*s__%.*s", (int)regid_len, regid,
		     (int)tag_id_len, tag_id) < 0) {
		*out = NULL;
		return false;
	}
	return true;
}
