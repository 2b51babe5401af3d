import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectSettings, type AppSettings } from '../config';
import { ReservationConflictError } from '../event-store';
import { USERNAME_PATTERN } from './users.dto';
import { passwordProblem } from './passwords';
import { UserFieldTakenError, UserNotYetVisibleError } from './user-errors';
import { UsersProjector } from './users.projector';
import { UsersService } from './users.service';

/**
 * Held by the stream of the very first manager: however many replicas start at once on an empty
 * database, and whatever ADMIN_USERNAME each was given, only one of their appends can take it.
 */
const FIRST_MANAGER_RESERVATION = { kind: 'first-manager', value: 'first-manager' } as const;

/** On start: brings the users read model up to date and creates the first manager if there is none. */
@Injectable()
export class FirstManager implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstManager');

  constructor(
    @InjectSettings() private readonly settings: AppSettings,
    private readonly users: UsersService,
    private readonly projector: UsersProjector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
    if (await this.users.hasManager()) return;

    const { adminUsername: username, adminPassword } = this.settings.config;
    if (!USERNAME_PATTERN.test(username)) throw new Error(`ADMIN_USERNAME "${username}" is not a valid username`);
    const refusal = adminPassword === undefined ? undefined : passwordProblem(adminPassword, username);
    if (refusal) throw new Error(`ADMIN_PASSWORD is not usable: it ${refusal}`);
    const password = adminPassword ?? randomBytes(15).toString('base64url');
    try {
      await this.users.register(
        { username, email: `${username}@ims.local`, password, role: 'manager' },
        { self: true, reason: 'first start' },
        [FIRST_MANAGER_RESERVATION],
      );
    } catch (error) {
      const raced =
        error instanceof ReservationConflictError || error instanceof UserFieldTakenError || error instanceof UserNotYetVisibleError;
      if (!raced) throw error;
      await this.projector.catchUp();
      if (await this.users.hasManager()) return; // another replica, starting at the same time, created it
      throw error;
    }
    if (adminPassword === undefined) {
      // The one time this password is shown anywhere: it exists nowhere else but as a hash.
      this.logger.warn(
        `first manager created: username "${username}", password "${password}". ` +
          'It is shown only this once; set ADMIN_PASSWORD to choose it yourself.',
      );
    } else {
      this.logger.log(`first manager "${username}" created from ADMIN_USERNAME/ADMIN_PASSWORD`);
    }
  }
}
