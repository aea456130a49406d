import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * An HTTP route handler as the HTTP transport mounts it. Structurally identical to the transport's
 * own type, so either can be passed where the other is expected.
 */
export type HttpRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
