import { useCallback, useEffect, useState } from 'react';
import type { CommandWarning } from './api/types';
import { useApp } from './app-context';
import { communes, communesFailed, listeners, loadCommunes, loadProvinces, provinces, provincesFailed } from './area-store';
import { type AreaLabel, areaLabel, type AreaUnit } from './domain/areas';

/** What `useAreaNames` gives. */
export interface AreaNames {
  /** All provinces, current then pre-reform, once loaded. */
  readonly provinces: readonly AreaUnit[] | undefined;
  /** The communes of a province, once loaded (asking starts the load). */
  readonly communesOf: (province: string) => readonly AreaUnit[] | undefined;
  /** "Phường Long An, Tây Ninh", or the codes while the names load. */
  readonly label: (province: string, commune?: string) => AreaLabel;
  /** A commune's name alone ("Phường Long An"), or its code while the names load. */
  readonly communeName: (province: string, commune: string) => string;
  /** Whether the names of a province's places are still on their way (false once loaded or failed). */
  readonly pending: (province: string, withCommunes: boolean) => boolean;
  /** Changes whenever a list arrives: a dependency for memoised labels. */
  readonly loaded: number;
}

/**
 * Names of provinces and communes, loaded once a session and shared by every component.
 *
 * @example
 * const areas = useAreaNames();
 * areas.label(project.beneficiary.province, project.beneficiary.commune).text; // 'Phường Long An, Tây Ninh'
 */
export function useAreaNames(): AreaNames {
  const { api } = useApp();
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    const listener = () => setLoaded((n) => n + 1);
    listeners.add(listener);
    loadProvinces(api);
    return () => {
      listeners.delete(listener);
    };
  }, [api]);
  const communesOf = useCallback(
    (province: string) => {
      loadCommunes(api, province);
      return communes.get(province);
    },
    [api],
  );
  const label = useCallback((province: string, commune?: string) => areaLabel(province, commune, provinces, commune ? communesOf(province) : undefined), [communesOf]);
  const communeName = useCallback((province: string, commune: string) => areaLabel('', commune, undefined, communesOf(province)).text, [communesOf]);
  const pending = useCallback(
    (province: string, withCommunes: boolean) => (!provinces && !provincesFailed) || (withCommunes && province !== '' && !communesOf(province) && !communesFailed.has(province)),
    [communesOf],
  );
  return { provinces, communesOf, label, communeName, pending, loaded };
}

// Warnings of a project's creation, shown once on the page the console opens next.
const pendingWarnings = new Map<string, readonly CommandWarning[]>();

/** Keeps a command's warnings for the project page, which shows them once. */
export function rememberWarnings(projectId: string, warnings: readonly CommandWarning[] | undefined): void {
  if (warnings && warnings.length > 0) pendingWarnings.set(projectId, warnings);
}

/** The warnings kept for a project, forgotten as they are taken. */
export function takeWarnings(projectId: string): readonly CommandWarning[] {
  const found = pendingWarnings.get(projectId) ?? [];
  pendingWarnings.delete(projectId);
  return found;
}
