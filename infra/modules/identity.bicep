// The Function App's identity. User-assigned rather than system-assigned, so its roles can be granted before the
// app exists: the app then starts with access to storage and to its Key Vault reference on its very first boot.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('Resource ID, for the app\'s identity list, Key Vault references and the deployment storage.')
output id string = identity.id

@description('Client ID: AZURE_CLIENT_ID and AzureWebJobsStorage__clientId tell the SDKs which identity to use.')
output clientId string = identity.properties.clientId

@description('Object (principal) ID that role assignments are made to.')
output principalId string = identity.properties.principalId
