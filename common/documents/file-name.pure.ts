// File names for exported records: what a person looks for in a folder, safe on any disk, and sent over HTTP
// with the Chinese intact.

/** Characters no file system on a USB stick or Windows PC accepts in a name (control characters are dropped too). */
const UNSAFE = /[\\/:*?"<>|]/g;

/** A piece of a file name: printable, without path or reserved characters, at most 60 characters. */
export function safeFileNamePart(text: string): string {
  // A lone surrogate (possible in any JSON string) would make encodeURIComponent throw in the HTTP header.
  const wellFormed = text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  const printable = [...wellFormed].filter((c) => c.charCodeAt(0) >= 0x20 && c !== '\u007f').join('');
  return [...printable.replace(UNSAFE, '_').replace(/\s+/g, ' ').trim()].slice(0, 60).join('');
}

/** `attachment; filename="ascii"; filename*=UTF-8''…` (RFC 6266 with RFC 5987 encoding for the Chinese name). */
export function contentDisposition(type: 'attachment' | 'inline', fileName: string, asciiName: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${asciiName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
