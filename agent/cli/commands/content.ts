// `yuanjiao content list`: the courseware library (the import/verify/remove commands come with the library).
import { Command } from 'commander';
import type { Output } from '../main.ts';
import { withDatabase } from '../with-database.ts';
import { CourseStore } from '../../../content/course-store.ts';
import { renderTable } from '../table.ts';

export function contentCommand(io: Output): Command {
  const cmd = new Command('content').description('课件库 / the courseware library');
  cmd
    .command('list')
    .description('列出课件 / list courses')
    .option('--json', '输出 JSON / print JSON')
    .option('--data <dir>', '数据目录 / data directory')
    .action(async (o: { json?: boolean; data?: string }) => {
      await withDatabase(o.data, (db) => {
        const courses = new CourseStore(db).list();
        if (o.json) return io.out(JSON.stringify(courses, null, 2));
        io.out(
          renderTable(
            ['编号', '课件', '系列', '时长', '状态'],
            courses.map((c) => [String(c.id), c.title, c.series ?? '', c.durationMs === null ? '—' : `${Math.round(c.durationMs / 1000)} 秒`, c.status]),
          ),
        );
      });
    });
  return cmd;
}
