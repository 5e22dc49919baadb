// The hub-wide parts of 告警通知, for administrators over the whole hub: the rule of each alert kind (notify or
// not, how long before the first rung, how long before each next one) and the county's SMS account. The account's
// keys are write-only — the hub never shows them — so saving it takes the whole account, typed again.
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { t } from '../i18n/i18n.ts';
import { useApi } from '../use-api.ts';
import { useAction } from '../use-action.ts';
import { Panel } from '../components/page-header.tsx';
import { Loaded } from '../components/load-state.tsx';
import { Field, inputValue } from '../components/field.tsx';
import { caseKind } from './alert-cases.tsx';
import type { AlertRule, AlertRulesAnswer } from '../api-types.ts';

const MAX_MINUTES = 31 * 24 * 60;
const minutesOk = (text: string) => /^\d+$/.test(text.trim()) && Number(text) <= MAX_MINUTES;

function RuleRow({ kind, rule, onSaved }: { kind: string; rule: AlertRule; onSaved: (answer: AlertRulesAnswer) => void }) {
  const [enabled, setEnabled] = useState(rule.enabled);
  const [first, setFirst] = useState(String(rule.firstAfterMinutes));
  const [escalate, setEscalate] = useState(String(rule.escalateAfterMinutes));
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const save = async (e: Event) => {
    e.preventDefault();
    if (!minutesOk(first) || !minutesOk(escalate)) return setProblem(t('notify.rules.minutes'));
    setProblem(null);
    const body = { enabled, firstAfterMinutes: Number(first), escalateAfterMinutes: Number(escalate) };
    const answer = await action.run(() => api.put<AlertRulesAnswer>(`/api/county/alert-rules/${encodeURIComponent(kind)}`, body), t('notify.rules.saved', { kind: caseKind(kind) }));
    if (answer) onSaved(answer);
  };
  const error = problem ?? action.error;
  const form = `rule-${kind}`;
  return (
    <tr data-kind={kind}>
      <td class="nowrap">
        <strong>{caseKind(kind)}</strong>
        {error && (
          <div class="field-error" role="alert">
            {error}
          </div>
        )}
      </td>
      <td>
        <input type="checkbox" form={form} name="enabled" checked={enabled} aria-label={t('notify.rules.col.enabled')} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} />
      </td>
      <td>
        <input type="number" class="rule-minutes" form={form} name="first" min={0} max={MAX_MINUTES} step={1} value={first} aria-label={t('notify.rules.col.first')} onInput={(e) => setFirst(inputValue(e))} />
      </td>
      <td>
        <input type="number" class="rule-minutes" form={form} name="escalate" min={0} max={MAX_MINUTES} step={1} value={escalate} aria-label={t('notify.rules.col.escalate')} onInput={(e) => setEscalate(inputValue(e))} />
      </td>
      <td class="actions">
        <form id={form} onSubmit={save} noValidate>
          <button type="submit" class="btn btn-small" disabled={action.busy}>
            {t('notify.rules.save')}
          </button>
        </form>
      </td>
    </tr>
  );
}

