// Browser tests of tnc-web's pages, run by
// tests/integration/test_web_pages.py, which starts tnc-web over a
// fresh policy database and passes (environment):
//   TNC_WEB_URL      http://127.0.0.1:PORT
//   TNC_ADMIN        admin user:password
//   TNC_READER       read-only user:password
//   TNC_DEVICE       id of the device with the open-port sessions
//   TNC_BLOCK_SESSION id of its Block session
//   TNC_SCREENSHOTS  directory the screenshots are written to
// Debian's chromium, headless, driven by playwright-core.
//
// SPDX-License-Identifier: GPL-2.0-or-later
'use strict';

const assert = require('assert');
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.env.TNC_WEB_URL;
const shots = process.env.TNC_SCREENSHOTS;
const TCPOP_POLICY = 8;	// "No Open TCP Ports" in schema/data.sql

function credentials(name) {
	const v = process.env[name];
	const i = v.indexOf(':');
	return { user: v.slice(0, i), password: v.slice(i + 1) };
}

async function logIn(browser, who) {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(base + '/policies/');
	// not logged in: sent to the log-in form
	assert.strictEqual(new URL(page.url()).pathname, '/login/');
	await page.fill('input[name=username]', who.user);
	await page.fill('input[name=password]', who.password);
	await submit(page, 'button[type=submit]');
	assert.strictEqual(new URL(page.url()).pathname, '/');
	return { context, page };
}

