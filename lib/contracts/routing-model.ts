/**
 * Meshlens' routing model: what the editor edits, independent of the Istio version and of
 * fields we do not model (those are carried through unchanged, see convert.ts). One zod schema
 * shared by the form, the API's PUT body and the tests.
 */
import { z } from 'zod';

/** RFC 7230 header field names (lower-case, as Envoy sees them). */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]{1,128}$/;
/** Subset names are DNS-1123 labels in Istio. */
export const SUBSET_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/**
 * A Kubernetes label key (`[prefix/]name`, the prefix a DNS subdomain) and value, as the API
 * server checks them: caught here, before any dry run.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelKey = z.string().refine(
  (key) => {
    const [prefix, name, ...rest] = key.includes('/') ? key.split('/') : [undefined, key];
    return (
      rest.length === 0 &&
      LABEL_NAME.test(name ?? '') &&
      (prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)))
    );
  },
  { message: 'a label key: [prefix/]name, letters, digits, -, _ and ., at most 63' },
);
const labelValue = z.string().refine((value) => value === '' || LABEL_NAME.test(value), {
  message:
    'a label value: letters, digits, -, _ and ., at most 63, starting and ending alphanumeric',
});

/** A host: short name, name.namespace or an FQDN. */
const HOST = /^[a-z0-9*]([-a-z0-9.*]*[a-z0-9])?$/;

const percent = z
  .number()
  .min(0, 'a percentage is at least 0')
  .max(100, 'a percentage is at most 100');
const positiveMs = z
  .number()
  .int('whole milliseconds')
  .positive('more than 0 ms')
  .max(86_400_000, 'at most a day');

export const headerMatchSchema = z.object({
  name: z.string().regex(HEADER_NAME, 'a lower-case HTTP header name'),
  type: z.enum(['exact', 'prefix', 'regex']),
  value: z.string().min(1, 'a value').max(256, 'at most 256 characters'),
});

export const routeMatchSchema = z.object({
  headers: z.array(headerMatchSchema).max(10).default([]),
  uri: z
    .object({ type: z.enum(['exact', 'prefix', 'regex']), value: z.string().min(1).max(256) })
    .optional(),
});

export const destinationSchema = z.object({
  host: z.string().max(253).regex(HOST, 'a service host name'),
  subset: z
    .string()
    .max(63)
    .regex(SUBSET_NAME, 'a subset name (lowercase letters, digits, -)')
    .optional(),
  port: z.number().int().min(1).max(65535).optional(),
  /** Istio: any weight ≥ 0; with several destinations the total must be above 0 (it normalises). */
  weight: z
    .number()
    .int('weights are whole numbers')
    .min(0, 'weights are 0 or more')
    .max(1_000_000),
});

export const faultSchema = z.object({
  delay: z.object({ fixedDelayMs: positiveMs, percent }).optional(),
  abort: z.object({ httpStatus: z.number().int().min(200).max(599), percent }).optional(),
});

export const retriesSchema = z.object({
  attempts: z.number().int().min(0).max(100),
  perTryTimeoutMs: positiveMs.optional(),
  retryOn: z
    .string()
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'comma-separated Envoy retry conditions such as 5xx,reset')
    .optional(),
});

export const httpRouteSchema = z.object({
  name: z.string().max(253).optional(),
  /** Index of this route in the VirtualService it was read from: fields we do not model are kept from there. */
  source: z.number().int().min(0).optional(),
  match: z.array(routeMatchSchema).max(20).default([]),
  destinations: z.array(destinationSchema).min(1, 'a route needs at least one destination').max(20),
  fault: faultSchema.optional(),
  timeoutMs: positiveMs.optional(),
  retries: retriesSchema.optional(),
  mirror: z
    .object({
      host: z.string().max(253).regex(HOST, 'a service host name'),
      subset: z.string().max(63).regex(SUBSET_NAME).optional(),
      percent,
    })
    .optional(),
});

