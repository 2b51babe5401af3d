import { SetMetadata } from '@nestjs/common';

export const OPEN_TO_PASSWORD_CHANGE = 'ims:open-to-password-change';

/**
 * Lets a token issued on a temporary password reach the route (changing the password, reading who
 * one is); every other route refuses such a token with 403 and `passwordChangeRequired: true`.
 */
export const OpenToPasswordChange = () => SetMetadata(OPEN_TO_PASSWORD_CHANGE, true);
