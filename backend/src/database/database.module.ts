import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool } from 'pg';
import { createPool } from './pool';

export const DATABASE_POOL = Symbol('DATABASE_POOL');
export const DATABASE_URL = Symbol('DATABASE_URL');

/** `@InjectPool()` gives the process's shared pg Pool. */
export const InjectPool = () => Inject(DATABASE_POOL);

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@InjectPool() private readonly pool: Pool) {}

  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE_URL, useValue: url },
        { provide: DATABASE_POOL, useFactory: () => createPool(url, { max: 30 }) },
      ],
      exports: [DATABASE_POOL, DATABASE_URL],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
