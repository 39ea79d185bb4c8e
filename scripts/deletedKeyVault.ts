/** One entry of the subscription's soft-deleted vaults (https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/list-deleted). */
export interface DeletedVault {
  name: string;
  properties: {
    vaultId: string;
    location: string;
    deletionDate?: string;
    scheduledPurgeDate?: string;
    purgeProtectionEnabled?: boolean;
    tags?: Record<string, string>;
  };
}

export interface Environment {
  /** AZURE_ENV_NAME: main.bicep tags every resource with it as azd-env-name. */
  environmentName: string;
  /** AZURE_RESOURCE_GROUP. */
  resourceGroup: string;
}

/**
 * This environment's soft-deleted Key Vault, if there is one: deleted with its resource group (or by itself), it
 * keeps its name until it is purged, and the next `azd up` would fail to create a vault of that name
 * (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview). Matched by the resource group in its
 * old ID and the azd-env-name tag, so a vault of another environment or project is never touched.
 */
export function deletedKeyVault(vaults: readonly DeletedVault[], env: Environment): DeletedVault | undefined {
  const group = `/resourcegroups/${env.resourceGroup.toLowerCase()}/`;
  return vaults.find(
    (vault) =>
      vault.properties.vaultId.toLowerCase().includes(group) &&
      vault.properties.tags?.['azd-env-name'] === env.environmentName,
  );
}
