/**
 * What the API server refuses in a ConfigMap: a name that is not a DNS subdomain, a `data`
 * that is not a map of strings, keys outside `[-._a-zA-Z0-9]+`, and more than 1 MiB in all.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/
 */
import { DNS_SUBDOMAIN, type FieldCause } from './istio-validation';

const KEY = /^[-._a-zA-Z0-9]{1,253}$/;
/** The API server's limit on a ConfigMap's data (`MaxSecretSize`, 1 MiB). */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;

export function validateConfigMap(object: Record<string, unknown>): FieldCause[] {
  const causes: FieldCause[] = [];
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const name = metadata?.name;
  if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name))
    causes.push({ field: 'metadata.name', message: 'must be a lowercase RFC 1123 subdomain' });
  const data = object.data;
  if (data === undefined || data === null) return causes;
  if (typeof data !== 'object' || Array.isArray(data))
    return [...causes, { field: 'data', message: 'must be a map of strings' }];
  let bytes = 0;
  for (const [key, value] of Object.entries(data)) {
    if (!KEY.test(key))
      causes.push({
        field: `data[${key}]`,
        message: "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
      });
    if (typeof value !== 'string')
      causes.push({ field: `data[${key}]`, message: 'must be a string' });
    else bytes += key.length + Buffer.byteLength(value);
  }
  if (bytes > CONFIG_MAP_MAX_BYTES)
    causes.push({
      field: 'data',
      message: `Too long: must have at most ${CONFIG_MAP_MAX_BYTES} bytes`,
    });
  return causes;
}
