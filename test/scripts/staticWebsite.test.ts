import { BlobServiceClient } from '@azure/storage-blob';
import { blobEndpointFrom, enableWithRetries } from '../../scripts/azdPostprovision';
import { enableStaticWebsite } from '../../scripts/staticWebsite';
import { azuriteConnectionString } from '../support/testApp';

// azd's postprovision hook and `npm start` switch the static website on with the same call: the one
// `az storage blob service-properties update --static-website` makes.

describe('enableStaticWebsite', () => {
  const blobService = () => BlobServiceClient.fromConnectionString(azuriteConnectionString());

  it('serves index.html for the root and directories and 404.html for unknown paths', async () => {
    await enableStaticWebsite(blobService());
    const { staticWebsite } = await blobService().getProperties();
    expect(staticWebsite).toMatchObject({
      enabled: true,
      indexDocument: 'index.html',
      errorDocument404Path: '404.html',
    });
  });

  it('leaves the other service properties as they were, and can run again', async () => {
    const cors = [
      {
        allowedOrigins: 'https://status.example.com',
        allowedMethods: 'GET',
        allowedHeaders: '*',
        exposedHeaders: '*',
        maxAgeInSeconds: 60,
      },
    ];
    await blobService().setProperties({ cors });
    await enableStaticWebsite(blobService());
    await enableStaticWebsite(blobService());
    const properties = await blobService().getProperties();
    expect(properties.cors).toEqual(cors);
    expect(properties.staticWebsite?.enabled).toBe(true);
    await blobService().setProperties({ cors: [] });
  });
});

describe('the postprovision hook', () => {
  it('finds the account through the deployment output azd puts in its environment', () => {
    expect(blobEndpointFrom({ STORAGE_BLOB_ENDPOINT: 'https://ststatus.blob.core.windows.net/' })).toBe(
      'https://ststatus.blob.core.windows.net/',
    );
    expect(blobEndpointFrom({})).toBeUndefined();
  });

  it('tries again while a new account or a new role is not yet in effect, then gives up', async () => {
    const pauses: number[] = [];
    let calls = 0;
    await enableWithRetries(
      () =>
        ++calls < 3 ? Promise.reject(new Error('403 AuthorizationPermissionMismatch')) : Promise.resolve(),
      (ms) => {
        pauses.push(ms);
        return Promise.resolve();
      },
    );
    expect(calls).toBe(3);
    expect(pauses).toHaveLength(2);

    calls = 0;
    await expect(
      enableWithRetries(
        () => {
          calls++;
          return Promise.reject(new Error('403'));
        },
        () => Promise.resolve(),
        4,
      ),
    ).rejects.toThrow('403');
    expect(calls).toBe(4);
  });
});
