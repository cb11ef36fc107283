// Types of scripts/jupyter-env.mjs (plain JS so that `npm start` runs before `npm ci`).
export declare const KERNEL_NAME: string;
export declare const KERNEL_DISPLAY_NAME: string;
export declare const PROJECT_ROOT: string;
export declare const INSTALL_HELP: string;
export declare const DEBIAN_PACKAGES: string[];
export declare const WIDGETS_FALLBACK_PATH: string[];
export declare const WIDGETS_FALLBACK: string;
export interface JupyterDirs {
  base: string;
  config: string;
  data: string;
  runtime: string;
  ipython: string;
  kernels: string;
}
export declare function jupyterDirs(root?: string): JupyterDirs;
export declare function jupyterEnv(
  root?: string,
  base?: NodeJS.ProcessEnv,
): Record<string, string | undefined>;
export declare function kernelSpec(root?: string): {
  argv: string[];
  display_name: string;
  language: string;
  metadata: Record<string, unknown>;
};
export declare function ensureJupyterEnv(root?: string): string;
export declare function findPython(env?: NodeJS.ProcessEnv): string | null;
export declare function findJupyterApps(env?: NodeJS.ProcessEnv): {
  lab: boolean;
  notebook: boolean;
};
