// azd's preprovision hook (azure.yaml). After the resource group was deleted (the portal, `az group delete`, or
// `azd down` without --purge), its Key Vault stays soft-deleted, holding its name, and provisioning again would fail
// on it. This finds such a vault of this environment and tells the deployment to recover it, with the Teams token
// still in it (STATUS_KEY_VAULT_CREATE_MODE=recover → keyVaultCreateMode). azd reads the environment again after
// each hook (https://github.com/Azure/azure-dev/blob/main/cli/azd/pkg/ext/hooks_runner.go), so the value set here
// is the one main.parameters.json passes to this provisioning.
import { execFileSync } from 'node:child_process';
import { AzureCliCredential, AzureDeveloperCliCredential, ChainedTokenCredential } from '@azure/identity';
import { deletedKeyVault, type DeletedVault } from './deletedKeyVault';

const MANAGEMENT = 'https://management.azure.com';
const SETTING = 'STATUS_KEY_VAULT_CREATE_MODE';

async function listDeletedVaults(subscriptionId: string, token: string): Promise<DeletedVault[]> {
  const vaults: DeletedVault[] = [];
  let url: string | undefined =
    `${MANAGEMENT}/subscriptions/${subscriptionId}/providers/Microsoft.KeyVault/deletedVaults?api-version=2023-07-01`;
  for (let page = 0; url && page < 50; page++) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`listing deleted Key Vaults: HTTP ${response.status}`);
    const body = (await response.json()) as { value?: DeletedVault[]; nextLink?: string };
    vaults.push(...(body.value ?? []));
    url = body.nextLink;
  }
  return vaults;
}

function setAzdValue(name: string, value: string): void {
  execFileSync('azd', ['env', 'set', name, value], { stdio: 'inherit' });
}

async function main(): Promise<void> {
  const subscriptionId = process.env.AZURE_SUBSCRIPTION_ID;
  const resourceGroup = process.env.AZURE_RESOURCE_GROUP;
  const environmentName = process.env.AZURE_ENV_NAME;
  // A first `azd up` has no resource group yet, so nothing of it can have been deleted.
  if (!subscriptionId || !resourceGroup || !environmentName) return;
  const tenantId = process.env.AZURE_TENANT_ID;
  const credential = new ChainedTokenCredential(
    new AzureDeveloperCliCredential(tenantId ? { tenantId } : {}),
    new AzureCliCredential(tenantId ? { tenantId } : {}),
  );
  const token = await credential.getToken(`${MANAGEMENT}/.default`);
  const vault = deletedKeyVault(await listDeletedVaults(subscriptionId, token.token), {
    environmentName,
    resourceGroup,
  });
  if (vault) {
    console.log(
      `Key Vault ${vault.name} of this environment was deleted on ${vault.properties.deletionDate ?? '(unknown)'} ` +
        `and keeps its name until ${vault.properties.scheduledPurgeDate ?? 'it is purged'}: recovering it, with ` +
        `the Teams token it holds (${SETTING}=recover).\nTo start with an empty vault instead, purge it first ` +
        `(impossible with purge protection): az keyvault purge --name ${vault.name} --location ` +
        `${vault.properties.location}`,
    );
    setAzdValue(SETTING, 'recover');
  } else if (process.env[SETTING] === 'recover') {
    setAzdValue(SETTING, 'default');
  }
}

main().catch((error: unknown) => {
  // Never blocks a deployment: at worst provisioning fails on the vault name, with the fix in docs/deploy.md.
  const message = error instanceof Error ? error.message : String(error);
  console.error(`Could not check for a soft-deleted Key Vault (${message}); going on.`);
});
