// The commands of a station terminal, each loaded only when it runs (program.ts).
import type { CommandSet } from './program.ts';

export const STATION_COMMANDS: CommandSet = {
  start: () => import('./commands/start.ts').then((m) => m.startCommand),
  roster: () => import('./commands/roster.ts').then((m) => m.rosterCommand),
  program: () => import('./commands/program.ts').then((m) => m.programCommand),
  checkin: () => import('./commands/checkin.ts').then((m) => m.checkinCommand),
  session: () => import('./commands/session.ts').then((m) => m.sessionCommand),
  report: () => import('./commands/report.ts').then((m) => m.reportCommand),
  log: () => import('./commands/log.ts').then((m) => m.logCommand),
  content: () => import('./commands/content.ts').then((m) => m.contentCommand),
  kiosk: () => import('./commands/kiosk.ts').then((m) => m.kioskCommand),
  export: () => import('./commands/export.ts').then((m) => m.exportCommand),
  enroll: () => import('./commands/enroll.ts').then((m) => m.enrollCommand),
  admin: () => import('./commands/admin.ts').then((m) => m.adminCommand),
  backup: () => import('./commands/backup.ts').then((m) => m.backupCommand),
  restore: () => import('./commands/backup.ts').then((m) => m.restoreCommand),
  uplink: () => import('./commands/uplink.ts').then((m) => m.uplinkCommand),
  activity: () => import('./commands/activity.ts').then((m) => m.activityCommand),
  weekly: () => import('./commands/weekly.ts').then((m) => m.weeklyCommand),
  room: () => import('./commands/room.ts').then((m) => m.roomCommand),
};
