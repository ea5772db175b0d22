// Hostile HTML mail in the popup: nothing in it reaches the network or runs,
// until the user asks for images, and then they come through the bridge only.
import { onTestFinished } from 'vitest';
import type { BrowserName } from '../browsers/driver';
import { expect, testIn } from '../fixtures';
import { PNG } from '../../support/compose';
import { startSpyServer } from '../support/spy-server';

const SOON = { timeout: 10_000 };

/** A newsletter with a remote image, CSS backgrounds, and every usual way to run script or phone home. */
function newsletter(remote: string, canary: string): string {
  return `<!doctype html>
<html><head>
<style>@import url(${remote}/import.css); .hero { background-image: url(${remote}/style-background.png); }</style>
<link rel="stylesheet" href="${remote}/linked.css">
<meta http-equiv="refresh" content="0;url=${canary}/meta-refresh">
<script>fetch('${canary}/script')</script>
</head><body onload="fetch('${canary}/body-onload')">
<h1>Autumn newsletter</h1>
<div class="hero" style="background: url(${remote}/inline-background.png); height: 40px">New this season</div>
<p>Hello Alice, here is what we have been up to.</p>
<img src="${remote}/picture.png" alt="remote picture" width="24" height="24">
<img src="${remote}/srcset-fallback.png" srcset="${remote}/srcset.png 2x" alt="">
<table background="${remote}/table-background.png"><tr><td>In a table</td></tr></table>
<video poster="${remote}/poster.png"></video>
<img src="broken" onerror="fetch('${canary}/onerror')" alt="">
<svg><image href="${canary}/svg-image.png"></image><script>fetch('${canary}/svg-script')</script></svg>
<iframe src="${canary}/iframe"></iframe>
<object data="${canary}/object"></object>
<a href="javascript:fetch('${canary}/javascript-link')">A link</a>
<form action="${canary}/form"><input name="q" autofocus onfocus="fetch('${canary}/onfocus')"></form>
</body></html>`;
}

export function safeMailJourneys(browser: BrowserName): void {
  const test = testIn(browser);

  test('HTML mail loads nothing remote and runs no script; "Load images" brings the image through the bridge', async ({ extension, inbox, popup }) => {
    const remote = await startSpyServer();
    const canary = await startSpyServer();
    onTestFinished(() => Promise.all([remote.close(), canary.close()]).then(() => undefined));
    // What the browser itself asks of those servers (the bridge's requests aren't here).
    const fromBrowser = await extension.recordRequests([remote.origin, canary.origin]);

    await inbox.deliver({
      subject: 'Autumn newsletter',
      from: 'Shop <news@shop.example>',
      html: newsletter(remote.origin, canary.origin),
      text: 'Hello Alice, here is what we have been up to.',
    });
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await popup.open();
    const message = await popup.openMessage('Autumn newsletter');

    const body = message.body();
    await body.getByText('Hello Alice, here is what we have been up to.').waitFor();
    await body.getByText('New this season').waitFor();
    // The frame's document has finished loading: whatever it was going to fetch, it has asked for.
    await expect.poll(() => body.locator('html').evaluate(() => document.readyState), SOON).toBe('complete');
    expect(remote.paths()).toEqual([]);
    expect(canary.paths()).toEqual([]);
    expect(await fromBrowser.list()).toEqual([]);
    expect(await body.getByRole('img', { name: 'remote picture' }).getAttribute('src')).toBeNull();

    await message.loadImages();
    const picture = body.getByRole('img', { name: 'remote picture' });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SOON).toBe(24);
    expect(await picture.getAttribute('src')).toMatch(/^data:image\/png;base64,/);

    // The bridge fetched the images (and only the images), without cookie or referrer;
    // the browser never spoke to that server, and nothing ever called the canary.
    expect(remote.paths().sort()).toEqual(['/picture.png', '/srcset-fallback.png']);
    for (const request of remote.requests) {
      expect(request.headers['user-agent']).toBe('Postbode image proxy');
      expect(request.headers.referer).toBeUndefined();
      expect(request.headers.cookie).toBeUndefined();
    }
    expect(await fromBrowser.list()).toEqual([]);
    expect(canary.paths()).toEqual([]);
  });

  test('an inline (cid:) image shows as soon as the message opens, from the message itself', async ({ extension, inbox, popup }) => {
    await inbox.deliver({
      subject: 'Logo inside',
      from: 'Shop <news@shop.example>',
      html: '<p>Our new logo:</p><img src="cid:logo@shop.example" alt="shop logo">',
      attachments: [{ filename: 'logo.png', content: PNG, cid: 'logo@shop.example' }],
    });
    await expect.poll(() => extension.badge(), SOON).toBe('1');
    await popup.open();
    const message = await popup.openMessage('Logo inside');

    const logo = message.body().getByRole('img', { name: 'shop logo' });
    await expect.poll(() => logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SOON).toBe(1);
    expect(await logo.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    // Nothing remote in this message: no "Load images" to ask for.
    await expect(message.root.getByRole('button', { name: 'Load images', exact: true }).count()).resolves.toBe(0);
  });
}
