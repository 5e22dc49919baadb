// Who is who on the roster and at the door, and which of them count as registered members (在册党员).

export const MEMBER_CATEGORIES = ['full', 'probationary', 'mobile_in', 'activist', 'applicant', 'other'] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];

export const GUEST_CATEGORIES = ['non_registered', 'mobile', 'activist', 'applicant', 'employee', 'other'] as const;
export type GuestCategory = (typeof GUEST_CATEGORIES)[number];

/** 困难党员 is a flag on a member, not a category: a member in difficulty is still full or probationary and counts as one. */
export const HARDSHIP_LABEL = { zh: '困难党员', en: 'Member in difficulty' } as const;

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const MEMBER_CATEGORY_LABELS: Record<MemberCategory, { zh: string; en: string }> = {
  full: { zh: '正式党员', en: 'Full member' },
  probationary: { zh: '预备党员', en: 'Probationary member' },
  mobile_in: { zh: '流入党员', en: 'Mobile member (flowed in)' },
  activist: { zh: '入党积极分子', en: 'Activist' },
  applicant: { zh: '入党申请人', en: 'Applicant for membership' },
  other: { zh: '其他', en: 'Other' },
};

export const GUEST_CATEGORY_LABELS: Record<GuestCategory, { zh: string; en: string }> = {
  non_registered: { zh: '非在册党员', en: 'Non-registered member' },
  mobile: { zh: '流动党员', en: 'Mobile member' },
  activist: { zh: '入党积极分子', en: 'Activist' },
  applicant: { zh: '入党申请人', en: 'Applicant for membership' },
  employee: { zh: '职工/群众', en: 'Employee / public' },
  other: { zh: '其他', en: 'Other' },
};

export const GENDER_LABELS: Record<Gender, { zh: string; en: string }> = {
  male: { zh: '男', en: 'Male' },
  female: { zh: '女', en: 'Female' },
};

/**
 * Per docs/domain.md: only full and probationary members are registered (在册); everyone else is a guest in the
 * rates. An applicant (入党申请人) is not a party member at all: never in 应到, a guest line of their own.
 */
export const REGISTERED_CATEGORIES: readonly MemberCategory[] = ['full', 'probationary'];

export function isRegisteredCategory(category: MemberCategory): boolean {
  return REGISTERED_CATEGORIES.includes(category);
}

/** Whether a roster entry is on the roster on a station-local date (YYYY-MM-DD; string order is date order). */
export function isActiveOn(member: { activeFrom: string | null; activeTo: string | null }, date: string): boolean {
  return (member.activeFrom === null || member.activeFrom <= date) && (member.activeTo === null || date <= member.activeTo);
}

/** A roster member who is not registered checks in as a guest of the matching guest category. */
export function guestCategoryOf(category: MemberCategory): GuestCategory {
  switch (category) {
    case 'mobile_in':
      return 'mobile';
    case 'activist':
      return 'activist';
    case 'applicant':
      return 'applicant';
    case 'full':
    case 'probationary':
      return 'non_registered';
    case 'other':
      return 'other';
  }
}
