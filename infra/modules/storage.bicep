// One storage account holds everything the app keeps: the state document and audit log (status-data), the
// published page ($web, served by the static website), the deployment package, the Functions host's own blobs,
// and, when asked for, the Azure Files share the page is also published to. Access is by Entra ID only.

@description('Name of the storage account (3-24 lower-case letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the account.')
param location string

@description('Tags applied to the account.')
param tags object

@description('Redundancy. Standard_LRS is enough for most pages; Standard_RAGRS keeps a readable copy of the page (the secondary static website endpoint) in the paired region if the primary region fails.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param redundancy string

@description('Container for state.json, the incident archive and the audit log (STATE_CONTAINER).')
param stateContainerName string

@description('Container the Flex Consumption plan deploys the app package from.')
param packageContainerName string

@description('Days a deleted or overwritten blob, and a deleted container, can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteDays int

@description('Days previous versions of a blob are kept before the lifecycle policy deletes them.')
@minValue(1)
param versionRetentionDays int

@description('Name of the Azure Files share the page is also published to; empty creates no share.')
param fileShareName string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: redundancy
  }
  properties: {
    accessTier: 'Hot'
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    // No account keys or SAS: the app, the Functions host and the deployment all authenticate with Entra ID.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    // Only the `api` container allows anonymous read (publicApi.bicep), so widgets on other sites can read the
    // Statuspage JSON with CORS, which the static website endpoint cannot send. Every other container is private.
    allowBlobPublicAccess: true
    allowCrossTenantReplication: false
    // The static website must be reachable by everyone who reads the page.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    // Cross-origin GET of the (public) `api` blobs; CORS grants no access, so private containers stay private.
    cors: {
      corsRules: [
        {
          allowedOrigins: [
            '*'
          ]
          allowedMethods: [
            'GET'
            'HEAD'
            'OPTIONS'
          ]
          allowedHeaders: [
            '*'
          ]
          exposedHeaders: [
            '*'
          ]
          maxAgeInSeconds: 3600
        }
      ]
    }
    // A bad state.json or a defaced page can be rolled back to any earlier version.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: stateContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource packageContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: packageContainerName
  properties: {
    publicAccess: 'None'
  }
}

// Every command rewrites a few pages, and versioning keeps each old copy: without this, versions pile up forever.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: storage
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-versions'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
            }
            actions: {
              version: {
                delete: {
                  daysAfterCreationGreaterThan: versionRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
}

resource fileService 'Microsoft.Storage/storageAccounts/fileServices@2023-05-01' = if (!empty(fileShareName)) {
  parent: storage
  name: 'default'
  properties: {
    shareDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteDays
    }
  }
}

// Created here (control plane) because the app's identity may only work with files and directories in it.
resource fileShare 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = if (!empty(fileShareName)) {
  parent: fileService
  name: empty(fileShareName) ? 'unused' : fileShareName
  properties: {
    accessTier: 'TransactionOptimized'
    shareQuota: 1
  }
}

@description('Name of the account.')
output name string = storage.name

@description('Resource ID of the account, the scope of its role assignments.')
output id string = storage.id

@description('Blob endpoint (STORAGE_ACCOUNT_URL), with a trailing slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('Azure Files endpoint, with a trailing slash.')
output fileEndpoint string = storage.properties.primaryEndpoints.file

@description('Static website endpoint: the public address of the page.')
output webEndpoint string = storage.properties.primaryEndpoints.web

@description('Static website endpoint in the paired region (read-access geo-redundancy only), else empty.')
output secondaryWebEndpoint string = storage.properties.?secondaryEndpoints.?web ?? ''

@description('Name of the container the app package is deployed to.')
output packageContainerName string = packageContainer.name

@description('Name of the state container.')
output stateContainerName string = stateContainer.name
