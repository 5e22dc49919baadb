// The kinds of guidance a 党建指导员 logs (指导记录, issue 17; DOMAIN.md, instructors): a visit to the station, guidance
// at a distance, a training of station staff, attending a branch's meeting. One list for the store's CHECK
// (migration 0020), the API's schema and the dashboard's picker.
export const GUIDANCE_KINDS = ['on_site', 'remote', 'training', 'attended'] as const;
export type GuidanceKind = (typeof GUIDANCE_KINDS)[number];

export const GUIDANCE_KIND_LABELS: Record<GuidanceKind, { zh: string; en: string }> = {
  on_site: { zh: '到站指导', en: 'On-site visit' },
  remote: { zh: '远程指导', en: 'Remote guidance' },
  training: { zh: '集中培训', en: 'Training' },
  attended: { zh: '列席组织生活', en: 'Attended a branch meeting' },
};
