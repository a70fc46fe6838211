import {
  Observable,
  PatchStrategy,
  type ConfigurationOptions,
  type ObservableMiddleware,
  type RequestContext,
} from '@kubernetes/client-node';

/** client-node sends `application/json-patch+json` for patches only when told. */
export const jsonPatchHeader: ConfigurationOptions = {
  middleware: [
    beforeSend((context) => context.setHeaderParam('Content-Type', PatchStrategy.JsonPatch)),
  ],
};

/**
 * A client-node middleware that adjusts each request before it is sent. The object-parameter
 * API hands per-call options straight to the Observable API, so middleware must return
 * client-node's own Observable (as its `setHeaderMiddleware` does), not a Promise.
 */
export function beforeSend(adjust: (context: RequestContext) => void): ObservableMiddleware {
  return {
    pre: (context) => {
      adjust(context);
      return new Observable(Promise.resolve(context));
    },
    post: (response) => new Observable(Promise.resolve(response)),
  };
}
