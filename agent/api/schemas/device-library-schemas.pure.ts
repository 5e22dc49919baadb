// The admin screens' answers about the terminal itself — device health, the equipment register (设备登记) — and
// the courseware library — USB sticks and their files, import jobs, conversions, the content log — and exports
// saved or copied to a stick, as TypeBox schemas: the routes' response schemas (checked in the tests:
// common/response-contract.ts) and, through Static<…>, the kiosk's types. Each is checked against the agent's own type.
import { Type, type Static } from 'typebox';
import type { DeviceHealth } from '../routes/device-routes.ts';
import type { Equipment } from '../../health/equipment-store.ts';
import type { ConversionsResponse, LibraryLogEntry, VolumeFilesResponse, VolumesResponse } from '../routes/library-routes.ts';
import type { ImportJobView } from '../../library/import-jobs.ts';
import { Nullable, OneOf, sameShape } from '../../../common/schema-kit.pure.ts';
import { AlertSchema, KioskPresenceSchema } from './station-schemas.pure.ts';
import { CoursewareProblemSchema, ListingProblemSchema } from './courseware-problem-schemas.pure.ts';

const Closed = { additionalProperties: false } as const;

const RangeSchema = Nullable(Type.Object({ min: Type.Number(), avg: Type.Number(), max: Type.Number() }, Closed));

/** GET /api/admin/device: a snapshot from Node, the sampled history, the kiosk, the hub and the alerts. */
export const DeviceHealthSchema = Type.Object(
  {
    sampledAt: Type.Number(),
    agentUptimeSeconds: Type.Number(),
    osUptimeSeconds: Type.Number(),
    loadAverage: Type.Tuple([Type.Number(), Type.Number(), Type.Number()]),
    cpuCount: Type.Integer(),
    memory: Type.Object({ totalBytes: Type.Number(), freeBytes: Type.Number() }, Closed),
    disk: Type.Object({ path: Type.String(), freeBytes: Type.Number(), totalBytes: Type.Number() }, Closed),
    nodeVersion: Type.String(),
    platform: Type.String(),
    databaseBytes: Type.Number(),
    outboxPending: Type.Integer(),
    activeAlerts: Type.Array(AlertSchema),
    recentAlerts: Type.Array(Type.Object({ id: Type.Integer(), at: Type.Number(), message: Type.String() }, Closed)),
    health: Type.Object(
      {
        intervalMs: Type.Number(),
        latest: Nullable(
          Type.Object(
            {
              at: Type.Number(),
              cpuLoadPct: Nullable(Type.Number()),
              memTotalBytes: Nullable(Type.Number()),
              memAvailableBytes: Nullable(Type.Number()),
              diskFreeBytes: Nullable(Type.Number()),
              diskTotalBytes: Nullable(Type.Number()),
              cpuTempC: Nullable(Type.Number()),
              uptimeSeconds: Nullable(Type.Number()),
              hubReachable: Nullable(Type.Boolean()),
              hubLatencyMs: Nullable(Type.Number()),
              problems: Type.Array(Type.String()),
              kiosk: Type.Object(
                {
                  connected: Type.Boolean(),
                  screen: Nullable(OneOf(['board', 'checkin', 'player', 'admin'])),
                  width: Nullable(Type.Number()),
                  height: Nullable(Type.Number()),
                  visible: Nullable(Type.Boolean()),
                },
                Closed,
              ),
            },
            Closed,
          ),
        ),
        series: Type.Array(
          Type.Object(
            {
              bucketStart: Type.Number(),
              bucketMs: Type.Number(),
              samples: Type.Integer(),
              cpuLoadPct: RangeSchema,
              memUsedBytes: RangeSchema,
              memTotalBytes: Nullable(Type.Number()),
              diskFreeBytes: RangeSchema,
              diskTotalBytes: Nullable(Type.Number()),
              cpuTempC: RangeSchema,
              uptimeMaxSeconds: Nullable(Type.Number()),
              hubChecks: Type.Integer(),
              hubReachable: Type.Integer(),
              kioskConnected: Type.Integer(),
            },
            Closed,
          ),
        ),
        kiosk: KioskPresenceSchema,
        hub: Type.Object(
          {
            configured: Type.Boolean(),
            url: Nullable(Type.String()),
            reachable: Nullable(Type.Boolean()),
            lastCheckedAt: Nullable(Type.Number()),
            failingSince: Nullable(Type.Number()),
            skewMs: Nullable(Type.Number()),
          },
          Closed,
        ),
        alerts: Type.Array(AlertSchema),
      },
      Closed,
    ),
  },
  Closed,
);
sameShape<Static<typeof DeviceHealthSchema>, DeviceHealth>(true);

export const EquipmentSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    model: Nullable(Type.String()),
    quantity: Type.Integer(),
    issuedOn: Nullable(Type.String()),
    condition: OneOf(['good', 'fair', 'damaged', 'scrapped']),
    notes: Nullable(Type.String()),
    createdAt: Type.Number(),
    updatedAt: Type.Number(),
  },
  Closed,
);
sameShape<Static<typeof EquipmentSchema>, Equipment>(true);

/** GET /api/admin/equipment: the register. */
export const EquipmentListSchema = Type.Object({ items: Type.Array(EquipmentSchema) }, Closed);
/** DELETE /api/admin/equipment/:id: the item as it was. */
export const RemovedEquipmentSchema = Type.Object({ removed: EquipmentSchema }, Closed);

