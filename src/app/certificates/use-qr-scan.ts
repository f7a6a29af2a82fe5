import { useEffect, useRef, useState } from 'preact/hooks';
import type { QrScan } from './scan-qr';

/** What a screen that reads a QR code with the camera renders from. */
export interface QrScanner {
  /** The `<video>` the camera shows in while scanning. */
  video: { current: HTMLVideoElement | null };
  scanning: boolean;
  /** The camera could not be opened (none, or permission refused): the screen offers typing instead. */
  cameraFailed: boolean;
  start: () => Promise<void>;
  stop: () => void;
}

/**
 * The camera scan shared by "Periksa sertifikat" and "Hub kantor": the decoder (`scan-qr`, which may load
 * jsQR) is imported only when a scan starts, the camera stops on the first code read and when the screen
 * goes away, and `onText` gets the code.
 */
export function useQrScan(onText: (text: string) => void): QrScanner {
  const video = useRef<HTMLVideoElement>(null);
  const scan = useRef<QrScan | null>(null);
  const [scanning, setScanning] = useState(false);
  const [cameraFailed, setCameraFailed] = useState(false);

  useEffect(() => () => scan.current?.stop(), []);

  const start = async () => {
    setCameraFailed(false);
    setScanning(true);
    try {
      const { startQrScan } = await import('./scan-qr');
      scan.current = await startQrScan(video.current!, (text) => {
        setScanning(false);
        onText(text);
      });
    } catch {
      setScanning(false);
      setCameraFailed(true);
    }
  };
  const stop = () => {
    scan.current?.stop();
    setScanning(false);
  };
  return { video, scanning, cameraFailed, start, stop };
}
