import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'ims:public';

/** Opens a route (or a whole controller) to callers without a token; every other route needs one. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
