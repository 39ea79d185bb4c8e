// The Teams security token lives here and nowhere else: the app setting holds a Key Vault reference, resolved by
// the platform with the app's identity. RBAC mode, so access is granted with role assignments like everything else.

@description('Name of the vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags object

@description('Name of the Key Vault secret holding the Teams outgoing webhook security token.')
param teamsTokenName string

@description('The security token Teams showed when the outgoing webhook was created (base64). Leave empty on the first deployment: Teams shows the token only after the webhook exists, and the webhook needs the URL this deployment outputs. Store it afterwards with the command in docs/deploy.md.')
@secure()
param teamsWebhookSecret string

@description('Days a deleted vault or secret can be recovered (7 to 90).')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Purge protection: a deleted vault cannot be purged before its retention ends, and the setting cannot be turned off again. Recommended for production; off by default so a trial environment can be removed completely.')
param enablePurgeProtection bool

// As the Azure Verified Module for Key Vault offers it (avm/res/key-vault/vault, `createMode`): `recover` puts back a
// soft-deleted vault of the same name, its secrets included
// (https://learn.microsoft.com/azure/key-vault/general/key-vault-recovery). A deleted vault keeps its name until it
// is purged, so creating it anew fails (https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview).
@description('default creates the vault (or updates it); recover restores the soft-deleted vault of this name, with its secrets.')
@allowed([
  'default'
  'recover'
])
param createMode string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    createMode: createMode
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service rejects an explicit false, so the property is left out unless it is turned on.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

// Written only when a token is given, so a redeployment without one never blanks the stored token.
resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(teamsWebhookSecret)) {
  parent: vault
  name: teamsTokenName
  properties: {
    value: teamsWebhookSecret
    contentType: 'Teams outgoing webhook security token (base64)'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Resource ID of the vault, the scope of its role assignments.')
output id string = vault.id
