// The words for why the mobile-member ledger refused a flow (`invalid_flow`: agent/roster/mobile-flow.ts), in
// Chinese and English: the one place they are written. The kiosk shows the half in its language
// (kiosk/ui/src/i18n/refusals.ts), the CLI both on one line (cli/station-refusal-texts.ts). Pure, and free of
// typebox, so the screen's bundle may run it.
import type { Bilingual } from './bilingual.pure.ts';
import type { FlowKind, FlowProblem } from './station-refusals.pure.ts';

const FIELDS: Record<'organisation' | 'contact' | 'certificate' | 'note', Bilingual> = {
  organisation: { zh: '党组织', en: 'organisation' },
  contact: { zh: '联系方式', en: 'contact' },
  certificate: { zh: '活动证号', en: 'certificate number' },
  note: { zh: '备注', en: 'note' },
};
const KINDS: Record<FlowKind, string> = { flow_in: '流入', flow_out: '流出', return: '返回' };

export function flowProblemTexts(p: FlowProblem): Bilingual {
  switch (p.rule) {
    case 'too_long':
      return { zh: `${FIELDS[p.field].zh}超过 ${p.max} 个字`, en: `${FIELDS[p.field].en} is longer than ${p.max} characters` };
    case 'date':
      return { zh: `日期“${p.date}”应写成 YYYY-MM-DD`, en: `date "${p.date}" must be YYYY-MM-DD` };
    case 'too_far':
      return { zh: `日期 ${p.date} 太远，只能登记一个月内将发生的流动`, en: `date ${p.date} is more than a month ahead` };
    case 'organisation_required':
      return { zh: p.kind === 'flow_out' ? '请填写流入地党组织' : '请填写来源或去向党组织', en: 'the organisation (from or to) is required' };
    case 'kind_mismatch':
      return { zh: `更正须与原条目同为“${KINDS[p.kind]}”`, en: `a correction keeps the entry's kind (${p.kind})` };
    case 'flow_in_person':
      return { zh: '流入登记须填写流入党员的姓名（每次流入都是名册上的新记录）', en: 'a flow-in names the incoming person (it adds a new roster entry)' };
    case 'not_on_roster':
      return { zh: `${p.name} 在 ${p.date} 不在册，无法登记流出`, en: `${p.name} is not on the roster on ${p.date}` };
    case 'flowed_in':
      return { zh: `${p.name} 是流入党员，离开时请登记“返回”`, en: `${p.name} flowed in; record their leaving as a return` };
    case 'still_on_roster':
      return { zh: `${p.name} 仍在册，无需登记返回`, en: `${p.name} is still on the roster; nothing to return from` };
    case 'before_start':
      return { zh: `${p.name} ${p.date} 才在册，流出/返回日期须晚于此日`, en: `${p.name} is on the roster from ${p.date}; the flow date must be after it` };
    case 'after_end':
      return { zh: `更正后的日期晚于 ${p.name} 的截止日期 ${p.date}`, en: `the corrected date is after ${p.name}'s end ${p.date}` };
    case 'already_corrected':
      return { zh: `第 ${p.entryId} 条已由第 ${p.correctedBy} 条更正，请更正最新的一条`, en: `entry ${p.entryId} was already corrected by ${p.correctedBy}; correct that one` };
  }
}
