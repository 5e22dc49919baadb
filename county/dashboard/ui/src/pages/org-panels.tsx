// The org tree on the overview: the bar above it (where the figures are, and the search) and, below the headline
// figures, the unit's children with their figures beside the map of its stations. A hub with no units shows
// neither bar nor table; the map shows wherever stations have coordinates.
import { t } from '../i18n/i18n.ts';
import { Panel } from '../components/page-header.tsx';
import { Empty } from '../components/load-state.tsx';
import { OrgBreadcrumbs, OrgSearch } from '../components/org-navigator.tsx';
import { StationMap } from '../components/station-map.tsx';
import { UnitChildrenTable } from './unit-children-table.tsx';
import type { UnitChildren } from '../api-types.ts';

export function OrgBar({ tree, month }: { tree: UnitChildren; month?: string }) {
  return (
    <div class="org-bar" data-testid="org-bar">
      <OrgBreadcrumbs path={tree.path} month={month} />
      <OrgSearch month={month} />
    </div>
  );
}

export function OrgTreePanels({ tree }: { tree: UnitChildren }) {
  const stations = tree.children.reduce((n, c) => n + c.stations, 0);
  const withStations = tree.children.some((c) => c.kind === 'station');
  const map =
    tree.places.length > 0 ? (
      <Panel title={t('org.map.title')} testid="map-panel">
        <StationMap places={tree.places} month={tree.month} monthComplete={tree.monthComplete} missing={stations - tree.places.length} />
      </Panel>
    ) : null;
  if (!tree.hasUnits) return map && <div class="org-grid org-grid-map-only">{map}</div>;
  return (
    <div class={`org-grid${map ? '' : ' org-grid-no-map'}`}>
      <Panel title={t(withStations ? 'org.children.titleWithStations' : 'org.children.title')} testid="children-panel">
        {tree.children.length === 0 ? <Empty testid="children-empty">{t('org.children.empty')}</Empty> : <UnitChildrenTable rows={tree.children} month={tree.month} monthComplete={tree.monthComplete} />}
      </Panel>
      {map}
    </div>
  );
}
