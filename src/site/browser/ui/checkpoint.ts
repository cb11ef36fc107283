// A committed checkpoint on the page: the site build wrote assets/models/<name>.json as
// assets/models/<name>.js (one statement setting a global; a file:// page cannot fetch() JSON).
// Loaded once per page when a figure that needs it mounts (chapter 06's two samplers each load
// their own; two figures naming one checkpoint share it).
import { element } from "./frame.js";

const loading = new Map<string, Promise<unknown>>();

/** Loads a checkpoint script once per page and resolves with the global it sets. */
export function loadCheckpoint(src: string, global: string): Promise<unknown> {
  const host = window as unknown as Record<string, unknown>;
  if (host[global] !== undefined) return Promise.resolve(host[global]);
  let promise = loading.get(global);
  if (!promise) {
    promise = new Promise((resolve, reject) => {
      const script = element("script", { src });
      script.onload = () =>
        host[global] === undefined
          ? reject(new Error(`the model ${src} did not set ${global}: rebuild the site`))
          : resolve(host[global]);
      script.onerror = () => reject(new Error(`could not load the model ${src}`));
      document.head.append(script);
    });
    loading.set(global, promise);
  }
  return promise;
}