// Clicks a button that submits a form and waits for the answer page.
async function submit(page, selector) {
	await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

async function shot(page, name) {
	await page.screenshot({ path: path.join(shots, name + '.png'),
				fullPage: true });
}

async function adminEditsPortRange(browser) {
	const { context, page } = await logIn(browser,
					      credentials('TNC_ADMIN'));
	// the overview: counts by their names, the latest sessions with the
	// Block one flagged
	assert.match(await page.locator('ul.counts').innerText(),
		     /1\s*Devices[\s\S]*2\s*Sessions/);
	const latest = page.locator('table.sessions tbody tr');
	assert.strictEqual(await latest.count(), 2);
	assert.match(await latest.nth(0).innerText(),
		     /^2023-11-14 22:16:40 UTC\tcarol\ta1b2c3d4\tDebian 6.0 i686\tallow$/);
	assert.match(await latest.nth(1).innerText(), /\tno access$/);
	assert.strictEqual(await latest.nth(0).getAttribute('class'), null);
	assert.strictEqual(await latest.nth(1).getAttribute('class'),
			   'flagged');
	assert.strictEqual(await latest.nth(1).locator('.rec-1').innerText(),
			   'no access');
	// the navigation is one line at 1280 px
	const nav = await page.locator('nav').boundingBox();
	assert.ok(nav.height < 50, 'nav height ' + nav.height);
	await shot(page, 'overview');
	await page.goto(base + '/policies/?q=open+tcp');
	assert.strictEqual(await page.locator('h1').innerText(), 'Policies');
	assert.deepStrictEqual(await page.locator('thead th').allInnerTexts(),
		['Type', 'Name', 'Argument', 'On failure', 'On no result',
		 'File', 'Directory']);
	assert.match(await page.locator('p', { hasText: ' of ' }).innerText(),
		     /^1 of 1 row, page 1\./);
	await shot(page, 'policies');
	await Promise.all([page.waitForNavigation(),
		page.click('a:has-text("No Open TCP Ports")')]);
	assert.strictEqual(new URL(page.url()).pathname,
			   '/policies/' + TCPOP_POLICY + '/');
	assert.strictEqual(await page.locator('h1').innerText(),
			   'Policy: No Open TCP Ports');
	// the type is chosen by name; the recommendations keep theirs
	const type = page.locator('form.edit select[name=type]');
	assert.strictEqual(await type.inputValue(), 'TCPOP');
	assert.strictEqual(await type.locator('option:checked').innerText(),
			   'Open TCP Listening Ports (TCPOP)');
	assert.strictEqual(await type.locator('option').count(), 17);
	assert.strictEqual(await page.locator('form.edit select[name=rec_fail] '
		+ 'option:checked').innerText(), 'no access');
	assert.strictEqual(await page.locator('form.edit label', {
		hasText: 'On no result' }).locator('select').getAttribute(
		'name'), 'rec_noresult');
	// Delete is its own form, apart from Save, and asks first
	assert.strictEqual(await page.locator('form.edit button', {
		hasText: 'Delete' }).count(), 0);
	const del = page.locator('section.danger form.delete');
	assert.match(await del.getAttribute('onsubmit'),
		     /^return confirm\('Delete this policy\?/);
	assert.strictEqual(await del.locator('button').innerText(),
			   'Delete policy');
	await page.fill('form.edit input[name=argument]', '2024 8000-8080');
	await submit(page, 'form.edit button:has-text("Save")');
	assert.strictEqual(new URL(page.url()).pathname,
			   '/policies/' + TCPOP_POLICY + '/');
	assert.strictEqual(await page.locator('table.object tr',
		{ hasText: 'Argument' }).locator('td').innerText(),
		'2024 8000-8080');
	// the enforcement names its group; no bare id columns
	assert.deepStrictEqual(await page.locator('h2:has-text("Enforcements")'
		+ ' + table thead th').allInnerTexts(),
		['Group', 'On failure', 'On no result', 'Max age (s)']);
	assert.match(await page.locator('h2:has-text("Enforcements") + table '
		+ 'tbody').innerText(), /^Default\tas policy\tas policy\t60$/);
	await shot(page, 'policy');

	// a bad port range: the message in the page, nothing saved
	await page.fill('form.edit input[name=argument]', '80-70000');
	await submit(page, 'form.edit button:has-text("Save")');
	const alert = await page.locator('.error[role=alert]').innerText();
	assert.match(alert, /^argument: bad port range: /);
	assert.strictEqual(await page.locator('table.object tr',
		{ hasText: 'Argument' }).locator('td').innerText(),
		'2024 8000-8080');
	await shot(page, 'policy-error');

	// a type whose argument does not fit: refused, the choice kept
	await page.goto(base + '/policies/' + TCPOP_POLICY + '/');
	await page.selectOption('form.edit select[name=type]', 'FREFM');
	await submit(page, 'form.edit button:has-text("Save")');
	assert.strictEqual(await page.locator('.error[role=alert]')
		.innerText(), 'policy type FREFM needs a file');
	assert.strictEqual(await page.locator('form.edit select[name=type]')
		.inputValue(), 'FREFM');
	assert.strictEqual(await page.locator('table.object tr',
		{ hasText: 'Type' }).locator('td').innerText(),
		'Open TCP Listening Ports (TCPOP)');

	// the list shows the new argument
	await page.goto(base + '/policies/');
	const row = page.locator('tbody tr', { hasText: 'No Open TCP Ports' });
	assert.match(await row.innerText(), /2024 8000-8080/);

	for (const [name, where] of [['groups', '/groups/'],
		['enforcements', '/enforcements/'], ['devices', '/devices/'],
		['products', '/products/'], ['packages', '/packages/'],
		['swid-tags', '/swid-tags/'], ['statistics', '/statistics/'],
		['vulnerabilities', '/vulnerabilities/'],
		['search', '/search/?q=debian']]) {
		const r = await page.goto(base + where);
		assert.strictEqual(r.status(), 200, where);
		await shot(page, name);
	}
	await context.close();
}

async function readerCannotChange(browser) {
	const { context, page } = await logIn(browser,
					      credentials('TNC_READER'));
	await page.goto(base + '/policies/' + TCPOP_POLICY + '/');
	assert.strictEqual(await page.locator('h1').innerText(),
			   'Policy: No Open TCP Ports');
	// no edit form, no Save, Add or Delete button
	assert.strictEqual(await page.locator('form.edit').count(), 0);
	assert.strictEqual(await page.locator('button', {
		hasText: /Save|Delete|Add/ }).count(), 0);
	await page.goto(base + '/policies/');
	assert.strictEqual(await page.locator('form.edit').count(), 0);
	// a forged POST with the session's own CSRF token is refused
	const csrf = await page.locator('input[name=csrf_token]')
		.first().getAttribute('value');
	const r = await page.request.post(base + '/policies/' +
					  TCPOP_POLICY + '/', {
		form: { csrf_token: csrf, argument: '1-65535' },
		maxRedirects: 0 });
	assert.strictEqual(r.status(), 403);
	await context.close();
}

// The group tree, a device's inventory by session and the search.
async function treeInventorySearch(browser) {
	const { context, page } = await logIn(browser,
					      credentials('TNC_READER'));
	await page.goto(base + '/groups/');
	const linux = page.locator('.tree li', { has: page.locator(
		'> a', { hasText: /^Linux$/ }) });
	assert.match(await linux.locator('> ul').innerText(),
		     /Debian i686\nDebian x86_64/);
	await page.goto(base + '/devices/' + process.env.TNC_DEVICE + '/');
	// the newest session that reported tags is chosen first
	assert.deepStrictEqual(await page.locator('table.inventory tbody td ' +
		'>> nth=0').innerText(), 'strongswan.org__Debian_12-' +
		'x86_64-openssh-server-9.2');
	await page.selectOption('select[name=session]',
				process.env.TNC_BLOCK_SESSION);
	await Promise.all([page.waitForNavigation(),
			   page.click('button:has-text("Show")')]);
	const tags = await page.locator('table.inventory tbody').innerText();
	assert.match(tags, /telnetd/);
	assert.doesNotMatch(tags, /openssh/);
	assert.match(await page.locator('table.changes tbody').innerText(),
		     /^\d+\t2023-11-14 22:16:40 UTC\t1\t2\tremoved\t.*telnetd/);
	assert.match(await page.locator('p', { hasText: 'in session' })
		.innerText(), /^1 tag in session \d+\.$/);
	await page.goto(base + '/search/?q=A1B2');
	assert.match(await page.locator('h2:has-text("Devices") + table ' +
		'tbody').innerText(), /a1b2c3d4/);
	await shot(page, 'inventory-search');
	await context.close();
}

async function deviceReport(browser) {
	const { context, page } = await logIn(browser,
					      credentials('TNC_READER'));
	await page.goto(base + '/devices/' + process.env.TNC_DEVICE + '/');
	assert.strictEqual(await page.locator('h1').innerText(),
			   'Device a1b2c3d4');
	assert.strictEqual(await page.locator('p.subtitle').innerText(),
			   'carol\'s laptop');
	// empty sections say so, with no table
	for (const title of ['Groups', 'Software inventory', 'File hashes',
			     'Vulnerable packages', 'TPM evidence']) {
		assert.strictEqual(await page.locator('h2', { hasText:
			new RegExp('^' + title + '$') }).locator(
			'xpath=following-sibling::*[1]').innerText(), 'None.',
			title);
	}
	// the sessions section names, not ids; no device column on its page
	assert.deepStrictEqual(await page.locator('h2:has-text("Sessions") + '
		+ 'table thead th').allInnerTexts(),
		['Time', 'Connection', 'Identity', 'Product',
		 'Recommendation']);
	await shot(page, 'device');
	const sessions = page.locator('h2:has-text("Sessions") + table tbody');
	const text = await sessions.innerText();
	const block = text.indexOf('no access');
	const allow = text.indexOf('allow');
	// newest first
	assert.ok(allow >= 0 && block > allow, text);
	// the latest assessment is the Allow session's
	assert.match(await page.locator('h2:has-text("Latest assessment") + ' +
		'table').innerText(),
		/No Open TCP Ports\tallow\tno violating tcp ports/);
	await Promise.all([page.waitForNavigation(), page.click(
		'h2:has-text("Sessions") + table tbody tr >> nth=1 >> a >> nth=0')]);
	assert.strictEqual(new URL(page.url()).pathname, '/sessions/' +
			   process.env.TNC_BLOCK_SESSION + '/');
	assert.strictEqual(await page.locator('h1').innerText(), 'Session ' +
		process.env.TNC_BLOCK_SESSION + ' \u2014 carol on a1b2c3d4, ' +
		'2023-11-14 22:15:00 UTC');
	assert.strictEqual(await page.locator('h2:has-text("Pending ' +
		'workitems") + *').innerText(), 'None.');
	const results = await page.locator('h2:has-text("Policy results") ' +
					   '+ table').innerText();
	assert.match(results, /violating tcp ports: 2024/);
	assert.match(results, /No Open TCP Ports/);
	await shot(page, 'session');
	await context.close();
}

(async () => {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox'] });
	try {
		await adminEditsPortRange(browser);
		await readerCannotChange(browser);
		await deviceReport(browser);
		await treeInventorySearch(browser);
	} finally {
		await browser.close();
	}
	console.log('browser tests passed');
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
