/*
 * fuzz_swid_tag.c - libFuzzer target for the SWID tag reader
 * (libimcv/swima/swid_tag.c) and its XML tokenizer (xml_scan.c): tags
 * come from endpoints (SWIMA IMV) and from .swidtag files (SWIMA IMC).
 *
 * Besides not crashing, it checks what the reader promises: the tokens
 * stay within the limits of xml_scan.h, an accepted tag has a software
 * identifier, and the generator turns an accepted tag's values back
 * into a tag that parses to the same values.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "swid_tag.h"
#include "xml_scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void tokens(const char *xml, size_t len)
{
	struct xml_scan *s = xml_scan_new(xml, len, true);
	struct xml_token tok;
	enum xml_tok t;

	if (!s)
		return;
	while ((t = xml_scan_next(s, &tok)) != XML_TOK_EOF &&
	       t != XML_TOK_ERROR) {
		if (tok.depth > XML_MAX_DEPTH || tok.attr_count > XML_MAX_ATTRS)
			abort();
		for (size_t i = 0; i < tok.attr_count; i++)
			if (strlen(tok.attrs[i].value) !=
				    tok.attrs[i].value_len ||
			    tok.attrs[i].value_len > XML_MAX_VALUE)
				abort();
		if (t == XML_TOK_TEXT && strlen(tok.text) != tok.text_len)
			abort();
	}
	if ((t == XML_TOK_ERROR) != (xml_scan_error(s, NULL) != XML_OK))
		abort();
	xml_scan_free(s);
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The tag's values, generated and parsed again, come back unchanged. */
static void regenerate(const struct swid_tag *t)
{
	const struct swid_entity *creator = NULL;
	struct swid_tag_gen g;
	struct swid_tag again;
	char *xml, err[128];

	for (size_t i = 0; i < t->entity_count; i++)
		if (t->entities[i].roles & 1u << SWID_ROLE_TAG_CREATOR)
			creator = &t->entities[i];
	g = (struct swid_tag_gen){
		.regid = creator->regid, .entity_name = creator->name,
		.tag_id = t->tag_id, .package = t->name,
		.version = t->version, .product = t->product,
	};
	xml = swid_tag_generate(&g);
	if (!xml)
		abort();
	if (!swid_tag_parse(xml, strlen(xml), &again, err, sizeof(err)))
		abort();
	if (!same(again.name, t->name) || !same(again.version, t->version) ||
	    !same(again.tag_id, t->tag_id) ||
	    !same(again.product, t->product) ||
	    !same(again.entities[0].regid, creator->regid) ||
	    !same(again.entities[0].name, creator->name))
		abort();
	swid_tag_free(&again);
	free(xml);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct swid_tag t;
	char err[256], *id;

	tokens((const char *)data, size);
	if (!swid_tag_parse((const char *)data, size, &t, err, sizeof(err))) {
		if (!err[0] || t.entities || t.files || t.name)
			abort();
		return 0;
	}
	id = swid_tag_software_id(&t);
	if (!id || !t.name[0] || !t.tag_id[0])
		abort();
	for (size_t i = 0; i < t.file_count; i++)
		if (!t.files[i].name || !t.files[i].dir || t.files[i].size < -1)
			abort();
	regenerate(&t);
	free(id);
	swid_tag_free(&t);
	return 0;
}
