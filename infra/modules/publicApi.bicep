// Lets widgets and tools on other sites read the Statuspage JSON (Atlassian's status-widget, dashboards). The
// static website endpoint cannot send CORS headers, so the app also publishes the JSON into a container named
// `api` (API_CONTAINER) that allows anonymous read of single blobs, and the blob service's CORS rule
// (storage.bicep) answers other origins. The blob endpoint then serves `/api/v2/summary.json`, Statuspage's own
// path: Atlassian's widget replaces the path of the URL it is given with exactly that, so the account's blob
// endpoint is the URL to give it. `$web` itself stays private on the blob endpoint. Cost: nothing beyond the
// reads and one more small write per changed JSON file. See docs/deploy.md.
// Static websites cannot set headers (MicrosoftDocs/azure-docs includes/storage-blob-static-website-vs-static-web-app.md);
// CORS on the blob service applies to a request that is authorized or made against a public resource:
// https://learn.microsoft.com/rest/api/storageservices/cross-origin-resource-sharing--cors--support-for-the-azure-storage-services

@description('Name of the storage account.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

// Only the Statuspage JSON, which the page shows to everyone anyway. 'Blob' allows reading a blob by its name,
// never listing the container. Named `api` so that its blobs' paths are Statuspage's.
resource api 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'api'
  properties: {
    publicAccess: 'Blob'
  }
}

// Readers use the static website; on the blob endpoint $web is private (an earlier version of this template
// opened it, and redeploying closes it again).
resource web 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: '$web'
  properties: {
    publicAccess: 'None'
  }
}

@description('The container the app mirrors the JSON into (API_CONTAINER).')
output containerName string = api.name

@description('The base URL a widget is given; `<url>api/v2/summary.json` is readable from any origin.')
output url string = storage.properties.primaryEndpoints.blob
