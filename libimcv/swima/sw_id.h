/*
 * sw_id.h - SWIMA software identifiers (swima.md section 4): the ones
 * made for the packages of a Debian-type system, as the sw-collector
 * stores them and the SWIMA IMC reports them, and the ones read from
 * the head of a .swidtag file.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef IMCV_SW_ID_H
#define IMCV_SW_ID_H

#include <stdbool.h>
#include <stddef.h>

/* The default tag creator (libimcv.swid_gen.tag_creator.regid). */
#define SW_ID_DEFAULT_REGID "strongswan.org"

/* How much of a .swidtag file sw_id_from_tag looks at. */
#define SW_ID_TAG_HEAD 1023

/*
 * "<regid>__<os_name>_<os_version>-<arch>-<package>-<version>", the first
 * letter of os_name capitalised and every ':' and '+' replaced by '~';
 * with an empty version the last '-' is omitted. Caller frees; NULL when
 * out of memory.
 */
char *sw_id_make(const char *regid, const char *os_name,
		 const char *os_version, const char *arch,
		 const char *package, const char *version);

/*
 * Splits the OS IMC's version string ("12 x86_64", struct os_info
 * version) at its last blank into the release ("12") and the machine
 * ("x86_64"). Without a blank the whole string is the release and the
 * machine is empty. false when either does not fit its buffer.
 */
bool sw_id_split_os_version(const char *os_version, char *release,
			    size_t release_len, char *arch, size_t arch_len);

/*
 * The identifier "<regid>__<tagId>" of a SWID tag, from at most the first
 * SW_ID_TAG_HEAD bytes of xml: the first tagId="..." attribute and the
 * first regid="..." after it (a NUL byte ends the search). *out is
 * allocated (caller frees) on success; false when either attribute is
 * absent, empty or not closed in that window, or when out of memory.
 */
bool sw_id_from_tag(const char *xml, size_t len, char **out);

#endif /* IMCV_SW_ID_H */
