import { lookup } from 'node:dns/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { ApiError } from '../errors';
import { isPublicAddress } from './addresses';

export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;
/** Raster types only: an SVG can carry script and links, and nobody needs it in a mail. */
const IMAGE_TYPES = /^image\/(png|jpeg|pjpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon)$/;

export interface RemoteImage {
  contentType: string;
  body: Buffer;
}

/** Whether `url` literally occurs in the message's HTML (as written, or with `&amp;` decoded). */
export function occursInMessage(url: string, html: string | null): boolean {
  if (!html) return false;
  return html.includes(url) || html.replace(/&amp;/gi, '&').includes(url);
}

/**
 * Fetches one remote image for "Load images": only http(s), only to public addresses
 * (the resolved address is pinned, so DNS can't switch to a private one between the
 * check and the connection), only raster image types, at most 5 MB, no cookies and no
 * Referer. Redirects are followed (3 at most) under the same rules.
 */
export async function fetchRemoteImage(url: string, { allowPrivate = false } = {}): Promise<RemoteImage> {
  let current = parseUrl(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const address = await resolvePublic(current, allowPrivate);
    const response = await get(current, address);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      current = parseUrl(new URL(response.headers.location, current).toString());
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new ApiError('remote_failed', `The image server answered ${status}`);
    }
    const contentType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!IMAGE_TYPES.test(contentType)) {
      response.resume();
      throw new ApiError('bad_request', 'That address does not serve an image');
    }
    return { contentType, body: await readCapped(response) };
  }
  throw new ApiError('remote_failed', 'Too many redirects');
}

function parseUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ApiError('bad_request', '`url` is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('bad_request', 'Only http and https images can be loaded');
  if (url.username || url.password) throw new ApiError('bad_request', 'Image URLs with credentials are refused');
  return url;
}

async function resolvePublic(url: URL, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let resolved: { address: string; family: number };
  if (isIP(host)) {
    resolved = { address: host, family: isIP(host) };
  } else {
    try {
      resolved = await lookup(host);
    } catch {
      throw new ApiError('remote_failed', 'The image host could not be resolved');
    }
  }
  if (!allowPrivate && !isPublicAddress(resolved.address)) {
    throw new ApiError('forbidden', 'Images on private or local addresses are not loaded');
  }
  return resolved;
}

function get(url: URL, pinned: { address: string; family: number }): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'Postbode image proxy', accept: 'image/*' },
        timeout: TIMEOUT_MS,
        lookup: (_host, options, callback) => {
          if ((options as { all?: boolean }).all) callback(null, [pinned] as never);
          else callback(null, pinned.address, pinned.family);
        },
      },
      resolve,
    );
    req.on('timeout', () => req.destroy(new ApiError('remote_failed', 'The image server did not answer in time')));
    req.on('error', (err) => reject(err instanceof ApiError ? err : new ApiError('remote_failed', 'Could not fetch the image')));
    req.end();
  });
}

async function readCapped(response: IncomingMessage): Promise<Buffer> {
  const declared = Number(response.headers['content-length'] ?? 0);
  if (declared > MAX_IMAGE_BYTES) {
    response.destroy();
    throw new ApiError('too_large', 'The image is larger than 5 MB');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response) {
    total += (chunk as Buffer).length;
    if (total > MAX_IMAGE_BYTES) {
      response.destroy();
      throw new ApiError('too_large', 'The image is larger than 5 MB');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
