import { Injectable, computed, inject, signal } from '@angular/core';
import { ApiClient } from '../../core/api/api-client';
import type { AppliedImport, ImportKind, ImportPreview, ImportRowPreview, SheetFormat } from '../../core/api/models';
import { saveBlob } from '../../shared/download';
import { LoadState } from '../../shared/load-state';

/** Which rows of a preview are shown. */
export type RowFilter = 'all' | 'errors' | 'changes';

/** The preview table shows this many rows at most; the summary counts them all. */
export const SHOWN_ROWS = 500;

const shownBy: Record<RowFilter, (row: ImportRowPreview) => boolean> = {
  all: () => true,
  errors: (row) => row.action === 'error',
  changes: (row) => row.action === 'create' || row.action === 'update',
};

/** One import at a time: the file's preview, then its apply; a new file starts over. */
@Injectable({ providedIn: 'root' })
export class ImportStore {
  private readonly api = inject(ApiClient);
  private readonly previewing = new LoadState();
  private readonly applying = new LoadState();
  private readonly downloading = new LoadState();

  readonly kind = signal<ImportKind>('items');
  readonly preview = signal<ImportPreview | null>(null);
  readonly applied = signal<AppliedImport | null>(null);
  readonly filter = signal<RowFilter>('all');
  readonly uploading = this.previewing.loading;
  readonly uploadError = this.previewing.error;
  readonly applyingNow = this.applying.loading;
  readonly applyError = this.applying.error;
  readonly downloadError = this.downloading.error;

  readonly filtered = computed(() => (this.preview()?.rows ?? []).filter(shownBy[this.filter()]));
  readonly shown = computed(() => this.filtered().slice(0, SHOWN_ROWS));
  readonly canApply = computed(() => {
    const preview = this.preview();
    return preview !== null && preview.summary.error === 0 && this.applied() === null && !this.applying.loading();
  });

  upload(file: File): void {
    this.preview.set(null);
    this.applied.set(null);
    this.applying.error.set(null);
    this.previewing.track(this.api.previewImport(this.kind(), file)).subscribe((preview) => {
      this.preview.set(preview);
      this.filter.set(preview.summary.error > 0 ? 'errors' : 'all');
    });
  }

  apply(): void {
    const preview = this.preview();
    if (!preview || !this.canApply()) return;
    this.applying.track(this.api.applyImport(preview.id)).subscribe((applied) => this.applied.set(applied));
  }

  chooseKind(kind: ImportKind): void {
    this.kind.set(kind);
    this.preview.set(null);
    this.applied.set(null);
  }

  downloadTemplate(format: SheetFormat): void {
    const kind = this.kind();
    this.downloading.track(this.api.importTemplate(kind, format)).subscribe((blob) => saveBlob(blob, `ims-${kind}-template.${format}`));
  }
}
