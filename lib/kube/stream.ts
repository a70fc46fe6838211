import 'server-only';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** An answer whose body is read as it arrives. */
export interface StreamedResponse {
  status: number;
  body: IncomingMessage;
  /** The whole body as text (an error's Status). */
  text(): Promise<string>;
}

/**
 * A GET whose body is streamed: what the pod-log subresource needs, and client-node's typed
 * API cannot do (it reads the whole answer). `options` carries what the kubeconfig sets up:
 * the TLS agent and the credentials' headers.
 */
export function getStream(
  url: string,
  options: RequestOptions & { signal: AbortSignal },
): Promise<StreamedResponse> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { ...options, method: 'GET' }, (body) =>
      resolve({
        status: body.statusCode ?? 0,
        body,
        text: async () => {
          const chunks: Buffer[] = [];
          for await (const chunk of body) chunks.push(chunk as Buffer);
          return Buffer.concat(chunks).toString('utf8');
        },
      }),
    );
    request.on('error', reject);
    request.end();
  });
}
