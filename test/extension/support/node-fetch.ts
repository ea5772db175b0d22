import http from 'node:http';

/**
 * fetch over node:http, for talking to a real bridge from a happy-dom test:
 * happy-dom's own fetch sends `Origin: null` from a chrome-extension:// page,
 * which the bridge rightly refuses as a web page. An extension page with host
 * permissions sends no Origin at all, as this does.
 */
export const nodeFetch: typeof fetch = (input, init = {}) =>
  new Promise((resolve, reject) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    // Chromium sends a length with every request that may have a body; without
    // one the bridge (bodyLimit) answers 500 "ReadableStream is locked".
    const method = init.method ?? 'GET';
    if (typeof init.body === 'string') headers['content-length'] = String(Buffer.byteLength(init.body));
    else if (method !== 'GET' && method !== 'HEAD') headers['content-length'] = '0';
    const request = http.request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') responseHeaders.set(key, value);
        }
        const status = response.statusCode ?? 0;
        const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
        resolve(new Response(body, { status, headers: responseHeaders }));
      });
      response.on('error', reject);
    });
    request.on('error', (error) => reject(new TypeError(`fetch failed: ${error.message}`)));
    init.signal?.addEventListener('abort', () => request.destroy(new Error('aborted')));
    if (typeof init.body === 'string') request.write(init.body);
    request.end();
  });
