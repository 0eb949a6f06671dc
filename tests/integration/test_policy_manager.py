"""imv_policy_manager on a populated policy database.

Each test builds a database from schema/tables.sql and schema/data.sql,
adds devices, sessions, groups and results, runs the program the way an
IMV does ("imv_policy_manager start|stop <id>") and checks the rows it
leaves and the lines it prints.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tnctest  # noqa: E402

MANAGER = os.path.join(tnctest.BUILD_DIR, 'programs', 'imv_policy_manager')

ALLOW, NO_ACCESS, ISOLATE, NONE = 0, 1, 2, 3
DEBIAN12 = 104          # 'Debian 12 x86_64', default group 17


class PolicyManagerTest(unittest.TestCase):

    def setUp(self):
        if not os.access(MANAGER, os.X_OK):
            self.skipTest('imv_policy_manager not built')
        self.tmp = tempfile.TemporaryDirectory(prefix='tnc-pm-')
        self.path = os.path.join(self.tmp.name, 'config.db')
        self.db = tnctest.make_policy_db(self.path)
        self.conf = os.path.join(self.tmp.name, 'pm.conf')
        self.hook_log = os.path.join(self.tmp.name, 'hooks.log')
        self.write_conf()
        self.now = int(time.time())

    def tearDown(self):
        self.db.close()
        self.tmp.cleanup()

    def write_conf(self, **extra):
        lines = ['database = sqlite://' + self.path]
        lines += ['%s = "%s"' % kv for kv in extra.items()]
        with open(self.conf, 'w') as f:
            f.write('\n'.join(lines) + '\n')

    def run_pm(self, *args, env=None):
        full_env = dict(os.environ, **tnctest.SANITIZER_ENV)
        full_env.pop('TNC_POLICY_MANAGER_CONF', None)
        full_env.pop('TNC_DATABASE', None)
        full_env.update(env or {})
        p = subprocess.run([MANAGER] + list(args), capture_output=True,
                           text=True, timeout=30, env=full_env)
        self.assertEqual(tnctest.sanitizer_findings(p.stderr), [],
                         p.stderr)
        return p

    def start(self, sid, expect_rc=0):
        p = self.run_pm('-c', self.conf, 'start', str(sid))
        self.assertEqual(p.returncode, expect_rc, p.stdout + p.stderr)
        return p

    def stop(self, sid, expect_rc=0):
        p = self.run_pm('-c', self.conf, 'stop', str(sid))
        self.assertEqual(p.returncode, expect_rc, p.stdout + p.stderr)
        return p

    # --- database helpers -------------------------------------------

    def q(self, sql, *args):
        return self.db.execute(sql, args).fetchall()

    def x(self, sql, *args):
        cur = self.db.execute(sql, args)
        self.db.commit()
        return cur.lastrowid

    def device(self, value='dev', product=DEBIAN12, created=None,
               groups=()):
        d = self.x('INSERT INTO devices (value, product, created) '
                   'VALUES (?, ?, ?)', value, product, created)
        for g in groups:
            self.x('INSERT INTO groups_members (group_id, device_id) '
                   'VALUES (?, ?)', g, d)
        return d

    def session(self, device, product=DEBIAN12, time_=None, rec=NONE,
                ip=None):
        s = self.x('INSERT INTO sessions (time, connection, product, '
                   'device, rec) VALUES (?, 1, ?, ?, ?)',
                   self.now if time_ is None else time_, product, device,
                   rec)
        if ip is not None:
            itype = 2 if ':' in ip else 1
            self.x('INSERT OR IGNORE INTO identities (type, value) '
                   'VALUES (?, ?)', itype, ip.encode())
            i = self.q('SELECT id FROM identities WHERE type = ? AND '
                       'value = ?', itype, ip.encode())[0][0]
            self.x('INSERT INTO sessions_identities (session_id, '
                   'identity_id) VALUES (?, ?)', s, i)
        return s

    def group(self, name, parent=None):
        return self.x('INSERT INTO groups (name, parent) VALUES (?, ?)',
                      name, parent)

    def policy(self, ptype, name, argument='', rec_fail=NO_ACCESS,
               rec_noresult=ISOLATE, file=0, dir_=0):
        return self.x('INSERT INTO policies (type, name, argument, '
                      'rec_fail, rec_noresult, file, dir) '
                      'VALUES (?, ?, ?, ?, ?, ?, ?)', ptype, name, argument,
                      rec_fail, rec_noresult, file, dir_)

    def enforce(self, policy, group, max_age=0, rec_fail=None,
                rec_noresult=None):
        return self.x('INSERT INTO enforcements (policy, group_id, '
                      'rec_fail, rec_noresult, max_age) '
                      'VALUES (?, ?, ?, ?, ?)', policy, group, rec_fail,
                      rec_noresult, max_age)

    def workitems(self, sid):
        return self.q('SELECT enforcement, type, arg_str, arg_int, '
                      'rec_fail, rec_noresult, rec_final, result '
                      'FROM workitems WHERE session = ? ORDER BY id', sid)

    def enforcements_of(self, sid):
        return sorted(r[0] for r in self.workitems(sid))

    # --- start --------------------------------------------------------

    def test_every_policy_type_creates_its_workitem(self):
        g = self.group('All types')
        f = self.x("INSERT INTO files (dir, name) VALUES (8, 'ssh')")
        d = self.x("INSERT INTO directories (path) VALUES ('/opt/bin')")
        args = {11: '22 80 8000-8100', 12: '23', 13: '500 4500',
                14: '69', 15: 'S', 16: 'BI'}
        expect = []
        for ptype in range(17):
            p = self.policy(ptype, 'type %d' % ptype, args.get(ptype, ''),
                            rec_fail=NO_ACCESS, rec_noresult=ISOLATE,
                            file=f, dir_=d)
            e = self.enforce(p, g)
            arg_int = f if ptype in (5, 6, 7) else d if ptype in (8, 9, 10) \
                else 0
            expect.append((e, ptype, args.get(ptype, ''), arg_int,
                           NO_ACCESS, ISOLATE, None, None))
        dev = self.device(created=self.now - 100, groups=[g])
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual(self.workitems(sid), expect)

    def test_enforcement_overrides_recommendations(self):
        g = self.group('Overrides')
        p = self.policy(11, 'ports', '22', rec_fail=NO_ACCESS,
                        rec_noresult=NO_ACCESS)
        self.enforce(p, g, rec_fail=ISOLATE, rec_noresult=None)
        p2 = self.policy(12, 'blocked', '23', rec_fail=ISOLATE,
                         rec_noresult=ISOLATE)
        # 0 (allow) as an override is read as "no override", as the
        # reference does
        self.enforce(p2, g, rec_fail=0, rec_noresult=NO_ACCESS)
        dev = self.device(created=self.now, groups=[g])
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual([(w[4], w[5]) for w in self.workitems(sid)],
                         [(ISOLATE, NO_ACCESS), (ISOLATE, NO_ACCESS)])

    def test_new_device_joins_product_default_group_and_its_parents(self):
        dev = self.device(product=DEBIAN12)
        sid = self.session(dev)
        p = self.start(sid)
        self.assertIn('imv_policy_manager start successful', p.stderr)
        # group 17 (enforcements 19, 20) -> Linux 2 (3, 6, 9)
        # -> Default 1 (1, 7, 8)
        self.assertEqual(self.enforcements_of(sid),
                         [1, 3, 6, 7, 8, 9, 19, 20])
        self.assertEqual(self.q('SELECT group_id FROM groups_members '
                                'WHERE device_id = ?', dev), [(17,)])
        created = self.q('SELECT created FROM devices WHERE id = ?', dev)
        self.assertAlmostEqual(created[0][0], self.now, delta=5)
        w = {r[0]: r for r in self.workitems(sid)}
        self.assertEqual(w[8][1:6], (13, '500 4500 10000-65000', 0,
                                     NO_ACCESS, NO_ACCESS))
        self.assertEqual(w[19][1:6], (6, '', 7, ISOLATE, ISOLATE))

    def test_product_without_default_group_gets_default(self):
        product = self.q("SELECT id FROM products "
                         "WHERE name = 'Ubuntu 10.04 i686'")[0][0]
        dev = self.device(product=product)
        sid = self.session(dev, product=product)
        self.start(sid)
        self.assertEqual(self.enforcements_of(sid), [1, 7, 8])
        self.assertEqual(self.q('SELECT group_id FROM groups_members '
                                'WHERE device_id = ?', dev), [(1,)])

    def test_session_without_device_gets_default_group_only(self):
        sid = self.session(0, product=0)
        self.start(sid)
        self.assertEqual(self.enforcements_of(sid), [1, 7, 8])
        self.assertEqual(self.q('SELECT COUNT(*) FROM groups_members'),
                         [(0,)])

    def test_device_in_two_groups_gets_union_with_parents(self):
        parent = self.group('Parent')
        a = self.group('A', parent)
        b = self.group('B')
        pp = self.policy(3, 'fwd')
        pa = self.policy(11, 'tcp', '22')
        pb = self.policy(13, 'udp', '53')
        ep = self.enforce(pp, parent)
        ea = self.enforce(pa, a)
        eb = self.enforce(pb, b)
        dev = self.device(created=self.now - 5, groups=[a, b])
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual(self.enforcements_of(sid), sorted([ep, ea, eb]))
        # the device keeps its groups: nothing added
        self.assertEqual(len(self.q('SELECT * FROM groups_members '
                                    'WHERE device_id = ?', dev)), 2)

    def test_known_device_without_groups_gets_nothing(self):
        dev = self.device(created=self.now - 5)
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual(self.workitems(sid), [])

    def test_recent_allow_skips_enforcement(self):
        dev = self.device(created=self.now - 1000, groups=[1])
        old = self.session(dev, time_=self.now - 30)
        # policy 8 (enforcement 7, max_age 60) allowed 30 s ago;
        # policy 9 (enforcement 8, max_age 60) blocked 30 s ago;
        # policy 1 (enforcement 1, max_age 86400) allowed 30 s ago
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 8, 0, 'no violating tcp ports')", old)
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 9, 1, 'violating udp ports: 53')", old)
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 1, 0, 'ok')", old)
        sid = self.session(dev)
        p = self.start(sid)
        self.assertEqual(self.enforcements_of(sid), [8])
        self.assertIn('skipping enforcement 1\n', p.stdout)
        self.assertIn('skipping enforcement 7\n', p.stdout)
        self.assertNotIn('skipping enforcement 8', p.stdout)

    def test_allow_older_than_max_age_or_newer_block_does_not_skip(self):
        dev = self.device(created=self.now - 1000, groups=[1])
        old = self.session(dev, time_=self.now - 120)
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 8, 0, 'ok')", old)      # older than 60 s
        allowed = self.session(dev, time_=self.now - 20)
        blocked = self.session(dev, time_=self.now - 10)
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 1, 0, 'ok')", allowed)
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 1, 1, 'bad')", blocked)  # newest is a block
        sid = self.session(dev)
        p = self.start(sid)
        self.assertEqual(self.enforcements_of(sid), [1, 7, 8])
        self.assertNotIn('skipping', p.stdout)

    def test_allow_of_another_device_does_not_skip(self):
        dev = self.device('a', created=self.now - 1000, groups=[1])
        other = self.device('b', created=self.now - 1000, groups=[1])
        old = self.session(other, time_=self.now - 5)
        self.x('INSERT INTO results (session, policy, rec, result) '
               "VALUES (?, 8, 0, 'ok')", old)
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual(self.enforcements_of(sid), [1, 7, 8])

    def test_swid_identifier_request_asks_from_next_event(self):
        g = self.group('SWIMA')
        self.enforce(17, g)     # 'SWID Tag IDs', argument 'R'
        self.enforce(18, g)     # 'SWID Tags', no 'R'
        dev = self.device(created=self.now, groups=[g])
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual([(w[1], w[2], w[3]) for w in self.workitems(sid)],
                         [(15, 'R', 1), (15, '', 0)])
        for eid in (7, 41, 3):
            self.x('INSERT INTO swid_events (device, epoch, eid, '
                   "timestamp) VALUES (?, 1, ?, '2026-11-22T10:00:00Z')",
                   dev, eid)
        sid2 = self.session(dev)
        self.start(sid2)
        self.assertEqual([(w[1], w[2], w[3]) for w in self.workitems(sid2)],
                         [(15, 'R', 42), (15, '', 0)])

    def test_same_policy_through_two_groups_gives_two_workitems(self):
        a = self.group('A')
        b = self.group('B')
        p = self.policy(11, 'tcp', '')
        ea = self.enforce(p, a)
        eb = self.enforce(p, b)
        dev = self.device(created=self.now, groups=[a, b])
        sid = self.session(dev)
        self.start(sid)
        self.assertEqual(self.enforcements_of(sid), [ea, eb])

    def test_unknown_session_fails(self):
        p = self.start(999, expect_rc=1)
        self.assertIn('session 999 not found', p.stdout)
        self.assertIn('imv_policy_manager start failed', p.stderr)

    def test_group_cycle_fails_without_workitems(self):
        a = self.group('A')
        b = self.group('B', a)
        self.x('UPDATE groups SET parent = ? WHERE id = ?', b, a)
        self.enforce(self.policy(11, 'tcp'), a)
        dev = self.device(created=self.now, groups=[b])
        sid = self.session(dev)
        p = self.start(sid, expect_rc=1)
        self.assertIn('deeper than', p.stdout)
        # one transaction: nothing of the failed run is left
        self.assertEqual(self.workitems(sid), [])

    # --- stop ---------------------------------------------------------

    def finish(self, sid, enforcement, rec, result):
        self.x('UPDATE workitems SET rec_final = ?, result = ? '
               'WHERE session = ? AND enforcement = ?', rec, result, sid,
               enforcement)

    def test_stop_archives_results_and_runs_allow_hook(self):
        self.write_conf(command_allow='echo allow %s >> ' + self.hook_log,
                        command_block='echo block %s >> ' + self.hook_log)
        dev = self.device()
        sid = self.session(dev, ip='192.0.2.7')
        self.start(sid)
        self.finish(sid, 7, ALLOW, 'no violating tcp ports')
        self.finish(sid, 8, NO_ACCESS, 'violating udp ports: 53')
        self.x('UPDATE sessions SET rec = 0 WHERE id = ?', sid)
        p = self.stop(sid)
        self.assertIn('recommendation for access requestor 192.0.2.7 is '
                      'allow\n', p.stdout)
        self.assertIn('successful system command: echo allow 192.0.2.7',
                      p.stdout)
        self.assertEqual(self.q('SELECT session, policy, rec, result '
                                'FROM results ORDER BY id'),
                         [(sid, 8, ALLOW, 'no violating tcp ports'),
                          (sid, 9, NO_ACCESS, 'violating udp ports: 53')])
        self.assertEqual(self.workitems(sid), [])
        with open(self.hook_log) as f:
            self.assertEqual(f.read(), 'allow 192.0.2.7\n')

    def test_stop_runs_block_hook_for_isolate_and_no_access(self):
        self.write_conf(command_allow='echo allow %s >> ' + self.hook_log,
                        command_block='echo block %s %s >> ' +
                        self.hook_log)
        for rec, ip, name in ((ISOLATE, '2001:db8::5', 'isolate'),
                              (NO_ACCESS, '198.51.100.1', 'no access')):
            sid = self.session(0, product=0, rec=rec, ip=ip)
            p = self.stop(sid)
            self.assertIn('recommendation for access requestor %s is %s\n'
                          % (ip, name), p.stdout)
        with open(self.hook_log) as f:
            self.assertEqual(f.read(), 'block 2001:db8::5 2001:db8::5\n'
                             'block 198.51.100.1 198.51.100.1\n')

    def test_stop_without_ip_archives_but_reports_failure(self):
        self.write_conf(command_allow='echo allow %s >> ' + self.hook_log)
        sid = self.session(0, product=0, rec=ALLOW)
        self.start(sid)
        self.finish(sid, 1, ALLOW, 'processed 3 packages: 0 vulnerable, '
                    '0 blacklisted, 3 ok, 0 unknown')
        p = self.stop(sid, expect_rc=1)
        self.assertIn('recommendation for access requestor 0.0.0.0 is '
                      'allow', p.stdout)
        self.assertEqual(self.q('SELECT policy, rec FROM results'),
                         [(1, ALLOW)])
        self.assertFalse(os.path.exists(self.hook_log))

    def test_stop_never_puts_a_non_address_into_a_shell(self):
        self.write_conf(command_block='echo block %s >> ' + self.hook_log)
        sid = self.session(0, product=0, rec=NO_ACCESS,
                           ip='1.2.3.4; touch ' + self.hook_log + '.pwned')
        p = self.stop(sid, expect_rc=1)
        self.assertIn('no system command run', p.stdout)
        self.assertFalse(os.path.exists(self.hook_log + '.pwned'))
        self.assertFalse(os.path.exists(self.hook_log))

    def test_stop_keeps_unevaluated_workitems_out_of_results(self):
        sid = self.session(0, product=0, rec=ALLOW, ip='192.0.2.1')
        self.start(sid)
        self.finish(sid, 8, ALLOW, 'no violating udp ports')
        self.stop(sid)
        self.assertEqual(self.q('SELECT policy FROM results'), [(9,)])
        self.assertEqual(self.q('SELECT COUNT(*) FROM workitems'), [(0,)])

    def test_next_session_skips_what_the_last_stop_allowed(self):
        dev = self.device()
        sid = self.session(dev, ip='192.0.2.9')
        self.start(sid)
        self.finish(sid, 7, ALLOW, 'no violating tcp ports')
        self.x('UPDATE sessions SET rec = 0 WHERE id = ?', sid)
        self.stop(sid)
        sid2 = self.session(dev, ip='192.0.2.9')
        p = self.start(sid2)
        self.assertIn('skipping enforcement 7', p.stdout)
        self.assertNotIn(7, self.enforcements_of(sid2))

    # --- command line and configuration ----------------------------

    def test_usage_errors(self):
        for args in ([], ['start'], ['begin', '1'], ['start', 'x'],
                     ['start', '0'], ['start', '1', '2'],
                     ['stop', '12abc']):
            p = self.run_pm(*args)
            self.assertEqual(p.returncode, 64, args)
            self.assertIn('Usage: imv_policy_manager', p.stderr)

    def test_database_from_environment(self):
        sid = self.session(0, product=0)
        p = self.run_pm('start', str(sid), env={
            'TNC_POLICY_MANAGER_CONF': '',
            'TNC_DATABASE': 'sqlite://' + self.path})
        # /etc/tnc/imv_policy_manager.conf may exist on a test machine:
        # only check when it does not
        if not os.path.exists('/etc/tnc/imv_policy_manager.conf'):
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(self.enforcements_of(sid), [1, 7, 8])

    def test_missing_or_bad_database(self):
        empty = os.path.join(self.tmp.name, 'empty.conf')
        with open(empty, 'w') as f:
            f.write('# nothing\n')
        p = self.run_pm('-c', empty, 'start', '1')
        self.assertEqual(p.returncode, 66)
        self.assertIn('database uri not defined', p.stderr)
        for uri, why in (('sqlite://' + self.tmp.name + '/none.db',
                          'opening database'),
                         ('mysql://x', 'unknown scheme'),
                         ('sqlite://' + self.conf, 'not an SQLite')):
            with open(empty, 'w') as f:
                f.write('database = %s\n' % uri)
            p = self.run_pm('-c', empty, 'start', '1')
            self.assertEqual(p.returncode, 66, uri)
            self.assertIn(why, p.stderr)

    def test_bad_config_line_is_reported_with_line_number(self):
        bad = os.path.join(self.tmp.name, 'bad.conf')
        with open(bad, 'w') as f:
            f.write('database = sqlite://%s\ncomand_allow = x\n'
                    % self.path)
        p = self.run_pm('-c', bad, 'start', '1')
        self.assertEqual(p.returncode, 66)
        self.assertIn('bad.conf:2', p.stderr)


if __name__ == '__main__':
    unittest.main(verbosity=2)
