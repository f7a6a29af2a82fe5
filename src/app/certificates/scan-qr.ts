// Reads QR codes from the camera: the platform's BarcodeDetector where it exists (Android Chrome),
// else jsQR on canvas frames. jsQR is imported here on demand, so only a phone that scans without
// BarcodeDetector ever downloads it.

/** The part of the Shape Detection API we use (not in TypeScript's DOM lib yet). */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<Array<{ rawValue: string }>>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** A running scan; `stop` releases the camera. */
export interface QrScan {
  stop(): void;
}

const FRAME_INTERVAL_MS = 150; // about 7 looks a second: quick to read, light on a cheap phone's battery

/**
 * Opens the back camera into `video` and calls `onText` once with the first QR text it reads, then
 * stops. Throws when there is no camera or the user refused it (the screen then offers typing).
 */
export async function startQrScan(video: HTMLVideoElement, onText: (text: string) => void): Promise<QrScan> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  let running = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    running = false;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
  try {
    video.srcObject = stream;
    video.muted = true;
    video.playsInline = true;
    await video.play();
    const read = await qrReader(video);
    const tick = async () => {
      if (!running) return;
      const text = await read().catch(() => null);
      if (!running) return;
      if (text) {
        stop();
        onText(text);
      } else timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
    };
    void tick();
  } catch (error) {
    stop();
    throw error;
  }
  return { stop };
}

/** Loads the decoder this browser will use (jsQR when it has no BarcodeDetector for QR codes). */
export async function preloadQrDecoder(): Promise<void> {
  if (!(await hasQrDetector())) await import('jsqr');
}

async function hasQrDetector(): Promise<boolean> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  return !!Detector && (await Detector.getSupportedFormats().catch((): string[] => [])).includes('qr_code');
}

async function qrReader(video: HTMLVideoElement): Promise<() => Promise<string | null>> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector && (await hasQrDetector())) {
    const detector = new Detector({ formats: ['qr_code'] });
    return async () => (await detector.detect(video))[0]?.rawValue ?? null;
  }
  const { default: jsQR } = await import('jsqr');
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('No 2D canvas');
  return () => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (width === 0 || height === 0) return Promise.resolve(null);
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    const found = jsQR(context.getImageData(0, 0, width, height).data, width, height, {
      inversionAttempts: 'dontInvert',
    });
    return Promise.resolve(found?.data ?? null);
  };
}
