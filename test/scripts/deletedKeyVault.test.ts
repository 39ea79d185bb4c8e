import { deletedKeyVault, type DeletedVault } from '../../scripts/deletedKeyVault';

// azd's preprovision hook: after the resource group was deleted, this environment's Key Vault is recovered instead
// of colliding with its own soft-deleted name.

function vault(name: string, group: string, environmentName?: string): DeletedVault {
  return {
    name,
    properties: {
      vaultId: `/subscriptions/0000/resourceGroups/${group}/providers/Microsoft.KeyVault/vaults/${name}`,
      location: 'swedencentral',
      deletionDate: '2026-05-01T10:00:00Z',
      scheduledPurgeDate: '2026-05-08T10:00:00Z',
      ...(environmentName ? { tags: { 'azd-env-name': environmentName } } : {}),
    },
  };
}

describe('deletedKeyVault', () => {
  const env = { environmentName: 'status-prod', resourceGroup: 'rg-status-prod' };

  it('finds the vault this environment deleted with its resource group', () => {
    const ours = vault('kv-status-abc', 'RG-Status-Prod', 'status-prod');
    expect(deletedKeyVault([vault('kv-other', 'rg-other', 'other'), ours], env)).toBe(ours);
  });

  it("never picks another environment's vault, nor one from another resource group", () => {
    expect(
      deletedKeyVault(
        [
          vault('kv-status-def', 'rg-status-prod', 'status-test'),
          vault('kv-status-ghi', 'rg-status-prod'),
          vault('kv-status-jkl', 'rg-status-prod-2', 'status-prod'),
        ],
        env,
      ),
    ).toBeUndefined();
  });
});
