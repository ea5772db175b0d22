// The few extension APIs the bench calls inside the browser (page.evaluate / worker.evaluate
// functions run there). Type-only: there's no @types/chrome here, and a function sent to
// the browser can't close over bench code, so each one reads `globalThis.chrome` itself:
//   const chrome = (globalThis as unknown as ChromeGlobal).chrome;
export interface ChromeGlobal {
  chrome: {
    action: {
      getBadgeText(details: object): Promise<string>;
      getTitle(details: object): Promise<string>;
      setBadgeText(details: { text: string }): Promise<void>;
      setTitle(details: { title: string }): Promise<void>;
    };
    storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  };
}
