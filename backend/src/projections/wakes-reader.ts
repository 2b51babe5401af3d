import { parseChangesNotice } from './changes-channel';
import { liveCheckpoint } from './projector';

/**
 * Whether a payload on the changes channel can move the least of a reader's checkpoints (the live
 * feed's, the webhook outbox's): a batch of a projection it does not read cannot, so it need not
 * wake for one (a movement commits a batch of every projection); a rebuild, or a reconnect's '', may.
 */
export const wakesReaderOf =
  (checkpoints: () => readonly string[]) =>
  (payload: string): boolean => {
    const notice = parseChangesNotice(payload);
    return notice === undefined || notice.rebuilt === true || checkpoints().includes(liveCheckpoint(notice.projection));
  };
