// Where each station's dot goes on the overview's map: an equirectangular projection (longitude shrunk by the
// cosine of the middle latitude, so a county does not look stretched) fitted to the stations' bounding box, with a
// margin, and the whole-degree (or finer) lines that fall inside it. Pure: no tiles, no network.

export interface Projected<T> {
  item: T;
  x: number;
  y: number;
}

export interface MapFrame<T> {
  width: number;
  height: number;
  points: Projected<T>[];
  /** Grid lines inside the frame, with the degree they stand for. */
  meridians: { x: number; lon: number }[];
  parallels: { y: number; lat: number }[];
}

const MIN_SPAN_DEG = 0.05;
const STEPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10];

/** A grid step that gives a handful of lines across the span. */
function gridStep(span: number): number {
  return STEPS.find((s) => span / s <= 6) ?? 20;
}

export function projectStations<T extends { latitude: number; longitude: number }>(items: readonly T[], width: number, maxHeight: number, margin = 24): MapFrame<T> {
  const lats = items.map((i) => i.latitude);
  const lons = items.map((i) => i.longitude);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  let [west, east] = [Math.min(...lons), Math.max(...lons)];
  let [south, north] = [Math.min(...lats), Math.max(...lats)];
  // A single station, or all in one village: a small square around them rather than a division by zero.
  if (east - west < MIN_SPAN_DEG) [west, east] = [(west + east) / 2 - MIN_SPAN_DEG / 2, (west + east) / 2 + MIN_SPAN_DEG / 2];
  if (north - south < MIN_SPAN_DEG) [south, north] = [(south + north) / 2 - MIN_SPAN_DEG / 2, (south + north) / 2 + MIN_SPAN_DEG / 2];
  const spanX = (east - west) * k;
  const spanY = north - south;
  const inner = width - 2 * margin;
  const scale = Math.min(inner / spanX, (maxHeight - 2 * margin) / spanY);
  const height = Math.round(spanY * scale + 2 * margin);
  const offsetX = margin + (inner - spanX * scale) / 2;
  const x = (lon: number) => offsetX + (lon - west) * k * scale;
  const y = (lat: number) => margin + (north - lat) * scale;
  const lonStep = gridStep(east - west);
  const latStep = gridStep(north - south);
  const lines = (from: number, to: number, step: number) => {
    const out: number[] = [];
    for (let v = Math.ceil(from / step) * step; v <= to + 1e-9; v += step) out.push(Math.round(v * 1000) / 1000);
    return out;
  };
  return {
    width,
    height,
    points: items.map((item) => ({ item, x: x(item.longitude), y: y(item.latitude) })),
    meridians: lines(west, east, lonStep).map((lon) => ({ x: x(lon), lon })),
    parallels: lines(south, north, latStep).map((lat) => ({ y: y(lat), lat })),
  };
}
