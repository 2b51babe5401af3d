import { ChangeDetectionStrategy, Component, ElementRef, OnDestroy, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { createCodeReader, type CodeReader } from './code-reader';
import { RepeatGuard } from './repeat-guard';

type CameraState = 'off' | 'starting' | 'on' | 'failed';

/** Frames read per second: enough to feel instant, little enough for a phone's battery. */
const FRAME_MS = 150;

/** The phone's back camera, reading every code that comes into view, each once until it leaves it. */
@Component({
  selector: 'ims-camera-scanner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <div class="frame" [class.on]="state() === 'on'">
      <video #video muted playsinline aria-label="Camera picture" data-testid="scan-video"></video>
    </div>
    @if (state() === 'failed') {
      <p class="failed" role="alert" data-testid="camera-failed">{{ failure() }}</p>
    }
    @if (state() === 'on' || state() === 'starting') {
      <button mat-stroked-button type="button" (click)="stop()" data-testid="camera-stop">Stop camera</button>
    } @else {
      <button mat-flat-button type="button" (click)="start()" data-testid="camera-start">Start camera</button>
    }
  `,
  styles: `
    :host {
      display: grid;
      gap: 8px;
    }
    .frame {
      display: none;
      aspect-ratio: 4 / 3;
      max-height: 40vh;
      overflow: hidden;
      border-radius: 12px;
      background: #000;
    }
    .frame.on {
      display: block;
    }
    video {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    button {
      min-height: 48px;
    }
    .failed {
      color: var(--mat-sys-error);
    }
  `,
})
export class CameraScanner implements OnDestroy {
  readonly scanned = output<string>();
  protected readonly state = signal<CameraState>('off');
  protected readonly failure = signal('');
  private readonly video = viewChild.required<ElementRef<HTMLVideoElement>>('video');
  private stream: MediaStream | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly guard = new RepeatGuard();

  async start(): Promise<void> {
    this.state.set('starting');
    try {
      // Browsers give pages the camera only over HTTPS (or on localhost): elsewhere `mediaDevices` is missing.
      const devices = (navigator as Partial<Navigator>).mediaDevices;
      if (!devices) throw new Error('This browser gives no camera to this page: open the app over HTTPS.');
      this.stream = await devices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
      const video = this.video().nativeElement;
      video.srcObject = this.stream;
      await video.play();
      const reader = await createCodeReader();
      if (this.state() !== 'starting') return;
      this.state.set('on');
      this.readFrames(reader);
    } catch (error: unknown) {
      this.stop();
      this.failure.set(error instanceof DOMException && error.name === 'NotAllowedError' ? 'The camera was not allowed.' : String(error));
      this.state.set('failed');
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.stream?.getTracks().forEach((track) => track.stop());
    this.stream = undefined;
    this.video().nativeElement.srcObject = null;
    this.state.set('off');
  }

  ngOnDestroy(): void {
    this.stop();
  }

  private readFrames(reader: CodeReader): void {
    this.timer = setTimeout(async () => {
      if (this.state() !== 'on') return;
      // A frame the detector could not take (the video between two frames) reads as no code.
      const codes = await reader.read(this.video().nativeElement).catch(() => []);
      if (this.state() !== 'on') return;
      for (const code of codes) if (this.guard.accept(code, performance.now())) this.scanned.emit(code);
      this.readFrames(reader);
    }, FRAME_MS);
  }
}