function Rules({ answer, onSaved }: { answer: AlertRulesAnswer; onSaved: (answer: AlertRulesAnswer) => void }) {
  return (
    <Panel title={t('notify.rules')} extra={<span class="muted small">{t('notify.rules.hint')}</span>} testid="alert-rules">
      <div class="table-wrap">
        <table class="table">
          <thead>
            <tr>
              <th>{t('notify.rules.col.kind')}</th>
              <th>{t('notify.rules.col.enabled')}</th>
              <th>{t('notify.rules.col.first')}</th>
              <th>{t('notify.rules.col.escalate')}</th>
              <th class="actions" />
            </tr>
          </thead>
          <tbody>
            {Object.entries(answer.rules).map(([kind, rule]) => (
              <RuleRow key={`${kind}-${JSON.stringify(rule)}`} kind={kind} rule={rule} onSaved={onSaved} />
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

type Provider = 'aliyun' | 'tencent';

function SmsAccount({ shown, onSaved }: { shown: AlertRulesAnswer['sms']; onSaved: (answer: AlertRulesAnswer) => void }) {
  const [provider, setProvider] = useState<Provider>(shown?.provider === 'tencent' ? 'tencent' : 'aliyun');
  const [keyId, setKeyId] = useState('');
  const [secret, setSecret] = useState('');
  const [appId, setAppId] = useState('');
  const [sign, setSign] = useState(shown?.signName ?? '');
  const [template, setTemplate] = useState(shown?.template ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  const submit = async (e: Event) => {
    e.preventDefault();
    const given = [keyId, secret, sign, template, ...(provider === 'tencent' ? [appId] : [])];
    if (given.some((v) => v.trim() === '')) return setProblem(t('notify.sms.missing'));
    setProblem(null);
    const body =
      provider === 'aliyun'
        ? { provider, accessKeyId: keyId.trim(), accessKeySecret: secret.trim(), signName: sign.trim(), templateCode: template.trim() }
        : { provider, secretId: keyId.trim(), secretKey: secret.trim(), sdkAppId: appId.trim(), signName: sign.trim(), templateId: template.trim() };
    const answer = await action.run(() => api.put<AlertRulesAnswer>('/api/county/notify/sms', body), t('notify.sms.saved'));
    if (answer) {
      // The secret is not kept on the page once the hub has it.
      setSecret('');
      setKeyId('');
      onSaved(answer);
    }
  };
  return (
    <Panel title={t('notify.sms')} testid="sms-account" class="panel-sms">
      <p class="muted small">{t('notify.sms.hint')}</p>
      <p data-testid="sms-current">
        {shown === null
          ? t('notify.sms.none')
          : t('notify.sms.current', { provider: t(shown.provider === 'tencent' ? 'notify.sms.tencent' : 'notify.sms.aliyun'), sign: shown.signName, template: shown.template })}
      </p>
      <form class="form form-grid" onSubmit={submit} noValidate data-testid="sms-form">
        <Field label={t('notify.sms.provider')}>
          <select name="provider" value={provider} onChange={(e) => setProvider((e.target as HTMLSelectElement).value as Provider)}>
            <option value="aliyun">{t('notify.sms.aliyun')}</option>
            <option value="tencent">{t('notify.sms.tencent')}</option>
          </select>
        </Field>
        {provider === 'tencent' ? (
          <Field label={t('notify.sms.appId')}>
            <input name="appId" autocomplete="off" maxLength={200} value={appId} onInput={(e) => setAppId(inputValue(e))} />
          </Field>
        ) : (
          <span />
        )}
        <Field label={t('notify.sms.keyId')}>
          <input name="keyId" autocomplete="off" maxLength={200} value={keyId} onInput={(e) => setKeyId(inputValue(e))} />
        </Field>
        <Field label={t('notify.sms.secret')}>
          <input name="secret" type="password" autocomplete="new-password" maxLength={200} value={secret} onInput={(e) => setSecret(inputValue(e))} />
        </Field>
        <Field label={t('notify.sms.sign')}>
          <input name="sign" autocomplete="off" maxLength={200} value={sign} onInput={(e) => setSign(inputValue(e))} />
        </Field>
        <Field label={t('notify.sms.template')}>
          <input name="template" autocomplete="off" maxLength={200} value={template} onInput={(e) => setTemplate(inputValue(e))} />
        </Field>
        <div class="span-2 form-actions">
          {(problem ?? action.error) && (
            <span class="form-error" role="alert">
              {problem ?? action.error}
            </span>
          )}
          <button type="submit" class="btn btn-primary" disabled={action.busy}>
            {t('notify.sms.save')}
          </button>
        </div>
      </form>
    </Panel>
  );
}

export function NotifySettings() {
  const settings = useApi<AlertRulesAnswer>('/api/county/alert-rules');
  return (
    <Loaded {...settings}>
      {(data) => (
        <>
          <Rules answer={data} onSaved={settings.reload} />
          <SmsAccount shown={data.sms} onSaved={settings.reload} />
        </>
      )}
    </Loaded>
  );
}
