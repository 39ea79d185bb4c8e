import { roleIds } from 'roles.bicep'

// The delivery queue: public changes travel on `deliveries` to the queue-triggered function that pushes them to
// subscribers; deliveries that keep failing are parked on `deliveries-poison` (the name the Functions queue
// trigger uses for its own poison messages, so both end in one place). The app identity gets only the queue
// roles it needs, each on its one queue, never on the account.

@description('Name of the storage account that holds the queues.')
param storageAccountName string

@description('Object ID of the Function App\'s user-assigned identity.')
param appPrincipalId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deliveries 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'deliveries'
}

resource poison 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'deliveries-poison'
}

// The trigger reads the queue's metadata and peeks (scaling decisions, dequeue counts).
resource triggerReads 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: deliveries
  name: guid(deliveries.id, appPrincipalId, roleIds.storageQueueDataReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleIds.storageQueueDataReader)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'The deliver function\'s queue trigger reads the deliveries queue.'
  }
}

// The trigger receives, and deletes what it handled.
resource triggerProcesses 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: deliveries
  name: guid(deliveries.id, appPrincipalId, roleIds.storageQueueDataMessageProcessor)
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageQueueDataMessageProcessor
    )
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'The deliver function receives and deletes deliveries.'
  }
}

// Commands and the timer enqueue deliveries; the deliver function re-enqueues a retry with its backoff delay.
resource appSends 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: deliveries
  name: guid(deliveries.id, appPrincipalId, roleIds.storageQueueDataMessageSender)
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageQueueDataMessageSender
    )
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Commands, the timer and retries enqueue deliveries.'
  }
}

// The deliver function and the trigger park deliveries that keep failing.
resource appPoisons 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: poison
  name: guid(poison.id, appPrincipalId, roleIds.storageQueueDataMessageSender)
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      roleIds.storageQueueDataMessageSender
    )
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Deliveries that keep failing are parked on the poison queue.'
  }
}

@description('The queue endpoint, for the identity-based connection DELIVERY_QUEUE__queueServiceUri.')
output queueServiceUri string = storage.properties.primaryEndpoints.queue

@description('Name of the delivery queue.')
output queueName string = deliveries.name

@description('Name of the poison queue.')
output poisonQueueName string = poison.name
