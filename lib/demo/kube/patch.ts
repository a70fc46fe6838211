/**
 * JSON Merge Patch (RFC 7386) and JSON Patch (RFC 6902), as the Kubernetes API server applies
 * them to custom resources. Pure functions on plain JSON values; inputs are never mutated.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is { [key: string]: Json } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7386: objects merge recursively, `null` deletes, everything else (lists too) replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key] ?? null, value);
  }
  return result;
}

/** A JSON Patch that could not be applied; the API server answers 422 for these. */
export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

export interface JsonPatchOperation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

/** Splits an RFC 6901 JSON Pointer into unescaped reference tokens. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(token: string, length: number, forInsert: boolean): number {
  if (forInsert && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token))
    throw new JsonPatchError(`invalid array index ${JSON.stringify(token)}`);
  const index = Number(token);
  if (index > length || (!forInsert && index === length)) {
    throw new JsonPatchError(`array index ${index} out of bounds`);
  }
  return index;
}

/** Resolves the parent container of `tokens` and the last token. */
function parentOf(doc: Json, tokens: string[], pointer: string): { parent: Json; key: string } {
  let node: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)] as Json;
    else if (isObject(node) && token in node) node = node[token] as Json;
    else throw new JsonPatchError(`path ${pointer} does not exist`);
  }
  const key = tokens[tokens.length - 1];
  if (key === undefined)
    throw new JsonPatchError('the root cannot be the target of this operation');
  return { parent: node, key };
}

function getAt(doc: Json, pointer: string): Json {
  let node: Json = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)] as Json;
    else if (isObject(node) && token in node) node = node[token] as Json;
    else throw new JsonPatchError(`path ${pointer} does not exist`);
  }
  return node;
}

function add(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, true), 0, value);
  else if (isObject(parent)) parent[key] = value;
  else throw new JsonPatchError(`cannot add to a scalar at ${pointer}`);
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(key, parent.length, false), 1);
  else if (isObject(parent) && key in parent) delete parent[key];
  else throw new JsonPatchError(`path ${pointer} does not exist`);
  return doc;
}

/** Deep equality of JSON values (key order ignored), as the `test` operation needs. */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length && keys.every((k) => k in b && jsonEqual(a[k], b[k]))
    );
  }
  return false;
}

/** Applies RFC 6902 operations in order; all or nothing. Throws {@link JsonPatchError}. */
export function applyJsonPatch(target: Json, operations: readonly JsonPatchOperation[]): Json {
  let doc = structuredClone(target);
  operations.forEach((operation, i) => {
    const where = `operation ${i} (${operation.op} ${operation.path})`;
    const needsValue =
      operation.op === 'add' || operation.op === 'replace' || operation.op === 'test';
    if (needsValue && operation.value === undefined)
      throw new JsonPatchError(`${where}: missing value`);
    switch (operation.op) {
      case 'add':
        doc = add(doc, operation.path, structuredClone(operation.value as Json));
        break;
      case 'remove':
        doc = remove(doc, operation.path);
        break;
      case 'replace':
        getAt(doc, operation.path);
        doc =
          operation.path === ''
            ? structuredClone(operation.value as Json)
            : remove(doc, operation.path);
        if (operation.path !== '')
          doc = add(doc, operation.path, structuredClone(operation.value as Json));
        break;
      case 'move':
      case 'copy': {
        if (operation.from === undefined) throw new JsonPatchError(`${where}: missing from`);
        const value = structuredClone(getAt(doc, operation.from));
        if (operation.op === 'move') doc = remove(doc, operation.from);
        doc = add(doc, operation.path, value);
        break;
      }
      case 'test':
        if (!jsonEqual(getAt(doc, operation.path), operation.value)) {
          throw new JsonPatchError(`testing value ${operation.path} failed`);
        }
        break;
      default:
        throw new JsonPatchError(`${where}: unknown operation`);
    }
  });
  return doc;
}
