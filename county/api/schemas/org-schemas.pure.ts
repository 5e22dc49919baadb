// The staff API's answers about the org tree's figures (issue 16): a unit's children with their roll-ups and the
// map's points, and the navigator's search. Each is checked against the view's own type (views/org-rollup.ts,
// views/org-search.ts); the dashboard's types are their Static<…>.
import { Type, type Static } from 'typebox';
import { UnitLevelSchema } from '../../../protocol/org-units.pure.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import type { ChildFigures, MapPlace, UnitChildren, UnitRef } from '../../views/org-rollup.ts';
import type { OrgMatch } from '../../views/org-search.ts';

const Rate = Nullable(Type.Number());

export const UnitRefSchema = Type.Object({ id: Type.String(), name: Type.String(), level: UnitLevelSchema }, { additionalProperties: false });
sameShape<Static<typeof UnitRefSchema>, UnitRef>(true);

export const ChildFiguresSchema = Type.Object(
  {
    kind: OneOf(['unit', 'station']),
    id: Type.String(),
    name: Type.String(),
    level: Nullable(UnitLevelSchema),
    rank: Type.Integer(),
    stations: Type.Integer(),
    enrolled: Type.Integer(),
    onlineNow: Type.Integer(),
    onlineRate: Rate,
    uptime: Rate,
    participation: Type.Object({ registered: Type.Integer(), attendedRegistered: Type.Integer(), rate: Rate }, { additionalProperties: false }),
    inMonth: Type.Integer(),
    compliant: Type.Integer(),
    complianceRate: Rate,
  },
  { additionalProperties: false },
);
sameShape<Static<typeof ChildFiguresSchema>, ChildFigures>(true);

export const MapPlaceSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    latitude: Type.Number(),
    longitude: Type.Number(),
    enrolled: Type.Boolean(),
    online: Type.Boolean(),
    compliant: Nullable(Type.Boolean()),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof MapPlaceSchema>, MapPlace>(true);

/** GET /api/county/org/children?unit=&month= and GET /api/county/units/:id/children?month=. */
export const UnitChildrenSchema = Type.Object(
  {
    hubTime: Type.Number(),
    figuresAt: Type.Number(),
    month: Type.String(),
    monthComplete: Type.Boolean(),
    hasUnits: Type.Boolean(),
    unit: Nullable(UnitRefSchema),
    path: Type.Array(UnitRefSchema),
    children: Type.Array(ChildFiguresSchema),
    places: Type.Array(MapPlaceSchema),
  },
  { additionalProperties: false },
);
sameShape<Static<typeof UnitChildrenSchema>, UnitChildren>(true);

export const OrgMatchSchema = Type.Object(
  { kind: OneOf(['unit', 'station']), id: Type.String(), name: Type.String(), level: Nullable(UnitLevelSchema), path: Type.Array(Type.String()) },
  { additionalProperties: false },
);
sameShape<Static<typeof OrgMatchSchema>, OrgMatch>(true);

/** GET /api/county/org/search?q=&unit=. */
export const OrgSearchSchema = Type.Object({ matches: Type.Array(OrgMatchSchema) }, { additionalProperties: false });
