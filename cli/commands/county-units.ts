// `yuanjiao county unit add|list|rename|retire` and `yuanjiao county station place`: the org tree (province →
// city → county → township, any level skipped) and where each station sits in it and on the map, from the hub's
// machine, on its SQLite file or (--db) its PostgreSQL database. The hub's code is loaded only when one runs.
import { Command, Option } from 'commander';
import type { Output } from '../program.ts';
import { CliError } from '../cli-error.ts';
import type { HubCli } from './county.ts';
import { UNIT_LEVELS, type UnitLevel } from '../../protocol/org-units.pure.ts';

type HubAction = (fn: (hub: HubCli) => Promise<void> | void) => Promise<void>;
type DbOption = () => Option;

interface Where {
  data?: string;
  db?: string;
}

function degrees(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${what}应为十进制度数，收到 “${value}” / ${what} must be decimal degrees`, 2);
  return n;
}

export function countyUnitCommand(io: Output, hubAction: HubAction, dbOption: DbOption): Command {
  const unit = new Command('unit').description('组织单位（省、市、县、乡镇）/ units of the org tree (province, city, county, township)');
  const at = (o: Where) => ({ data: o.data, databaseUrl: o.db });
  unit
    .command('add')
    .description('添加组织单位 / add a unit')
    .requiredOption('--id <id>', '单位编号（行政区划代码或小写字母、数字、连字符）/ unit id (division code, or lower-case letters, digits, hyphens)')
    .addOption(new Option('--level <level>', '层级 / level').choices([...UNIT_LEVELS]).makeOptionMandatory())
    .requiredOption('--name <name>', '名称 / name')
    .option('--parent <id>', '上级单位编号（缺省为平台顶层）/ the parent unit (default: the hub\'s top)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: Where & { id: string; level: UnitLevel; name: string; parent?: string }) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.orgCli.addUnit(ctx, { id: o.id, level: o.level, name: o.name, parentId: o.parent ?? null }, io)));
    });
  unit
    .command('list')
    .description('按层级列出组织单位 / list the units as an indented tree')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (o: Where & { json?: boolean }) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.orgCli.listUnits(ctx, { json: o.json === true }, io)));
    });
  unit
    .command('rename')
    .description('组织单位改名 / rename a unit')
    .argument('<id>', '单位编号 / unit id')
    .argument('<name>', '新名称 / new name')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, name: string, o: Where) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.orgCli.renameUnit(ctx, { id, name }, io)));
    });
  unit
    .command('retire')
    .description('撤销已无下级、站点和人员的组织单位 / retire a unit with no current unit, station or staff under it')
    .argument('<id>', '单位编号 / unit id')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, o: Where) => {
      await hubAction((hub) => hub.withHub(at(o), (ctx) => hub.orgCli.retireUnit(ctx, { id }, io)));
    });
  return unit;
}

/** `station place ID [--unit ID | --top] [--lat N --lon N]`, added to `county station`. */
export function stationPlaceCommand(io: Output, hubAction: HubAction, dbOption: DbOption): Command {
  return new Command('place')
    .description('把站点放到某组织单位下，或记下其坐标 / put a station under a unit, or record where it is')
    .argument('<id>', '站点编号 / station id')
    .option('--unit <id>', '组织单位编号 / unit id')
    .option('--top', '放到平台顶层（不属任何单位）/ under no unit')
    .option('--lat <degrees>', '纬度 / latitude (WGS-84)')
    .option('--lon <degrees>', '经度 / longitude (WGS-84)')
    .option('--data <dir>', '平台数据目录 / hub data directory')
    .addOption(dbOption())
    .action(async (id: string, o: Where & { unit?: string; top?: boolean; lat?: string; lon?: string }) => {
      if (o.unit !== undefined && o.top === true) throw new CliError('--unit 与 --top 只能选一个 / give --unit or --top, not both', 2);
      const latitude = degrees(o.lat, '纬度 / --lat ');
      const longitude = degrees(o.lon, '经度 / --lon ');
      const unitId = o.top === true ? null : o.unit;
      if (unitId === undefined && latitude === undefined && longitude === undefined) throw new CliError('请给出 --unit、--top 或 --lat/--lon / give --unit, --top or --lat/--lon', 2);
      await hubAction((hub) =>
        hub.withHub({ data: o.data, databaseUrl: o.db }, (ctx) => hub.orgCli.placeStation(ctx, { stationId: id, unitId, latitude, longitude }, io)),
      );
    });
}
