import type { ApiClient } from './api/client';
import type { AreaUnit } from './domain/areas';

/*
 * The administrative registers change only with a new engine, so the provinces are fetched once
 * a page load and the communes of each province the first time one is asked for; every component
 * using the names re-renders when a list arrives. A failed load is remembered for the page load:
 * the places then show their codes rather than wait for ever (the next page load asks again).
 */
export let provinces: readonly AreaUnit[] | undefined;
let provincesLoad: Promise<void> | undefined;
export let provincesFailed = false;
export const communesFailed = new Set<string>();
export const communes = new Map<string, readonly AreaUnit[]>();
const communeLoads = new Map<string, Promise<void>>();
export const listeners = new Set<() => void>();

const notify = () => listeners.forEach((listener) => listener());

export function loadProvinces(api: ApiClient): void {
  if (provinces || provincesLoad) return;
  provincesLoad = api.get<{ items: AreaUnit[] }>('/areas/provinces').then(
    (r) => {
      provinces = r.items;
      notify();
    },
    () => {
      provincesFailed = true;
      notify();
    },
  );
}

export function loadCommunes(api: ApiClient, province: string): void {
  if (!province || communes.has(province) || communeLoads.has(province)) return;
  communeLoads.set(
    province,
    api.get<{ items: AreaUnit[] }>(`/areas/provinces/${encodeURIComponent(province)}/communes`).then(
      (r) => {
        communes.set(province, r.items);
        notify();
      },
      // An unknown province (404) or a failure: the codes stay on screen.
      () => {
        communesFailed.add(province);
        notify();
      },
    ),
  );
}

/**
 * Starts loading the provinces and the communes of `withCommunes` (each once a page load, as
 * `useAreaNames` would), before any component has asked: the names are then on their way sooner.
 */
export function preloadAreaNames(api: ApiClient, withCommunes: Iterable<string>): void {
  loadProvinces(api);
  for (const province of withCommunes) loadCommunes(api, province);
}
