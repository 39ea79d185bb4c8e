// azd's postprovision hook (azure.yaml): switches the static website on as the person or pipeline deploying, signed
// in to azd (or the Azure CLI). It needs neither a container instance nor a storage account with shared keys, which
// the deployment-script alternative (infra/modules/staticWebsite.bicep) does. Run it by hand after
// `az deployment group create` with STORAGE_BLOB_ENDPOINT set to the deployment's output of that name.
import { AzureCliCredential, AzureDeveloperCliCredential, ChainedTokenCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import { enableStaticWebsite } from './staticWebsite';

/**
 * The account's blob endpoint: the deployment's output STORAGE_BLOB_ENDPOINT, which azd puts in every hook's
 * environment (https://learn.microsoft.com/azure/developer/azure-developer-cli/azd-extensibility).
 */
export function blobEndpointFrom(env: NodeJS.ProcessEnv): string | undefined {
  return env.STORAGE_BLOB_ENDPOINT || undefined;
}

const ATTEMPTS = 12;
const PAUSE_MS = 10_000;

/**
 * Retried for two minutes: a new account's endpoint, or a role granted moments ago, can take that long to answer
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#role-assignment-changes-are-not-being-detected).
 */
export async function enableWithRetries(
  enable: () => Promise<void>,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  attempts = ATTEMPTS,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await enable();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await pause(PAUSE_MS);
    }
  }
}

async function main(): Promise<number> {
  const endpoint = blobEndpointFrom(process.env);
  if (!endpoint) {
    console.error(
      "Set STORAGE_BLOB_ENDPOINT (an output of infra/main.bicep) to the storage account's blob endpoint.",
    );
    return 2;
  }
  const tenantId = process.env.AZURE_TENANT_ID;
  const credential = new ChainedTokenCredential(
    new AzureDeveloperCliCredential(tenantId ? { tenantId } : {}),
    new AzureCliCredential(tenantId ? { tenantId } : {}),
  );
  const blobService = new BlobServiceClient(endpoint, credential);
  await enableWithRetries(() => enableStaticWebsite(blobService));
  console.log(`Static website on: ${endpoint} serves $web (index.html, 404.html).`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(
        `Could not switch the static website on: ${message}\n` +
          'The signed-in account needs Contributor (or Storage Account Contributor) on the storage account; ' +
          'see docs/deploy.md, Troubleshooting.',
      );
      process.exit(1);
    },
  );
}
