import { encode } from 'uqr';

/**
 * A QR code drawn as one SVG path (uqr computes the matrix; no canvas, no innerHTML), with the
 * four-module quiet zone a camera needs around it. It is drawn at least 200 px wide on screen and
 * in print (styles.css `.qr`); `large` lets it grow to the screen width, up to 320 px.
 */
export function QrCode({ text, label, large = false }: { text: string; label: string; large?: boolean }) {
  const { data } = encode(text, { ecc: 'M', border: 4 });
  const n = data.length;
  let d = '';
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) d += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return (
    <svg
      class={large ? 'qr qr--large' : 'qr'}
      role="img"
      aria-label={label}
      width={200}
      height={200}
      viewBox={`0 0 ${n} ${n}`}
      shape-rendering="crispEdges"
      data-testid="qr"
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  );
}
