/** A short beep and a buzz on every read, so the person need not look at the screen to know it counted. */
export class ScanFeedback {
  private context: AudioContext | undefined;

  read(known: boolean): void {
    this.beep(known ? 1320 : 440, known ? 0.08 : 0.25);
    // Safari has no vibration.
    (navigator as Partial<Navigator>).vibrate?.(known ? 60 : [60, 60, 60]);
  }

  private beep(frequency: number, seconds: number): void {
    if (typeof AudioContext === 'undefined') return;
    // Browsers start audio only after a gesture: the first tap on the page (choosing a mode) gives it.
    this.context ??= new AudioContext();
    const oscillator = this.context.createOscillator();
    const gain = this.context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(this.context.destination);
    oscillator.start();
    oscillator.stop(this.context.currentTime + seconds);
  }

  close(): void {
    void this.context?.close();
  }
}
