// Lets widgets on other sites read the Statuspage JSON (Atlassian's status-widget, dashboards). The static
// website endpoint cannot send CORS headers, so the same files are read through the blob endpoint instead:
// anonymous read of single blobs in $web alone (no listing; every other container stays private) plus the
// blob service's CORS rule for GET (storage.bicep). Cost: nothing beyond the reads. See docs/deploy.md.
// Static websites cannot set headers (MicrosoftDocs/azure-docs includes/storage-blob-static-website-vs-static-web-app.md);
// CORS on the blob service applies to a request that is authorized or made against a public resource:
// https://learn.microsoft.com/rest/api/storageservices/cross-origin-resource-sharing--cors--support-for-the-azure-storage-services

@description('Name of the storage account whose $web container the JSON is read from.')
param storageAccountName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

// $web holds only what the page already shows to everyone; 'Blob' allows reading a blob by its name, never listing.
resource web 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: '$web'
  properties: {
    publicAccess: 'Blob'
  }
}

@description('Base URL a widget is given: its api/v2/summary.json is readable from any origin.')
output url string = '${storage.properties.primaryEndpoints.blob}$web'
