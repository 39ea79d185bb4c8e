import { objectIdFor } from '../../scripts/teamsActivity';
import { createTestApp, type TestApp } from '../support/testApp';

// Issue 6, security 3: with ALLOWED_TENANT_IDS / ALLOWED_USER_IDS set, only those Entra tenants and object IDs
// may command; display names count for nothing. Refusals get a clear reply, change nothing and are audited.

const TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
const GRACE = objectIdFor('Grace Hopper');

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('ALLOWED_TENANT_IDS', () => {
  it('takes commands from an allowed tenant, whatever the case of its ID', async () => {
    app = await createTestApp({ settings: { allowedTenantIds: [TENANT] } });
    const response = await app.send('open Chat is down', { tenantId: TENANT.toUpperCase() });
    expect(response.replyText).toContain('Opened INC-1');
  });

  it.each([
    ['another tenant', OTHER_TENANT],
    ['no tenant', null],
    ['an allowed ID with extra text', `${TENANT} `],
  ])('refuses %s with a clear reply, changes nothing and audits it', async (_name, tenantId) => {
    app = await createTestApp({ settings: { allowedTenantIds: [TENANT] } });
    const response = await app.send('open Chat is down', { tenantId });
    expect(response.status).toBe(200);
    expect(response.replyText).toBe(
      'This status page does not take commands from your organisation. Nothing was changed.',
    );
    expect(await app.readStateText()).toBeUndefined();
    expect(await app.siteFiles()).toEqual([]);
    const [entry, ...more] = await app.auditEntries();
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      outcome: 'refused',
      text: 'open Chat is down',
      actor: { name: 'Ada Lovelace', aadObjectId: objectIdFor('Ada Lovelace') },
      detail: 'This status page does not take commands from your organisation.',
    });
    expect(entry?.tenantId).toBe(tenantId === null ? undefined : tenantId);
  });
});

describe('ALLOWED_USER_IDS', () => {
  it('takes commands from a listed object ID, whatever its case', async () => {
    app = await createTestApp({ settings: { allowedUserIds: [GRACE] } });
    const response = await app.send('open Chat is down', {
      user: 'Grace Hopper',
      aadObjectId: GRACE.toUpperCase(),
    });
    expect(response.replyText).toContain('Opened INC-1');
  });

  it.each([
    ['an unlisted user', { user: 'Mallory' }],
    ['a user who sends no object ID', { user: 'Grace Hopper', aadObjectId: null }],
    // Display names are not identities: anyone can call themselves Grace Hopper, or the ID itself.
    [
      'an unlisted user named like a listed one',
      { user: 'Grace Hopper', aadObjectId: objectIdFor('Mallory') },
    ],
    ['an unlisted user whose name is a listed ID', { user: GRACE, aadObjectId: objectIdFor('Mallory') }],
  ])('refuses %s, even for a read-only command, and audits it', async (_name, options) => {
    app = await createTestApp({ settings: { allowedUserIds: [GRACE] } });
    for (const text of ['open Chat is down', 'list']) {
      const response = await app.send(text, options);
      expect(response.status).toBe(200);
      expect(response.replyText).toMatch(
        /^You are not on the list of people who may change this status page; ask its owners to add your Entra object ID to ALLOWED_USER_IDS\. Nothing was changed\.$/,
      );
    }
    expect(await app.readStateText()).toBeUndefined();
    const entries = await app.auditEntries();
    expect(entries.map((entry) => [entry.outcome, entry.text, entry.actor.name])).toEqual([
      ['refused', 'open Chat is down', options.user],
      ['refused', 'list', options.user],
    ]);
  });

  it('needs both lists to agree when both are set', async () => {
    app = await createTestApp({ settings: { allowedTenantIds: [TENANT], allowedUserIds: [GRACE] } });
    const wrongTenant = await app.send('open Chat is down', { user: 'Grace Hopper', tenantId: OTHER_TENANT });
    expect(wrongTenant.replyText).toMatch(/does not take commands from your organisation/);
    const wrongUser = await app.send('open Chat is down', { user: 'Mallory', tenantId: TENANT });
    expect(wrongUser.replyText).toMatch(/not on the list of people/);
    const allowed = await app.send('open Chat is down', { user: 'Grace Hopper', tenantId: TENANT });
    expect(allowed.replyText).toContain('Opened INC-1');
    expect((await app.auditEntries()).map((entry) => entry.outcome)).toEqual([
      'refused',
      'refused',
      'applied',
    ]);
  });

  it('still answers a refused sender when the audit log cannot be written', async () => {
    app = await createTestApp({ settings: { allowedUserIds: [GRACE] } });
    app.proxy.inject({ path: /\/audit\//, fault: 'ServerInternalError' });
    const response = await app.send('open Chat is down', { user: 'Mallory' });
    expect(response.replyText).toMatch(/not on the list of people/);
    expect(await app.readStateText()).toBeUndefined();
  });
});
