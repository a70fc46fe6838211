/**
 * What the API server refuses in a Service, and what the Gateway API's CRD schema refuses in an
 * HTTPRoute (its `maxItems`, enums and the rule that a Service backend names its port), so the
 * demo answers 422 where a real cluster would.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproute
 */
import type { FieldCause } from './istio-validation';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Service names are DNS-1035 labels: they start with a letter. */
const DNS_1035 = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const port = (v: unknown): boolean =>
  Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535;

export function validateService(object: Obj): FieldCause[] {
  const causes: FieldCause[] = [];
  const name = isObj(object.metadata) ? object.metadata.name : undefined;
  if (typeof name !== 'string' || !DNS_1035.test(name))
    causes.push({
      field: 'metadata.name',
      message:
        'a DNS-1035 label must consist of lower case alphanumeric characters or -, start with a letter',
    });
  const spec = isObj(object.spec) ? object.spec : {};
  const ports = list(spec.ports);
  if (ports.length === 0) causes.push({ field: 'spec.ports', message: 'Required value' });
  ports.forEach((p, i) => {
    if (!isObj(p) || !port(p.port))
      causes.push({
        field: `spec.ports[${i}].port`,
        message: 'must be between 1 and 65535, inclusive',
      });
  });
  if (spec.selector !== undefined && spec.selector !== null)
    if (!isObj(spec.selector) || Object.values(spec.selector).some((v) => typeof v !== 'string'))
      causes.push({ field: 'spec.selector', message: 'must be a map of strings' });
  return causes;
}

const HEADER_TYPES = ['Exact', 'RegularExpression'];
const PATH_TYPES = ['Exact', 'PathPrefix', 'RegularExpression'];

export function validateHttpRoute(object: Obj): FieldCause[] {
  const causes: FieldCause[] = [];
  const fail = (field: string, message: string) => causes.push({ field, message });
  const spec = isObj(object.spec) ? object.spec : {};
  if (list(spec.parentRefs).length > 32) fail('spec.parentRefs', 'must have at most 32 items');
  const rules = list(spec.rules);
  if (rules.length > 16) fail('spec.rules', 'must have at most 16 items');
  rules.forEach((raw, i) => {
    const rule = isObj(raw) ? raw : {};
    const at = `spec.rules[${i}]`;
    list(rule.matches).forEach((m, j) => {
      const match = isObj(m) ? m : {};
      list(match.headers).forEach((h, k) => {
        const type = isObj(h) ? (h.type ?? 'Exact') : undefined;
        if (!HEADER_TYPES.includes(String(type)))
          fail(
            `${at}.matches[${j}].headers[${k}].type`,
            `Unsupported value: "${String(type)}": supported values: "Exact", "RegularExpression"`,
          );
      });
      const path = isObj(match.path) ? match.path : undefined;
      if (path && !PATH_TYPES.includes(String(path.type ?? 'PathPrefix')))
        fail(
          `${at}.matches[${j}].path.type`,
          `Unsupported value: "${String(path.type)}": supported values: "Exact", "PathPrefix", "RegularExpression"`,
        );
    });
    const backends = list(rule.backendRefs);
    if (backends.length > 16) fail(`${at}.backendRefs`, 'must have at most 16 items');
    backends.forEach((b, j) => {
      const ref = isObj(b) ? b : {};
      const where = `${at}.backendRefs[${j}]`;
      const isService = (ref.kind ?? 'Service') === 'Service' && (ref.group ?? '') === '';
      if (isService && !port(ref.port)) fail(where, 'Must have port for Service reference');
      const weight = ref.weight;
      if (
        weight !== undefined &&
        !(Number.isInteger(weight) && (weight as number) >= 0 && (weight as number) <= 1_000_000)
      )
        fail(`${where}.weight`, 'must be between 0 and 1000000, inclusive');
    });
  });
  return causes;
}
