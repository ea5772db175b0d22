/**
 * The one-shot native messaging protocol between the extension and the host
 * `app.postbode.bridge` (DESIGN.md, "Pairing without typing"). The extension sends a
 * hello; the host finds or starts the bridge for its config and answers where it is.
 */

export interface NativeHello {
  type: 'hello';
  version: 1;
}

export type NativeAnswer =
  | {
      type: 'bridge';
      url: string;
      token: string;
      /** True when the host had to start the bridge (it wasn't running). */
      started: boolean;
    }
  | { type: 'error'; message: string };

export const NATIVE_HELLO: NativeHello = { type: 'hello', version: 1 };
