// Starts the popup's storage read before its modules load (readPopupStart in
// utils/storage/popup.ts; the keys are its POPUP_START_KEYS, test/extension/popup/start.test.ts).
(() => {
  const api = globalThis.browser?.storage ? globalThis.browser : globalThis.chrome;
  globalThis.postbodePopupStart = api?.storage?.local.get(['pairing', 'popupCache', 'popupOpenMessage', 'replyDrafts', 'popupComposeDraft']);
})();
