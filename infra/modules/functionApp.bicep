// The Function App: Flex Consumption (Linux, Node.js 22), running as the user-assigned identity for everything:
// its own host storage, the deployment package, the state and the page, telemetry, and the Key Vault reference
// that holds the Teams token. No connection string or key appears in its settings.

@description('Name of the Function App (globally unique: it is the host name of the webhook URL).')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app; it must offer Flex Consumption.')
param location string

@description('Tags applied to the plan and the app.')
param tags object

@description('Value of the azd-service-name tag, which tells azd which resource the service in azure.yaml deploys to.')
param serviceName string

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity.')
param identityClientId string

@description('Name of the storage account (the Functions host storage, and the state and the page).')
param storageAccountName string

@description('Blob endpoint of that account, with a trailing slash.')
param storageBlobEndpoint string

@description('Container the app package is deployed to.')
param packageContainerName string

@description('Container for state.json, the archive and the audit log (STATE_CONTAINER).')
param stateContainerName string

@description('Public container the Statuspage JSON is mirrored into for other origins (API_CONTAINER).')
param apiContainerName string

@description('Name of the Application Insights component the app reports to.')
param appInsightsName string

@description('Name of the Key Vault holding the Teams token.')
param keyVaultName string

@description('Name of the Key Vault secret holding the Teams token.')
param teamsTokenName string

@description('The page\'s name, shown in its header and in replies (PAGE_TITLE).')
param pageTitle string

@description('The page\'s public URL, used in replies and feeds (PAGE_URL).')
param pageUrl string

@description('Where the page is published (PUBLISH_TARGETS): blob, fileshare, or both, comma-separated.')
param publishTargets string

@description('Azure Files endpoint of the account, with a trailing slash (used with the fileshare target).')
param fileServiceEndpoint string

@description('Name of the Azure Files share the page is published to (used with the fileshare target).')
param fileShareName string

@description('Comma-separated Entra tenant IDs whose people may send commands (ALLOWED_TENANT_IDS); empty for any.')
param allowedTenantIds string

@description('Comma-separated Entra object IDs of the people who may send commands (ALLOWED_USER_IDS); empty for anyone in an allowed tenant.')
param allowedUserIds string

@description('Memory of each instance in MB; CPU grows with it, and so do cold-start speed and the price per second.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Instances kept warm for the webhook, so no command waits for a cold start. Billed while idle.')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

var settings = [
  // Host storage through the identity (no AzureWebJobsStorage connection string).
  {
    name: 'AzureWebJobsStorage__accountName'
    value: storageAccountName
  }
  {
    name: 'AzureWebJobsStorage__credential'
    value: 'managedidentity'
  }
  {
    name: 'AzureWebJobsStorage__clientId'
    value: identityClientId
  }
  // DefaultAzureCredential in the app picks the user-assigned identity by this.
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  // Not a secret with local auth disabled: it names the component, and ingestion needs the identity's token.
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING'
    value: 'ClientId=${identityClientId};Authorization=AAD'
  }
  // A function file that throws while loading (a ConfigError, say) fails every invocation with that error,
  // visible in Application Insights, instead of the app silently having no functions.
  {
    name: 'FUNCTIONS_NODE_BLOCK_ON_ENTRY_POINT_ERROR'
    value: 'true'
  }
  // Resolved by the platform with keyVaultReferenceIdentity. If the secret is missing the app sees this text
  // unresolved, and readConfig fails with a message saying so.
  {
    name: 'TEAMS_WEBHOOK_SECRET'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${teamsTokenName})'
  }
  {
    name: 'STORAGE_ACCOUNT_URL'
    value: storageBlobEndpoint
  }
  {
    name: 'STATE_CONTAINER'
    value: stateContainerName
  }
  {
    name: 'SITE_CONTAINER'
    value: '$web'
  }
  {
    name: 'API_CONTAINER'
    value: apiContainerName
  }
  {
    name: 'PAGE_TITLE'
    value: pageTitle
  }
  {
    name: 'PAGE_URL'
    value: pageUrl
  }
  {
    name: 'PUBLISH_TARGETS'
    value: publishTargets
  }
  {
    name: 'ALLOWED_TENANT_IDS'
    value: allowedTenantIds
  }
  {
    name: 'ALLOWED_USER_IDS'
    value: allowedUserIds
  }
]

@description('The queue endpoint of the delivery queue (modules/queue.bicep).')
param deliveryQueueServiceUri string

@description('Names of the subscribers in status.config.json; each gets SUBSCRIBER_<NAME>_URL and _SECRET as Key Vault references.')
param subscriberNames array

// The queue trigger's connection "DELIVERY_QUEUE", identity-based: the service URI, and which identity
// (https://learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection).
var deliverySettings = [
  {
    name: 'DELIVERY_QUEUE__queueServiceUri'
    value: deliveryQueueServiceUri
  }
  {
    name: 'DELIVERY_QUEUE__credential'
    value: 'managedidentity'
  }
  {
    name: 'DELIVERY_QUEUE__clientId'
    value: identityClientId
  }
]

// Subscriber endpoints and signing secrets live in Key Vault as subscriber-<name>-url and -secret (a Workflows
// URL carries its own signature, so it is a secret too); the app reports any that does not resolve.
var subscriberSettings = flatten(map(subscriberNames, subscriber => [
  {
    name: 'SUBSCRIBER_${toUpper(replace(subscriber, '-', '_'))}_URL'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=subscriber-${toLower(replace(subscriber, '_', '-'))}-url)'
  }
  {
    name: 'SUBSCRIBER_${toUpper(replace(subscriber, '-', '_'))}_SECRET'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=subscriber-${toLower(replace(subscriber, '_', '-'))}-secret)'
  }
]))

var fileShareSettings = contains(publishTargets, 'fileshare')
  ? [
      {
        name: 'FILE_SHARE_NAME'
        value: fileShareName
      }
      {
        name: 'FILE_SERVICE_URL'
        value: fileServiceEndpoint
      }
    ]
  : []

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': serviceName
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: concat(settings, fileShareSettings, deliverySettings, subscriberSettings)
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${packageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
          : []
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// Deployments authenticate with Entra ID (azd, the deploy workflow); no FTP or SCM password can be used.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the Function App.')
output name string = app.name

@description('Host name of the Function App, for the webhook URL.')
output defaultHostName string = app.properties.defaultHostName
