import { z } from 'zod';
import { NAMESPACE_NAME } from './graph-params';

/** The Istio and Gateway API kinds Meshlens lists and validates (`K8sGateway`: the Gateway API's Gateway). */
export const CONFIG_KINDS = [
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'ServiceEntry',
  'Sidecar',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'HTTPRoute',
  'K8sGateway',
] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/** The checks across objects (lib/validations/checks.ts). */
export const CHECK_IDS = [
  'vs.subset-not-found',
  'vs.host-not-found',
  'vs.weights-zero',
  'dr.host-not-found',
  'dr.subset-selects-no-pod',
  'dr.tls-disabled-under-strict',
  'dr.multiple-for-host',
  'gateway.host-port-conflict',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const checkSchema = z.object({
  id: z.enum(CHECK_IDS),
  /** Kiali's code for the same check (`KIA1107`), or ours (`MLS…`) where Kiali has none. */
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  /** Where in the object: `spec.http[0].route[1].destination`. */
  path: z.string(),
  /** What is wrong and what to change. */
  message: z.string(),
});
export type Check = z.infer<typeof checkSchema>;

/** One object of the Istio config list, with its checks (none: valid). */
export const configItemSchema = z.object({
  kind: z.enum(CONFIG_KINDS),
  namespace: z.string(),
  name: z.string(),
  /** Creation, unix seconds. */
  createdSec: z.number().optional(),
  /** The service a VirtualService, DestinationRule or HTTPRoute routes (its routing page). */
  service: z.object({ namespace: z.string(), name: z.string() }).optional(),
  checks: z.array(checkSchema),
});
export type ConfigItem = z.infer<typeof configItemSchema>;

/** `GET /api/istio`: the objects of the namespaces asked for, every kind served. */
export const istioConfigResponseSchema = z.object({
  items: z.array(configItemSchema),
  /** Kinds that could not be read, and why (the list is of the rest). */
  warnings: z.array(z.string()),
});
export type IstioConfigResponse = z.infer<typeof istioConfigResponseSchema>;

/** `GET /api/istio?namespaces=a,b` (none: every namespace). */
export const istioConfigParamsSchema = z.object({
  namespaces: z
    .string()
    .optional()
    .transform((text) => (text ? text.split(',').filter(Boolean) : []))
    .pipe(
      z
        .array(z.string().regex(NAMESPACE_NAME, 'expected namespace names separated by commas'))
        .max(500, 'expected at most 500 namespaces'),
    ),
});
export type IstioConfigParams = z.infer<typeof istioConfigParamsSchema>;

/** Path parameters of one Istio object's page. */
export const configObjectTargetSchema = z.object({
  namespace: z.string().max(63).regex(NAMESPACE_NAME, 'must be a Kubernetes namespace name'),
  kind: z.enum(CONFIG_KINDS, { message: `expected one of ${CONFIG_KINDS.join(', ')}` }),
  name: z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name'),
});
export type ConfigObjectTarget = z.infer<typeof configObjectTargetSchema>;

/** `GET /api/istio/{namespace}/{kind}/{name}`: one object, its checks, and what it is about. */
export const configObjectSchema = z.object({
  item: configItemSchema,
  /** Its spec as YAML, as read from the Kubernetes API. */
  specYaml: z.string(),
  /** The Services it routes, sets policy for or exposes, as `namespace/name`. */
  services: z.array(z.object({ namespace: z.string(), name: z.string() })),
});
export type ConfigObjectResponse = z.infer<typeof configObjectSchema>;
