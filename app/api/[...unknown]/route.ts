import { NotFoundError, apiRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

/** Any `/api/…` path no route serves: a JSON 404 like every API error, not the HTML page. */
const notFound = apiRoute('/api/{unknown}', async (request) => {
  const { pathname } = new URL(request.url);
  throw new NotFoundError(`no API route ${request.method} ${pathname}`);
});

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
