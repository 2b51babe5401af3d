import { Controller, Get, HttpCode, HttpStatus } from '@nestjs/common';
import type { Pool } from 'pg';
import { Public } from '../auth/public.decorator';
import { InjectPool } from '../database/database.module';
import { StoreNotifications } from '../event-store/store-notifications';
import { ProblemException } from '../common/problem/problem';

@Controller('health')
export class HealthController {
  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly notifications: StoreNotifications,
  ) {}

  @Public()
  @Get()
  @HttpCode(HttpStatus.OK)
  async health(): Promise<{ status: 'ok'; database: 'up'; listener: 'up' }> {
    const database = await this.pool.query('SELECT 1').then(() => true, () => false);
    if (!database || !this.notifications.isConnected) {
      throw ProblemException.of('unavailable', `database ${database ? 'up' : 'down'}, listener ${this.notifications.isConnected ? 'up' : 'down'}`);
    }
    return { status: 'ok', database: 'up', listener: 'up' };
  }
}
