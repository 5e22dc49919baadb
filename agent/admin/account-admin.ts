// The administrator's 账户 section: add, edit, deactivate accounts and give one a one-time PIN. Each change
// is in the station log under the administrator's name. A new account's PIN is a random one-time PIN shown
// once to the administrator, who hands it over; its owner chooses his own at the first login.
import type { Db } from '../store/database.ts';
import { appendStationLog } from '../stationlog/station-log.ts';
import { AccountError, AccountStore, type Account } from './account-store.ts';
import { hashPin, pinProblem } from './pin.ts';
import { DEFAULT_ADMIN_PIN, oneTimePin } from './admin-auth.ts';
import { ROLE_LABELS, type Role } from './roles.pure.ts';

export function addAccount(db: Db, input: { name: string; role: Role }, actor: string, at: number): { account: Account; pin: string } {
  const pin = oneTimePin();
  const pinHash = hashPin(pin);
  const account = db.transaction(() => {
    const added = new AccountStore(db).add({ name: input.name, role: input.role, pinHash, mustChange: true }, at);
    appendStationLog(db, { type: 'admin', actor, at, message: `新增账户：${added.name}（${ROLE_LABELS[added.role].zh}）`, detail: { accountId: added.id } });
    return added;
  })();
  return { account, pin };
}

export function editAccount(db: Db, id: number, patch: { name?: string; role?: Role; active?: boolean }, actor: string, at: number): Account {
  return db.transaction(() => {
    const before = new AccountStore(db).get(id);
    const after = new AccountStore(db).update(id, patch, at);
    const changes: string[] = [];
    if (before && before.name !== after.name) changes.push(`改名为 ${after.name}`);
    if (before && before.role !== after.role) changes.push(`角色改为${ROLE_LABELS[after.role].zh}`);
    if (before && before.active !== after.active) changes.push(after.active ? '启用' : '停用');
    appendStationLog(db, { type: 'admin', actor, at, message: `修改账户：${before?.name ?? after.name}（${changes.join('、') || '无变化'}）`, detail: { accountId: id, ...patch } });
    return after;
  })();
}

/**
 * An account added on the terminal (`yuanjiao admin accounts add`) with the PIN typed there: refused when weak
 * or the default, as the screen refuses it. It is that person's own PIN, not a one-time one.
 */
export function addAccountWithPin(db: Db, input: { name: string; role: Role }, pin: string, actor: string, at: number): Account {
  const problem = pinProblem(pin, DEFAULT_ADMIN_PIN);
  if (problem) throw new AccountError('weak_pin', { rule: problem });
  const pinHash = hashPin(pin);
  return db.transaction(() => {
    const added = new AccountStore(db).add({ name: input.name, role: input.role, pinHash, mustChange: false }, at);
    appendStationLog(db, { type: 'admin', actor, at, message: `新增账户：${added.name}（${ROLE_LABELS[added.role].zh}，PIN 在终端上设置）`, detail: { accountId: added.id } });
    return added;
  })();
}
