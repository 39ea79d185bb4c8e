import { roleIds } from 'roles.bicep'

// Who may do what, least privilege, each role on the narrowest scope that works. Assignment names are
// guid(scope, principal, role), so redeploying finds the same assignment instead of failing on a duplicate.
// The app identity gets no Queue or Table role on the account: its delivery-queue roles are in queue.bicep,
// each on its one queue.

@description('Object ID of the Function App\'s user-assigned identity.')
param appPrincipalId string

@description('Name of the storage account.')
param storageAccountName string

@description('Name of the Azure Files share the app publishes to; empty when there is none.')
param fileShareName string

@description('Name of the Key Vault holding the Teams token.')
param keyVaultName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Object ID of the person or pipeline deploying, who may then store the Teams token; empty for none.')
param deployerPrincipalId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource fileService 'fileServices' existing = {
    name: 'default'

    // The share as Azure RBAC knows it: `…/fileServices/default/fileshares/<name>`, the scope Microsoft's
    // documentation gives for a role on one share
    // (https://learn.microsoft.com/azure/storage/files/storage-files-identity-assign-share-level-permissions).
    // The share resource that storage.bicep creates has the ID `…/fileServices/default/shares/<name>`, and a role
    // assigned there does not reach the share's data (https://github.com/Azure/bicep-types-az/issues/1532; the
    // Azure Verified Module rewrites `/shares/` to `/fileShares/` for the same reason:
    // avm/res/storage/storage-account/file-service/share/modules/nested_roleAssignment.bicep). `fileshares` has no
    // Bicep type, hence BCP081; an `existing` reference is never read, so nothing but its ID is used.
    #disable-next-line BCP081
    resource share 'fileshares' existing = {
      name: empty(fileShareName) ? 'unused' : fileShareName
    }
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Owner, not Contributor: the Functions host creates its containers and takes blob leases (the timer's
// singleton lock) in AzureWebJobsStorage, which is this account. It also covers state.json, $web and the package.
resource appBlobs 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, appPrincipalId, roleIds.storageBlobDataOwner)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageBlobDataOwner)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Functions host storage, state, the published page and the deployment package.'
  }
}

// Scoped to the one share: the app can touch no other share in the account.
resource appFileShare 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(fileShareName)) {
  scope: storage::fileService::share
  name: guid(storage::fileService::share.id, appPrincipalId, roleIds.storageFileDataPrivilegedContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageFileDataPrivilegedContributor
    )
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Publish the page to the Azure Files share (OAuth over REST).'
  }
}

resource appSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appPrincipalId, roleIds.keyVaultSecretsUser)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Resolve the TEAMS_WEBHOOK_SECRET Key Vault reference.'
  }
}

resource appTelemetry 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: appInsights
  name: guid(appInsights.id, appPrincipalId, roleIds.monitoringMetricsPublisher)
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.monitoringMetricsPublisher
    )
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Send telemetry to Application Insights with Entra ID (local auth is disabled).'
  }
}

resource deployerSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: vault
  name: guid(vault.id, deployerPrincipalId, roleIds.keyVaultSecretsOfficer)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.keyVaultSecretsOfficer)
    principalId: deployerPrincipalId
    description: 'Store the Teams security token after creating the outgoing webhook.'
  }
}
