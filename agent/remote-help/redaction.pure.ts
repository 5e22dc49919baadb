// What a diagnostic bundle must not carry out of the room: members' and guests' names, ID numbers (身份证号),
// phone numbers and card UIDs. Pure: the names and numbers to hide come in as arguments (diagnostics.ts reads
// them from the roster), so the rule is tested on its own.
//
// Decision: belt and braces. The station's own values are replaced wherever they occur (longest first, so 王小明
// goes before 王小), and then any run of 7 or more digits (phones, ID numbers, decimal card numbers; log messages
// hold no such figures of their own) and any hex run of 8 or more (card UIDs read as hex) is masked too, so a
// value typed in a form the roster does not hold still does not leave.
export interface Personal {
  names: readonly string[];
  numbers: readonly string[];
}

export function redactor(personal: Personal): (text: string) => string {
  const values = [...new Set([...personal.names, ...personal.numbers].map((v) => v.trim()).filter((v) => v.length >= 2))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const v of values) out = out.split(v).join(personal.names.includes(v) ? '〔姓名〕' : '〔号码〕');
    return out
      .replace(/\d{17}[\dXx]/g, '〔号码〕')
      .replace(/\+?\d[\d -]{5,}\d/g, (m) => (m.replace(/\D/g, '').length >= 7 ? '〔号码〕' : m))
      .replace(/\b[0-9A-Fa-f]{8,}\b/g, '〔号码〕');
  };
}
