import { API } from '@/lib/contracts/api';
import type { IstioConfigResponse } from '@/lib/contracts/istio-config';
import { backendsFor } from '@/lib/server/identity';
import { loadIstioConfig } from '@/lib/server/istio-config';
import { apiRoute, json, parseQuery } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** The Istio config of the namespaces asked for (every one without `namespaces`), validated. */
export const GET = apiRoute(API.istioConfig.path, async (request) => {
  const params = parseQuery(request, API.istioConfig.query);
  const { kube } = await backendsFor(request);
  return json(
    (await loadIstioConfig(kube, params, { signal: request.signal })) satisfies IstioConfigResponse,
  );
});
