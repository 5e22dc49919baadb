// The demo station's party-member roster (党员名册): thirty plausible people across three branches.
import { DateTime } from 'luxon';
import type { MemberInput } from '../roster/member-store.ts';
import type { Gender, MemberCategory } from '../roster/categories.pure.ts';

export const DEMO_BRANCHES = ['第一党支部', '第二党支部', '老年党支部'] as const;

/** Roles the seed gives to people on this roster. */
export const DEMO_TUTOR = '王建国';
export const DEMO_OPERATOR = '李秀英';
/** Away at work in the city last month (请假：外出务工). */
export const DEMO_EXCUSED = '赵海涛';
/** An elderly member, not excused, who missed last month's viewings: real rates are seldom 100 %. */
export const DEMO_MISSED_LAST_MONTH = '郑长福';
/** Transferred out (组织关系转出) on the 10th of last month. */
export const DEMO_TRANSFERRED_OUT = '徐明';
/** Admitted as a probationary member on the first of this month. */
export const DEMO_JOINED_THIS_MONTH = '郭子豪';

type Row = [name: string, gender: Gender, category: MemberCategory, branch: (typeof DEMO_BRANCHES)[number], phone: string | null, cardUid?: string];

const ROWS: readonly Row[] = [
  ['王建国', 'male', 'full', '第一党支部', '13907451286', '0012345678'],
  ['李秀英', 'female', 'full', '第一党支部', '15874120395'],
  ['张伟', 'male', 'full', '第一党支部', '18673905124'],
  ['刘桂兰', 'female', 'full', '第一党支部', '13787264410'],
  ['陈志强', 'male', 'full', '第一党支部', '15211738862'],
  ['杨丽', 'female', 'full', '第一党支部', '18890426731'],
  ['赵海涛', 'male', 'full', '第一党支部', '13548097316'],
  ['黄晓燕', 'female', 'full', '第一党支部', '15973382057'],
  ['周文斌', 'male', 'full', '第一党支部', '18229651478'],
  ['徐明', 'male', 'full', '第一党支部', '13170862943'],
  ['吴静', 'female', 'probationary', '第一党支部', '18507318826'],
  ['董立新', 'male', 'mobile_in', '第一党支部', '13612874590'],
  ['宋佳怡', 'female', 'activist', '第一党支部', '15096243187'],
  ['曹雨萱', 'female', 'applicant', '第一党支部', '18374659021'],
  ['彭桂芝', 'female', 'other', '第一党支部', '13975530268'],
  ['孙德华', 'male', 'full', '第二党支部', '13807316642', '0087654321'],
  ['胡玉梅', 'female', 'full', '第二党支部', '15116298734'],
  ['朱勇', 'male', 'full', '第二党支部', '18684127095'],
  ['高红霞', 'female', 'full', '第二党支部', '13357490816'],
  ['林国庆', 'male', 'full', '第二党支部', '15807452239'],
  ['何芳', 'female', 'probationary', '第二党支部', '18975106342'],
  ['郭子豪', 'male', 'probationary', '第二党支部', '15173268805'],
  ['马俊杰', 'male', 'mobile_in', '第二党支部', '13873019457'],
  ['罗春花', 'female', 'mobile_in', '第二党支部', '15581647723'],
  ['梁宇航', 'male', 'activist', '第二党支部', '18390275564'],
  ['郑长福', 'male', 'full', '老年党支部', null],
  ['谢淑珍', 'female', 'full', '老年党支部', null],
  ['韩永贵', 'male', 'full', '老年党支部', '13077318490'],
  ['唐秀兰', 'female', 'full', '老年党支部', '15367420918'],
  ['冯德明', 'male', 'full', '老年党支部', '18107459362'],
];

/** The demo's member in difficulty (困难党员): a flag on a full member. */
export const DEMO_HARDSHIP = '郑长福';

/** The roster as of `now`, with the dates of the one who left last month and the one who joined this month. */
export function demoRoster(now: number, zone: string): MemberInput[] {
  const thisMonth = DateTime.fromMillis(now, { zone }).startOf('month');
  const transferredOutOn = thisMonth.minus({ months: 1 }).set({ day: 10 }).toISODate()!;
  const joinedOn = thisMonth.toISODate()!;
  return ROWS.map(([name, gender, category, branch, phone, cardUid]) => ({
    name,
    gender,
    category,
    hardship: name === DEMO_HARDSHIP,
    branch,
    cardUid: cardUid ?? null,
    phone,
    activeFrom: name === DEMO_JOINED_THIS_MONTH ? joinedOn : null,
    activeTo: name === DEMO_TRANSFERRED_OUT ? transferredOutOn : null,
  }));
}
