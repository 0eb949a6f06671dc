/*
 * test_os.c - the OS IMC's readers (imcs/os/os_info.c, dpkg_status.c)
 * on files of a temporary root, and the OS IMV's package check
 * (imvs/os/package_check.c) on a database made from schema/tables.sql
 * and data.sql with package rows of its own.
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
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "db.h"
#include "dpkg_status.h"
#include "os_info.h"
#include "package_check.h"
#include "schema_sql.h"

/* A temporary root tree; the fixture of the reader tests. */
struct tree {
	char dir[64];
};

static int tree_setup(void **state)
{
	struct tree *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	strcpy(t->dir, "/tmp/tnc-os-XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	*state = t;
	return 0;
}

static int tree_teardown(void **state)
{
	struct tree *t = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", t->dir);
	assert_int_equal(system(cmd), 0);
	free(t);
	return 0;
}

/* Writes text to <root>/<rel>, making its directories. */
static void put(struct tree *t, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", t->dir, rel);
	for (slash = strchr(path + strlen(t->dir) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0700);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* ------------------------------------------------------- name, version */

struct parse_case {
	enum os_source src;
	const char *text;
	bool ok;
	const char *name;
	const char *release;
};

static const struct parse_case parse_cases[] = {
	{ OS_SOURCE_OS_RELEASE,
	  "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	  "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n",
	  true, "Debian", "12" },
	{ OS_SOURCE_OS_RELEASE,
	  "NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\n"
	  "ID_LIKE=debian\n", true, "Ubuntu", "22.04" },
	/* quoted ID, unquoted VERSION_ID (Fedora), ID= must start a line */
	{ OS_SOURCE_OS_RELEASE,
	  "PLATFORM_ID=\"platform:f39\"\nID=\"fedora\"\nVERSION_ID=39\n",
	  true, "Fedora", "39" },
	/* no VERSION_ID (rolling releases) */
	{ OS_SOURCE_OS_RELEASE, "NAME=\"Arch Linux\"\nID=arch\n", true,
	  "Arch", "" },
	/* no ID at all */
	{ OS_SOURCE_OS_RELEASE, "NAME=\"Nothing\"\nVERSION_ID=\"1\"\n",
	  false, "", "" },
	{ OS_SOURCE_OS_RELEASE, "", false, "", "" },
	{ OS_SOURCE_LSB_RELEASE,
	  "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\n"
	  "DISTRIB_CODENAME=focal\n", true, "Ubuntu", "20.04" },
	{ OS_SOURCE_DEBIAN_VERSION, "12.4\n", true, "Debian", "12" },
	{ OS_SOURCE_DEBIAN_VERSION, "bookworm/sid\n", true, "Debian",
	  "bookworm/sid" },
};

static void test_os_release_parse(void **state)
{
	char name[64], release[64];
	size_t i;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *pc = &parse_cases[i];

		assert_int_equal(os_info_parse(pc->src, pc->text, name,
					       sizeof(name), release,
					       sizeof(release)), pc->ok);
		if (!pc->ok)
			continue;
		assert_string_equal(name, pc->name);
		assert_string_equal(release, pc->release);
	}
}

static void test_os_info_set(void **state)
{
	struct os_info info;

	os_info_set(&info, "Ubuntu", "22.04", "x86_64");
	assert_string_equal(info.name, "Ubuntu");
	assert_string_equal(info.version, "22.04 x86_64");
	assert_int_equal(info.type, OS_TYPE_UBUNTU);
	assert_int_equal(info.vendor, 28978);
	assert_int_equal(info.major, 22);
	assert_int_equal(info.minor, 4);

	os_info_set(&info, "Debian", "12", "aarch64");
	assert_string_equal(info.version, "12 aarch64");
	assert_int_equal(info.vendor, 9586);
	assert_int_equal(info.major, 12);
	assert_int_equal(info.minor, 0);

	os_info_set(&info, "Raspbian", "11", "armv7l");
	assert_string_equal(info.version, "11 armhf");
	assert_int_equal(info.type, OS_TYPE_RASPBIAN);

	os_info_set(&info, "Arch", "", "x86_64");
	assert_string_equal(info.version, "x86_64");
	assert_int_equal(info.type, OS_TYPE_UNKNOWN);
	assert_int_equal(info.vendor, 0);

	assert_int_equal(os_type_of("Red Hat Enterprise Linux"),
			 OS_TYPE_REDHAT);
	assert_int_equal(os_type_of("Android"), OS_TYPE_ANDROID);
	assert_int_equal(os_type_of(""), OS_TYPE_UNKNOWN);
}

static void test_os_info_read(void **state)
{
	struct tree *t = *state;
	struct os_info info;
	struct utsname uts;
	char want[128];

	assert_int_equal(uname(&uts), 0);
	assert_false(os_info_read(t->dir, &info));

	/* the last resort */
	put(t, "etc/debian_version", "11.7\n");
	assert_true(os_info_read(t->dir, &info));
	snprintf(want, sizeof(want), "11 %s", uts.machine);
	assert_string_equal(info.name, "Debian");
	assert_string_equal(info.version, want);

	/* os-release before lsb-release before debian_version */
	put(t, "etc/lsb-release", "DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=20.04\n");
	assert_true(os_info_read(t->dir, &info));
	assert_string_equal(info.name, "Ubuntu");
	put(t, "usr/lib/os-release", "ID=debian\nVERSION_ID=\"12\"\n");
	assert_true(os_info_read(t->dir, &info));
	snprintf(want, sizeof(want), "12 %s", uts.machine);
	assert_string_equal(info.name, "Debian");
	assert_string_equal(info.version, want);
	put(t, "etc/os-release", "ID=ubuntu\nVERSION_ID=\"24.04\"\n");
	assert_true(os_info_read(t->dir, &info));
	assert_string_equal(info.name, "Ubuntu");
	assert_int_equal(info.major, 24);
	assert_int_equal(info.minor, 4);
}

/* ------------------------------------------------------------ facts */

static void test_boot_time(void **state)
{
	struct tree *t = *state;
	char text[21];
	time_t boot = 0;

	assert_false(os_boot_time(t->dir, &boot));
	put(t, "proc/stat", "cpu  1 2 3 4\nintr 5\nbtime 1700000000\n"
			    "processes 42\n");
	assert_true(os_boot_time(t->dir, &boot));
	assert_int_equal(boot, 1700000000);
	os_rfc3339(boot, text);
	assert_string_equal(text, "2023-11-14T22:13:20Z");
	os_rfc3339(0, text);
	assert_string_equal(text, "0000-00-00T00:00:00Z");

	put(t, "proc/stat", "cpu  1 2 3 4\nbtime \n");
	assert_false(os_boot_time(t->dir, &boot));
	put(t, "proc/stat", "cpu  1 2 3 4\nxbtime 5\n");
	assert_false(os_boot_time(t->dir, &boot));
}

static void test_ip_forward(void **state)
{
	struct tree *t = *state;

	assert_int_equal(os_fwd_enabled(t->dir), 2);
	put(t, "proc/sys/net/ipv4/ip_forward", "0\n");
	assert_int_equal(os_fwd_enabled(t->dir), 0);
	put(t, "proc/sys/net/ipv4/ip_forward", "1\n");
	assert_int_equal(os_fwd_enabled(t->dir), 1);
	put(t, "proc/sys/net/ipv4/ip_forward", "");
	assert_int_equal(os_fwd_enabled(t->dir), 2);
	put(t, "proc/sys/net/ipv4/ip_forward", "x\n");
	assert_int_equal(os_fwd_enabled(t->dir), 2);
}

static void test_default_pwd(void **state)
{
	assert_false(os_default_pwd(NULL));
	assert_false(os_default_pwd(""));
	assert_false(os_default_pwd("no"));
	assert_true(os_default_pwd("yes"));
	assert_true(os_default_pwd("TRUE"));
	assert_true(os_default_pwd("1"));
}

static void test_device_id(void **state)
{
	struct tree *t = *state;
	char id[64];

	assert_false(os_device_id(t->dir, NULL, id, sizeof(id)));
	put(t, "var/lib/dbus/machine-id", "dbus0000\n");
	assert_true(os_device_id(t->dir, NULL, id, sizeof(id)));
	assert_string_equal(id, "dbus0000");
	/* an empty /etc/machine-id (first boot) is passed over */
	put(t, "etc/machine-id", "\n");
	assert_true(os_device_id(t->dir, NULL, id, sizeof(id)));
	assert_string_equal(id, "dbus0000");
	put(t, "etc/machine-id", "etc11111\n");
	assert_true(os_device_id(t->dir, NULL, id, sizeof(id)));
	assert_string_equal(id, "etc11111");
	/* only one newline goes */
	put(t, "etc/machine-id", "etc22222\n\n");
	assert_true(os_device_id(t->dir, NULL, id, sizeof(id)));
	assert_string_equal(id, "etc22222\n");
	/* a configured id wins, an empty one does not count */
	assert_true(os_device_id(t->dir, "configured", id, sizeof(id)));
	assert_string_equal(id, "configured");
	assert_true(os_device_id(t->dir, "", id, sizeof(id)));
	assert_string_equal(id, "etc22222\n");
}

/* ------------------------------------------------------------- dpkg */

static void test_dpkg_status(void **state)
{
	struct tree *t = *state;
	struct dpkg_list l;
	char path[512], *huge;
	FILE *f;

	snprintf(path, sizeof(path), "%s/status", t->dir);
	assert_false(dpkg_status_read(path, &l));
	dpkg_list_free(&l);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("Package: bash\nStatus: install ok installed\n"
	      "Version: 5.2.15-2+b2\nDescription: shell\n"
	      " Version: 0.0 (a continuation, not a field)\n\n"
	      "Package: gone\nStatus: deinstall ok config-files\n"
	      "Version: 1.0\n\n"
	      "Package: half\nStatus: install ok half-configured\n"
	      "Version: 2.0\n\n"
	      "Package: noversion\nStatus: install ok installed\n\n\n"
	      "Package: builds\nStatus: install ok installed\n"
	      "Version: 1.0\nBuild-Ids: ", f);
	huge = malloc(3 * DPKG_MAX_LINE);
	assert_non_null(huge);
	memset(huge, 'x', 3 * DPKG_MAX_LINE - 1);
	huge[3 * DPKG_MAX_LINE - 1] = '\0';
	/* a long line of a field we do not read (real files have them) */
	fputs(huge, f);
	/* a long Version: the stanza cannot be used */
	fputs("\n\nPackage: huge\nStatus: install ok installed\n"
	      "Version: ", f);
	fputs(huge, f);
	free(huge);
	fputs("\n\nVersion: 3.0\nStatus: install ok installed\n"
	      "Package: zlib1g\n", f);
	fclose(f);

	assert_true(dpkg_status_read(path, &l));
	assert_int_equal(l.count, 3);
	assert_int_equal(l.skipped, 1);
	assert_string_equal(l.pkgs[0].name, "bash");
	assert_string_equal(l.pkgs[0].version, "5.2.15-2+b2");
	assert_string_equal(l.pkgs[1].name, "builds");
	assert_string_equal(l.pkgs[1].version, "1.0");
	/* fields in any order, last stanza without an empty line */
	assert_string_equal(l.pkgs[2].name, "zlib1g");
	assert_string_equal(l.pkgs[2].version, "3.0");
	dpkg_list_free(&l);
}

/* ---------------------------------------------------- package check */

struct dbfx {
	struct tree t;
	sqlite3 *conn;
	struct db *db;
	int64_t product;
};

/* Rows of the check on product "Debian 12 x86_64" (104 in data.sql). */
static const char *const package_rows =
	"INSERT INTO packages (id, name) VALUES (101, 'openssl3'),"
	" (102, 'evil'), (103, 'coreutils'), (104, 'nothing-for-it'),"
	" (105, 'wrong-release');"
	"INSERT INTO versions (product, package, release, security,"
	" blacklist) VALUES"
	" (104, 101, '3.0.11-1', 1, 0),"
	" (104, 102, '*', 0, 1),"
	" (104, 103, '9.0-1', 1, 0),"
	" (104, 103, '9.1-1', 0, 0),"
	" (28, 104, '*', 1, 1),"
	" (104, 105, '1.0', 1, 0);";

static int db_setup(void **state)
{
	struct dbfx *fx = calloc(1, sizeof(*fx));
	char path[128], uri[160];

	assert_non_null(fx);
	strcpy(fx->t.dir, "/tmp/tnc-os-db-XXXXXX");
	assert_non_null(mkdtemp(fx->t.dir));
	snprintf(path, sizeof(path), "%s/config.db", fx->t.dir);
	snprintf(uri, sizeof(uri), "sqlite://%s", path);
	assert_int_equal(sqlite3_open(path, &fx->conn), SQLITE_OK);
	schema_sql_load(fx->conn, "tables.sql");
	schema_sql_load(fx->conn, "data.sql");
	assert_int_equal(sqlite3_exec(fx->conn, package_rows, NULL, NULL,
				      NULL), SQLITE_OK);
	fx->db = db_open(uri);
	assert_non_null(fx->db);
	fx->product = package_check_product(fx->db, "Debian 12 x86_64");
	assert_int_equal(fx->product, 104);
	*state = fx;
	return 0;
}

static int db_teardown(void **state)
{
	struct dbfx *fx = *state;
	char cmd[128];

	db_close(fx->db);
	sqlite3_close(fx->conn);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", fx->t.dir);
	assert_int_equal(system(cmd), 0);
	free(fx);
	return 0;
}

struct pkg_case {
	const char *name;
	const char *version;
	enum package_verdict verdict;
};

static const struct pkg_case pkg_cases[] = {
	{ "openssl3", "3.0.11-1", PACKAGE_VULNERABLE },
	{ "openssl3", "3.0.13-1", PACKAGE_UNKNOWN },	/* no match */
	{ "evil", "0.9", PACKAGE_BLACKLISTED },		/* any release */
	{ "coreutils", "9.1-1", PACKAGE_OK },
	{ "coreutils", "9.0-1", PACKAGE_VULNERABLE },
	{ "nothing-for-it", "1", PACKAGE_UNKNOWN },	/* other product */
	{ "wrong-release", "2.0", PACKAGE_UNKNOWN },
	{ "not-in-db", "1.0", PACKAGE_UNKNOWN },
};

static void test_package_check(void **state)
{
	struct dbfx *fx = *state;
	struct package_check pc = { 0 };
	enum package_verdict v;
	char text[128];
	size_t i;

	package_check_result(&pc, text, sizeof(text));
	assert_string_equal(text, "processed 0 packages: 0 vulnerable, "
			    "0 blacklisted, 0 ok, 0 unknown");
	assert_int_equal(package_check_eval(&pc),
			 TNC_IMV_EVALUATION_RESULT_COMPLIANT);

	for (i = 0; i < sizeof(pkg_cases) / sizeof(pkg_cases[0]); i++) {
		assert_true(package_check_one(fx->db, fx->product,
					      pkg_cases[i].name,
					      pkg_cases[i].version, &pc, &v));
		assert_int_equal(v, pkg_cases[i].verdict);
	}
	package_check_result(&pc, text, sizeof(text));
	assert_string_equal(text, "processed 8 packages: 2 vulnerable, "
			    "1 blacklisted, 1 ok, 4 unknown");
	assert_int_equal(package_check_eval(&pc),
			 TNC_IMV_EVALUATION_RESULT_NONCOMPLIANT_MINOR);
	assert_int_equal(pc.update_count, 2);
	assert_string_equal(pc.update[0], "openssl3");
	assert_string_equal(pc.update[1], "coreutils");
	assert_int_equal(pc.remove_count, 1);
	assert_string_equal(pc.remove[0], "evil");
	package_check_free(&pc);
}

static void test_package_check_compliant(void **state)
{
	struct dbfx *fx = *state;
	struct package_check pc = { 0 };
	char text[128];

	assert_true(package_check_one(fx->db, fx->product, "coreutils",
				      "9.1-1", &pc, NULL));
	assert_true(package_check_one(fx->db, fx->product, "bash", "5.2",
				      &pc, NULL));
	package_check_result(&pc, text, sizeof(text));
	assert_string_equal(text, "processed 2 packages: 0 vulnerable, "
			    "0 blacklisted, 1 ok, 1 unknown");
	assert_int_equal(package_check_eval(&pc),
			 TNC_IMV_EVALUATION_RESULT_COMPLIANT);
	package_check_free(&pc);

	/* a product without rows: everything unknown */
	assert_int_equal(package_check_product(fx->db, "Nothing 1 x"), 0);
	assert_true(package_check_one(fx->db, 0, "evil", "0.9", &pc, NULL));
	package_check_result(&pc, text, sizeof(text));
	assert_string_equal(text, "processed 1 packages: 0 vulnerable, "
			    "0 blacklisted, 0 ok, 1 unknown");
	package_check_free(&pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_os_release_parse),
		cmocka_unit_test(test_os_info_set),
		cmocka_unit_test_setup_teardown(test_os_info_read, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_boot_time, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_ip_forward, tree_setup,
						tree_teardown),
		cmocka_unit_test(test_default_pwd),
		cmocka_unit_test_setup_teardown(test_device_id, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_dpkg_status, tree_setup,
						tree_teardown),
		cmocka_unit_test_setup_teardown(test_package_check, db_setup,
						db_teardown),
		cmocka_unit_test_setup_teardown(test_package_check_compliant,
						db_setup, db_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
