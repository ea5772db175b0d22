/**
 * The `/v1/events` WebSocket protocol, shared by the bridge that serves it and the
 * extension that opens it. Browsers can't set headers on a WebSocket, so the client
 * offers two subprotocols: this name and its token; the bridge selects this name.
 */
export const EVENTS_PROTOCOL = 'postbode.v1';
