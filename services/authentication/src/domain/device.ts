/**
 * Device recognition: which browser a sign-in comes from, coarsely, and whether the user has
 * signed in from it before. Pure, so the new-device notice and issue 7's adaptive step-up
 * ("step up when the device is new") share one decision.
 */

/** Checked in order: Edge and Opera also say Chrome, Chrome also says Safari. */
const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/(\b|Headless)(Chrome|Chromium|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

/** Checked in order: Android also says Linux, iOS also says "like Mac OS X". */
const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const firstMatch = (table: ReadonlyArray<[RegExp, string]>, ua: string): string | undefined =>
  table.find(([pattern]) => pattern.test(ua))?.[1];

/**
 * `Firefox on Linux` from a User-Agent: browser family and operating system only, no versions,
 * so the label says what a person recognises and nothing that tells one person from another.
 */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = firstMatch(BROWSERS, ua);
  const system = firstMatch(SYSTEMS, ua);
  if (browser && system) return `${browser} on ${system}`;
  if (browser) return browser;
  if (system) return `A browser on ${system}`;
  return 'An unknown browser';
}

/**
 * - `known`: the browser's device cookie matches one of the user's devices.
 * - `first`: the user has no known device yet (a brand-new user, or one who has not signed in
 *   since recognition started): recorded, but there is nothing to compare with, so no notice.
 * - `new`: the user has devices and this browser is none of them.
 */
export type DeviceRecognition = 'known' | 'first' | 'new';

export function recogniseDevice(
  presentedHash: string | undefined,
  knownHashes: readonly string[],
): DeviceRecognition {
  if (presentedHash !== undefined && knownHashes.includes(presentedHash)) return 'known';
  return knownHashes.length === 0 ? 'first' : 'new';
}
