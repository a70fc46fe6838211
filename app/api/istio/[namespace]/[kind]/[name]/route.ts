import { API } from '@/lib/contracts/api';
import type { ConfigObjectResponse } from '@/lib/contracts/istio-config';
import { backendsFor } from '@/lib/server/identity';
import { loadConfigObject } from '@/lib/server/istio-config';
import { apiRoute, json, parseParams } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ namespace: string; kind: string; name: string }> };

/** One Istio or Gateway API object: its checks, its spec as YAML, the Services it is about. */
export const GET = apiRoute(API.istioObject.path, async (request, context: Params) => {
  const target = parseParams(await context.params, API.istioObject.pathParams);
  const { kube } = await backendsFor(request);
  return json((await loadConfigObject(kube, target)) satisfies ConfigObjectResponse);
});
