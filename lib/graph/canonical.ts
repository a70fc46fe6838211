/**
 * Istio's canonical service and revision of a workload, from its pod template's labels, as the
 * sidecar injector derives them and as metrics report them (`*_canonical_service`,
 * `*_canonical_revision`): how a Deployment is matched to an app node of the graph.
 * @see https://istio.io/latest/docs/reference/config/labels/#ServiceCanonicalName
 */
type Labels = Readonly<Record<string, string>>;

export const canonicalService = (labels: Labels, workload: string): string =>
  labels['service.istio.io/canonical-name'] ??
  labels['app.kubernetes.io/name'] ??
  labels.app ??
  workload;

export const canonicalRevision = (labels: Labels): string =>
  labels['service.istio.io/canonical-revision'] ??
  labels['app.kubernetes.io/version'] ??
  labels.version ??
  'latest';

/** Does a Deployment of the node's namespace run the app (and version) an app node stands for? */
export function runsApp(
  deployment: { namespace: string; name: string; templateLabels: Labels },
  node: { namespace: string; app?: string; version?: string },
): boolean {
  return (
    deployment.namespace === node.namespace &&
    canonicalService(deployment.templateLabels, deployment.name) === node.app &&
    (node.version === undefined || canonicalRevision(deployment.templateLabels) === node.version)
  );
}
