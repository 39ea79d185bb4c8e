// The status page on Azure: composes one module per concern and holds no resources of its own.
// Deploy with `azd up` (azure.yaml, main.parameters.json) or with
// `az deployment group create -g <group> -f infra/main.bicep -p infra/main.example.parameters.json`.
// See docs/deploy.md.
targetScope = 'resourceGroup'

@description('Name of the environment (for example "status-prod"): part of every resource name and the azd-env-name tag. azd sets it from AZURE_ENV_NAME.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Azure region for every resource. It must offer the Flex Consumption plan (az functionapp list-flexconsumption-locations).')
param location string = resourceGroup().location

@description('The page\'s name, shown in its header and in replies.')
param pageTitle string = 'Service status'

@description('Public URL of the page when it is served from a custom domain or a CDN; empty uses the storage static website endpoint.')
param customPageUrl string = ''

@description('Storage redundancy. Standard_LRS is the default; Standard_RAGRS keeps a readable copy of the page in the paired region, for a page that must survive the loss of a region.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageRedundancy string = 'Standard_LRS'

@description('Where the page is published: the storage static website ($web), an Azure Files share, or both.')
@allowed([
  'blob'
  'blob,fileshare'
  'fileshare'
])
param publishTargets string = 'blob'

@description('Name of the Azure Files share created when publishTargets includes fileshare.')
@minLength(3)
@maxLength(63)
param fileShareName string = 'status-site'

@description('Comma-separated Entra tenant IDs whose people may send commands. Defaults to the tenant you deploy into; set it to an empty string to accept any tenant whose request carries a valid signature.')
param allowedTenantIds string = tenant().tenantId

@description('Comma-separated Entra object IDs of the people who may send commands; empty for everyone in an allowed tenant.')
param allowedUserIds string = ''

@description('The Teams outgoing webhook security token (base64). Leave empty on the first deployment (Teams shows it only once the webhook exists, and the webhook needs this deployment\'s URL); store it afterwards with the one command in docs/deploy.md.')
@secure()
param teamsWebhookSecret string = ''

@description('Object ID of the user or service principal deploying, granted Key Vault Secrets Officer so it can store the Teams token; empty grants nothing. azd passes the signed-in user (AZURE_PRINCIPAL_ID).')
param deployerPrincipalId string = ''

@description('Memory per Function App instance in MB. 2048 gives a full vCPU and the fastest cold start; 512 costs a quarter per second.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the Function App scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Instances kept warm for the webhook so no command waits for a cold start (Teams allows 5 seconds). 0 scales to zero; each instance is billed while idle (see docs/deploy.md).')
@minValue(0)
@maxValue(10)
param alwaysReadyInstances int = 0

@description('Days deleted blobs, containers and shares can be restored, and deleted Key Vault secrets recovered.')
@minValue(7)
@maxValue(90)
param softDeleteDays int = 7

@description('Days previous versions of the page and the state are kept.')
@minValue(1)
param versionRetentionDays int = 30

@description('Key Vault purge protection (irreversible once on). Recommended for production.')
param keyVaultPurgeProtection bool = false

@description('recover brings back this environment\'s soft-deleted Key Vault, with the Teams token in it, instead of creating a new one: after its resource group was deleted, the deleted vault keeps its name for the soft-delete period and a new one cannot take it. azd\'s preprovision hook sets it (STATUS_KEY_VAULT_CREATE_MODE) when it finds such a vault; see docs/deploy.md.')
@allowed([
  'default'
  'recover'
])
param keyVaultCreateMode string = 'default'

@description('Days logs are kept in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Daily Log Analytics ingestion cap in GB; -1 for no cap.')
param logDailyCapGb int = 1

@description('Also switch the static website on from inside the deployment, with a deployment script. Off by default: the script needs Azure Container Instances and a temporary storage account with shared-key access, which many organisations\' policies forbid, so azd\'s postprovision hook switches it on instead, as the person or pipeline deploying (docs/deploy.md). Turn it on for a deployment without azd that must be complete by itself.')
param staticWebsiteByDeploymentScript bool = false

@description('Names of the subscribers declared in status.config.json; their URLs and secrets are read from Key Vault (docs/deploy.md, "Subscribers").')
param subscriberNames array = []

@description('Tags applied to every resource, in addition to azd-env-name.')
param tags object = {}

var resourceToken = toLower(uniqueString(resourceGroup().id, environmentName, location))
var allTags = union(tags, {
  'azd-env-name': environmentName
})
var stateContainerName = 'status-data'
var packageContainerName = 'app-package'
var teamsTokenName = 'teams-webhook-secret'
var usesFileShare = contains(publishTargets, 'fileshare')

module appIdentity 'modules/identity.bicep' = {
  name: 'app-identity'
  params: {
    name: 'id-status-${resourceToken}'
    location: location
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'ststatus${resourceToken}'
    location: location
    tags: allTags
    redundancy: storageRedundancy
    stateContainerName: stateContainerName
    packageContainerName: packageContainerName
    softDeleteDays: softDeleteDays
    versionRetentionDays: versionRetentionDays
    fileShareName: usesFileShare ? fileShareName : ''
  }
}

module staticWebsite 'modules/staticWebsite.bicep' = if (staticWebsiteByDeploymentScript) {
  name: 'static-website'
  params: {
    storageAccountName: storage.outputs.name
    location: location
    tags: allTags
    identityName: 'id-website-${resourceToken}'
  }
}

module publicApi 'modules/publicApi.bicep' = {
  name: 'public-api'
  params: {
    storageAccountName: storage.outputs.name
  }
  dependsOn: [
    staticWebsite
  ]
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-status-${resourceToken}'
    appInsightsName: 'appi-status-${resourceToken}'
    location: location
    tags: allTags
    retentionInDays: logRetentionDays
    dailyQuotaGb: logDailyCapGb
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'key-vault'
  params: {
    name: 'kv-status-${resourceToken}'
    location: location
    tags: allTags
    teamsTokenName: teamsTokenName
    teamsWebhookSecret: teamsWebhookSecret
    softDeleteRetentionInDays: softDeleteDays
    enablePurgeProtection: keyVaultPurgeProtection
    createMode: keyVaultCreateMode
  }
}

module access 'modules/access.bicep' = {
  name: 'access'
  params: {
    appPrincipalId: appIdentity.outputs.principalId
    storageAccountName: storage.outputs.name
    fileShareName: usesFileShare ? fileShareName : ''
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    deployerPrincipalId: deployerPrincipalId
  }
}

module deliveryQueue 'modules/queue.bicep' = {
  name: 'delivery-queue'
  params: {
    storageAccountName: storage.outputs.name
    appPrincipalId: appIdentity.outputs.principalId
  }
}

var pageUrl = empty(customPageUrl) ? storage.outputs.webEndpoint : customPageUrl

module functionApp 'modules/functionApp.bicep' = {
  name: 'function-app'
  // On its first start the app resolves its Key Vault reference and reaches its host storage: grant access first.
  // With the deployment script, $web exists before the app; with azd, the postprovision hook creates it before
  // `azd deploy` puts any code on the app.
  dependsOn: [
    access
    staticWebsite
  ]
  params: {
    name: 'func-status-${resourceToken}'
    planName: 'plan-status-${resourceToken}'
    location: location
    tags: allTags
    serviceName: 'status'
    identityId: appIdentity.outputs.id
    identityClientId: appIdentity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    packageContainerName: storage.outputs.packageContainerName
    stateContainerName: storage.outputs.stateContainerName
    apiContainerName: publicApi.outputs.containerName
    appInsightsName: monitoring.outputs.appInsightsName
    keyVaultName: keyVault.outputs.name
    teamsTokenName: teamsTokenName
    pageTitle: pageTitle
    pageUrl: pageUrl
    publishTargets: publishTargets
    fileServiceEndpoint: storage.outputs.fileEndpoint
    fileShareName: fileShareName
    allowedTenantIds: allowedTenantIds
    allowedUserIds: allowedUserIds
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    alwaysReadyInstances: alwaysReadyInstances
    deliveryQueueServiceUri: deliveryQueue.outputs.queueServiceUri
    subscriberNames: subscriberNames
  }
}

@description('The public address of the status page.')
output SITE_URL string = pageUrl

@description('The page in the paired region (read-access geo-redundant storage only), else empty.')
output SITE_SECONDARY_URL string = storage.outputs.secondaryWebEndpoint

@description('The callback URL to paste into Teams when creating the outgoing webhook.')
output TEAMS_WEBHOOK_URL string = 'https://${functionApp.outputs.defaultHostName}/api/teams'

@description('Name of the Function App.')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Name of the Key Vault that holds the Teams token.')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('Name of the storage account holding the state and the page.')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob endpoint of that account: where azd\'s postprovision hook switches the static website on.')
output STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Base URL for widgets on other sites (Atlassian status-widget src): the Statuspage JSON with CORS.')
output PUBLIC_API_URL string = publicApi.outputs.url

@description('Name of the resource group, for the restart and log commands in docs/deploy.md.')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Name of the Application Insights component, for the queries in docs/deploy.md.')
output APPLICATION_INSIGHTS_NAME string = monitoring.outputs.appInsightsName
