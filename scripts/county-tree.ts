// An org tree for the simulated county (issue 16), so the dashboard's navigator and map show something: 新疆 ›
// 哈密市 › two counties × three townships, the stations shared out among the townships in turn, each placed a few
// kilometres around its township near 哈密 (42.8° N, 93.5° E). Seeded: the same seed lays out the same tree.
import type { OrgStore } from '../county/store/org-store.ts';

export const SIM_TREE = {
  province: { id: 'xj', name: '新疆维吾尔自治区' },
  city: { id: '650500', name: '哈密市' },
  counties: [
    { id: '650502', name: '伊州区', at: [42.83, 93.51], townships: [['650502-cb', '城北街道'], ['650502-xc', '西河街道'], ['650502-ew', '二堡镇']] },
    { id: '650521', name: '巴里坤县', at: [43.6, 93.02], townships: [['650521-blk', '巴里坤镇'], ['650521-dh', '大河镇'], ['650521-hx', '花园乡']] },
  ],
} as const;

/** Adds the tree and places (and locates) the stations under its townships, in turn. Returns the townships' ids. */
export async function layOutSimTree(org: OrgStore, stationIds: readonly string[], rand: () => number, at: number): Promise<string[]> {
  const { province, city, counties } = SIM_TREE;
  await org.addUnit({ id: province.id, parentId: null, level: 'province', name: province.name }, at);
  await org.addUnit({ id: city.id, parentId: province.id, level: 'city', name: city.name }, at);
  const townships: { id: string; lat: number; lon: number }[] = [];
  for (const county of counties) {
    await org.addUnit({ id: county.id, parentId: city.id, level: 'county', name: county.name }, at);
    for (const [i, [id, name]] of county.townships.entries()) {
      await org.addUnit({ id, parentId: county.id, level: 'township', name }, at);
      // Townships a quarter of a degree or so apart around the county seat.
      townships.push({ id, lat: county.at[0] + (i - 1) * 0.12, lon: county.at[1] + (i - 1) * 0.2 + (i === 1 ? 0.1 : 0) });
    }
  }
  for (const [n, stationId] of stationIds.entries()) {
    const township = townships[n % townships.length]!;
    await org.placeStation(stationId, township.id);
    // Within about 5 km of the township's seat.
    await org.locateStation(stationId, { latitude: round(township.lat + (rand() - 0.5) * 0.09), longitude: round(township.lon + (rand() - 0.5) * 0.12) });
  }
  return townships.map((t) => t.id);
}

const round = (deg: number) => Math.round(deg * 100_000) / 100_000;
