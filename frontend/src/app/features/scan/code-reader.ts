/** Reads the codes in one frame of a video. */
export interface CodeReader {
  read(video: HTMLVideoElement): Promise<string[]>;
}

interface DetectedBarcode {
  readonly rawValue: string;
}

interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}

interface BarcodeDetectorClass {
  new (options?: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

/** The label formats IMS prints (QR and Code 128) and those on goods as they arrive. */
const FORMATS = ['qr_code', 'code_128', 'ean_13', 'ean_8', 'upc_a', 'upc_e', 'code_39', 'data_matrix'];

/** The browser's own detector, where it has one that knows these formats (Android Chrome, Safari 17+ on macOS). */
async function nativeReader(): Promise<CodeReader | undefined> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return undefined;
  const formats = (await Detector.getSupportedFormats()).filter((format) => FORMATS.includes(format));
  if (formats.length === 0) return undefined;
  const detector = new Detector({ formats });
  return { read: async (video) => (await detector.detect(video)).map(({ rawValue }) => rawValue) };
}

/** ZXing, loaded only where the browser has no detector (desktop Chrome on Linux and Windows, Firefox, iOS Safari). */
async function zxingReader(): Promise<CodeReader> {
  const { BrowserMultiFormatReader } = await import('@zxing/browser');
  const reader = new BrowserMultiFormatReader();
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  return {
    read: (video) => {
      if (!context || video.videoWidth === 0) return Promise.resolve([]);
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0);
      try {
        return Promise.resolve([reader.decodeFromCanvas(canvas).getText()]);
      } catch {
        // ZXing reports a frame without a readable code by throwing (not found, checksum, format): most frames are such.
        return Promise.resolve([]);
      }
    },
  };
}

export async function createCodeReader(): Promise<CodeReader> {
  return (await nativeReader()) ?? zxingReader();
}
