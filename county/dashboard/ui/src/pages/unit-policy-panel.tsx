// The policy a unit's stations are judged by, on the overview of a hub with an org tree: the unit's own, else the
// nearest unit above with one, else the hub-wide one (the hub's GET /api/county/policy?unit=, which names where it
// comes from). The policy page edits it; here it is read beside the figures it decides.
import { query } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { routeHref } from '../routing.ts';
import { Panel } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import type { PolicyAnswer } from '../api-types.ts';

export function UnitPolicyPanel({ unit }: { unit: string | undefined }) {
  const answer = useApi<PolicyAnswer>(`/api/county/policy${query({ unit })}`);
  return (
    <Panel title={t('units.policy')} extra={<a href={routeHref({ page: 'policy' })}>{t('nav.policy')}</a>} testid="unit-policy">
      <Loaded {...answer}>
        {({ policy: p, from }) => (
          <>
            <p class="muted small" data-testid="unit-policy-from">
              {from ? t('units.policy.from', { name: from.name }) : t('units.policy.hub')}
            </p>
            <dl class="readings">
              <dt>{t('policy.minViewings')}</dt>
              <dd data-testid="unit-policy-viewings">{p.minViewingsPerMonth === null ? t('policy.minViewings.none') : t('policy.minViewings.value', { n: p.minViewingsPerMonth })}</dd>
              <dt>{t('policy.minMinutes')}</dt>
              <dd>{p.minMinutesPerMonth === null ? t('policy.minMinutes.none') : t('policy.minMinutes.value', { n: p.minMinutesPerMonth })}</dd>
              <dt>{t('policy.studyDays')}</dt>
              <dd>{p.fixedStudyDays.length === 0 ? t('policy.studyDays.none') : t('policy.studyDays.value', { days: p.fixedStudyDays.join(t('weekday.join')) })}</dd>
            </dl>
          </>
        )}
      </Loaded>
    </Panel>
  );
}
