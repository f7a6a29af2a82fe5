/** The Network Information API where the browser has it (Chromium on Android). */
interface NetworkInformation {
  type?: string;
}

/**
 * True when the browser says the phone is on mobile data, so a video download deserves a Wi-Fi
 * hint. Unknown (most desktop browsers) counts as not cellular: the hint is advice, never a block.
 */
export function onCellular(): boolean {
  return (navigator as Navigator & { connection?: NetworkInformation }).connection?.type === 'cellular';
}
