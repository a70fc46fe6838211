import { z } from 'zod';

/**
 * The parts of Kubernetes objects we read, as zod schemas. client-node has already turned
 * JSON into its model classes (dates as Date), so only structure is checked here.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/
 */

const labels = z
  .record(z.string(), z.string())
  .nullish()
  .transform((value) => value ?? {});

export const wireMeta = z.object({
  name: z.string(),
  namespace: z.string().optional(),
  resourceVersion: z.string().optional(),
  uid: z.string().optional(),
  generation: z.number().optional(),
  labels,
  annotations: labels,
});

export const wireNamespace = z.object({ metadata: wireMeta });

export const wireConfigMap = z.object({
  metadata: wireMeta,
  data: z.record(z.string(), z.string()).nullish(),
});

export const wireService = z.object({
  metadata: wireMeta,
  spec: z
    .object({
      selector: labels,
      ports: z
        .array(
          z.object({
            name: z.string().optional(),
            port: z.number(),
            protocol: z.string().optional(),
            appProtocol: z.string().optional(),
          }),
        )
        .nullish(),
    })
    .optional(),
});

export const wireDeployment = z.object({
  metadata: wireMeta,
  spec: z
    .object({
      replicas: z.number().optional(),
      template: z.object({ metadata: z.object({ labels }).optional() }).optional(),
    })
    .optional(),
  status: z.object({ availableReplicas: z.number().optional() }).optional(),
});

/** A timestamp as JSON (RFC 3339) or as client-node's model (a Date). */
const wireTime = z.union([z.string(), z.date()]);

export const wireReplicaSet = z.object({
  metadata: wireMeta.extend({
    creationTimestamp: wireTime.optional(),
    ownerReferences: z
      .array(z.object({ kind: z.string(), name: z.string(), controller: z.boolean().nullish() }))
      .nullish(),
  }),
  spec: z
    .object({
      replicas: z.number().optional(),
      template: z.object({ metadata: z.object({ labels }).optional() }).optional(),
    })
    .optional(),
});

export const wirePod = z.object({
  metadata: wireMeta.extend({
    creationTimestamp: wireTime.optional(),
    annotations: z.record(z.string(), z.string()).nullish(),
  }),
  spec: z
    .object({
      nodeName: z.string().nullish(),
      containers: z.array(z.object({ name: z.string(), image: z.string().nullish() })).nullish(),
    })
    .optional(),
  status: z
    .object({
      phase: z.string().optional(),
      podIP: z.string().optional(),
      conditions: z.array(z.object({ type: z.string(), status: z.string() })).nullish(),
      containerStatuses: z
        .array(
          z.object({
            name: z.string(),
            image: z.string().nullish(),
            ready: z.boolean().nullish(),
            restartCount: z.number().nullish(),
          }),
        )
        .nullish(),
    })
    .optional(),
});

/** A namespaced object's metadata with when and by whom it was written. */
const wireWrittenMeta = wireMeta.extend({
  namespace: z.string(),
  creationTimestamp: wireTime.optional(),
  /** Who wrote the object and when, per field manager. */
  managedFields: z
    .array(
      z.object({
        manager: z.string().optional(),
        time: wireTime.optional(),
        /** The fields the manager owns (`f:spec`, `f:metadata` › `f:labels`, …). */
        fieldsV1: z.record(z.string(), z.unknown()).nullish(),
      }),
    )
    .nullish(),
});

export const wireRoutingResource = z.object({
  apiVersion: z.string(),
  kind: z.enum(['VirtualService', 'DestinationRule', 'HTTPRoute']),
  // No resourceVersion on a dry-run create: nothing was persisted.
  metadata: wireWrittenMeta,
  spec: z.record(z.string(), z.unknown()).optional(),
});

export const wireAccessReview = z.object({
  status: z.object({ allowed: z.boolean(), reason: z.string().optional() }).optional(),
});

export const wirePeerAuthentication = z.object({
  metadata: wireMeta.extend({ namespace: z.string() }),
  spec: z
    .object({
      selector: z.object({ matchLabels: z.record(z.string(), z.string()).optional() }).optional(),
      mtls: z.object({ mode: z.string().optional() }).optional(),
    })
    .optional(),
});

export const wireList = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

export const wireApiGroupList = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      versions: z.array(z.object({ version: z.string() })),
      preferredVersion: z.object({ version: z.string() }).optional(),
    }),
  ),
});

/** A Kubernetes `Status` error body. */
export const wireStatus = z.object({
  kind: z.literal('Status'),
  message: z.string().optional(),
  reason: z.string().optional(),
  code: z.number().optional(),
});

export const wireVersion = z.object({ gitVersion: z.string() });

/** An Istio Gateway or a Gateway API Gateway; `spec` is read by lib/graph/gateways.ts. */
/** An Istio or Gateway API object, as far as listing and validating it goes. */
export const wireConfigObject = z.object({
  metadata: wireMeta.extend({ namespace: z.string(), creationTimestamp: wireTime.optional() }),
  spec: z.record(z.string(), z.unknown()).optional(),
});

/** A Secret, as far as its certificate goes: `tls.crt` (base64 PEM) and its type. */
export const wireTlsSecret = z.object({
  type: z.string().optional(),
  data: z.record(z.string(), z.string()).nullish(),
});