export const tcpRouteSchema = z.object({
  source: z.number().int().min(0).optional(),
  destinations: z.array(destinationSchema).min(1).max(20),
});

const LOAD_BALANCERS = ['ROUND_ROBIN', 'LEAST_REQUEST', 'RANDOM', 'PASSTHROUGH'] as const;
export const TLS_MODES = ['ISTIO_MUTUAL', 'DISABLE', 'SIMPLE', 'MUTUAL'] as const;

export const trafficPolicySchema = z.object({
  loadBalancer: z
    .union([
      z.object({ simple: z.enum(LOAD_BALANCERS) }),
      z.object({
        consistentHash: z.union([
          z.object({ httpHeaderName: z.string().regex(HEADER_NAME) }),
          z.object({
            httpCookie: z.object({
              name: z.string().min(1).max(128),
              ttlMs: positiveMs.optional(),
            }),
          }),
          z.object({ useSourceIp: z.literal(true) }),
        ]),
      }),
    ])
    .optional(),
  connectionPool: z
    .object({
      maxConnections: z.number().int().min(1).optional(),
      http1MaxPendingRequests: z.number().int().min(1).optional(),
      http2MaxRequests: z.number().int().min(1).optional(),
      maxRequestsPerConnection: z.number().int().min(1).optional(),
      maxRetries: z.number().int().min(0).optional(),
    })
    .optional(),
  outlierDetection: z
    .object({
      consecutive5xxErrors: z.number().int().min(0).optional(),
      /** 502, 503 and 504 only (a gateway's failures, not the application's 500s). */
      consecutiveGatewayErrors: z.number().int().min(0).optional(),
      intervalMs: positiveMs.optional(),
      baseEjectionTimeMs: positiveMs.optional(),
      maxEjectionPercent: z.number().int().min(0).max(100).optional(),
    })
    .optional(),
  tls: z.object({ mode: z.enum(TLS_MODES) }).optional(),
});

export const subsetSchema = z.object({
  name: z.string().max(63).regex(SUBSET_NAME, 'a subset name (lowercase letters, digits, -)'),
  labels: z.record(labelKey, labelValue),
  trafficPolicy: trafficPolicySchema.optional(),
});

/** Everything the editor can change for one service. */
export const routingSpecSchema = z.object({
  http: z.array(httpRouteSchema).max(50),
  tcp: z.array(tcpRouteSchema).max(20).default([]),
  subsets: z.array(subsetSchema).max(50),
  trafficPolicy: trafficPolicySchema.optional(),
});

/** A reference to the exact version of an object an edit was based on. */
export const objectVersionSchema = z.object({
  name: z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/),
  resourceVersion: z.string().min(1).max(64),
});

/** The body of a routing write or preview. */
export const routingWriteSchema = z.object({
  /** What the edit was based on; an absent object is created. */
  base: z.object({
    virtualService: objectVersionSchema.optional(),
    destinationRule: objectVersionSchema.optional(),
    httpRoute: objectVersionSchema.optional(),
  }),
  /**
   * What holds the HTTP routes: a VirtualService, or a Gateway API HTTPRoute attached to the
   * service (which then routes to Services, one per version, not to subsets).
   */
  routeKind: z.enum(['VirtualService', 'HTTPRoute']).default('VirtualService'),
  spec: routingSpecSchema,
});

export type HeaderMatch = z.infer<typeof headerMatchSchema>;
export type RouteMatch = z.infer<typeof routeMatchSchema>;
export type Destination = z.infer<typeof destinationSchema>;
export type HttpRoute = z.infer<typeof httpRouteSchema>;
export type TcpRoute = z.infer<typeof tcpRouteSchema>;
export type TrafficPolicy = z.infer<typeof trafficPolicySchema>;
export type Subset = z.infer<typeof subsetSchema>;
export type RoutingSpec = z.infer<typeof routingSpecSchema>;
export type RoutingWrite = z.infer<typeof routingWriteSchema>;
