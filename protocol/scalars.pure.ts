// The small value shapes every protocol schema is built from: dates, times, instants and counts on the wire.
import { Type } from 'typebox';

/** A station-local date, 'YYYY-MM-DD'. */
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'station-local date YYYY-MM-DD' });
/** A station-local wall time, 'HH:MM' or 'HH:MM:SS' (24 h). */
export const LocalTime = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?$', description: 'station-local time HH:MM or HH:MM:SS (24h)' });
/** A calendar month, 'YYYY-MM'. */
export const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' });
/** UTC epoch milliseconds. */
export const Instant = Type.Integer({ minimum: 0 });
export const Count = Type.Integer({ minimum: 0 });
/** A participation rate, 0–1; null with nobody registered. */
export const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]);
