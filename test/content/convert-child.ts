// A converter in a process of its own, for the crash test: converts the queue (at real-time speed with
// 'slow') and prints each progress report as a line, so the test can kill it part-way.
import { openStationDatabase } from '../../agent/store/database.ts';
import { Converter } from '../../content/converter.ts';

const [dataDir, mode] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: convert-child.ts DATA_DIR [slow]');
const db = openStationDatabase(dataDir);
const converter: Converter = new Converter({
  db,
  dataDir,
  throttleToRealTime: mode === 'slow',
  onProgress: (p) => process.stdout.write(`progress ${p.share} ${converter.current?.ffmpegPid ?? 0}\n`),
});
const outcomes = await converter.runUntilIdle();
process.stdout.write(`outcomes ${JSON.stringify(outcomes.map((o) => o.result))}\n`);
db.close();
