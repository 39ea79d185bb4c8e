import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Node } from 'web-tree-sitter';

// Reads Bicep the way the Bicep CLI would start to: a tree-sitter grammar (tree-sitter-bicep, compiled to WASM, so
// nothing native is needed), plus the few helpers the specs use to find declarations and read their properties.

export const INFRA_DIR = path.resolve(__dirname, '..', '..', 'infra');

export interface BicepFile {
  /** Relative to infra/, with forward slashes: `main.bicep`, `modules/storage.bicep`. */
  name: string;
  path: string;
  root: Node;
}

export function listBicepFiles(dir: string = INFRA_DIR): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.bicep'))
    .map((name) => path.join(dir, name))
    .sort();
}

let parser: Parser | undefined;

async function bicepParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const wasm = readFileSync(require.resolve('tree-sitter-bicep/tree-sitter-bicep.wasm'));
  const created = new Parser();
  created.setLanguage(await Language.load(wasm));
  parser = created;
  return created;
}

export async function parseBicep(file: string): Promise<BicepFile> {
  const tree = (await bicepParser()).parse(readFileSync(file, 'utf8'));
  if (!tree) throw new Error(`tree-sitter returned no tree for ${file}`);
  return { name: path.relative(INFRA_DIR, file).split(path.sep).join('/'), path: file, root: tree.rootNode };
}

/** Every node of the tree, depth first. */
export function allNodes(node: Node): Node[] {
  return [node, ...node.children.flatMap((child) => allNodes(child))];
}

/** `ERROR` and `MISSING` nodes, as `line:column text`, for a failure message that points at the mistake. */
export function syntaxErrors(root: Node): string[] {
  return allNodes(root)
    .filter((node) => node.type === 'ERROR' || node.isMissing)
    .map((node) => {
      const at = `${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
      return node.isMissing ? `${at} missing ${node.type}` : `${at} unexpected "${node.text.slice(0, 60)}"`;
    });
}

export type DeclarationKind = 'parameter' | 'variable' | 'resource' | 'module' | 'output';

const NODE_TYPES: Record<DeclarationKind, string> = {
  parameter: 'parameter_declaration',
  variable: 'variable_declaration',
  resource: 'resource_declaration',
  module: 'module_declaration',
  output: 'output_declaration',
};

export interface Declaration {
  kind: DeclarationKind;
  name: string;
  node: Node;
  /** Decorator names with their argument nodes: `description` → [string]. */
  decorators: Map<string, Node[]>;
  /** The resource type with API version, or the module path, without quotes. */
  target?: string;
  /** A resource declared with `existing`: a reference, not something this file creates. */
  existing: boolean;
  /** The value: the default of a parameter, the expression of a variable or output, the body of a resource. */
  value?: Node;
}

function decoratorsOf(node: Node): Map<string, Node[]> {
  const decorators = new Map<string, Node[]>();
  const previous = node.previousNamedSibling;
  if (previous?.type !== 'decorators') return decorators;
  for (const decorator of previous.namedChildren) {
    const call = decorator.namedChildren[0];
    if (call?.type !== 'call_expression') continue;
    const name = call.childForFieldName('function')?.text ?? '';
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    decorators.set(name, args);
  }
  return decorators;
}

/** A resource's or module's body object, through `if (...)` when it is conditional. */
function bodyOf(node: Node): Node | undefined {
  const last = node.lastNamedChild;
  if (last?.type === 'object') return last;
  if (last?.type === 'if_statement') return last.namedChildren.find((child) => child.type === 'object');
  return undefined;
}

function toDeclaration(kind: DeclarationKind, node: Node): Declaration {
  const named = node.namedChildren;
  const declaration: Declaration = {
    kind,
    name: named[0]?.text ?? '',
    node,
    decorators: decoratorsOf(node),
    existing: false,
  };
  if (kind === 'resource' || kind === 'module') {
    declaration.target = stringValue(named[1]);
    declaration.existing = /^\s*existing\b/.test(
      node.text.slice((named[1]?.endIndex ?? 0) - node.startIndex),
    );
    const body = bodyOf(node);
    if (body) declaration.value = body;
  } else if (named.length > 1) {
    const last = named[named.length - 1];
    // A parameter without a default ends with its type.
    if (last && last.type !== 'type') declaration.value = last;
  }
  return declaration;
}

/** Top-level declarations of one kind; resources also include those nested in another resource's body. */
export function declarations(file: BicepFile, kind: DeclarationKind): Declaration[] {
  const nodes =
    kind === 'resource'
      ? file.root.descendantsOfType(NODE_TYPES.resource)
      : file.root.namedChildren.filter((node) => node.type === NODE_TYPES[kind]);
  return nodes.map((node) => toDeclaration(kind, node));
}

/** The text of a string literal without quotes, or undefined when it is not one (or is interpolated). */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  if (node.namedChildren.some((child) => child.type === 'interpolation')) return undefined;
  return node.namedChildren
    .map((child) => (child.type === 'escape_sequence' ? child.text.slice(1) : child.text))
    .join('');
}

/** A literal as a JavaScript value (string, boolean, number, null); undefined for anything computed. */
export function literal(node: Node | null | undefined): string | boolean | number | null | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return stringValue(node);
  if (node.type === 'boolean') return node.text === 'true';
  if (node.type === 'number') return Number(node.text);
  if (node.type === 'null') return null;
  return undefined;
}

/** The value of `key` in an object node, by a dotted path: `properties.siteConfig.minTlsVersion`. */
export function property(object: Node | undefined, dottedPath: string): Node | undefined {
  let current: Node | undefined = object;
  for (const key of dottedPath.split('.')) {
    if (current?.type !== 'object') return undefined;
    const entry = current.namedChildren.find(
      (child) => child.type === 'object_property' && keyOf(child) === key,
    );
    current = entry?.namedChildren.filter((child) => child.type !== 'comment').pop();
  }
  return current;
}

function keyOf(entry: Node): string | undefined {
  const key = entry.namedChildren[0];
  if (!key) return undefined;
  return key.type === 'string' ? stringValue(key) : key.text;
}

/** The keys of an object node. */
export function keys(object: Node | undefined): string[] {
  if (object?.type !== 'object') return [];
  return object.namedChildren
    .filter((child) => child.type === 'object_property')
    .map((child) => keyOf(child) ?? '');
}

/** Identifiers an expression refers to (not property names after a dot). */
export function referencedIdentifiers(node: Node): string[] {
  return allNodes(node)
    .filter((child) => child.type === 'identifier')
    .map((child) => child.text);
}

/** Names of the functions an expression calls: `guid`, `listKeys`, `subscriptionResourceId`. */
export function calledFunctions(node: Node): string[] {
  return allNodes(node)
    .filter((child) => child.type === 'call_expression')
    .map((child) => child.childForFieldName('function')?.text ?? '');
}

/** Property names read with `.`: `properties`, `ConnectionString`. */
export function accessedProperties(node: Node): string[] {
  return allNodes(node)
    .filter((child) => child.type === 'property_identifier')
    .map((child) => child.text);
}