export const RemovableVolumeSchema = Type.Object(
  {
    id: Type.String(),
    label: Type.String(),
    mountPoint: Type.String(),
    device: Type.String(),
    fsType: Type.String(),
    readOnly: Type.Boolean(),
    sizeBytes: Type.Number(),
    freeBytes: Type.Number(),
  },
  Closed,
);

/** GET /api/admin/library/volumes: the sticks mounted now, and whether plug events arrive. */
export const VolumesSchema = Type.Object({ volumes: Type.Array(RemovableVolumeSchema), usbEvents: Type.Boolean() }, Closed);
sameShape<Static<typeof VolumesSchema>, VolumesResponse>(true);

const ConversionSchema = Nullable(OneOf(['as_is', 'remux', 'transcode']));

/** GET /api/admin/library/volumes/:id/files: the video files on a stick. */
export const VolumeFilesSchema = Type.Object(
  {
    volume: RemovableVolumeSchema,
    files: Type.Array(
      Type.Object(
        {
          path: Type.String(),
          name: Type.String(),
          sizeBytes: Type.Number(),
          mtimeMs: Type.Number(),
          durationMs: Nullable(Type.Number()),
          conversion: ConversionSchema,
          problem: Nullable(ListingProblemSchema),
        },
        Closed,
      ),
    ),
    truncated: Type.Boolean(),
  },
  Closed,
);
sameShape<Static<typeof VolumeFilesSchema>, VolumeFilesResponse>(true);

export const ImportJobSchema = Type.Object(
  {
    id: Type.String(),
    kind: OneOf(['usb', 'url']),
    state: OneOf(['running', 'done', 'failed', 'cancelled']),
    createdAt: Type.Number(),
    finishedAt: Nullable(Type.Number()),
    volume: Nullable(Type.Object({ id: Type.String(), label: Type.String(), mountPoint: Type.String() }, Closed)),
    url: Nullable(Type.String()),
    filesTotal: Type.Integer(),
    filesDone: Type.Integer(),
    bytesTotal: Nullable(Type.Number()),
    bytesDone: Type.Number(),
    current: Nullable(Type.Object({ name: Type.String(), bytesDone: Type.Number(), bytesTotal: Nullable(Type.Number()) }, Closed)),
    phase: Nullable(OneOf(['connecting', 'downloading', 'waiting', 'verifying'])),
    retryInMs: Nullable(Type.Number()),
    results: Type.Array(
      Type.Object(
        {
          path: Type.String(),
          name: Type.String(),
          bytes: Nullable(Type.Number()),
          outcome: OneOf(['stored', 'duplicate', 'refused', 'skipped', 'failed', 'cancelled', 'stream']),
          courseId: Nullable(Type.Integer()),
          title: Nullable(Type.String()),
          conversion: ConversionSchema,
          problem: Nullable(CoursewareProblemSchema),
        },
        Closed,
      ),
    ),
    safeToUnplug: Type.Boolean(),
    cancelRequested: Type.Boolean(),
    error: Nullable(CoursewareProblemSchema),
  },
  Closed,
);
sameShape<Static<typeof ImportJobSchema>, ImportJobView>(true);

/** One import job: started (202), looked at, or asked to stop. */
export const ImportJobAnswerSchema = Type.Object({ job: ImportJobSchema }, Closed);
/** GET /api/admin/library/jobs: the running jobs and the last finished ones. */
export const ImportJobsSchema = Type.Object({ jobs: Type.Array(ImportJobSchema) }, Closed);

/** GET /api/admin/library/conversions: whether conversions may run now, and those not done. */
export const ConversionsSchema = Type.Object(
  {
    canRunNow: Type.Boolean(),
    conversions: Type.Array(
      Type.Object(
        {
          courseId: Type.Integer(),
          title: Type.String(),
          action: OneOf(['remux', 'transcode']),
          reason: Nullable(Type.String()),
          state: OneOf(['pending', 'running', 'done', 'failed', 'cancelled']),
          progress: Type.Number(),
          paused: Type.Boolean(),
          speed: Nullable(Type.Number()),
          attempts: Type.Integer(),
          error: Nullable(Type.String()),
          notBefore: Nullable(Type.Number()),
        },
        Closed,
      ),
    ),
  },
  Closed,
);
sameShape<Static<typeof ConversionsSchema>, ConversionsResponse>(true);

export const LibraryLogEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: Type.Number(),
    event: OneOf(['received', 'stored', 'converted', 'played', 'verify_failed', 'quarantined', 'removed', 'evicted', 'budget_warning']),
    courseId: Nullable(Type.Integer()),
    source: Nullable(Type.String()),
    fileName: Nullable(Type.String()),
    bytes: Nullable(Type.Number()),
    sha256: Nullable(Type.String()),
    /** What the entry carries beside its fields (any JSON, or null). */
    detail: Type.Unknown(),
    title: Nullable(Type.String()),
  },
  Closed,
);
sameShape<Static<typeof LibraryLogEntrySchema>, LibraryLogEntry>(true);

/** GET /api/admin/library/log: the receive/store/play log (课件接收、存储、播放记录). */
export const LibraryLogSchema = Type.Object({ entries: Type.Array(LibraryLogEntrySchema) }, Closed);

/** POST /api/admin/exports/:kind/save: where the file was saved on the terminal, and what its sections lacked. */
export const SavedExportSchema = Type.Object(
  { path: Type.String(), dir: Type.String(), fileName: Type.String(), bytes: Type.Integer(), notes: Type.Array(Type.String()) },
  Closed,
);
/** POST /api/admin/exports/copy: where on the stick the copy went. */
export const CopiedExportSchema = Type.Object({ path: Type.String(), volume: Type.String() }, Closed);
