import { groupsOf, groupVersion, RESOURCE_TYPES } from './resources';

/** Discovery documents: what kubectl and client libraries read before anything else. */

const VERBS_READ = ['get', 'list'];
const VERBS_WRITE = ['create', 'delete', 'get', 'list', 'patch', 'update'];

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(group: string): Record<string, unknown> {
  const versions = RESOURCE_TYPES.find((t) => t.group === group)?.versions ?? [];
  const entries = versions.map((version) => ({
    groupVersion: groupVersion(group, version),
    version,
  }));
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: group,
    versions: entries,
    preferredVersion: entries[0],
  };
}

export const apiGroup = (group: string): Record<string, unknown> | undefined =>
  groupsOf().includes(group) ? groupDoc(group) : undefined;

export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groupsOf().map(groupDoc) };
}

/** The APIResourceList for one group version, or undefined when it is not served. */
export function apiResourceList(
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const types = RESOURCE_TYPES.filter((t) => t.group === group && t.versions.includes(version));
  if (types.length === 0) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: groupVersion(group, version),
    resources: types.map((t) => ({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.writable ? VERBS_WRITE : VERBS_READ,
      shortNames: t.shortNames,
      ...(t.group === 'networking.istio.io'
        ? { categories: ['istio-io', 'networking-istio-io'] }
        : {}),
    })),
  };
}

export function versionInfo(): Record<string, unknown> {
  return {
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.0-meshlens-demo',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
