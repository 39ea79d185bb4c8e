import { roleIds } from 'roles.bicep'

// Optional (main.bicep: staticWebsiteByDeploymentScript). By default azd's postprovision hook does the same as the
// person or pipeline deploying (scripts/enableStaticWebsite.ts), which needs no container instance and no storage
// account with shared keys; this module is for a deployment without azd that must be complete by itself.
//
// Turns on the storage static website (index.html, 404.html), which creates the $web container the page is
// published to. The switch is a data-plane setting (Set Blob Service Properties) that ARM and so Bicep cannot set,
// so a deployment script runs one Azure CLI command. The script runs as an identity of its own holding one role,
// Storage Account Contributor on this one account: the only built-in role that allows the operation (it is
// authorized by blobServices/write). That role could also read the account keys, but shared-key access is
// disabled on the account, so the keys open nothing. The script's temporary storage and container are created
// and removed by the deployment-script service.

@description('Name of the storage account whose static website is enabled.')
param storageAccountName string

@description('Azure region of the script\'s identity and of the container instance that runs it.')
param location string

@description('Tags applied to the identity and the script.')
param tags object

@description('Name of the user-assigned identity the script runs as.')
param identityName string

@description('Document served for the site root and for directories.')
param indexDocument string = 'index.html'

@description('Document served, with status 404, for a path that does not exist.')
param errorDocument404Path string = '404.html'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource scriptIdentity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource canSetServiceProperties 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, scriptIdentity.id, roleIds.storageAccountContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageAccountContributor)
    principalId: scriptIdentity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Enable the static website (Set Blob Service Properties) from the deployment script.'
  }
}

resource enableStaticWebsite 'Microsoft.Resources/deploymentScripts@2023-08-01' = {
  name: 'enable-static-website-${storageAccountName}'
  location: location
  tags: tags
  kind: 'AzureCLI'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${scriptIdentity.id}': {}
    }
  }
  dependsOn: [
    canSetServiceProperties
  ]
  properties: {
    azCliVersion: '2.61.0'
    scriptContent: loadTextContent('scripts/enable-static-website.sh')
    environmentVariables: [
      {
        name: 'STORAGE_ACCOUNT'
        value: storageAccountName
      }
      {
        name: 'INDEX_DOCUMENT'
        value: indexDocument
      }
      {
        name: 'ERROR_DOCUMENT_404'
        value: errorDocument404Path
      }
    ]
    timeout: 'PT10M'
    retentionInterval: 'PT1H'
    cleanupPreference: 'OnSuccess'
  }
}
