import type { Json } from './patch';
import type { ResourceType } from './resources';
import type { KubeObject } from './store';

/**
 * Server-side printing (`meta.k8s.io/v1` Table), which kubectl asks for on `get`. Columns
 * follow the real API server for built-ins and Istio's CRD printer columns for Istio kinds.
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#receiving-resources-as-tables
 */

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  cell: (o: KubeObject) => Json;
}

type Obj = Record<string, Json>;
const obj = (v: Json | undefined): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** `5m`, `3h`, `2d`: the API server's human-readable age. */
export function humanAge(createdIso: string, now: Date): string {
  const seconds = Math.max(0, Math.floor((now.getTime() - Date.parse(createdIso)) / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

const columnsFor = (type: ResourceType): Column[] => {
  switch (type.kind) {
    case 'Namespace':
      return [{ name: 'Status', type: 'string', cell: (o) => obj(o.status).phase ?? 'Active' }];
    case 'Service':
      return [
        { name: 'Type', type: 'string', cell: (o) => obj(o.spec).type ?? 'ClusterIP' },
        { name: 'Cluster-IP', type: 'string', cell: (o) => obj(o.spec).clusterIP ?? '<none>' },
        {
          name: 'Port(s)',
          type: 'string',
          cell: (o) =>
            list(obj(o.spec).ports)
              .map((p) => `${String(obj(p).port)}/${String(obj(p).protocol ?? 'TCP')}`)
              .join(','),
        },
      ];
    case 'Pod':
      return [
        {
          // Ready containers of all, as kubectl prints them (`2/2` for a pod with its sidecar).
          name: 'Ready',
          type: 'string',
          cell: (o) => {
            const statuses = list(obj(o.status).containerStatuses);
            const ready = statuses.filter((c) => obj(c).ready === true).length;
            return `${ready}/${Math.max(statuses.length, list(obj(o.spec).containers).length)}`;
          },
        },
        { name: 'Status', type: 'string', cell: (o) => obj(o.status).phase ?? 'Unknown' },
        {
          name: 'Restarts',
          type: 'integer',
          cell: (o) =>
            list(obj(o.status).containerStatuses).reduce(
              (n: number, c) => n + Number(obj(c).restartCount ?? 0),
              0,
            ),
        },
      ];
    case 'Deployment':
      return [
        {
          name: 'Ready',
          type: 'string',
          cell: (o) =>
            `${String(obj(o.status).readyReplicas ?? 0)}/${String(obj(o.spec).replicas ?? 1)}`,
        },
        { name: 'Available', type: 'integer', cell: (o) => obj(o.status).availableReplicas ?? 0 },
      ];
    case 'ReplicaSet':
      return [
        { name: 'Desired', type: 'integer', cell: (o) => obj(o.spec).replicas ?? 0 },
        { name: 'Current', type: 'integer', cell: (o) => obj(o.status).replicas ?? 0 },
        { name: 'Ready', type: 'integer', cell: (o) => obj(o.status).readyReplicas ?? 0 },
      ];
    case 'VirtualService':
      return [
        {
          name: 'Gateways',
          type: 'string',
          cell: (o) => JSON.stringify(obj(o.spec).gateways ?? []),
        },
        { name: 'Hosts', type: 'string', cell: (o) => JSON.stringify(obj(o.spec).hosts ?? []) },
      ];
    case 'HTTPRoute':
      return [
        {
          name: 'Hostnames',
          type: 'string',
          cell: (o) => JSON.stringify(obj(o.spec).hostnames ?? []),
        },
      ];
    case 'Gateway':
      // The Gateway API's has a class; Istio's its pods' selector.
      return type.group === 'networking.istio.io'
        ? [
            {
              name: 'Selector',
              type: 'string',
              cell: (o) => JSON.stringify(obj(o.spec).selector ?? {}),
            },
          ]
        : [{ name: 'Class', type: 'string', cell: (o) => obj(o.spec).gatewayClassName ?? '' }];
    case 'Secret':
      return [
        { name: 'Type', type: 'string', cell: (o) => String(o.type ?? 'Opaque') },
        { name: 'Data', type: 'integer', cell: (o) => Object.keys(obj(o.data)).length },
      ];
    case 'DestinationRule':
      return [{ name: 'Host', type: 'string', cell: (o) => obj(o.spec).host ?? '' }];
    default:
      return [];
  }
};

/** True when the Accept header asks for a Table (kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((part) => part.includes('as=Table') && part.includes('g=meta.k8s.io'));
}

/** Builds the Table for a list of objects of one type. */
export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  resourceVersion: string,
  now: Date,
): Obj {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name', priority: 0 },
      ...columns.map((c) => ({
        name: c.name,
        type: c.type,
        format: '',
        description: c.name,
        priority: 0,
      })),
      { name: 'Age', type: 'string', format: '', description: 'Age', priority: 0 },
    ],
    rows: objects.map((o) => ({
      cells: [
        o.metadata.name ?? '',
        ...columns.map((c) => c.cell(o)),
        humanAge(String(o.metadata.creationTimestamp ?? now.toISOString()), now),
      ],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
