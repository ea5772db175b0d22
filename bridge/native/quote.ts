/**
 * Quoting of paths for the files setup writes. Paths come from the user's machine
 * (a home folder with a space, a quote, a `%`), so every one goes through the quoting
 * of the language it lands in.
 */

/** POSIX sh: single quotes, and a single quote as `'\''`. */
export function shQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * cmd.exe: double quotes (Windows paths can't contain one), and `%` doubled so a
 * folder named `%PATH%` isn't expanded inside a batch file.
 */
export function cmdQuote(value: string): string {
  if (value.includes('"')) throw new Error(`a Windows path can't contain a double quote: ${value}`);
  return `"${value.replaceAll('%', '%%')}"`;
}

/**
 * A systemd ExecStart word (systemd.service(5), "Command lines"): double-quoted with
 * `\` and `"` escaped; `%` is a specifier and `$` a variable, so both are doubled.
 */
export function systemdQuote(value: string): string {
  const escaped = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%').replaceAll('$', '$$$$');
  return `"${escaped}"`;
}

/** Text content of an XML element (a plist string). */
export function xmlEscape(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** A VBScript string literal: double quotes, a quote inside as `""`. */
export function vbsString(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}
