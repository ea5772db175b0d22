// The mail's frame in the popup sizes to its content: one scrollbar (the popup's), a
// short mail makes a short frame, and a 600-px newsletter fits the popup's width with
// no scrollbar of its own, sideways or down.
import { expect, test } from '../fixtures';
import type { MessageView, PopupPage } from '../pages/popup';
import { overflowIn, TOOLBARS } from '../support/layout.in-page';
import { solidPng } from '../support/spy-server';

const SOON = { timeout: 15_000 };

/** A typical marketing mail: fixed 600-px tables, a 600-px banner, a 600-px wide div. */
const NEWSLETTER = `<!doctype html><html><head><style>
  body { margin: 0; background: #eeeeee; }
  .wrap { width: 600px; margin: 0 auto; background: #ffffff; }
  td { font: 15px/1.5 Georgia, serif; padding: 12px 24px; }
</style></head><body>
<div style="width:600px;margin:0 auto;text-align:center;font-size:12px">View this email in your browser</div>
<table class="wrap" width="600" cellpadding="0" cellspacing="0" border="0" align="center">
  <tr><td><img src="cid:banner@shop.example" width="600" height="150" alt="Autumn sale banner" style="display:block;width:600px"></td></tr>
  <tr><td><h1>Autumn sale</h1>${'<p>Everything in the shop is 20% off this week, from coats to scarves and the boots you asked about.</p>'.repeat(8)}</td></tr>
  <tr><td><table width="552"><tr><td width="276">Coats</td><td width="276">Boots</td></tr></table></td></tr>
  <tr><td style="font-size:11px">You get this mail because you signed up. Unsubscribe.</td></tr>
</table></body></html>`;

interface FrameLayout {
  /** The frame's box in the popup. */
  top: number;
  height: number;
  right: number;
  /** Its document's scroll and client sizes: scrolling inside means a scrollbar of its own. */
  scrollWidth: number;
  clientWidth: number;
  scrollHeight: number;
  clientHeight: number;
}

async function frameLayout(popup: PopupPage, message: MessageView): Promise<FrameLayout> {
  const box = await popup.page.locator('iframe[title="Message"]').evaluate((frame) => {
    const r = frame.getBoundingClientRect();
    return { top: r.top, height: r.height, right: r.right };
  });
  const inside = await message.body().locator('html').evaluate((html) => ({
    scrollWidth: html.scrollWidth,
    clientWidth: html.clientWidth,
    scrollHeight: html.scrollHeight,
    clientHeight: html.clientHeight,
  }));
  return { ...box, ...inside };
}

/** Waits until the frame has been sized (its height stops changing). */
async function settled(popup: PopupPage, message: MessageView): Promise<FrameLayout> {
  let last = -1;
  await expect
    .poll(async () => {
      const { height } = await frameLayout(popup, message);
      const same = height === last;
      last = height;
      return same;
    }, { ...SOON, interval: 300 })
    .toBe(true);
  return frameLayout(popup, message);
}

test('a two-line mail makes a short frame, with no scrollbar of its own', async ({ extension, inbox, popup }) => {
  await inbox.deliver({ subject: 'See you at 3', from: 'Jonas <jonas@example.test>', html: '<p>Hi Alice,</p><p>See you at 3 in the lobby.</p>' });
  await expect.poll(() => extension.badge(), SOON).toBe('1');
  await popup.open();
  const message = await popup.openMessage('See you at 3');
  await message.body().getByText('See you at 3 in the lobby.').waitFor(SOON);
  const layout = await settled(popup, message);
  expect(layout.height).toBeLessThan(110);
  expect(layout.height).toBeGreaterThan(40);
  expect(layout.scrollHeight).toBeLessThanOrEqual(layout.clientHeight);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
});

test('a 600-px newsletter fits the popup: no sideways scrolling, no scrollbar inside the frame', async ({ extension, inbox, popup }) => {
  await inbox.deliver({
    subject: 'Autumn sale',
    from: 'Shop <news@shop.example>',
    html: NEWSLETTER,
    attachments: [{ filename: 'banner.png', content: solidPng(600, 150, [200, 80, 40]), cid: 'banner@shop.example' }],
  });
  await expect.poll(() => extension.badge(), SOON).toBe('1');
  await popup.open();
  const message = await popup.openMessage('Autumn sale');
  const banner = message.body().getByRole('img', { name: 'Autumn sale banner' });
  await expect.poll(() => banner.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), SOON).toBe(600);
  const layout = await settled(popup, message);
  // All of it is in the frame, which is as tall as the mail: the popup scrolls instead.
  expect(layout.scrollHeight).toBeLessThanOrEqual(layout.clientHeight);
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
  expect(layout.height).toBeGreaterThan(580);
  expect(layout.right).toBeLessThanOrEqual(420);
  expect(await popup.page.evaluate(overflowIn, TOOLBARS)).toEqual([]);
});
