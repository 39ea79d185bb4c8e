import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'web-tree-sitter';
import {
  INFRA_DIR,
  accessedProperties,
  allNodes,
  calledFunctions,
  declarations,
  keys,
  listBicepFiles,
  literal,
  parseBicep,
  property,
  referencedIdentifiers,
  stringValue,
  syntaxErrors,
  type BicepFile,
  type Declaration,
} from './bicepSyntax';

// The Bicep CLI cannot run here, so these specs read the templates with tree-sitter-bicep: every file must parse,
// and the properties that keep the deployment safe must hold. CI also runs `az bicep build` on every file.

/** Azure's built-in role definition IDs (the same in every subscription), by the camelCase of the role name. */
const BUILT_IN_ROLES: Record<string, { role: string; id: string }> = {
  storageBlobDataOwner: { role: 'Storage Blob Data Owner', id: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' },
  storageBlobDataContributor: {
    role: 'Storage Blob Data Contributor',
    id: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe',
  },
  storageFileDataPrivilegedContributor: {
    role: 'Storage File Data Privileged Contributor',
    id: '69566ab7-960f-475b-8e7c-b3118f30c6bd',
  },
  storageAccountContributor: {
    role: 'Storage Account Contributor',
    id: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
  },
  storageQueueDataContributor: {
    role: 'Storage Queue Data Contributor',
    id: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  },
  storageTableDataContributor: {
    role: 'Storage Table Data Contributor',
    id: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
  },
  storageQueueDataReader: { role: 'Storage Queue Data Reader', id: '19e7f393-937e-4f77-808e-94535e297925' },
  storageQueueDataMessageProcessor: {
    role: 'Storage Queue Data Message Processor',
    id: '8a0f0c08-91a1-4084-bc3d-661d67233fed',
  },
  storageQueueDataMessageSender: {
    role: 'Storage Queue Data Message Sender',
    id: 'c6a89b2d-59bc-44d0-9896-0f6e12d7b80a',
  },
  keyVaultSecretsUser: { role: 'Key Vault Secrets User', id: '4633458b-17de-408a-b874-0445c86b69e6' },
  keyVaultSecretsOfficer: { role: 'Key Vault Secrets Officer', id: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' },
  monitoringMetricsPublisher: {
    role: 'Monitoring Metrics Publisher',
    id: '3913510d-42f4-4e42-8a64-420c390055eb',
  },
};

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const files = listBicepFiles();
const parsed = new Map<string, BicepFile>();

beforeAll(async () => {
  for (const file of files) {
    const bicep = await parseBicep(file);
    parsed.set(bicep.name, bicep);
  }
});

function bicep(name: string): BicepFile {
  const file = parsed.get(name);
  if (!file) throw new Error(`infra/${name} is missing`);
  return file;
}

function all(): BicepFile[] {
  return [...parsed.values()];
}

/** Resources this infrastructure creates (not `existing` references), of one type, across all files. */
function created(typePrefix: string): (Declaration & { file: string })[] {
  return all().flatMap((file) =>
    declarations(file, 'resource')
      .filter((resource) => !resource.existing && resource.target?.startsWith(`${typePrefix}@`))
      .map((resource) => ({ ...resource, file: file.name })),
  );
}

function valueAt(resource: Declaration, dottedPath: string): ReturnType<typeof literal> {
  return literal(property(resource.value, dottedPath));
}

function describedBy(declaration: Declaration): string | undefined {
  const [argument] = declaration.decorators.get('description') ?? [];
  return stringValue(argument) ?? (argument?.type === 'string' ? argument.text : undefined);
}

/** The role key in `roleIds.<key>`, or undefined when the expression is anything else. */
function roleKeyOf(node: Node | undefined): string | undefined {
  if (node?.type !== 'member_expression') return undefined;
  const object = node.childForFieldName('object')?.text;
  return object === 'roleIds' ? node.childForFieldName('property')?.text : undefined;
}

function callArguments(node: Node | undefined, name: string): Node[] | undefined {
  if (node?.type !== 'call_expression' || node.childForFieldName('function')?.text !== name) return undefined;
  return node.childForFieldName('arguments')?.namedChildren ?? [];
}

/** Evaluates the few expressions resource names use here: strings, parameters, `empty(x)` and `c ? a : b`. */
function evaluate(node: Node | null | undefined, values: Record<string, string>): string | boolean {
  if (!node) throw new Error('nothing to evaluate');
  if (node.type === 'string') {
    const text = stringValue(node);
    if (text === undefined) throw new Error(`cannot evaluate ${node.text}`);
    return text;
  }
  if (node.type === 'identifier') {
    const value = values[node.text];
    if (value === undefined) throw new Error(`no value for ${node.text}`);
    return value;
  }
  if (node.type === 'ternary_expression')
    return evaluate(node.childForFieldName('condition'), values)
      ? evaluate(node.childForFieldName('consequence'), values)
      : evaluate(node.childForFieldName('alternative'), values);
  const [argument] = callArguments(node, 'empty') ?? [];
  if (argument) return evaluate(argument, values) === '';
  throw new Error(`cannot evaluate ${node.text}`);
}

/**
 * The resource ID ARM gives a resource written `a::b::c` (a nested `existing` chain), with the parameters it uses
 * given values: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/<type>/<name>/…`.
 */
function resourceIdOf(file: BicepFile, symbol: string, values: Record<string, string>): string {
  const segments: string[] = [];
  let scope: Node = file.root;
  for (const name of symbol.split('::')) {
    const resource = scope
      .descendantsOfType('resource_declaration')
      .find((node) => node.namedChildren[0]?.text === name);
    if (!resource) throw new Error(`no resource ${name} in ${file.name}`);
    const type = (stringValue(resource.namedChildren[1]) ?? '').split('@')[0] ?? '';
    const body = resource.lastNamedChild;
    segments.push(type, String(evaluate(property(body ?? undefined, 'name'), values)));
    if (!body) break;
    scope = body;
  }
  return `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${segments.join('/')}`;
}

describe('infra/', () => {
  it('holds main.bicep and its modules', () => {
    expect([...parsed.keys()]).toEqual(
      expect.arrayContaining([
        'main.bicep',
        'modules/access.bicep',
        'modules/functionApp.bicep',
        'modules/identity.bicep',
        'modules/keyVault.bicep',
        'modules/monitoring.bicep',
        'modules/roles.bicep',
        'modules/staticWebsite.bicep',
        'modules/storage.bicep',
      ]),
    );
  });

  describe.each(files.map((file) => path.relative(INFRA_DIR, file).split(path.sep).join('/')))(
    '%s',
    (name) => {
      it('parses without syntax errors', () => {
        expect(syntaxErrors(bicep(name).root)).toEqual([]);
      });

      it('describes every parameter and output with a non-empty @description', () => {
        const undescribed = [
          ...declarations(bicep(name), 'parameter'),
          ...declarations(bicep(name), 'output'),
        ]
          .filter((declaration) => !describedBy(declaration)?.trim())
          .map((declaration) => `${declaration.kind} ${declaration.name}`);
        expect(undescribed).toEqual([]);
      });

      it('marks every parameter whose name says secret @secure(), as the Bicep linter expects', () => {
        // The keywords of the linter's secure-secrets-in-params rule, and a name that ends in Token.
        const exposed = declarations(bicep(name), 'parameter')
          .filter((parameter) => /password|pwd|secret|accountkey|acctkey|Token$/i.test(parameter.name))
          .filter((parameter) => !parameter.decorators.has('secure'))
          .map((parameter) => parameter.name);
        expect(exposed).toEqual([]);
      });

      it('reveals no secret in any output', () => {
        const file = bicep(name);
        const secure = new Set(
          declarations(file, 'parameter')
            .filter((parameter) => parameter.decorators.has('secure'))
            .map((parameter) => parameter.name),
        );
        // A variable computed from a secret is a secret too, however many variables away.
        const variables = declarations(file, 'variable');
        for (let grew = true; grew;) {
          grew = false;
          for (const variable of variables) {
            if (secure.has(variable.name) || !variable.value) continue;
            if (referencedIdentifiers(variable.value).some((id) => secure.has(id))) {
              secure.add(variable.name);
              grew = true;
            }
          }
        }
        const leaks = declarations(file, 'output').flatMap((output) => {
          if (!output.value) return [];
          const found = [
            ...referencedIdentifiers(output.value).filter((id) => secure.has(id)),
            ...calledFunctions(output.value).filter((fn) => /^list/i.test(fn)),
            ...accessedProperties(output.value).filter((prop) =>
              /connectionstring|instrumentationkey|key$|keys$|secret|password|value$/i.test(prop),
            ),
          ];
          return found.map((what) => `${output.name}: ${what}`);
        });
        expect(leaks).toEqual([]);
      });
    },
  );

  describe('main.bicep', () => {
    it('only composes modules: it declares no resource of its own', () => {
      expect(declarations(bicep('main.bicep'), 'resource').map((resource) => resource.name)).toEqual([]);
    });

    it('outputs the site URL, the webhook URL to paste into Teams and the Function App name', () => {
      const outputs = declarations(bicep('main.bicep'), 'output');
      expect(outputs.map((output) => output.name)).toEqual(
        expect.arrayContaining(['SITE_URL', 'TEAMS_WEBHOOK_URL', 'FUNCTION_APP_NAME', 'KEY_VAULT_NAME']),
      );
      const webhook = outputs.find((output) => output.name === 'TEAMS_WEBHOOK_URL');
      expect(webhook?.value?.text).toBe("'https://${functionApp.outputs.defaultHostName}/api/teams'");
    });

    it('passes every module the parameters it declares, and only those', () => {
      const problems = all().flatMap((file) =>
        declarations(file, 'module').flatMap((module) => {
          const target = path.posix.join(path.posix.dirname(file.name), module.target ?? '');
          const callee = parsed.get(target);
          if (!callee) return [`${file.name}: module ${module.name} points at missing ${target}`];
          const declared = declarations(callee, 'parameter');
          const given = keys(property(module.value, 'params'));
          return [
            ...given
              .filter((name) => !declared.some((parameter) => parameter.name === name))
              .map((name) => `${module.name}: ${target} has no parameter ${name}`),
            ...declared
              .filter((parameter) => !parameter.value && !given.includes(parameter.name))
              .map((parameter) => `${module.name}: required parameter ${parameter.name} is not passed`),
          ];
        }),
      );
      expect(problems).toEqual([]);
    });

    it.each(['main.parameters.json', 'main.example.parameters.json'])(
      '%s names only parameters main.bicep declares, and every required one',
      (name) => {
        const json = JSON.parse(readFileSync(path.join(INFRA_DIR, name), 'utf8')) as {
          parameters: Record<string, { value: unknown }>;
        };
        const declared = declarations(bicep('main.bicep'), 'parameter');
        const given = Object.keys(json.parameters);
        expect(given.filter((key) => !declared.some((parameter) => parameter.name === key))).toEqual([]);
        expect(
          declared
            .filter((parameter) => !parameter.value && !given.includes(parameter.name))
            .map((p) => p.name),
        ).toEqual([]);
      },
    );
  });

  describe('imports and loaded files', () => {
    it('imports only what the imported file exports', () => {
      const problems = all().flatMap((file) =>
        file.root.namedChildren
          .filter((node) => node.type === 'import_functionality')
          .flatMap((node) => {
            const from = stringValue(node.namedChildren.find((child) => child.type === 'string'));
            const target = parsed.get(path.posix.join(path.posix.dirname(file.name), from ?? ''));
            if (!target) return [`${file.name}: imports from missing ${from}`];
            const exported = declarations(target, 'variable')
              .filter((variable) => variable.decorators.has('export'))
              .map((variable) => variable.name);
            return node.namedChildren
              .filter((child) => child.type === 'identifier')
              .filter((child) => !exported.includes(child.text))
              .map((child) => `${file.name}: ${from} does not export ${child.text}`);
          }),
      );
      expect(problems).toEqual([]);
    });

    it('loads only files that exist', () => {
      const missing = all().flatMap((file) =>
        file.root
          .descendantsOfType('call_expression')
          .filter((call) =>
            /^load(Text|Json|Yaml|FileAsBase64)Content$/.test(call.childForFieldName('function')?.text ?? ''),
          )
          .map((call) => stringValue(call.childForFieldName('arguments')?.namedChildren[0]) ?? '')
          .filter((loaded) => !existsSync(path.join(path.dirname(file.path), loaded))),
      );
      expect(missing).toEqual([]);
    });
  });

  describe('storage account', () => {
    const accounts = () => created('Microsoft.Storage/storageAccounts');

    it('is created once', () => {
      expect(accounts()).toHaveLength(1);
    });

    it('accepts HTTPS only, with TLS 1.2 at least', () => {
      for (const account of accounts()) {
        expect(valueAt(account, 'properties.supportsHttpsTrafficOnly')).toBe(true);
        expect(valueAt(account, 'properties.minimumTlsVersion')).toBe('TLS1_2');
      }
    });

    it('refuses shared keys, and allows anonymous read of single blobs in the api container alone', () => {
      for (const account of accounts()) {
        expect(valueAt(account, 'properties.allowSharedKeyAccess')).toBe(false);
        // Issue 11: the Statuspage JSON must be readable cross-origin, which the static website cannot send.
        expect(valueAt(account, 'properties.allowBlobPublicAccess')).toBe(true);
      }
      const containers = created('Microsoft.Storage/storageAccounts/blobServices/containers');
      for (const container of containers) {
        const name = literal(property(container.value, 'name'));
        expect([name, valueAt(container, 'properties.publicAccess')]).toEqual([
          name,
          name === 'api' ? 'Blob' : 'None',
        ]);
      }
      // The JSON's public copy exists, and the app is told to publish into it.
      expect(containers.map((container) => literal(property(container.value, 'name')))).toContain('api');
    });

    it('lets any origin GET the public blobs (CORS), and nothing more', () => {
      const [service] = created('Microsoft.Storage/storageAccounts/blobServices');
      const rules = property(service!.value, 'properties.cors.corsRules')?.namedChildren.filter(
        (child) => child.type === 'object',
      );
      expect(rules).toHaveLength(1);
      const list = (key: string) =>
        property(rules![0], key)
          ?.namedChildren.filter((child) => child.type !== 'comment')
          .map((child) => literal(child));
      expect(list('allowedMethods')).toEqual(['GET', 'HEAD', 'OPTIONS']);
      expect(list('allowedOrigins')).toEqual(['*']);
    });

    it('keeps blob versions and soft-deletes blobs and containers', () => {
      const [service] = created('Microsoft.Storage/storageAccounts/blobServices');
      expect(service).toBeDefined();
      expect(valueAt(service!, 'properties.isVersioningEnabled')).toBe(true);
      expect(valueAt(service!, 'properties.deleteRetentionPolicy.enabled')).toBe(true);
      expect(valueAt(service!, 'properties.containerDeleteRetentionPolicy.enabled')).toBe(true);
    });

    it('lets the redundancy be chosen, LRS by default and read-access geo-redundancy allowed', () => {
      const parameter = declarations(bicep('main.bicep'), 'parameter').find(
        (declaration) => declaration.name === 'storageRedundancy',
      );
      expect(literal(parameter?.value)).toBe('Standard_LRS');
      const allowed = parameter?.decorators.get('allowed')?.[0]?.namedChildren.map((node) => literal(node));
      expect(allowed).toEqual(expect.arrayContaining(['Standard_LRS', 'Standard_RAGRS']));
    });
  });

  describe('static website', () => {
    it('can be switched on by a deployment script that sets the index and 404 documents', () => {
      const [script] = created('Microsoft.Resources/deploymentScripts');
      expect(script?.file).toBe('modules/staticWebsite.bicep');
      const shell = readFileSync(path.join(INFRA_DIR, 'modules/scripts/enable-static-website.sh'), 'utf8');
      expect(shell).toContain('--static-website true');
      expect(shell).toContain('--auth-mode login');
      expect(shell).toContain('--404-document');
    });

    it('runs the script as an identity holding one role, on the storage account only', () => {
      const assignments = declarations(bicep('modules/staticWebsite.bicep'), 'resource').filter((resource) =>
        resource.target?.startsWith('Microsoft.Authorization/roleAssignments@'),
      );
      expect(assignments).toHaveLength(1);
      expect(property(assignments[0]?.value, 'scope')?.text).toBe('storage');
      const [, role] =
        callArguments(
          property(assignments[0]?.value, 'properties.roleDefinitionId'),
          'subscriptionResourceId',
        ) ?? [];
      expect(roleKeyOf(role)).toBe('storageAccountContributor');
    });
  });

  describe('static website by default', () => {
    it('needs no deployment script: the script is an option, off unless asked for', () => {
      const parameter = declarations(bicep('main.bicep'), 'parameter').find(
        (declaration) => declaration.name === 'staticWebsiteByDeploymentScript',
      );
      expect(literal(parameter?.value)).toBe(false);
      const module = declarations(bicep('main.bicep'), 'module').find(
        (declaration) => declaration.target === 'modules/staticWebsite.bicep',
      );
      expect(module?.node.text).toMatch(/= if \(staticWebsiteByDeploymentScript\) \{/);
    });

    it("is switched on by azd's postprovision hook, as the person or pipeline deploying", () => {
      const azureYaml = readFileSync(path.join(INFRA_DIR, '..', 'azure.yaml'), 'utf8');
      const scripts = (
        JSON.parse(readFileSync(path.join(INFRA_DIR, '..', 'package.json'), 'utf8')) as {
          scripts: Record<string, string>;
        }
      ).scripts;
      const hook =
        /^hooks:\n(?:  .*\n|    .*\n|\s*\n)*?  postprovision:\n((?:    .*\n)+)/m.exec(azureYaml)?.[1] ?? '';
      expect(hook.match(/run: npm run --silent azd:postprovision/g)).toHaveLength(2); // posix and windows
      expect(scripts['azd:postprovision']).toMatch(/node dist\/scripts\/azdPostprovision\.js$/);
      expect(existsSync(path.join(INFRA_DIR, '..', 'scripts', 'azdPostprovision.ts'))).toBe(true);
      // The hook finds the account through this output, which azd puts in the hook's environment.
      const output = declarations(bicep('main.bicep'), 'output').find(
        (declaration) => declaration.name === 'STORAGE_BLOB_ENDPOINT',
      );
      expect(output?.value?.text).toBe('storage.outputs.blobEndpoint');
    });
  });

  describe('Function App', () => {
    const app = () => {
      const [site] = created('Microsoft.Web/sites');
      if (!site) throw new Error('no Microsoft.Web/sites resource');
      return site;
    };

    it('runs on the Flex Consumption plan, Linux, Node.js 22', () => {
      const [plan] = created('Microsoft.Web/serverfarms');
      expect(plan && valueAt(plan, 'sku.tier')).toBe('FlexConsumption');
      expect(plan && valueAt(plan, 'properties.reserved')).toBe(true);
      expect(valueAt(app(), 'kind')).toBe('functionapp,linux');
      expect(valueAt(app(), 'properties.functionAppConfig.runtime.name')).toBe('node');
      expect(valueAt(app(), 'properties.functionAppConfig.runtime.version')).toBe('22');
    });

    it('accepts HTTPS only, with TLS 1.2 at least, and no FTP', () => {
      expect(valueAt(app(), 'properties.httpsOnly')).toBe(true);
      expect(valueAt(app(), 'properties.siteConfig.minTlsVersion')).toBe('1.2');
      expect(valueAt(app(), 'properties.siteConfig.ftpsState')).toBe('Disabled');
    });

    it('allows no basic-auth publishing credentials (FTP or SCM)', () => {
      const policies = created('Microsoft.Web/sites/basicPublishingCredentialsPolicies');
      expect(policies.map((policy) => valueAt(policy, 'name')).sort()).toEqual(['ftp', 'scm']);
      for (const policy of policies) expect(valueAt(policy, 'properties.allow')).toBe(false);
    });

    it('runs as a user-assigned identity, which also resolves its Key Vault references and reads its package', () => {
      expect(valueAt(app(), 'identity.type')).toBe('UserAssigned');
      expect(property(app().value, 'properties.keyVaultReferenceIdentity')?.text).toBe('identityId');
      expect(valueAt(app(), 'properties.functionAppConfig.deployment.storage.authentication.type')).toBe(
        'UserAssignedIdentity',
      );
    });

    describe('app settings', () => {
      const settings = () => {
        const variable = declarations(bicep('modules/functionApp.bicep'), 'variable').find(
          (declaration) => declaration.name === 'settings',
        );
        return new Map(
          (variable?.value?.namedChildren ?? [])
            .filter((entry) => entry.type === 'object')
            .map((entry) => [literal(property(entry, 'name')), property(entry, 'value')] as const),
        );
      };

      it('are the settings the design names', () => {
        expect([...settings().keys()]).toEqual(
          expect.arrayContaining([
            'TEAMS_WEBHOOK_SECRET',
            'STORAGE_ACCOUNT_URL',
            'STATE_CONTAINER',
            'SITE_CONTAINER',
            'PAGE_TITLE',
            'PAGE_URL',
            'ALLOWED_TENANT_IDS',
            'ALLOWED_USER_IDS',
            'PUBLISH_TARGETS',
          ]),
        );
      });

      it('tell the app to mirror the Statuspage JSON into the public api container', () => {
        expect(settings().get('API_CONTAINER')?.text).toBe('apiContainerName');
        const module = declarations(bicep('main.bicep'), 'module').find(
          (declaration) => declaration.name === 'functionApp',
        );
        expect(property(module?.value, 'params.apiContainerName')?.text).toBe(
          'publicApi.outputs.containerName',
        );
      });

      it('take the Teams token from Key Vault, not from a value in the template', () => {
        expect(settings().get('TEAMS_WEBHOOK_SECRET')?.text).toMatch(/^'@Microsoft\.KeyVault\(/);
      });

      it('reach storage through the identity: no connection string, no key', () => {
        const names = [...settings().keys()].map(String);
        expect(names).not.toContain('AzureWebJobsStorage');
        expect(names).not.toContain('STORAGE_CONNECTION_STRING');
        expect(settings().get('AzureWebJobsStorage__credential')?.text).toBe("'managedidentity'");
        expect(names.filter((name) => /CONNECTION_STRING|KEY$/i.test(name))).toEqual([
          'APPLICATIONINSIGHTS_CONNECTION_STRING',
        ]);
        expect(settings().get('APPLICATIONINSIGHTS_AUTHENTICATION_STRING')?.text).toContain(
          'Authorization=AAD',
        );
      });
    });
  });

  describe('Key Vault', () => {
    it("can recover this environment's soft-deleted vault instead of colliding with its name", () => {
      const parameter = declarations(bicep('main.bicep'), 'parameter').find(
        (declaration) => declaration.name === 'keyVaultCreateMode',
      );
      expect(literal(parameter?.value)).toBe('default');
      const allowed = parameter?.decorators.get('allowed')?.[0]?.namedChildren.map((node) => literal(node));
      expect(allowed).toEqual(['default', 'recover']);
      const module = declarations(bicep('main.bicep'), 'module').find(
        (declaration) => declaration.name === 'keyVault',
      );
      expect(property(module?.value, 'params.createMode')?.text).toBe('keyVaultCreateMode');
      const [vault] = created('Microsoft.KeyVault/vaults');
      expect(vault && property(vault.value, 'properties.createMode')?.text).toBe('createMode');
      // azd's preprovision hook sets STATUS_KEY_VAULT_CREATE_MODE when it finds such a vault.
      const json = JSON.parse(readFileSync(path.join(INFRA_DIR, 'main.parameters.json'), 'utf8')) as {
        parameters: Record<string, { value: unknown }>;
      };
      expect(json.parameters.keyVaultCreateMode?.value).toBe('${STATUS_KEY_VAULT_CREATE_MODE=default}');
      const azureYaml = readFileSync(path.join(INFRA_DIR, '..', 'azure.yaml'), 'utf8');
      expect(azureYaml).toMatch(
        /^  preprovision:\n(?:    .*\n)*?      run: npm run --silent azd:preprovision\n/m,
      );
    });

    it('uses RBAC, not access policies', () => {
      const [vault] = created('Microsoft.KeyVault/vaults');
      expect(vault && valueAt(vault, 'properties.enableRbacAuthorization')).toBe(true);
      expect(vault && property(vault.value, 'properties.accessPolicies')).toBeUndefined();
    });
  });

  describe('monitoring', () => {
    it('disables local (key) authentication on Application Insights and Log Analytics', () => {
      const [component] = created('Microsoft.Insights/components');
      const [workspace] = created('Microsoft.OperationalInsights/workspaces');
      expect(component && valueAt(component, 'properties.DisableLocalAuth')).toBe(true);
      expect(component && property(component.value, 'properties.WorkspaceResourceId')).toBeDefined();
      expect(workspace && valueAt(workspace, 'properties.features.disableLocalAuth')).toBe(true);
    });
  });

  describe('role assignments', () => {
    const roleIds = () => {
      const variable = declarations(bicep('modules/roles.bicep'), 'variable').find(
        (declaration) => declaration.name === 'roleIds',
      );
      if (!variable?.value) throw new Error('modules/roles.bicep declares no roleIds');
      return {
        variable,
        ids: new Map(keys(variable.value).map((key) => [key, literal(property(variable.value, key))])),
      };
    };
    const assignments = () => created('Microsoft.Authorization/roleAssignments');

    it('name each built-in role by its well-known GUID', () => {
      const { variable, ids } = roleIds();
      expect(variable.decorators.has('export')).toBe(true);
      expect(ids.size).toBeGreaterThan(0);
      for (const [key, id] of ids) {
        expect({ key, id }).toEqual({
          key,
          id: BUILT_IN_ROLES[key]?.id ?? `(${key} is not a known built-in role)`,
        });
      }
    });

    it('write role GUIDs only in modules/roles.bicep', () => {
      const elsewhere = all()
        .filter((file) => file.name !== 'modules/roles.bicep')
        .flatMap((file) => (file.root.text.match(GUID) ?? []).map((guid) => `${file.name}: ${guid}`));
      expect(elsewhere).toEqual([]);
    });

    it('take every role definition from roleIds, by name', () => {
      const { ids } = roleIds();
      for (const assignment of assignments()) {
        const args = callArguments(
          property(assignment.value, 'properties.roleDefinitionId'),
          'subscriptionResourceId',
        );
        expect(stringValue(args?.[0])).toBe('Microsoft.Authorization/roleDefinitions');
        expect(ids.has(roleKeyOf(args?.[1]) ?? '')).toBe(true);
      }
    });

    it('are named guid(scope, principal, role), so a redeployment finds the same assignment', () => {
      for (const assignment of assignments()) {
        const body = assignment.value;
        const [scope, principal, role] = callArguments(property(body, 'name'), 'guid') ?? [];
        const roleDefinition = callArguments(
          property(body, 'properties.roleDefinitionId'),
          'subscriptionResourceId',
        );
        const principalId = property(body, 'properties.principalId')?.text ?? '';
        // An identity created in the same file is named by its resource ID: its principal ID is known only once
        // it exists, too late for a name, and the resource ID stands for the same principal.
        const identity = /^(\w+)\.properties\.principalId$/.exec(principalId)?.[1];
        expect({
          assignment: assignment.name,
          scope: scope?.text,
          principal: principal?.text === `${identity}.id` ? principalId : principal?.text,
          role: role?.text,
        }).toEqual({
          assignment: assignment.name,
          scope: `${property(body, 'scope')?.text}.id`,
          principal: principalId,
          role: roleDefinition?.[1]?.text,
        });
      }
    });

    it('scope the file share role to …/fileServices/default/fileshares/<share>, the share as Azure RBAC names it', () => {
      // https://learn.microsoft.com/azure/storage/files/storage-files-identity-assign-share-level-permissions gives
      // this scope; the share resource's own ID (…/shares/<share>) is not it
      // (https://github.com/Azure/bicep-types-az/issues/1532).
      const file = bicep('modules/access.bicep');
      const [assignment] = declarations(file, 'resource').filter(
        (resource) =>
          roleKeyOf(
            callArguments(
              property(resource.value, 'properties.roleDefinitionId'),
              'subscriptionResourceId',
            )?.[1],
          ) === 'storageFileDataPrivilegedContributor',
      );
      const scope = property(assignment?.value, 'scope')?.text ?? '';
      expect(
        resourceIdOf(file, scope, { storageAccountName: 'ststatusabc123', fileShareName: 'status-site' }),
      ).toBe(
        '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/' +
          'Microsoft.Storage/storageAccounts/ststatusabc123/fileServices/default/fileshares/status-site',
      );
      // The assignment's name is computed from the same scope, so it is stable across deployments.
      expect(callArguments(property(assignment?.value, 'name'), 'guid')?.[0]?.text).toBe(`${scope}.id`);
    });

    it('give the app identity exactly the roles it needs: blobs, the file share, its secret and telemetry', () => {
      const roles = declarations(bicep('modules/access.bicep'), 'resource')
        .filter((resource) => resource.target?.startsWith('Microsoft.Authorization/roleAssignments@'))
        .filter((resource) => property(resource.value, 'properties.principalId')?.text === 'appPrincipalId')
        .map((resource) => ({
          role: roleKeyOf(
            callArguments(
              property(resource.value, 'properties.roleDefinitionId'),
              'subscriptionResourceId',
            )?.[1],
          ),
          scope: property(resource.value, 'scope')?.text,
        }));
      expect(roles).toEqual(
        expect.arrayContaining([
          { role: 'storageBlobDataOwner', scope: 'storage' },
          { role: 'storageFileDataPrivilegedContributor', scope: 'storage::fileService::share' },
          { role: 'keyVaultSecretsUser', scope: 'vault' },
          { role: 'monitoringMetricsPublisher', scope: 'appInsights' },
        ]),
      );
      expect(roles).toHaveLength(4);
    });
  });

  describe('bicepconfig.json and the linter', () => {
    const config = () =>
      JSON.parse(readFileSync(path.join(INFRA_DIR, 'bicepconfig.json'), 'utf8')) as {
        analyzers: { core: { enabled: boolean; rules: Record<string, { level: string }> } };
      };

    it('turns the linter on and makes its security and hygiene rules errors, which fail the build', () => {
      // Rule names: https://learn.microsoft.com/azure/azure-resource-manager/bicep/linter
      expect(config().analyzers.core.enabled).toBe(true);
      const errors = Object.entries(config().analyzers.core.rules)
        .filter(([, rule]) => rule.level === 'error')
        .map(([name]) => name);
      expect(errors).toEqual(
        expect.arrayContaining([
          'outputs-should-not-contain-secrets',
          'secure-secrets-in-params',
          'secure-parameter-default',
          'use-secure-value-for-secure-inputs',
          'no-hardcoded-env-urls',
          'no-hardcoded-location',
          'no-unused-params',
          'no-unused-vars',
          'no-unused-existing-resources',
          'use-stable-resource-identifiers',
        ]),
      );
    });

    // What these rules say, checked here too, where the Bicep CLI cannot run.
    it('declares no parameter or variable that its file does not use (no-unused-params, no-unused-vars)', () => {
      const unused = all().flatMap((file) => {
        const uses = allNodes(file.root).filter((node) => {
          if (node.type !== 'identifier') return false;
          const parent = node.parent;
          const isKey = parent?.type === 'object_property' && parent.namedChildren[0]?.id === node.id;
          const isDeclaredName =
            /_declaration$/.test(parent?.type ?? '') && parent?.namedChildren[0]?.id === node.id;
          return !isKey && !isDeclaredName;
        });
        return [...declarations(file, 'parameter'), ...declarations(file, 'variable')]
          .filter((declaration) => !declaration.decorators.has('export'))
          .filter((declaration) => !uses.some((node) => node.text === declaration.name))
          .map((declaration) => `${file.name}: ${declaration.kind} ${declaration.name}`);
      });
      expect(unused).toEqual([]);
    });

    it('gives no @secure() parameter a default but empty (secure-parameter-default)', () => {
      const defaults = all().flatMap((file) =>
        declarations(file, 'parameter')
          .filter((parameter) => parameter.decorators.has('secure') && parameter.value)
          .filter((parameter) => literal(parameter.value) !== '')
          .map((parameter) => `${file.name}: ${parameter.name}`),
      );
      expect(defaults).toEqual([]);
    });

    it('writes no Azure host name into a template (no-hardcoded-env-urls)', () => {
      const hosts =
        /core\.windows\.net|management\.azure\.com|vault\.azure\.net|login\.microsoftonline\.com|graph\.windows\.net|azurewebsites\.net/i;
      const found = all().flatMap((file) =>
        allNodes(file.root)
          .filter((node) => node.type === 'string' && hosts.test(node.text))
          .map((node) => `${file.name}: ${node.text}`),
      );
      expect(found).toEqual([]);
    });

    it('is run by CI: az bicep lint and az bicep build on every template', () => {
      const ci = readFileSync(path.join(INFRA_DIR, '..', '.github', 'workflows', 'ci.yml'), 'utf8');
      expect(ci).toContain("git ls-files '*.bicep'");
      expect(ci).toMatch(/az bicep lint --file "\$file"/);
      expect(ci).toMatch(/az bicep build --file "\$file"/);
    });
  });

  describe('delivery queue', () => {
    it('creates the deliveries queue and its poison queue', () => {
      const queues = declarations(bicep('modules/queue.bicep'), 'resource').filter((resource) =>
        resource.target?.startsWith('Microsoft.Storage/storageAccounts/queueServices/queues@'),
      );
      expect(queues.map((queue) => literal(property(queue.value, 'name')))).toEqual([
        'deliveries',
        'deliveries-poison',
      ]);
    });

    it('gives the app identity only queue roles, each on its one queue', () => {
      const roles = declarations(bicep('modules/queue.bicep'), 'resource')
        .filter((resource) => resource.target?.startsWith('Microsoft.Authorization/roleAssignments@'))
        .map((resource) => ({
          role: roleKeyOf(
            callArguments(
              property(resource.value, 'properties.roleDefinitionId'),
              'subscriptionResourceId',
            )?.[1],
          ),
          scope: property(resource.value, 'scope')?.text,
          principal: property(resource.value, 'properties.principalId')?.text,
        }));
      expect(roles).toEqual([
        { role: 'storageQueueDataReader', scope: 'deliveries', principal: 'appPrincipalId' },
        { role: 'storageQueueDataMessageProcessor', scope: 'deliveries', principal: 'appPrincipalId' },
        { role: 'storageQueueDataMessageSender', scope: 'deliveries', principal: 'appPrincipalId' },
        { role: 'storageQueueDataMessageSender', scope: 'poison', principal: 'appPrincipalId' },
      ]);
    });

    it('connects the queue trigger through the identity and takes subscriber settings from Key Vault', () => {
      const text = bicep('modules/functionApp.bicep').root.text;
      expect(text).toContain("name: 'DELIVERY_QUEUE__queueServiceUri'");
      expect(text).toContain("name: 'DELIVERY_QUEUE__credential'");
      expect(text).toMatch(
        /_URL'\n\s+value: '@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName=subscriber-/,
      );
      expect(text).toMatch(/_SECRET'\n\s+value: '@Microsoft\.KeyVault\(/);
    });
  });

  describe('azure.yaml', () => {
    it('deploys its service to the Function App tagged with that service name', () => {
      const azureYaml = readFileSync(path.join(INFRA_DIR, '..', 'azure.yaml'), 'utf8');
      const module = declarations(bicep('main.bicep'), 'module').find(
        (declaration) => declaration.name === 'functionApp',
      );
      const serviceName = literal(property(module?.value, 'params.serviceName'));
      expect(typeof serviceName).toBe('string');
      expect(azureYaml).toMatch(new RegExp(`^services:\\n  ${String(serviceName)}:\\n`, 'm'));
      expect(azureYaml).toMatch(/^\s+host: function$/m);
    });
  });
});
