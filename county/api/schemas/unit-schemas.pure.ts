// The staff API's answers about the org tree (issue 16): the units the caller sees, one unit after a change, a
// station's place. TypeBox schemas checked against the hub's own types, and the dashboard's types through Static<…>.
import { Type, type Static } from 'typebox';
import type { OrgUnit } from '../../store/org-store.ts';
import { UnitLevelSchema } from '../../../protocol/org-units.pure.ts';
import { Nullable, sameShape } from '../../../common/schema-kit.pure.ts';

const unitFields = {
  id: Type.String(),
  parentId: Nullable(Type.String()),
  level: UnitLevelSchema,
  name: Type.String(),
  createdAt: Type.Number(),
  retiredAt: Nullable(Type.Number()),
};

export const OrgUnitSchema = Type.Object(unitFields, { additionalProperties: false });
sameShape<Static<typeof OrgUnitSchema>, OrgUnit>(true);

/** A unit in the tree the caller sees, with its current stations: directly in it, and in its whole subtree. */
export const VisibleUnitSchema = Type.Object({ ...unitFields, stationCount: Type.Integer(), subtreeStationCount: Type.Integer() }, { additionalProperties: false });
export type VisibleUnit = Static<typeof VisibleUnitSchema>;

/**
 * GET /api/county/units: `root` is the caller's own unit (null: the hub's top, whose units come with parentId
 * null); the units are the root and everything below it, retired ones included, parents before their children.
 */
export const UnitsAnswerSchema = Type.Object({ root: Nullable(Type.String()), units: Type.Array(VisibleUnitSchema) }, { additionalProperties: false });
export type UnitsAnswer = Static<typeof UnitsAnswerSchema>;

export const UnitAnswerSchema = Type.Object({ unit: OrgUnitSchema }, { additionalProperties: false });

/** PUT /api/county/stations/:id: where the station sits now. */
export const StationPlaceAnswerSchema = Type.Object(
  { place: Type.Object({ stationId: Type.String(), unitId: Nullable(Type.String()), latitude: Nullable(Type.Number()), longitude: Nullable(Type.Number()) }, { additionalProperties: false }) },
  { additionalProperties: false },
);
