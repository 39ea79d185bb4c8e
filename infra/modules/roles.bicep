// The built-in Azure roles this infrastructure assigns, by name. Every role assignment takes its role definition
// from here, so each GUID is written once, next to its name, and test/infra/bicep.test.ts checks each pair against
// the published built-in role IDs (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).

@export()
@description('Built-in role definition IDs, keyed by the role name in camelCase.')
var roleIds = {
  // Read, write and delete blobs, and create containers: what the Functions host needs from AzureWebJobsStorage
  // (the timer's lease blobs, its own containers) and what the app needs for state.json and $web.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Read, write and delete files over REST with OAuth (the only file-data role that allows it).
  storageFileDataPrivilegedContributor: '69566ab7-960f-475b-8e7c-b3118f30c6bd'
  // Control-plane management of one storage account: Set Blob Service Properties (the static website switch) is
  // authorized by blobServices/write, which no data role grants.
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab'
  // The delivery queue, each on the one queue it is for (modules/queue.bicep): the queue trigger peeks and reads
  // queue metadata (Reader) and receives and deletes messages (Message Processor); the app enqueues deliveries
  // and retries, and parks poisoned ones (Message Sender). Identity-based connections document these roles:
  // https://learn.microsoft.com/azure/azure-functions/functions-reference#grant-permission-to-the-identity
  storageQueueDataReader: '19e7f393-937e-4f77-808e-94535e297925'
  storageQueueDataMessageProcessor: '8a0f0c08-91a1-4084-bc3d-661d67233fed'
  storageQueueDataMessageSender: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a'
  // Read secret values: the Function App resolving its Key Vault reference.
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Create and update secrets: the person who deploys stores the Teams security token.
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
  // Send telemetry to an Application Insights resource whose local (key) authentication is disabled.
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}
